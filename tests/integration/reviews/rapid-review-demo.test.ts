import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { loadRapidReview } from '../../../server/services/rapid-review.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { computeClocks } from '../../../methodology/calendar/statutory-clocks.js'
import { rapidReview } from '../../../methodology/packs/rapid-review.js'
import { stageStatuses } from '../../../methodology/packs/stage-status.js'

let t: TestApp
let reviewId: string
beforeAll(async () => {
  t = await createTestApp()
  reviewId = (await seedDemo(t.ctx)).reviewId
})
afterAll(async () => { await t.close() })

describe('the demo rapid review', () => {
  it('is a complete rapid review, signed off by all three partners, that decided on the demo’s local review and links to it', async () => {
    const row = await t.db.selectFrom('rapid_reviews').selectAll().where('local_review_id', '=', reviewId).executeTakeFirstOrThrow()
    const { record } = await loadRapidReview(t.db, row.review_id)
    expect(record.decision).toBe('lcspr')
    expect(record.signOff.map((s) => s.partner).sort()).toEqual(['health', 'local-authority', 'police'])
    const snapshot = await buildReviewSnapshot(t.db, row.review_id, t.clock.now())
    // Every readiness check passes except the agencies' facts (the demo's chronologies belong to the local review).
    const failing = stageStatuses(rapidReview, snapshot).flatMap((s) => s.checks.filter((c) => !c.passed).map((c) => c.key))
    expect(failing).toEqual(['agencies-returned'])
    // Aware 15 September 2021, sent 6 October: the 15th working day, met.
    expect(computeClocks(rapidReview, snapshot, '2021-11-01').find((c) => c.key === 'rapid-review')).toMatchObject({ due: '2021-10-06', status: 'met' })
  })
})
