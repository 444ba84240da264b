// The register's own identifiers (NHS and phone numbers, postcodes, staff and payroll numbers, dates of birth)
// found however they are written: with any separators inside them ("943.476.5919", "943 476 5919"), spaced out
// letter by letter ("Z Z 9 9 4 Q T"), or in a shape the UK patterns do not know. Letters and digits are compared
// without what stands between them; a match must start and end where a word or number does.

export type CompactKind = 'nhs-number' | 'phone' | 'postcode' | 'staff-number' | 'date-of-birth'

export interface CompactMatch {
  kind: CompactKind
  start: number
  end: number
  persons: number[]
}

export interface CompactIndex {
  /** Upper-case letters and digits only -> what it is and whose. */
  readonly keys: ReadonlyMap<string, { kind: CompactKind; persons: number[] }>
  /** The distinct key lengths, longest first. */
  readonly lengths: readonly number[]
}

/** Shorter keys would match ordinary numbers and words. */
const MIN_KEY = 4
/** What may stand inside a number or code: spaces, dots, dashes, slashes, brackets, commas and the like. */
const SEPARATOR = /[\s.,:;_/\\|·•‧∙()'’+\-\u2010-\u2015]/u
const ASCII_SEPARATORS = new Set([...' \t\n\v\f\r.,:;_/\\|()\'+-'].map((c) => c.charCodeAt(0)))
const MAX_GAP = 3
const ALNUM = /[\p{L}\p{N}]/u
const DIGIT = /\p{N}/u
const HAS_DIGIT = /\p{N}/u

export function compactKey(value: string): string {
  let key = ''
  for (const c of value.replace(/[^\p{L}\p{N}]/gu, '')) {
    const upper = c.toUpperCase()
    key += upper.length === 1 ? upper : c
  }
  return key
}

export class CompactIndexBuilder {
  private readonly keys = new Map<string, { kind: CompactKind; persons: number[] }>()

  add(kind: CompactKind, value: string, person: number): void {
    const key = compactKey(value)
    // Letters alone would be a word, which the name and address matching handles.
    if (key.length < MIN_KEY || !/\p{N}/u.test(key)) return
    const entry = this.keys.get(key)
    if (!entry) this.keys.set(key, { kind, persons: [person] })
    else if (!entry.persons.includes(person)) entry.persons.push(person)
  }

  build(): CompactIndex {
    return { keys: this.keys, lengths: [...new Set([...this.keys.keys()].map((k) => k.length))].sort((a, b) => b - a) }
  }
}

const enum CharClass { Other, Separator, Letter, Digit }

function classOf(code: number, char: string): CharClass {
  if (code < 0x80) {
    if (code >= 48 && code <= 57) return CharClass.Digit
    const lower = code | 0x20
    if (lower >= 97 && lower <= 122) return CharClass.Letter
    return ASCII_SEPARATORS.has(code) ? CharClass.Separator : CharClass.Other
  }
  if (DIGIT.test(char)) return CharClass.Digit
  if (ALNUM.test(char)) return CharClass.Letter
  return SEPARATOR.test(char) ? CharClass.Separator : CharClass.Other
}

/** Every register identifier in the text, however separated; overlaps are left to the caller's choice of spans. */
export function findCompactIdentifiers(text: string, index: CompactIndex): CompactMatch[] {
  if (index.keys.size === 0 || !HAS_DIGIT.test(text)) return []
  const found: CompactMatch[] = []
  const longest = index.lengths[0] ?? 0
  // Runs of letters and digits joined by short separator gaps: each character upper-cased, where it is in the
  // text, whether a code may start before it (after a gap, or where letters turn to digits) and whether it is a digit.
  const chars: string[] = []
  const positions: number[] = []
  const boundaries: boolean[] = []
  const isDigitAt: boolean[] = []

  const flush = (): void => {
    const n = chars.length
    if (n >= MIN_KEY && isDigitAt.includes(true)) {
      boundaries[n] = true
      // Every key holds a digit, so only windows that reach a digit are looked up.
      let nextDigit = n
      const nextDigits = new Array<number>(n)
      for (let i = n - 1; i >= 0; i--) {
        if (isDigitAt[i]) nextDigit = i
        nextDigits[i] = nextDigit
      }
      for (let i = 0; i < n; i++) {
        const digitAt = nextDigits[i] ?? n
        if (!boundaries[i] || digitAt >= i + longest) continue
        for (const length of index.lengths) {
          const end = i + length
          if (end > n || !boundaries[end] || digitAt >= end) continue
          const entry = index.keys.get(chars.slice(i, end).join(''))
          if (!entry) continue
          let start = positions[i] ?? 0
          if (text[start - 1] === '+') start -= 1 // "+44 7700 900412": the plus sign belongs to the number
          found.push({ kind: entry.kind, start, end: (positions[end - 1] ?? 0) + 1, persons: entry.persons })
        }
      }
    }
    chars.length = 0
    positions.length = 0
    boundaries.length = 0
    isDigitAt.length = 0
  }

  let gap = 0
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at)
    const char = code < 0x80 ? '' : (text[at] ?? '')
    const kind = classOf(code, char)
    if (kind === CharClass.Letter || kind === CharClass.Digit) {
      const digit = kind === CharClass.Digit
      const n = chars.length
      boundaries.push(n === 0 || gap > 0 || isDigitAt[n - 1] !== digit)
      let upper: string
      if (code < 0x80) upper = String.fromCharCode(code >= 97 && code <= 122 ? code - 32 : code)
      else {
        upper = char.toUpperCase()
        if (upper.length !== 1) upper = char // "ß" would become two letters and shift every position after it
      }
      chars.push(upper)
      positions.push(at)
      isDigitAt.push(digit)
      gap = 0
    } else if (kind === CharClass.Separator && gap < MAX_GAP) {
      gap++
    } else {
      if (chars.length > 0) flush()
      gap = 1
    }
  }
  flush()
  return found
}
