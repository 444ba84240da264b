// The one normalisation every publication match runs on, for the text scanned and for the register it is matched
// against: a name disguised with soft hyphens, zero-width or bidi formatting characters, full-width or
// mathematical letters, or look-alike letters from another script reads as the name. Every character of the result
// remembers which characters of the original it came from, so a replacement removes the disguised original.
import unhomoglyph from 'unhomoglyph'

export interface NormalisedText {
  /** The text to match on. */
  text: string
  /** For each UTF-16 unit of `text`, the original range it came from; null when `text` is the original. */
  starts: Int32Array | null
  ends: Int32Array | null
}

// Plain printable ASCII with ordinary line breaks and tabs needs no work: nearly every text is this.
const PLAIN = /^[\t\n\r\x20-\x7e]*$/
// Soft hyphen, zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, word joiners,
// byte-order marks, variation selectors, tag characters, and control characters other than line breaks and tabs.
const INVISIBLE = /^(?:[\p{Cf}\p{Default_Ignorable_Code_Point}]|(?![\t\n\v\f\r])\p{Cc})$/u
const ASCII = /^\p{ASCII}*$/u
const ASCII_LETTERS = /^[A-Za-z]+$/
const LETTER = /^\p{L}$/u

const RLO = 0x202e
const EMBEDDINGS = new Set([0x202a, 0x202b, 0x202d, RLO]) // LRE, RLE, LRO, RLO: closed by PDF
const PDF = 0x202c
const ISOLATES = new Set([0x2066, 0x2067, 0x2068]) // LRI, RLI, FSI: closed by PDI
const PDI = 0x2069

const lookAlikes = new Map<string, string>()

/** A letter from another script drawn like Latin letters ("а" Cyrillic, "ο" Greek) as those letters; others as they are. */
function foldLookAlike(char: string): string {
  if (ASCII.test(char) || !LETTER.test(char)) return char
  let folded = lookAlikes.get(char)
  if (folded === undefined) {
    // unhomoglyph maps to the Unicode confusables skeleton; only a plain Latin result is taken, so accented
    // letters ("ë", "ø") stay themselves and are folded for comparison by the tokeniser instead.
    const skeleton = unhomoglyph(char)
    folded = ASCII_LETTERS.test(skeleton) ? skeleton : char
    lookAlikes.set(char, folded)
  }
  return folded
}

interface Piece {
  text: string
  start: number
  end: number
}

/**
 * NFKC (per character), invisible and formatting characters dropped, look-alike letters folded to Latin, and
 * text under a right-to-left override reversed into the order a reader sees it. An isolate (LRI, RLI or FSI to PDI)
 * is read as written even inside an override, as the Unicode bidi algorithm draws it (an isolate starts with no
 * override, rule X5a-c), and moves as one piece when the override around it is reversed; a PDF inside an isolate
 * cannot close an embedding opened outside it.
 */
export function normaliseForMatching(original: string): NormalisedText {
  if (PLAIN.test(original)) return { text: original, starts: null, ends: null }
  // Units are what an override reverses: one character, or a closed isolate with everything in it.
  const units: Piece[][] = []
  // Where each open embedding, override or isolate began in `units`, and whether it reverses what it holds.
  const open: Array<{ at: number; reverses: boolean; isolate: boolean }> = []
  const closeOne = (): void => {
    const top = open.pop()
    if (!top) return
    if (top.reverses) units.splice(top.at, units.length - top.at, ...units.slice(top.at).reverse())
    if (top.isolate) units.splice(top.at, units.length - top.at, units.slice(top.at).flat())
  }
  let i = 0
  while (i < original.length) {
    const code = original.codePointAt(i) ?? 0
    const char = String.fromCodePoint(code)
    const start = i
    i += char.length
    if (EMBEDDINGS.has(code)) open.push({ at: units.length, reverses: code === RLO, isolate: false })
    else if (ISOLATES.has(code)) open.push({ at: units.length, reverses: false, isolate: true })
    else if (code === PDF) {
      if (open.length > 0 && !open[open.length - 1]!.isolate) closeOne()
    } else if (code === PDI) {
      // Closes the innermost isolate and any embeddings opened inside it; without an open isolate it does nothing.
      if (open.some((o) => o.isolate)) {
        while (open.length > 0 && !open[open.length - 1]!.isolate) closeOne()
        closeOne()
      }
    } else if (char === '\n' || char === '\r' || code === 0x2029) while (open.length > 0) closeOne() // a paragraph ends them all
    if (INVISIBLE.test(char)) continue
    const compatible = char.normalize('NFKC')
    let text = ''
    for (const c of compatible) text += foldLookAlike(c)
    units.push([{ text, start, end: i }])
  }
  while (open.length > 0) closeOne()

  const pieces = units.flat()
  let text = ''
  for (const piece of pieces) text += piece.text
  const starts = new Int32Array(text.length)
  const ends = new Int32Array(text.length)
  let at = 0
  for (const piece of pieces) {
    for (let k = 0; k < piece.text.length; k++) {
      starts[at] = piece.start
      ends[at] = piece.end
      at++
    }
  }
  return { text, starts, ends }
}

/** The original range that the normalised range [start, end) came from (widest, as reversal can reorder it). */
export function originalRange(normalised: NormalisedText, start: number, end: number): { start: number; end: number } {
  const { starts, ends } = normalised
  if (!starts || !ends) return { start, end }
  if (end <= start) {
    const at = starts[start] ?? (ends[normalised.text.length - 1] ?? 0)
    return { start: at, end: at }
  }
  let from = Number.MAX_SAFE_INTEGER
  let to = 0
  for (let k = start; k < end; k++) {
    from = Math.min(from, starts[k] ?? from)
    to = Math.max(to, ends[k] ?? to)
  }
  return { start: from, end: to }
}

/** The matching form of a short value (a register name, an address, an identifier). */
export function normalisedValue(value: string): string {
  return normaliseForMatching(value).text
}
