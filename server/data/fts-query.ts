// Turns what a user types into a search box into a safe SQLite FTS5 query: every word or "quoted phrase"
// becomes a quoted string (so AND, OR, NEAR, column names, brackets and stray quotes are just words), all of
// which must match. A word ending in * matches as a prefix. Column names come from our code, never from the user.

const MAX_TERMS = 20
const MAX_LENGTH = 500

export function toFtsQuery(input: string, options: { columns?: readonly string[] } = {}): string | null {
  const parts: string[] = []
  for (const match of input.slice(0, MAX_LENGTH).matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1]
    let text = quoted ?? match[2] ?? ''
    let prefix = false
    if (quoted === undefined && text.endsWith('*')) {
      prefix = true
      text = text.replace(/\*+$/, '')
    }
    // A term with no letter or digit holds no word the index knows.
    if (!/[\p{L}\p{N}]/u.test(text)) continue
    parts.push(`"${text.replace(/"/g, '""')}"${prefix ? '*' : ''}`)
    if (parts.length === MAX_TERMS) break
  }
  if (parts.length === 0) return null
  // Limiting the columns (e.g. leaving out reviewers' notes for those who may not read them).
  return options.columns ? `{${options.columns.join(' ')}} : (${parts.join(' ')})` : parts.join(' ')
}
