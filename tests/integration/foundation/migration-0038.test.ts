// Migration 0038 on a deployment with rows: on PostgreSQL the listed JSON columns become jsonb holding the same
// values (nulls, defaults and nullability kept, the typology the migrations seeded included), the app still reads
// them as text and writes them as parameters, and the search trigger still reads a finding's board questions; a row
// jsonb cannot keep stops the migration, named, with nothing changed. On SQLite nothing changes, byte for byte.
import { describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'
import { JSONB_COLUMNS } from '../../../migrations/0038_jsonb.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'

async function emptyDatabase(): Promise<{ database: OpenDatabase; drop(): Promise<void> }> {
  if (testEngine === 'sqlite') return { database: openDatabase(':memory:'), drop: async () => {} }
  const empty = await createEmptyPostgresDatabase()
  return { database: openPostgres(empty.url, { poolSize: 1 }), drop: empty.drop }
}

const before0038 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0038'))
// Up to 0038 only: a later migration may drop a table it converted (0040 drops chronology_import_batches).
const through0038 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0039'))
const AT = '2026-03-01T09:00:00.000Z'

async function withDatabaseBefore0038(work: (db: Kysely<any>, database: OpenDatabase) => Promise<void>): Promise<void> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { database, drop } = await emptyDatabase()
  try {
    await migrateToLatest(database.db, before0038)
    await work(database.db as unknown as Kysely<any>, database) // eslint-disable-line @typescript-eslint/no-explicit-any
  } finally {
    await database.close()
    await drop()
  }
}

const nationalReview = (id: number, agencies: string) => ({ id, return_id: `r${id}`, version: 1, year: 2025, methodology: 'lcspr', agencies })
const nationalFinding = (id: number, reviewId: number, boardQuestions: string) => ({
  id, review_id: reviewId, ref: `F${id}`, kind: 'systemic', title: 'Handover', pattern: 'p', how_widespread: 'w', why_it_matters: 'm',
  board_questions: boardQuestions, year: 2025, methodology: 'lcspr',
})

async function columnType(db: Kysely<any>, table: string, column: string): Promise<string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (testEngine === 'sqlite') return (await sql<{ type: string }>`select type from pragma_table_info(${table}) where name = ${column}`.execute(db)).rows[0]!.type.toLowerCase()
  return (await sql<{ type: string }>`select data_type as type from information_schema.columns where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(db)).rows[0]!.type
}

describe(`migration 0038 (JSON as jsonb on PostgreSQL) on ${testEngine}`, () => {
  it('keeps every row\'s JSON value, nulls and defaults, and the app still reads text and writes parameters', async () => {
    await withDatabaseBefore0038(async (db) => {
      const flash = '{"kind":"success","title":"Saved","body":"Keys in the order written","z":1}'
      await db.insertInto('sessions').values([
        { id_hash: 's1', user_id: null, csrf_token: 'c', created_at: AT, last_seen_at: AT, expires_at: AT, flash },
        { id_hash: 's2', user_id: null, csrf_token: 'c', created_at: AT, last_seen_at: AT, expires_at: AT, flash: null },
      ]).execute()
      await db.insertInto('national_reviews').values(nationalReview(1, '["police","health"]')).execute()
      await db.insertInto('national_reviews').values({ ...nationalReview(2, '[]'), agencies: undefined }).execute()
      await db.insertInto('national_findings').values(nationalFinding(1, 1, '["How does the board know handovers happen?"]')).execute()
      const typologyBefore = await db.selectFrom('typology_codes').select(['version', 'code', 'examples']).orderBy('version').orderBy('code').execute()
      const crosswalkBefore = await db.selectFrom('typology_crosswalk').select(['version', 'from_code', 'to_codes', 'suggested_codes']).orderBy('version').orderBy('from_code').execute()
      expect(typologyBefore.length).toBeGreaterThan(10)

      expect(await migrateToLatest(db, through0038)).toContain('0038_jsonb')

      for (const [table, column] of JSONB_COLUMNS) expect({ table, column, type: await columnType(db, table, column) }).toEqual({ table, column, type: testEngine === 'postgres' ? 'jsonb' : 'text' })
      const sessions = await db.selectFrom('sessions').select(['id_hash', 'flash']).orderBy('id_hash').execute()
      // Read as text on both engines (database.ts's jsonb parser); PostgreSQL's text is jsonb's own spelling.
      expect(typeof sessions[0]!.flash).toBe('string')
      expect(JSON.parse(sessions[0]!.flash)).toEqual(JSON.parse(flash))
      if (testEngine === 'sqlite') expect(sessions[0]!.flash).toBe(flash)
      else expect(sessions[0]!.flash).toBe('{"z": 1, "body": "Keys in the order written", "kind": "success", "title": "Saved"}')
      expect(sessions[1]!.flash).toBeNull()
      const reviews = await db.selectFrom('national_reviews').select(['id', 'agencies', 'risk_factors']).orderBy('id').execute()
      expect(reviews.map((r) => [r.id, JSON.parse(r.agencies), JSON.parse(r.risk_factors)])).toEqual([[1, ['police', 'health'], ['not-known']], [2, [], ['not-known']]])
      const parsed = <T extends Record<string, unknown>>(rows: T[], columns: string[]) => rows.map((r) => ({ ...r, ...Object.fromEntries(columns.map((c) => [c, JSON.parse(r[c] as string)])) }))
      expect(parsed(await db.selectFrom('typology_codes').select(['version', 'code', 'examples']).orderBy('version').orderBy('code').execute(), ['examples']))
        .toEqual(parsed(typologyBefore, ['examples']))
      expect(parsed(await db.selectFrom('typology_crosswalk').select(['version', 'from_code', 'to_codes', 'suggested_codes']).orderBy('version').orderBy('from_code').execute(), ['to_codes', 'suggested_codes']))
        .toEqual(parsed(crosswalkBefore, ['to_codes', 'suggested_codes']))

      // Defaults still apply; JSON text still goes in as a parameter; NOT NULL still holds.
      await db.insertInto('national_reviews').values({ ...nationalReview(3, '[]'), agencies: undefined }).execute()
      await db.insertInto('national_findings').values(nationalFinding(2, 3, JSON.stringify(['Who reads the missed-appointment letters?', 'Ünïcode “quotes”']))).execute()
      const added = await db.selectFrom('national_findings').select(['board_questions']).where('id', '=', 2).executeTakeFirstOrThrow()
      expect(JSON.parse(added.board_questions)).toEqual(['Who reads the missed-appointment letters?', 'Ünïcode “quotes”'])
      expect((await db.selectFrom('national_reviews').select('agencies').where('id', '=', 3).executeTakeFirstOrThrow()).agencies).toBe('[]')
      await expect(db.insertInto('national_reviews').values(nationalReview(4, null as unknown as string)).execute()).rejects.toThrow(/null/i)
      if (testEngine === 'postgres') {
        // The search trigger reads the board questions from the jsonb column as it did from text.
        const found = await sql<{ id: number }>`select f.id from national_findings f join national_findings_fts s on s.rowid = f.id
          where s.words @@ to_tsquery('casework_search', 'appointment') order by f.id`.execute(db)
        expect(found.rows.map((r) => Number(r.id))).toEqual([2])
        await expect(db.insertInto('national_findings').values(nationalFinding(3, 3, 'not json')).execute()).rejects.toThrow(/json/i)
      }
    })
  })

  it.runIf(testEngine === 'postgres')('stops, naming the column, at a row jsonb cannot keep, and changes nothing', async () => {
    await withDatabaseBefore0038(async (db) => {
      await db.insertInto('national_reviews').values(nationalReview(1, '["a\\u0000b"]')).execute()
      await expect(migrateToLatest(db)).rejects.toThrow(/national_reviews\.agencies/)
      expect(await columnType(db, 'case_group_steps', 'participants')).toBe('text')
      expect(await columnType(db, 'national_reviews', 'agencies')).toBe('text')
      const ran = await sql<{ name: string }>`select name from kysely_migration where name = '0038_jsonb'`.execute(db)
      expect(ran.rows).toEqual([])
    })
  })
})
