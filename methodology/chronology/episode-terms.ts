// The content words of a chronology entry, reduced to comparable terms (stems and two-word phrases),
// so that "Head injury" in one agency's record meets "head injuries" in another's.

// Everyday English, plus words that fill every chronology and say nothing about which incident it was.
const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
    'himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other ' +
    'our ours out over own same she should so some such than that the their theirs them themselves then there these they ' +
    'this those through to too under until up very was we were what when where which while who whom why will with would ' +
    'you your yours also per via re x2 x3 x4 approx etc ie eg pm yes yet still since within without told says said say ' +
    'mother mum mums father dad partner child children baby toddler family parent parents ' +
    'seen see saw visit visited call called calls phone phoned telephone contact contacted informed inform advised advice ' +
    'noted note notes record recorded discussed agreed made make received receive sent send given give asked ask ' +
    'today yesterday tomorrow week weeks day days month months year years time date ' +
    'jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september ' +
    'october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday'
  ).split(/\s+/),
)

// A two-word phrase never spans a clause break: a full stop, semicolon, bracket, quote or line break.
const BREAK_CODES = new Set([...'.;:!?()[]",\n\r\t“”'].map((c) => c.charCodeAt(0)))
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u

function isWordCode(code: number, text: string, i: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
  return WORD_CHAR.test(text.charAt(i))
}

/** Calls `visit` with each word, or with null at a clause break. Written by hand: this is the hot loop. */
function scanWords(text: string, visit: (word: string | null) => void): void {
  let start = -1
  const length = text.length
  for (let i = 0; i <= length; i++) {
    const code = i < length ? text.charCodeAt(i) : 32
    if (isWordCode(code, text, i)) {
      if (start < 0) start = i
      continue
    }
    if (start >= 0) {
      visit(text.slice(start, i))
      start = -1
    }
    if (BREAK_CODES.has(code)) visit(null)
  }
}

/** A light suffix stripper (a small part of Porter's rules): enough to join injury/injuries, bruise/bruised/bruising. */
export function stem(word: string): string {
  let w = word
  if (w.length <= 3) return w
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1)
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3)
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2)
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1)
  return w
}

// Numbers, and times or measures such as "21h10" or "8kg", identify nothing across agencies.
const NUMERIC = /^\d+(?:[a-z]{1,2})?$/

/** A term as a small whole number: a stem, or a two-word phrase. Small numbers keep large reviews fast. */
export type TermKey = number

/** The terms of one entry and how often each occurs (parallel arrays, each term once). */
export interface TermCounts {
  terms: number[]
  counts: number[]
}

/**
 * Ids for pairs of terms, in an open-addressing hash table of plain integer arrays: a review can hold
 * millions of distinct two-word phrases, and nested Maps spend most of their time collecting garbage.
 */
class PairTable {
  private firsts = new Int32Array(1 << 12).fill(-1)
  private seconds = new Int32Array(1 << 12)
  private ids = new Int32Array(1 << 12)
  private used = 0

  idOf(first: number, second: number, create: () => number): number {
    if ((this.used + 1) * 2 > this.firsts.length) this.grow()
    const mask = this.firsts.length - 1
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second, 0x85ebca6b)) & mask
    for (;;) {
      const f = this.firsts[slot] ?? -1
      if (f === -1) {
        const id = create()
        this.firsts[slot] = first
        this.seconds[slot] = second
        this.ids[slot] = id
        this.used++
        return id
      }
      if (f === first && this.seconds[slot] === second) return this.ids[slot] ?? 0
      slot = (slot + 1) & mask
    }
  }

  private grow(): void {
    const { firsts, seconds, ids } = this
    this.firsts = new Int32Array(firsts.length * 2).fill(-1)
    this.seconds = new Int32Array(firsts.length * 2)
    this.ids = new Int32Array(firsts.length * 2)
    this.used = 0
    for (let i = 0; i < firsts.length; i++) {
      const first = firsts[i] ?? -1
      if (first !== -1) this.idOf(first, seconds[i] ?? 0, () => ids[i] ?? 0)
    }
  }
}

export interface TermExtractor {
  /** Terms with their counts; two-word phrases ("head injury") are terms too. */
  terms(summary: string, category: string | null): TermCounts
  /** How many distinct terms have been seen so far; every term is below this number. */
  size(): number
  /** Term -> every way it was written in the entry, for explaining a suggestion. */
  surfaces(summary: string, category: string | null): Map<TermKey, string[]>
  /** The stems behind a term, e.g. "head injury"; for tests and debugging. */
  label(term: TermKey): string
}

/**
 * Term extraction for one chronology. `ignore` holds lower-case words to leave out, such as the names of
 * the people in the review. Each distinct word is stemmed once, which keeps 100,000 entries fast.
 */
export function createTermExtractor(ignore: ReadonlySet<string> = new Set()): TermExtractor {
  const wordIds = new Map<string, number>() // word as written, or lower case -> term, or -1 when not a content word
  const stemIds = new Map<string, number>()
  const pairs = new PairTable()
  // What each term stands for: a stem, or the two terms of a phrase.
  const labels: (string | [number, number])[] = []
  const idOf = (word: string): number => {
    let id = wordIds.get(word)
    if (id !== undefined) return id
    const lower = word.toLowerCase()
    id = wordIds.get(lower)
    if (id === undefined) {
      const content = lower.length >= 2 && !NUMERIC.test(lower) && !STOP_WORDS.has(lower) && !ignore.has(lower)
      if (!content) id = -1
      else {
        const stemmed = stem(lower)
        id = stemIds.get(stemmed)
        if (id === undefined) {
          id = labels.length
          stemIds.set(stemmed, id)
          labels.push(stemmed)
        }
      }
      wordIds.set(lower, id)
    }
    wordIds.set(word, id)
    return id
  }
  const pairOf = (first: number, second: number): number => pairs.idOf(first, second, () => {
    labels.push([first, second])
    return labels.length - 1
  })
  const label = (term: number): string => {
    const l = labels[term]
    if (l === undefined) return ''
    return typeof l === 'string' ? l : `${label(l[0])} ${label(l[1])}`
  }

  let tally = new Float64Array(1024)
  const touched: number[] = []
  const count = (term: number, weight: number): void => {
    if (term >= tally.length) {
      const grown = new Float64Array(Math.max(term + 1, tally.length * 2))
      grown.set(tally)
      tally = grown
    }
    if (tally[term] === 0) touched.push(term)
    tally[term] = (tally[term] ?? 0) + weight
  }

  const walk = (text: string, visit: (term: number, word: string, previous: number, previousWord: string) => void): void => {
    let previous = -1
    let previousWord = ''
    scanWords(text, (word) => {
      const id = word === null ? -1 : idOf(word)
      if (word !== null && id >= 0) visit(id, word, previous, previousWord)
      previous = id
      previousWord = word ?? ''
    })
  }

  return {
    terms(summary, category) {
      // Counted in a reused array indexed by term, not a Map per entry: 100,000 entries make no garbage.
      touched.length = 0
      const add = (weight: number) => (term: number, _word: string, previous: number): void => {
        count(term, weight)
        if (previous >= 0) count(pairOf(previous, term), weight)
      }
      walk(summary, add(1))
      // The category is the recorder's own one-line label for the entry, so it counts double.
      if (category) walk(category, add(2))
      // Plain arrays: many small typed arrays cost more to allocate than they save.
      const terms = touched.slice()
      const counts: number[] = []
      for (const term of terms) {
        counts.push(tally[term] ?? 0)
        tally[term] = 0
      }
      return { terms, counts }
    },
    size: () => labels.length,
    surfaces(summary, category) {
      const written = new Map<TermKey, string[]>()
      const note = (term: number, form: string): void => {
        const forms = written.get(term)
        if (forms) forms.push(form)
        else written.set(term, [form])
      }
      const add = (term: number, word: string, previous: number, previousWord: string): void => {
        note(term, word)
        if (previous >= 0) note(pairOf(previous, term), `${previousWord} ${word}`)
      }
      walk(summary, add)
      if (category) walk(category, add)
      return written
    },
    label,
  }
}
