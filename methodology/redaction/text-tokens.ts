// Words and numbers in a text with their positions, folded so that "HARLOW", "Harlow" and "Zoë"/"Zoe" compare equal.

export interface TextToken {
  start: number
  end: number
  /** Lower case, accents removed. */
  norm: string
}

// Runs of letters (with combining marks) or runs of digits: whole words only, so "Tom" is never found in "symptoms".
const TOKEN = /[\p{L}\p{M}]+|\p{Nd}+/gu
const NON_ASCII = /[^\p{ASCII}]/u
const MARKS = /\p{M}/gu

/** Lower case without accents; cheap for plain ASCII, which is nearly all of it. */
export function fold(word: string): string {
  const lower = word.toLowerCase()
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower
}

export function tokenise(text: string): TextToken[] {
  const tokens: TextToken[] = []
  for (const m of text.matchAll(TOKEN)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, norm: fold(m[0]) })
  }
  return tokens
}

/** The folded tokens of a short phrase (a name, an address line). */
export function foldedWords(phrase: string): string[] {
  return tokenise(phrase).map((t) => t.norm)
}
