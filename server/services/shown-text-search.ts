// Searching the chronology as a viewer sees it. For someone shown pseudonyms, the full-text index over the
// real text would answer questions about names they cannot see ("Jay*" finds the events naming Jayden), so
// their search runs over the pseudonymised text instead, with the same rules as the index: words folded to
// lower case without accents, stemmed (Porter), a "quoted phrase" matching consecutive words, a trailing *
// matching as a prefix, every term required.
import { stemmer } from 'stemmer'

const MAX_TERMS = 20
const MAX_LENGTH = 500

interface Term {
  words: string[]
  prefix: boolean
}

/** Words as the index's tokenizer (unicode61, diacritics removed) splits them. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
}

/** The terms of a search, read as toFtsQuery reads them. */
export function searchTerms(input: string): Term[] {
  const terms: Term[] = []
  for (const match of input.slice(0, MAX_LENGTH).matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1]
    let text = quoted ?? match[2] ?? ''
    let prefix = false
    if (quoted === undefined && text.endsWith('*')) {
      prefix = true
      text = text.replace(/\*+$/, '')
    }
    const words = wordsOf(text)
    if (words.length === 0) continue
    terms.push({ words, prefix })
    if (terms.length === MAX_TERMS) break
  }
  return terms
}

/** One field's words, stemmed, ready to be searched many times. */
export interface IndexedField {
  words: string[]
  stems: string[]
}

export function indexField(text: string | null): IndexedField {
  const words = text ? wordsOf(text) : []
  return { words, stems: words.map((w) => stemmer(w)) }
}

function termInField(term: Term, field: IndexedField): boolean {
  const n = term.words.length
  const stems = term.words.map((w) => stemmer(w))
  for (let i = 0; i + n <= field.words.length; i++) {
    let all = true
    for (let j = 0; j < n && all; j++) {
      const last = j === n - 1
      if (last && term.prefix) all = field.words[i + j]!.startsWith(term.words[j]!) || field.stems[i + j]!.startsWith(term.words[j]!)
      else all = field.stems[i + j] === stems[j]
    }
    if (all) return true
  }
  return false
}

/** Whether every term appears in one of the fields (a phrase within one field), as the index would match. */
export function matchesAll(terms: readonly Term[], fields: readonly IndexedField[]): boolean {
  return terms.every((term) => fields.some((field) => termInField(term, field)))
}
