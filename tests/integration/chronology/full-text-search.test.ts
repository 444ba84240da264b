// Full-text search gives users the same answers on SQLite (FTS5) and PostgreSQL (tsvector): this file runs in
// both test projects (TEST_DATABASE=postgres for the second) with the same cases. Words as prefixes, phrases,
// OR, accents and case folded, punctuation inside words; the case group's search never matches reviewers'
// notes; nothing typed is query syntax or an error.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listEvents } from '../../../server/data/chronology-events.js'
import { textSearch } from '../../../server/data/fts-query.js'
import { copyFindingFacts } from '../../../server/data/national-store.js'
import { countTotals, listFindings, type ThemeFilters } from '../../../server/data/national-themes.js'
import { createReview } from '../../../server/services/reviews.js'
import type { Actor } from '../../../server/services/context.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { insertEvents } from '../evidence/evidence-support.js'

const DOCS = [
  'Head injury explained as a fall from the sofa',
  'Bruising seen on the left cheek',
  'Mother says NEAR the door AND OR NOT',
  '=HYPERLINK("http://example.org","click") left in the notes',
  'Café visit: résumé discussed',
  "Seen by Dr O'Brien at the child-protection conference",
  'Police called at 23:40 on 2021-03-05',
]
const NOTE = 'Reviewer suspects the nursery account'
const VISIBLE_COLUMNS = ['summary', 'category', 'author', 'outcome']

let t: TestApp
let reviewId: string
let ids: string[]

beforeAll(async () => {
  t = await createTestApp()
  const lead = await addUser(t, 'reviewer')
  const actor: Actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session', requestId: null }
  const review = await createReview(t.ctx, actor, {
    title: 'Search review', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child S', methodology: 'learning-together',
    periodFrom: '2020-01-01', periodTo: '2022-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  reviewId = review.id
  ids = await insertEvents(t, reviewId, DOCS.map((summary, i) => ({ agency: 'Health Visiting', occurredAt: `2021-0${i + 1}-01`, summary })))
  // Events 1 and 2 get categories; event 1 a reviewer's note (annotation), which only reviewers may search.
  await t.db.updateTable('chronology_events').set({ category: 'ED attendance', annotation: NOTE }).where('id', '=', ids[0]!).execute()
  await t.db.updateTable('chronology_events').set({ category: 'Nursery' }).where('id', '=', ids[1]!).execute()

  const { id: nationalReview } = await t.db.insertInto('national_reviews').values({
    return_id: 'search-1', version: 1, region: null, year: 2022, methodology: 'learning-together', age_band: null, harm: null, agencies: '[]', published_report: null,
  }).returning('id').executeTakeFirstOrThrow()
  await t.db.insertInto('national_findings').values(DOCS.map((title, i) => ({
    review_id: nationalReview, ref: `F${i + 1}`, kind: 'finding', title, pattern: '', how_widespread: '', why_it_matters: '', system_level: null,
    board_questions: '[]', year: 2022, region: null, methodology: 'learning-together', age_band: null, harm: null,
  }))).execute()
  // Counts read the findings' facts, which filing copies; these findings were written directly, so copy them too.
  await copyFindingFacts(t.db, Number(nationalReview))
})

afterAll(async () => {
  await t?.close()
})

/** Which documents (1-based) the chronology search finds, as reviewers (notes included) or the case group. */
async function events(input: string, withNotes = true): Promise<number[]> {
  const search = textSearch(input, withNotes ? {} : { columns: VISIBLE_COLUMNS })
  if (search === null) return []
  const rows = await listEvents(t.db, { reviewId, search })
  return rows.map((r) => ids.indexOf(r.id) + 1)
}

const NO_FILTERS: ThemeFilters = { from: null, to: null, codes: [], region: null, level: null, agency: null, methodology: null, ageBand: null, harm: null, search: null }

async function findings(input: string): Promise<number[]> {
  const search = textSearch(input)
  if (search === null) return []
  const filters = { ...NO_FILTERS, search }
  const rows = await listFindings(t.db, filters, 50, 0)
  expect((await countTotals(t.db, filters)).findings).toBe(rows.length)
  return rows.map((r) => Number(r.ref.slice(1))).sort((a, b) => a - b)
}

const CASES: Array<[string, number[]]> = [
  ['head fall', [1]],
  ['bruise', [2]],
  ['bruis', [2]],
  ['bru', [2]],
  ['BRUISING', [2]],
  ['explain', [1]],
  ['explain*', [1]],
  ['"left cheek"', [2]],
  ['"cheek left"', []],
  ['"the sofa"', [1]],
  ['bruise OR sofa', [1, 2]],
  ['left bruise OR sofa', [2]],
  ['"left cheek" OR café', [2, 5]],
  ['bruise or sofa', []],
  ['OR bruise OR', [2]],
  ['NEAR AND', [3]],
  ['door NOT', [3]],
  ['cafe resume', [5]],
  ['CAFÉ RÉSUMÉ', [5]],
  ['hyperlink click', [4]],
  ["o'brien", [6]],
  ['brien', [6]],
  ['child-protection', [6]],
  ['"protection conference"', [6]],
  ['2021', [7]],
  ['zebra', []],
  ['head zebra', []],
]

describe('full-text search, the same on either engine', () => {
  it('finds words, prefixes, phrases and either of two terms, folding case and accents', async () => {
    for (const [input, expected] of CASES) expect(await events(input), input).toEqual(expected)
  })

  it('searches the national findings with the same rules', async () => {
    for (const [input, expected] of CASES) expect(await findings(input), input).toEqual(expected)
  })

  it("matches reviewers' notes only for those who may read them", async () => {
    expect(await events('suspects')).toEqual([1])
    expect(await events('suspects', false)).toEqual([])
    expect(await events('"nursery account"', false)).toEqual([])
    expect(await events('nursery')).toEqual([1, 2])
    expect(await events('nursery', false)).toEqual([2])
    expect(await events('nurs', false)).toEqual([2])
    expect(await events('suspects OR bruise', false)).toEqual([2])
    expect(await events('head suspects', false)).toEqual([])
    expect(await events('head suspects')).toEqual([1])
  })

  it('follows a changed note and a changed summary', async () => {
    await t.db.updateTable('chronology_events').set({ annotation: 'Checked with the school' }).where('id', '=', ids[0]!).execute()
    expect(await events('suspects')).toEqual([])
    expect(await events('school')).toEqual([1])
    await t.db.updateTable('chronology_events').set({ annotation: NOTE }).where('id', '=', ids[0]!).execute()
    expect(await events('suspects')).toEqual([1])
  })

  it('reads nothing typed as query syntax, and never fails', async () => {
    for (const input of ["bruise') OR 1=1 --", "'", '\\', ':*', 'a & b | !c', 'left <-> cheek', '"', '(', 'summary:bruise', '{summary}: bruise', 'NEAR(left cheek)', '^left', '-left', '+left', "left:*A | ''"]) {
      await expect(events(input), input).resolves.toBeInstanceOf(Array)
      await expect(findings(input), input).resolves.toBeInstanceOf(Array)
    }
    expect(await events('summary:bruise')).toEqual([])
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 40 }), async (input) => {
      await events(input)
      await events(input, false)
    }), { numRuns: 150 })
  })
})
