// Finding a piece of evidence by what people remember of it: a date however written ("3 March 2021",
// "03/03/2021", "March 2021", "2021-03"), the agency ("police", "GP") and words from its text, in any order.
// Every word typed must match somewhere (date, agency or text), so each word narrows the list.

export interface SearchableEvidence {
  /** YYYY-MM-DD (or a shorter ISO prefix), or null when the evidence has no date. */
  date: string | null
  agency: string | null
  text: string
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/** Lower case, accents and punctuation other than / - : dropped, white space collapsed. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}/:-]+/gu, ' ').trim()
}

/** The ways a date may be typed, as words to match against. */
export function dateWords(iso: string | null): string[] {
  const m = iso ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso) : null
  if (!m) return []
  const [, year, month, day] = m as unknown as [string, string, string | undefined, string | undefined]
  const words = [year]
  if (month) {
    const name = MONTHS[Number(month) - 1] ?? ''
    words.push(`${year}-${month}`, name, name.slice(0, 3), `${month}/${year}`, `${Number(month)}/${year}`)
    if (name === 'september') words.push('sept')
  }
  if (month && day) {
    const d = Number(day)
    const mo = Number(month)
    words.push(
      `${year}-${month}-${day}`, `${day}/${month}/${year}`, `${d}/${mo}/${year}`, `${day}/${month}/${year.slice(2)}`, `${d}/${mo}/${year.slice(2)}`,
      `${day}-${month}-${year}`, `${day}/${month}`, `${d}/${mo}`, day, String(d),
    )
  }
  return words
}

/** The words a piece of evidence can be found by. */
export function searchIndex(item: SearchableEvidence): string {
  return [fold(item.text), fold(item.agency ?? ''), ...dateWords(item.date)].join(' ')
}

/**
 * Whether every word of the query matches a word of the evidence: a date form exactly, or the start of a word
 * of the text or agency ("bruis" finds "bruise"). An empty query matches everything.
 */
export function matchesEvidence(index: string, query: string): boolean {
  const wanted = fold(query).split(' ').filter((w) => w !== '')
  if (wanted.length === 0) return true
  const words = index.split(' ')
  return wanted.every((w) => words.some((word) => word.startsWith(w)))
}

/** The evidence matching the query, in the order given, at most `limit` of them, and how many matched in all. */
export function searchEvidence<T extends SearchableEvidence>(items: readonly T[], query: string, limit = 50): { shown: T[]; total: number } {
  const shown: T[] = []
  let total = 0
  for (const item of items) {
    if (!matchesEvidence(searchIndex(item), query)) continue
    total++
    if (shown.length < limit) shown.push(item)
  }
  return { shown, total }
}
