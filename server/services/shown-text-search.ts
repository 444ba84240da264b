// Searching the chronology as a viewer sees it. For someone shown pseudonyms, the full-text index over the
// real text would answer questions about names they cannot see ("Jay*" finds the events naming Jayden), so
// their search runs over the pseudonymised text instead, with the same rules as the index: words folded to
// lower case without accents, stemmed (Porter), a bare word matching as a prefix, a "quoted phrase" matching
// consecutive words, OR between terms, every other term required (see methodology/search/search-syntax.ts).
import { stemmer } from 'stemmer'
import { parseSearch } from '../../methodology/search/search-syntax.js'

interface Term {
  words: string[]
  stems: string[]
  prefix: boolean
}

/** Words as the index's tokenizer (unicode61, diacritics removed) splits them. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
}

/** The terms of a search, read as toFtsQuery reads them: every group required, any term in a group. */
export function searchTerms(input: string): Term[][] {
  return parseSearch(input)
    .map((group) => group.map((t) => {
      const words = wordsOf(t.text)
      return { words, stems: words.map((w) => stemmer(w)), prefix: t.prefix }
    }).filter((t) => t.words.length > 0))
    .filter((group) => group.length > 0)
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
  for (let i = 0; i + n <= field.words.length; i++) {
    let all = true
    for (let j = 0; j < n && all; j++) {
      const stemsMatch = field.stems[i + j] === term.stems[j]
      // As FTS5 does with porter: the prefix is stemmed too, and the indexed word is its stem.
      if (j === n - 1 && term.prefix) {
        all = stemsMatch || field.words[i + j]!.startsWith(term.words[j]!) || field.stems[i + j]!.startsWith(term.stems[j]!)
      } else all = stemsMatch
    }
    if (all) return true
  }
  return false
}

/** Whether every group has a term in one of the fields (a phrase within one field), as the index would match. */
export function matchesAll(groups: readonly (readonly Term[])[], fields: readonly IndexedField[]): boolean {
  return groups.every((group) => group.some((term) => fields.some((field) => termInField(term, field))))
}
