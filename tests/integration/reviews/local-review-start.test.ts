import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { qualityMarker } from '../../../methodology/quality-markers.js'
import { COMPLETE } from './rapid-review-fixture.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function setUp(record: Record<string, unknown>): Promise<{ agent: Agent; reviewId: string }> {
  const lead = await addUser(t, 'reviewer')
  const { token } = await createApiToken(t.ctx, systemActor, lead.email, 'x')
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/reviews', headers, payload: JSON.stringify({ title: 'Rapid review: Child P', methodology: 'rapid-review', subject: { pseudonym: 'Child P' }, reviewPeriod: { from: '2025-01-01', to: '2025-12-31' } }) })
  const reviewId = created.json().id as string
  const saved = await t.app.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/rapid-review`, headers, payload: JSON.stringify(record) })
  expect(saved.statusCode).toBe(200)
  return { agent: await signIn(t.app, lead.email), reviewId }
}

const QUESTIONS = ['How does information about a new partner reach the agencies working with a family?', 'What helps health visitors ask about adults in the home?']

describe('starting the local review from the rapid review', () => {
  it('creates a Learning Together review with the facts, reasons, agencies and draft questions, linked both ways, and answers quality marker 2', async () => {
    const { agent, reviewId } = await setUp({ ...COMPLETE, draftQuestions: QUESTIONS })
    const page = await agent.get(`/reviews/${reviewId}/rapid-review`)
    expect(page.body).toContain('Start the local review')
    const res = await agent.post(`/reviews/${reviewId}/rapid-review/start-local-review`)
    expect(res.statusCode).toBe(303)
    const localId = String(res.headers.location).split('/').pop()!
    const local = await t.db.selectFrom('reviews').selectAll().where('id', '=', localId).executeTakeFirstOrThrow()
    expect(local).toMatchObject({ methodology: 'learning-together', subject_pseudonym: 'Child P', decision_date: '2026-01-30', incident_date: '2026-01-10' })
    expect(local.scope).toContain(COMPLETE.decisionReasons)
    expect(local.scope).toContain(COMPLETE.facts.incident)
    expect(local.scope).toContain('Police, Health visiting and Children’s social care')
    expect((await t.db.selectFrom('research_questions').select('text').where('review_id', '=', localId).orderBy('position').execute()).map((q) => q.text)).toEqual(QUESTIONS)
    expect((await t.db.selectFrom('rapid_reviews').select('local_review_id').where('review_id', '=', reviewId).executeTakeFirstOrThrow()).local_review_id).toBe(localId)

    // Linked both ways on the overviews.
    expect((await agent.get(`/reviews/${localId}`)).body).toContain(`href="/reviews/${reviewId}" id="rapid-review-link"`)
    expect((await agent.get(`/reviews/${reviewId}`)).body).toContain(`href="/reviews/${localId}" id="local-review-link"`)
    expect((await agent.get(`/reviews/${reviewId}/rapid-review`)).body).not.toContain('Start the local review</button>')

    // Quality marker 2 (the decision to review and its reasons) comes from the rapid review's data.
    const snapshot = await buildReviewSnapshot(t.db, localId, t.clock.now())
    expect(snapshot.rapidReview).toMatchObject({ decision: 'lcspr', decisionRationale: COMPLETE.decisionReasons, linkedReviewId: reviewId })
    expect(qualityMarker('decision-to-review')!.prefill!(snapshot)?.answer).toBe('met')

    // A second start is refused and changes nothing.
    const again = await agent.post(`/reviews/${reviewId}/rapid-review/start-local-review`)
    expect(again.statusCode).toBe(409)
    expect(await t.db.selectFrom('reviews').select('id').where('methodology', '=', 'learning-together').execute()).toHaveLength(1)
    expect((await t.db.selectFrom('audit_log').select('action').where('review_id', '=', reviewId).execute()).map((a) => a.action)).toContain('rapid-review.local-review.start')
  })

  it('is refused while the decision is not a local review', async () => {
    const { agent, reviewId } = await setUp({ ...COMPLETE, decision: 'no-lcspr' })
    expect((await agent.get(`/reviews/${reviewId}/rapid-review`)).body).not.toContain('Start the local review')
    const res = await agent.post(`/reviews/${reviewId}/rapid-review/start-local-review`)
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('once the rapid review decides on one')
    expect(await t.db.selectFrom('reviews').select('id').where('methodology', '=', 'learning-together').execute()).toEqual([])
  })
})
