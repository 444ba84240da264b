// Migration 0039 on a national store holding findings: each finding's countable facts are copied to the narrow
// national_finding_facts, under the same names, and a finding's removal takes its facts row with it.
import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'

async function emptyDatabase(): Promise<{ database: OpenDatabase; drop(): Promise<void> }> {
  if (testEngine === 'sqlite') return { database: openDatabase(':memory:'), drop: async () => {} }
  const empty = await createEmptyPostgresDatabase()
  return { database: openPostgres(empty.url, { poolSize: 1 }), drop: empty.drop }
}

const FACTS = ['id', 'review_id', 'year', 'region', 'methodology', 'age_band', 'harm', 'system_level', 'sin_age_band', 'sex', 'ethnicity', 'harm_type', 'social_care_status', 'finding_type', 'national_attention'] as const

describe(`migration 0039 (the findings' countable facts) on ${testEngine}`, () => {
  it('copies every finding\'s facts, and a removed review takes them with its findings', async () => {
    const { database, drop } = await emptyDatabase()
    try {
      const db = database.db as unknown as Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any
      await migrateToLatest(database.db, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0039')))
      const review = (id: number, region: string | null) => ({
        id, return_id: `r-${id}`, version: 1, region, year: 2020 + id, methodology: 'learning-together', age_band: null, harm: 'death', agencies: '[]', published_report: null, format_version: 2, sex: 'female',
      })
      await db.insertInto('national_reviews').values([review(1, 'London'), review(2, null)]).execute()
      const finding = (id: number, reviewId: number, level: string | null, attention: number) => ({
        id, review_id: reviewId, ref: `F${id}`, kind: 'systemic', title: 't', pattern: '', how_widespread: '', why_it_matters: '', system_level: level, board_questions: '[]',
        year: 2020 + reviewId, region: reviewId === 1 ? 'London' : null, methodology: 'learning-together', age_band: null, harm: 'death',
        sex: 'female', ethnicity: reviewId === 1 ? 'white' : 'not-known', sin_age_band: 'under-1', harm_type: 'sudden-unexpected-infant-death', social_care_status: 'child-in-need',
        finding_type: id === 2 ? 'good-practice' : 'area-for-improvement', national_attention: attention,
      })
      await db.insertInto('national_findings').values([finding(1, 1, 'team', 0), finding(2, 1, null, 1), finding(3, 2, 'frontline', 0)]).execute()
      const held = await db.selectFrom('national_findings').select([...FACTS]).orderBy('id').execute()

      expect(await migrateToLatest(database.db)).toContain('0039_national_finding_facts')

      const copied = await db.selectFrom('national_finding_facts').select([...FACTS]).orderBy('id').execute()
      expect(copied.map((r) => ({ ...r, id: Number(r.id), review_id: Number(r.review_id), year: Number(r.year), national_attention: Number(r.national_attention) })))
        .toEqual(held.map((r) => ({ ...r, id: Number(r.id), review_id: Number(r.review_id), year: Number(r.year), national_attention: Number(r.national_attention) })))
      expect(copied).toHaveLength(3)
      // Supersession deletes the review; its findings, and their facts, go with it.
      await db.deleteFrom('national_reviews').where('id', '=', 1).execute()
      expect((await db.selectFrom('national_finding_facts').select('id').execute()).map((r) => Number(r.id))).toEqual([3])
    } finally {
      await database.close()
      await drop()
    }
  })
})
