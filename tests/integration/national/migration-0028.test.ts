// Migration 0028 on a national store holding version 1 returns: their age bands carry over to the Department's
// bands where one holds them, good practice findings are typed as such on every row, and every other new fact
// is 'not-known', with one 'not-known' risk factor row per review.
import { describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'

describe('migration 0028 (national return v2)', () => {
  it('backfills version 1 rows as version 1 translates', async () => {
    const database = openDatabase(':memory:')
    const db = database.db
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0028'))
    await migrateToLatest(db, before)
    const review = (id: number, ageBand: string | null) => ({
      id, return_id: `r-${id}`, version: 1, region: 'London', year: 2021, methodology: 'learning-together', age_band: ageBand, harm: 'death', agencies: '[]', published_report: null,
    })
    await db.insertInto('national_reviews').values([review(1, '1-4'), review(2, '10-15'), review(3, null)] as never).execute()
    const finding = (id: number, reviewId: number, kind: string, ageBand: string | null) => ({
      id, review_id: reviewId, ref: `F${id}`, kind, title: 't', pattern: '', how_widespread: '', why_it_matters: '', system_level: null, board_questions: '[]',
      year: 2021, region: 'London', methodology: 'learning-together', age_band: ageBand, harm: 'death',
    })
    await db.insertInto('national_findings').values([finding(1, 1, 'good-practice', '1-4'), finding(2, 1, 'systemic', '1-4'), finding(3, 2, 'systemic', '10-15')] as never).execute()
    const facts = (findingId: number, reviewId: number, ageBand: string | null) => ({
      finding_id: findingId, review_id: reviewId, year: 2021, region: 'London', methodology: 'learning-together', age_band: ageBand, harm: 'death', system_level: null,
    })
    await db.insertInto('national_finding_codes').values([{ ...facts(1, 1, '1-4'), code: 'MAI-1', family: 'MAI' }, { ...facts(2, 1, '1-4'), code: 'MAI-1', family: 'MAI' }] as never).execute()
    await db.insertInto('national_finding_agencies').values([{ ...facts(1, 1, '1-4'), agency: 'police' }] as never).execute()

    expect(await migrateToLatest(db)).toContain('0028_national_return_v2')

    expect(await db.selectFrom('national_reviews').select(['id', 'format_version', 'age_band', 'sin_age_band', 'sex', 'harm_type', 'risk_factors', 'days_to_notification']).orderBy('id').execute()).toEqual([
      { id: 1, format_version: 1, age_band: '1-4', sin_age_band: '1-5', sex: 'not-known', harm_type: 'not-known', risk_factors: '["not-known"]', days_to_notification: null },
      { id: 2, format_version: 1, age_band: '10-15', sin_age_band: 'not-known', sex: 'not-known', harm_type: 'not-known', risk_factors: '["not-known"]', days_to_notification: null },
      { id: 3, format_version: 1, age_band: null, sin_age_band: 'not-known', sex: 'not-known', harm_type: 'not-known', risk_factors: '["not-known"]', days_to_notification: null },
    ])
    expect(await db.selectFrom('national_findings').select(['id', 'finding_type', 'national_attention', 'sin_age_band', 'actions_done']).orderBy('id').execute()).toEqual([
      { id: 1, finding_type: 'good-practice', national_attention: 0, sin_age_band: '1-5', actions_done: null },
      { id: 2, finding_type: 'area-for-improvement', national_attention: 0, sin_age_band: '1-5', actions_done: null },
      { id: 3, finding_type: 'area-for-improvement', national_attention: 0, sin_age_band: 'not-known', actions_done: null },
    ])
    expect(await db.selectFrom('national_finding_codes').select(['finding_id', 'finding_type', 'sin_age_band']).orderBy('finding_id').execute()).toEqual([
      { finding_id: 1, finding_type: 'good-practice', sin_age_band: '1-5' }, { finding_id: 2, finding_type: 'area-for-improvement', sin_age_band: '1-5' },
    ])
    expect(await db.selectFrom('national_finding_agencies').select(['finding_id', 'finding_type', 'ethnicity']).execute()).toEqual([
      { finding_id: 1, finding_type: 'good-practice', ethnicity: 'not-known' },
    ])
    expect(await db.selectFrom('national_review_risk_factors').select(['review_id', 'risk_factor']).orderBy('review_id').execute()).toEqual([
      { review_id: 1, risk_factor: 'not-known' }, { review_id: 2, risk_factor: 'not-known' }, { review_id: 3, risk_factor: 'not-known' },
    ])
    await database.close()
  })
})
