// What people type into a search box, read into terms. A word matches any word starting with it ("bruis" finds
// "bruise" and "bruising"); a "quoted phrase" matches those words in that order; OR (in capitals) between terms
// means either will do; every other term is required. Nothing typed is ever query syntax: brackets, colons,
// NEAR, NOT, AND and stray quotes are read as words or dropped.

const MAX_TERMS = 20
const MAX_LENGTH = 500

export interface SearchTerm {
  /** The text of the word or phrase, as typed (the caller splits it into index words). */
  text: string
  /** A bare word matches as a prefix; a quoted phrase matches exactly (stemmed). */
  prefix: boolean
}

/** Every group must match; within a group, any one term will do. */
export type SearchQuery = SearchTerm[][]

const HAS_WORD = /[\p{L}\p{N}]/u

export function parseSearch(input: string): SearchQuery {
  const groups: SearchTerm[][] = []
  let joinNext = false
  let terms = 0
  for (const match of input.slice(0, MAX_LENGTH).matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1]
    const bare = match[2]
    if (bare === 'OR' || bare === '|') {
      // OR joins the terms either side of it; at the start, or twice in a row, it is ignored.
      joinNext = groups.length > 0
      continue
    }
    const text = quoted ?? (bare ?? '').replace(/\*+$/, '')
    // A term with no letter or digit holds no word an index knows.
    if (!HAS_WORD.test(text)) continue
    const term: SearchTerm = { text, prefix: quoted === undefined }
    if (joinNext) groups[groups.length - 1]!.push(term)
    else groups.push([term])
    joinNext = false
    if (++terms === MAX_TERMS) break
  }
  return groups
}
