import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { toFtsQuery } from '../../../../server/data/fts-query.js'
import { indexField, matchesAll, searchTerms } from '../../../../server/services/shown-text-search.js'

// A real FTS5 table with the chronology's tokenizer, to check queries against.
const db = new Database(':memory:')
db.exec(`create virtual table t using fts5(summary, category, tokenize='porter unicode61 remove_diacritics 2')`)
const insert = db.prepare('insert into t (summary, category) values (?, ?)')
for (const [summary, category] of [
  ['Head injury explained as a fall from the sofa', 'ED attendance'],
  ['Bruising seen on the left cheek', 'Nursery'],
  ['Mother says NEAR the door AND OR NOT', 'Police'],
  ['=HYPERLINK("http://example.org","click") left in the notes', 'Housing'],
  ['Café visit: résumé discussed', 'Health Visiting'],
]) insert.run(summary, category)
const search = db.prepare('select summary from t where t match ? order by rowid')
afterAll(() => db.close())

function matches(input: string): string[] {
  const q = toFtsQuery(input)
  return q === null ? [] : (search.all(q) as { summary: string }[]).map((r) => r.summary)
}

describe('toFtsQuery', () => {
  it('never produces a query SQLite rejects, whatever is typed', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (input) => {
      for (const q of [toFtsQuery(input), toFtsQuery(input, { columns: ['summary', 'category'] })]) {
        if (q !== null) expect(() => search.all(q)).not.toThrow()
      }
    }), { numRuns: 2000 })
    fc.assert(fc.property(fc.array(fc.constantFrom('"', '*', '(', ')', ':', '^', 'AND', 'OR', 'NOT', 'NEAR', '-', '+', 'summary:', '{', '}', 'bruis', ' ', 'é'), { maxLength: 12 }), (parts) => {
      const q = toFtsQuery(parts.join(''))
      if (q !== null) expect(() => search.all(q)).not.toThrow()
    }), { numRuns: 2000 })
  })

  it('requires every word, matches stems and phrases, and treats operators as words', () => {
    expect(matches('head fall')).toEqual(['Head injury explained as a fall from the sofa'])
    expect(matches('bruise')).toEqual(['Bruising seen on the left cheek'])
    expect(matches('"left cheek"')).toEqual(['Bruising seen on the left cheek'])
    expect(matches('"cheek left"')).toEqual([])
    expect(matches('NEAR AND')).toEqual(['Mother says NEAR the door AND OR NOT'])
    expect(matches('hyperlink')).toHaveLength(1)
    expect(matches('cafe resume')).toHaveLength(1)
  })

  it('searches only the columns asked for', () => {
    const q = toFtsQuery('nursery left', { columns: ['summary'] })!
    expect((search.all(q) as unknown[]).length).toBe(0)
    expect((search.all(toFtsQuery('nursery left')!) as unknown[]).length).toBe(1)
    expect((search.all(toFtsQuery('left cheek', { columns: ['summary'] })!) as unknown[]).length).toBe(1)
  })

  it('matches every bare word as a prefix: bruis finds bruise and bruising', () => {
    expect(matches('bruis')).toEqual(['Bruising seen on the left cheek'])
    expect(matches('bru')).toEqual(['Bruising seen on the left cheek'])
    expect(matches('explain')).toEqual(['Head injury explained as a fall from the sofa'])
    expect(matches('"bruis"')).toEqual([])
  })

  it('reads OR in capitals as either term, binding tighter than the words around it', () => {
    expect(matches('bruise OR sofa')).toEqual(['Head injury explained as a fall from the sofa', 'Bruising seen on the left cheek'])
    expect(matches('left bruise OR sofa')).toEqual(['Bruising seen on the left cheek'])
    expect(matches('"left cheek" OR café')).toEqual(['Bruising seen on the left cheek', 'Café visit: résumé discussed'])
    // Lower-case or is a word; a dangling OR is ignored.
    expect(matches('bruise or sofa')).toEqual([])
    expect(matches('OR bruise OR')).toEqual(['Bruising seen on the left cheek'])
    expect(matches('door OR')).toEqual(['Mother says NEAR the door AND OR NOT'])
  })

  it('the search over shown text finds what the index finds, for words, prefixes, phrases and OR', () => {
    const docs = (db.prepare('select summary, category from t order by rowid').all() as { summary: string; category: string }[])
    const vocabulary = ['head', 'inj', 'explained', 'fall', 'sofa', 'bruis', 'bru', 'left', 'cheek', '"left cheek"', '"seen on the"', 'nursery',
      'mother', 'door', 'cafe', 'résumé', 'hyperlink', 'click', 'police', 'ed', 'attend', 'OR', 'OR', 'visit*', 'zebra']
    fc.assert(fc.property(fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 5 }), (words) => {
      const input = words.join(' ')
      const viaIndex = matches(input)
      const terms = searchTerms(input)
      const viaShown = terms.length === 0 ? [] : docs.filter((d) => matchesAll(terms, [indexField(d.summary), indexField(d.category)])).map((d) => d.summary)
      expect(viaShown, input).toEqual(viaIndex)
    }), { numRuns: 500 })
  })

  it('matches a word ending in * as a prefix, and ignores terms with no letters or digits', () => {
    expect(matches('explain*')).toEqual(['Head injury explained as a fall from the sofa'])
    expect(toFtsQuery('  "" *** --- ')).toBeNull()
    expect(toFtsQuery('"unclosed phrase')).toBe('"unclosed phrase"')
    expect(toFtsQuery('a OR b c')).toBe('("a"* OR "b"*) AND "c"*')
  })
})
