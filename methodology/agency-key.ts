// The one way agency names are compared: imports, members, conversations, documents and the report all key
// an agency by this, so "Health  Visiting", " health visiting" and "HEALTH VISITING" are the same agency and a
// case-group member sees exactly their agency's records everywhere.

/** Compatibility forms folded (full-width letters, no-break spaces), spaces trimmed and collapsed, lower case. */
export function agencyKeyOf(agency: string | null | undefined): string {
  return (agency ?? '').normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase()
}
