import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { COMPLETE } from './rapid-review-fixture.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function api(token: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, payload: body !== undefined ? JSON.stringify(body) : undefined })
}

async function rapidReview(methodology = 'rapid-review') {
  const lead = await addUser(t, 'reviewer')
  const { token } = await createApiToken(t.ctx, systemActor, lead.email, 'x')
  const created = await api(token, 'POST', '/api/v1/reviews', { title: 'Rapid review: Child P', methodology, subject: { pseudonym: 'Child P' }, reviewPeriod: { from: '2025-01-01', to: '2025-12-31' } })
  return { token, lead, id: created.json().id as string }
}


describe('rapid review API', () => {
  it('starts empty at version 0, saves the whole record and reads it back with the incident date on the review', async () => {
    const { token, id } = await rapidReview()
    const empty = await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review`)
    expect(empty.statusCode).toBe(200)
    expect(empty.json()).toMatchObject({ version: 0, facts: '', decision: null, signOff: [], sentToPanel: null, panelResponse: null })
    expect(empty.json().criteriaList.length).toBeGreaterThanOrEqual(8)

    const saved = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, COMPLETE, { 'if-match': '"0"' })
    expect(saved.statusCode).toBe(200)
    expect(saved.headers.etag).toBe('"1"')
    const read = (await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review`)).json()
    expect(read).toMatchObject({
      version: 1, facts: COMPLETE.facts.incident, factsDetail: COMPLETE.facts, immediateSafeguarding: COMPLETE.immediateSafeguarding,
      learning: COMPLETE.learning, decision: 'lcspr', decisionReasons: COMPLETE.decisionReasons, signOff: COMPLETE.signOff,
      sentToPanel: '2026-02-03', panelResponse: COMPLETE.panelResponse,
    })
    expect(read.criteria[2]).toEqual({ criterion: 'complex-or-national', met: false, note: '' })
    expect((await t.db.selectFrom('reviews').select('incident_date').where('id', '=', id).executeTakeFirstOrThrow()).incident_date).toBe('2026-01-10')
    expect(await t.db.selectFrom('rapid_review_sign_offs').select('partner').where('review_id', '=', id).orderBy('position').execute())
      .toEqual([{ partner: 'local-authority' }, { partner: 'police' }, { partner: 'health' }])
    const actions = (await t.db.selectFrom('audit_log').select('action').where('review_id', '=', id).execute()).map((r) => r.action)
    expect(actions.filter((a) => a === 'rapid-review.view')).toHaveLength(2)
    expect(actions).toContain('rapid-review.update')
  })

  it('takes facts as plain text, the contract’s shape', async () => {
    const { token, id } = await rapidReview()
    const saved = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { facts: 'Child P was injured at home.', decision: null, immediateSafeguarding: [], criteria: [], signOff: [] })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ facts: 'Child P was injured at home.', factsDetail: { incident: 'Child P was injured at home.', agencies: [] } })
  })

  it('refuses a decision without reasons, naming the field, and saves nothing', async () => {
    const { token, id } = await rapidReview()
    const res = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { ...COMPLETE, decisionReasons: '  ' })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toContainEqual({ path: 'decisionReasons', message: expect.stringContaining('Give the reasons for the decision') })
    expect(await t.db.selectFrom('rapid_reviews').selectAll().execute()).toEqual([])
    expect(await t.db.selectFrom('rapid_review_sign_offs').selectAll().execute()).toEqual([])
  })

  it('refuses a second sign-off by the same partner and says which row signed first', async () => {
    const { token, id } = await rapidReview()
    await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { facts: 'Before.' })
    const signOff = [...COMPLETE.signOff, { partner: 'police', name: 'DCI Amy Stone', role: 'Detective Chief Inspector', date: '2026-02-01' }]
    const res = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { ...COMPLETE, signOff })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toContainEqual({ path: 'signOff.3.partner', message: 'Sign-off 4: Police has already signed off in row 2; each partner signs once' })
    expect((await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review`)).json()).toMatchObject({ version: 1, facts: 'Before.', signOff: [] })
  })

  it('refuses a sign-off dated before the incident', async () => {
    const { token, id } = await rapidReview()
    const signOff = [{ ...COMPLETE.signOff[0]!, date: '2026-01-09' }]
    const res = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { ...COMPLETE, signOff })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toContainEqual({
      path: 'signOff.0.date', message: 'Sign-off 1: the date Local authority signed off (9 January 2026) cannot be before the incident (10 January 2026)',
    })
    expect(await t.db.selectFrom('rapid_reviews').selectAll().execute()).toEqual([])
  })

  it('names fields the schema refuses: an unknown decision, a partner that is not one of the three', async () => {
    const { token, id } = await rapidReview()
    const decision = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { ...COMPLETE, decision: 'maybe' })
    expect(decision.statusCode).toBe(400)
    expect(decision.json().details.map((d: { path: string }) => d.path)).toContain('decision')
    const partner = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { ...COMPLETE, signOff: [{ ...COMPLETE.signOff[0]!, partner: 'education' }] })
    expect(partner.statusCode).toBe(400)
    expect(partner.json().details.map((d: { path: string }) => d.path)).toContain('signOff.0.partner')
  })

  it('refuses dates that are not real, in the future, or out of order', async () => {
    const { token, id } = await rapidReview()
    const res = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, {
      ...COMPLETE, facts: { ...COMPLETE.facts, becameAware: '2026-02-31' }, sentToPanel: '2026-04-01', panelResponse: { date: '2026-01-20', text: 'Agreed.' },
    })
    expect(res.statusCode).toBe(400)
    const paths = res.json().details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(expect.arrayContaining(['facts.becameAware', 'sentToPanel', 'panelResponse.date']))
    expect(res.json().details.find((d: { path: string }) => d.path === 'facts.becameAware').message).toBe('The date the partnership became aware must be a real date')
  })

  it('refuses a save made to an older version (409) and keeps the newer one', async () => {
    const { token, id } = await rapidReview()
    await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { facts: 'First.' }, { 'if-match': '0' })
    const stale = await api(token, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { facts: 'Second.' }, { 'if-match': '0' })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error).toBe('stale-edit')
    expect((await api(token, 'GET', `/api/v1/reviews/${id}/rapid-review`)).json().facts).toBe('First.')
  })

  it('is only for rapid reviews, and only the lead reviewer may change it', async () => {
    const lt = await rapidReview('learning-together')
    const res = await api(lt.token, 'GET', `/api/v1/reviews/${lt.id}/rapid-review`)
    expect(res.statusCode).toBe(404)
    expect(res.json().message).toContain('not a rapid review')

    const { token, id } = await rapidReview()
    const chair = await addUser(t, 'board')
    expect((await api(token, 'POST', `/api/v1/reviews/${id}/members`, { email: chair.email, role: 'board-chair' })).statusCode).toBe(201)
    const chairToken = (await createApiToken(t.ctx, systemActor, chair.email, 'x')).token
    expect((await api(chairToken, 'GET', `/api/v1/reviews/${id}/rapid-review`)).statusCode).toBe(200)
    expect((await api(chairToken, 'PUT', `/api/v1/reviews/${id}/rapid-review`, { facts: 'x' })).statusCode).toBe(403)
  })
})
