// The demo: synthetic returns from fictional partnerships give the national analyst themes to explore, and
// the demo review's own return (built from its real findings and register) is anonymous and passes the scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../../server/demo/seed.js'
import { buildReturnFor } from '../../../server/services/national-return.js'
import { refreshTranslations } from '../../../server/services/national-store.js'
import { nationalDashboard, readThemeQuery } from '../../../server/services/national-themes.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'

let t: TestApp
let reviewId: string
beforeAll(async () => {
  t = await createTestApp()
  reviewId = (await seedDemo(t.ctx)).reviewId
}, 180_000)
afterAll(async () => { await t?.close() })

describe('the national demo data', () => {
  it('gives the national analyst counted and suppressed cells, with every region and year counted so totals show', async () => {
    const { current } = await refreshTranslations(t.ctx)
    const dashboard = await nationalDashboard(t.ctx, readThemeQuery({}, current), current)
    const codes = dashboard.tables.code.rows
    expect(codes.filter((r) => typeof r.reviews === 'number' && r.reviews >= 5).length).toBeGreaterThan(5)
    expect(codes.filter((r) => r.suppressed).length).toBeGreaterThan(5)
    expect(dashboard.totals).toEqual({ reviews: 63, findings: expect.any(Number) })
    expect(dashboard.tables.region.rows).toHaveLength(9)
    // The synthetic returns are version 2, with the characteristics spread out for the themes to count.
    const spread = await t.db.selectFrom('national_reviews').select(['sin_age_band', 'harm_type']).select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy(['sin_age_band', 'harm_type']).execute()
    expect(new Set(spread.map((r) => r.sin_age_band)).size).toBeGreaterThanOrEqual(5)
    expect(new Set(spread.map((r) => r.harm_type)).size).toBeGreaterThanOrEqual(6)
    // An infant death is never coded for a child over 5.
    expect(spread.filter((r) => r.harm_type === 'sudden-unexpected-infant-death' && !['under-1', '1-5'].includes(r.sin_age_band))).toEqual([])
  })

  it('builds the demo review’s own return with no identifying detail left for the leak scan', async () => {
    const built = await buildReturnFor(t.db, reviewId, '2026-12-07')
    expect(built.document.findings.length).toBeGreaterThan(0)
    expect(built.leaks).toEqual([])
    expect(built.problems).toEqual([])
    // The facts recorded on the demo review, in the national categories; 19 months old, so the 1 to 5 band from her date of birth.
    expect(built.document.review).toMatchObject({
      child: { sex: 'female', ageBand: '1-5', socialCareStatus: 'child-in-need' }, harmType: 'physical-abuse',
      householdRiskFactors: ['domestic-abuse', 'housing-or-financial-instability'],
    })
    expect(built.document.review.timeliness.awarenessToNotification).not.toBeUndefined()
    const text = JSON.stringify(built.document)
    for (const name of ['Kershaw', 'Mila', 'Colley', 'Westmere', 'Child M', 'Mr Y']) expect(text).not.toContain(name)
  })
})
