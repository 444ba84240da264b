// Full-text search finds the same events on both engines: the same rows in a SQLite and a PostgreSQL database, the
// same searches typed (words as prefixes, "phrases", OR, accents, stems), matched by the data layer's
// fullTextMatch (FTS5 MATCH or to_tsquery), with and without the reviewers' notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import type { OpenDatabase } from '../../../server/db/database.js'
import { fullTextMatch, textSearch } from '../../../server/data/fts-query.js'
import { EVENTS_INDEX } from '../../../server/data/chronology-events.js'
import type { Database } from '../../../server/data/schema.js'
import { migratedOnBothEngines, testEngine } from '../../support/postgres-test-databases.js'

const EVENTS: Array<{ id: string; summary: string; category?: string; outcome?: string; annotation?: string }> = [
  { id: 'e1', summary: 'Bruising noted on the left arm at nursery', category: 'Health' },
  { id: 'e2', summary: 'Mother seen at the café with the child', category: 'Home visit' },
  { id: 'e3', summary: 'Strategy discussion: failure to protect considered', outcome: 'Section 47 enquiry' },
  { id: 'e4', summary: 'Bruise-like marks reported by school', category: 'Education' },
  { id: 'e5', summary: 'Unannounced home visit, no answer', annotation: 'Reviewer note: bruising concern not followed up' },
  { id: 'e6', summary: 'Protective factors discussed with grandmother', category: 'Social care' },
  { id: 'e7', summary: 'Naïve assessment of risk; Zoë attended', category: 'Health' },
]

const NOT_NOTES = ['summary', 'category', 'author', 'outcome']

const SEARCHES = [
  'bruis', 'bruising', 'bruise', 'arm', 'cafe', 'café', 'CAFÉ', '"failure to protect"', '"protect failure"', 'protect',
  'visit OR nursery', 'home visit', 'section 47', 'naive', 'zoe', 'concern', 'reviewer', 'marks school', '"home visit"',
  'discuss', 'discussed OR answer', 'health', 'unannounced', 'xyz', 'the',
]

async function seed(db: Kysely<Database>): Promise<void> {
  const at = '2026-03-02T10:00:00.000Z'
  await db.insertInto('users').values({ id: 'u1', email: 'a@example.org', name: 'A', role: 'reviewer', password_hash: 'x', created_at: at, updated_at: at }).execute()
  await db.insertInto('reviews').values({ id: 'r1', title: 'R', subject_pseudonym: 'Child A', methodology: 'learning-together', period_from: '2020-01-01', period_to: '2021-01-01', created_by: 'u1', created_at: at, updated_at: at, version: 1, partnership_id: 'default' }).execute()
  await db.insertInto('chronology_imports').values({ id: 'i1', review_id: 'r1', agency: 'Health', agency_key: 'health', file_name: 'f.csv', file_size: 1, status: 'committed', uploaded_at: at,
    options: '{}', rows_read: 0, data_rows: 0, accepted_rows: 0, rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0, outside_period_rows: 0,
  }).execute()
  for (const [n, e] of EVENTS.entries()) {
    await db.insertInto('chronology_events').values({
      id: e.id, review_id: 'r1', import_id: 'i1', agency: 'Health', agency_key: 'health', occurred_at: '2020-02-01', date_start: '2020-02-01', date_end: '2020-02-01',
      precision: 'day', sort_key: `2020-02-01-${n}`, summary: e.summary, category: e.category ?? null, outcome: e.outcome ?? null, annotation: null,
      source_file: 'f.csv', source_row: n + 1, created_at: at, flags: '[]', significant: 0, shared: 0,
    }).execute()
    // Notes are added later, as a reviewer annotates: the update keeps the index in step on both engines.
    if (e.annotation) await db.updateTable('chronology_events').set({ annotation: e.annotation }).where('id', '=', e.id).execute()
  }
}

async function found(database: OpenDatabase, input: string, notes: boolean): Promise<string[]> {
  const search = textSearch(input, notes ? {} : { columns: NOT_NOTES })
  if (!search) throw new Error(`"${input}" holds no word`)
  const match = fullTextMatch(database.engine, EVENTS_INDEX, search, { alias: 'e', column: 'seq' })
  const rows = await sql<{ id: string }>`select e.id from chronology_events e where ${match} order by e.id`.execute(database.db)
  return rows.rows.map((r) => r.id)
}

describe.runIf(testEngine === 'postgres')('full-text search on SQLite and PostgreSQL', () => {
  let sqlite: OpenDatabase
  let postgres: OpenDatabase
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    const both = await migratedOnBothEngines()
    ;[sqlite, postgres, close] = [both.sqlite, both.postgres, both.close]
    await seed(sqlite.db)
    await seed(postgres.db)
  })

  afterAll(async () => { await close?.() })

  it('finds the same events for every search, with and without the reviewers\' notes', async () => {
    for (const input of SEARCHES) {
      for (const notes of [true, false]) {
        expect({ input, notes, found: await found(postgres, input, notes) }).toEqual({ input, notes, found: await found(sqlite, input, notes) })
      }
    }
  })

  it('reads words as prefixes, folds accents, stems, keeps phrases in order and never lets the case group match notes', async () => {
    expect(await found(postgres, 'bruis', true)).toEqual(['e1', 'e4', 'e5'])
    expect(await found(postgres, 'bruis', false)).toEqual(['e1', 'e4'])
    expect(await found(postgres, 'cafe', true)).toEqual(['e2'])
    expect(await found(postgres, 'zoe naive', true)).toEqual(['e7'])
    expect(await found(postgres, '"failure to protect"', true)).toEqual(['e3'])
    expect(await found(postgres, '"protect failure"', true)).toEqual([])
    expect(await found(postgres, 'nursery OR school', true)).toEqual(['e1', 'e4'])
  })

  it('drops the search rows with their events', async () => {
    await postgres.db.deleteFrom('chronology_events').where('id', '=', 'e1').execute()
    await sqlite.db.deleteFrom('chronology_events').where('id', '=', 'e1').execute()
    expect(await found(postgres, 'bruis', true)).toEqual(await found(sqlite, 'bruis', true))
    expect(await found(postgres, 'bruis', true)).toEqual(['e4', 'e5'])
  })
})
