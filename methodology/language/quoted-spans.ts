// Finds quoted text: quoted practitioner or family speech is evidence, not the reviewer's own voice.
// Handles “curly” and "straight" double quotes, ‘curly’ and 'straight' single quotes (telling apostrophes
// apart from closing quotes), «guillemets», and Markdown block quotes ("> " lines). A quote left open at a
// blank line or at the end of the text is ignored rather than swallowing everything after it.
import type { TextSpan } from './sentences.js'

const LETTER = /[\p{L}\p{N}]/u

function isLetter(char: string | undefined): boolean {
  return char !== undefined && LETTER.test(char)
}

function isSpace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char)
}

/** A straight single quote can open where a word starts, after a space, bracket or dash. */
function canOpenSingle(text: string, i: number): boolean {
  const before = text[i - 1]
  const after = text[i + 1]
  return (before === undefined || /[\s([{—–"“]/.test(before)) && after !== undefined && !isSpace(after)
}

/** A single quote closes a quote unless it sits between two letters (an apostrophe, as in didn't). */
function canCloseSingle(text: string, i: number): boolean {
  const before = text[i - 1]
  const after = text[i + 1]
  if (isSpace(before)) return false
  if (isLetter(before) && isLetter(after)) return false
  return after === undefined || /[\s.,;:!?)\]}—–"”]/.test(after)
}

export function findQuotedSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = []
  let open: { at: number; closer: string } | null = null
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string
    if (char === '\n') {
      // Block quote line: the whole line is quoted.
      const line = /^[ \t]*>[^\n]*/.exec(text.slice(i + 1))
      if (open === null && line !== null) {
        spans.push({ start: i + 1, end: i + 1 + line[0].length })
        i += line[0].length
        continue
      }
      if (open !== null && /^[ \t]*\n/.test(text.slice(i + 1))) open = null
      continue
    }
    if (i === 0 && open === null) {
      const line = /^[ \t]*>[^\n]*/.exec(text)
      if (line !== null) {
        spans.push({ start: 0, end: line[0].length })
        i = line[0].length - 1
        continue
      }
    }
    if (open !== null) {
      const closes =
        open.closer === "'" ? char === "'" && canCloseSingle(text, i)
        : open.closer === '’' ? char === '’' && canCloseSingle(text, i)
        : char === open.closer
      if (closes) {
        spans.push({ start: open.at, end: i + 1 })
        open = null
      }
      continue
    }
    if (char === '“') open = { at: i, closer: '”' }
    else if (char === '"') open = { at: i, closer: '"' }
    else if (char === '«') open = { at: i, closer: '»' }
    else if (char === '‘') open = { at: i, closer: '’' }
    else if (char === "'" && canOpenSingle(text, i)) open = { at: i, closer: "'" }
  }
  return spans
}

/** True when the whole span [start, end) lies inside one quoted span. */
export function isQuoted(spans: readonly TextSpan[], start: number, end: number): boolean {
  let low = 0
  let high = spans.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const span = spans[mid] as TextSpan
    if (start < span.start) high = mid - 1
    else if (start >= span.end) low = mid + 1
    else return end <= span.end
  }
  return false
}
