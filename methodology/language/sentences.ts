// Splits report text into sentences, keeping offsets into the original text. A single line break inside a
// sentence does not end it; a blank line, a list bullet on a new line, or end punctuation before a capital does.

export interface TextSpan {
  start: number
  end: number
}

/** Words that end with a full stop without ending the sentence (compared in lower case, without the stop). */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'eg', 'ie', 'cf', 'vs', 'approx', 'incl', 'para', 'paras', 'p', 'pp',
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'st', 'sgt', 'insp', 'pc', 'dc', 'ds', 'cllr', 'rev',
])

const PARAGRAPH_BREAK = /\n[ \t]*\n|\n(?=[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t])/g
const END_PUNCTUATION = /[.!?…]+["'”’)\]]*(?=\s|$)/g

function endsWithAbbreviation(text: string, stopAt: number): boolean {
  if (text[stopAt] !== '.') return false
  let i = stopAt
  while (i > 0 && /[A-Za-z.]/.test(text[i - 1] as string)) i--
  const word = text.slice(i, stopAt).toLowerCase()
  return ABBREVIATIONS.has(word)
}

/** Sentence spans in order, each trimmed of surrounding whitespace; empty stretches are left out. */
export function splitSentences(text: string): TextSpan[] {
  const cuts = new Set<number>([0, text.length])
  for (const match of text.matchAll(PARAGRAPH_BREAK)) cuts.add(match.index + 1)
  for (const match of text.matchAll(END_PUNCTUATION)) {
    const after = match.index + match[0].length
    const next = /\S/.exec(text.slice(after, after + 20))
    // A lower-case word after the stop usually means an abbreviation or a quoted fragment, not a new sentence.
    if (next !== null && /\p{Ll}/u.test(next[0])) continue
    if (endsWithAbbreviation(text, match.index) && match[0] === '.') continue
    cuts.add(after)
  }
  const sorted = [...cuts].sort((a, b) => a - b)
  const spans: TextSpan[] = []
  for (let i = 0; i + 1 < sorted.length; i++) {
    let start = sorted[i] as number
    let end = sorted[i + 1] as number
    while (start < end && /\s/.test(text[start] as string)) start++
    while (end > start && /\s/.test(text[end - 1] as string)) end--
    if (end > start) spans.push({ start, end })
  }
  return spans
}

/** The span holding `offset` (binary search over ordered, non-overlapping spans), or null. */
export function spanAt(spans: readonly TextSpan[], offset: number): TextSpan | null {
  let low = 0
  let high = spans.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const span = spans[mid] as TextSpan
    if (offset < span.start) high = mid - 1
    else if (offset >= span.end) low = mid + 1
    else return span
  }
  return null
}
