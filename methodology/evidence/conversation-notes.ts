// Notes of a practitioner conversation: the optional front matter that names who, which agency and when,
// and where a quote sits in the notes.

export interface NoteFrontMatter {
  /** Keys lower-cased; values with surrounding quotation marks removed. */
  fields: Record<string, string>
  /** The notes without the front matter block. */
  body: string
}

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

/** Reads a `---` block of `key: value` lines at the very start of a Markdown note. Text without one is all body. */
export function readFrontMatter(text: string): NoteFrontMatter {
  const match = FRONT_MATTER.exec(text)
  if (!match) return { fields: {}, body: text.replace(/^\uFEFF/, '') }
  const fields: Record<string, string> = {}
  for (const line of (match[1] ?? '').split(/\r?\n/)) {
    const pair = /^\s*([A-Za-z][\w -]*?)\s*:\s*(.*?)\s*$/.exec(line)
    if (!pair) continue
    const key = (pair[1] ?? '').toLowerCase().replace(/[\s-]+/g, '_')
    fields[key] = unquote(pair[2] ?? '')
  }
  return { fields, body: text.slice(match[0].length).replace(/^(?:[ \t]*\r?\n)+/, '') }
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(value)
  return quoted ? (quoted[1] ?? quoted[2] ?? '') : value
}

/** `2021-11-16`, or `16/11/2021` as people type it, as an ISO date; null when it is neither or not a real date. */
export function noteDate(value: string): string | null {
  const v = value.trim()
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v)
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : []
  if (!y || !m || !d) return null
  const year = Number(y)
  const month = Number(m)
  const day = Number(d)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  if (days === undefined || day < 1 || day > days) return null
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}

export interface QuoteLocation {
  /** Index in the notes where the quote starts. */
  start: number
  /** The quote exactly as the notes have it. */
  text: string
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

// Between two words of a quote selected in the rendered notes, the Markdown source may hold emphasis marks
// (`**`, `_`, backticks) and, after a line break, a list bullet, number, heading or blockquote mark.
const EMPHASIS = '[*_`]*'
const BETWEEN_WORDS = `${EMPHASIS}\\s+(?:(?:#{1,6}|[-+*>]|\\d{1,9}[.)])\\s+)*${EMPHASIS}`

/**
 * Finds a quote in the notes, word for word. Only white space may differ (a selection in the browser or a
 * paste can turn a line break into a space), or the Markdown marks the page renders rather than shows, so
 * the quote returned is the passage exactly as the notes hold it.
 */
export function locateQuote(notes: string, wanted: string): QuoteLocation | null {
  const words = wanted.trim().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return null
  const exact = notes.indexOf(wanted.trim())
  if (exact >= 0) return { start: exact, text: wanted.trim() }
  const spaced = new RegExp(words.map(escapeRegExp).join('\\s+')).exec(notes)
  if (spaced) return { start: spaced.index, text: spaced[0] }
  // Emphasis can also close inside a word's characters (`**18**,`), so marks may sit between any two.
  const rendered = new RegExp(words.map((w) => [...w].map(escapeRegExp).join(EMPHASIS)).join(BETWEEN_WORDS)).exec(notes)
  return rendered ? { start: rendered.index, text: rendered[0] } : null
}

export interface NoteSegment {
  text: string
  /** Quotes covering this stretch of the notes (several when quotes overlap). */
  quoteIds: string[]
}

/** Splits the notes at every quote boundary, so a page can highlight quotes without building HTML from text. */
export function segmentNotes(notes: string, quotes: readonly { id: string; start: number; length: number }[]): NoteSegment[] {
  const valid = quotes.filter((q) => q.length > 0 && q.start >= 0 && q.start + q.length <= notes.length)
  const cuts = new Set<number>([0, notes.length])
  for (const q of valid) {
    cuts.add(q.start)
    cuts.add(q.start + q.length)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const segments: NoteSegment[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] ?? 0
    const to = points[i + 1] ?? from
    if (to <= from) continue
    const quoteIds = valid.filter((q) => q.start <= from && q.start + q.length >= to).map((q) => q.id)
    const last = segments[segments.length - 1]
    // Neighbouring stretches covered by the same quotes are one segment.
    if (last && last.quoteIds.join() === quoteIds.join()) last.text += notes.slice(from, to)
    else segments.push({ text: notes.slice(from, to), quoteIds })
  }
  return segments
}
