import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { COMPLETE } from './rapid-review-fixture.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function setUp(record: Record<string, unknown>) {
  const lead = await addUser(t, 'reviewer')
  const { token } = await createApiToken(t.ctx, systemActor, lead.email, 'x')
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/reviews', headers, payload: JSON.stringify({ title: 'Rapid review: Child P', methodology: 'rapid-review', subject: { pseudonym: 'Child P' }, reviewPeriod: { from: '2025-01-01', to: '2025-12-31' } }) })
  const reviewId = created.json().id as string
  expect((await t.app.inject({ method: 'PUT', url: `/api/v1/reviews/${reviewId}/rapid-review`, headers, payload: JSON.stringify(record) })).statusCode).toBe(200)
  return { lead, reviewId, headers }
}

const reviewCount = async () => Number((await t.db.selectFrom('reviews').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

describe('POST /api/v1/reviews/:id/rapid-review/start-local-review', () => {
  it('starts the local review, linked both ways, audited like the page action; a second call is refused with nothing created', async () => {
    const { reviewId, headers } = await setUp(COMPLETE)
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/rapid-review/start-local-review`, headers: { authorization: headers.authorization } })
    expect(res.statusCode).toBe(201)
    const { localReviewId, href } = res.json() as { localReviewId: string; href: string }
    expect(href).toBe(`/api/v1/reviews/${localReviewId}`)
    const local = await t.app.inject({ method: 'GET', url: href, headers: { authorization: headers.authorization } })
    expect(local.json()).toMatchObject({ id: localReviewId, methodology: 'learning-together' })
    const rapid = (await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${reviewId}/rapid-review`, headers: { authorization: headers.authorization } })).json()
    expect(rapid.localReviewId).toBe(localReviewId)
    const audit = await t.db.selectFrom('audit_log').select(['details']).where('action', '=', 'rapid-review.local-review.start').where('review_id', '=', reviewId).execute()
    expect(audit.map((a) => JSON.parse(a.details).localReviewId)).toEqual([localReviewId])
    const before = await reviewCount()
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/rapid-review/start-local-review`, headers: { authorization: headers.authorization } })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toBe('already-started')
    expect(await reviewCount()).toBe(before)
  })

  it('refuses while the decision is not a local review, saying so, and creates nothing', async () => {
    const { reviewId, headers } = await setUp({ ...COMPLETE, decision: 'no-lcspr' })
    const before = await reviewCount()
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/rapid-review/start-local-review`, headers: { authorization: headers.authorization } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ error: 'no-lcspr-decision', message: expect.stringContaining('Record that decision and its reasons first') })
    expect(await reviewCount()).toBe(before)
  })
})

describe('immediate safeguarding rows without JavaScript', () => {
  it('adds another row keeping what was typed and saving nothing, then saves every row', async () => {
    const { lead, reviewId } = await setUp({ ...COMPLETE, immediateSafeguarding: [] })
    const agent = await signIn(t.app, lead.email)
    const form = await agent.get(`/reviews/${reviewId}/rapid-review/immediate-action`)
    expect(form.body).toContain('name="rowCount" value="2"')
    expect(form.body).toContain('Add another action')
    const typed = { version: /name="version" value="(\d+)"/.exec(form.body)![1]!, rowCount: '2', 'action-0': 'Sibling seen alone at school', 'for-0': 'Sibling', 'by-0': 'Social worker', 'action-1': 'Strategy discussion', 'for-1': 'Child P', 'by-1': 'Police' }
    const more = await agent.post(`/reviews/${reviewId}/rapid-review/immediate-action`, { ...typed, addRow: '1' })
    expect(more.statusCode).toBe(200)
    expect(more.body).toContain('name="rowCount" value="3"')
    expect(more.body).toContain('Action 3')
    expect(more.body).toContain('Sibling seen alone at school')
    const stored = (await t.db.selectFrom('rapid_reviews').selectAll().where('review_id', '=', reviewId).executeTakeFirstOrThrow())
    expect(JSON.stringify(stored)).not.toContain('Sibling seen alone at school')
    const saved = await agent.post(`/reviews/${reviewId}/rapid-review/immediate-action`, { ...typed, rowCount: '3', 'action-2': 'Health visitor visit to the baby', 'for-2': 'Baby', 'by-2': 'Health visitor' })
    expect(saved.statusCode).toBe(303)
    const after = await agent.get(`/reviews/${reviewId}/rapid-review/immediate-action`)
    for (const text of ['Sibling seen alone at school', 'Strategy discussion', 'Health visitor visit to the baby']) expect(after.body).toContain(text)
    expect(after.body).toContain('name="rowCount" value="5"')
  })
})
