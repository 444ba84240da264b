import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { MAX_LANGUAGE_CHECK_CHARACTERS } from '../../../server/services/language-check.js'
import { api, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const URL = '/api/v1/language-check'

async function checkAudit() {
  return t.db.selectFrom('audit_log').select(['action', 'details', 'actor_kind', 'actor_user_id']).where('action', '=', 'language.check').execute()
}

describe('POST /api/v1/language-check', () => {
  it('returns each issue with start, end, category, message and suggestion, and audits the size of the check, not the words', async () => {
    const text = 'The health visitor told the review: "we should have called". Child T did not attend the eye clinic. Had the school phoned, the police would have attended.'
    const res = await api(t, r.boardChair.token, 'POST', URL, { text })
    expect(res.statusCode).toBe(200)
    const issues = res.json().issues as Array<{ start: number; end: number; category: string; message: string; suggestion: string }>
    expect(issues.map((i) => [i.category, text.slice(i.start, i.end)])).toEqual([
      ['child-not-brought', 'did not attend'],
      ['counterfactual', 'would have'],
    ])
    for (const issue of issues) {
      expect(Object.keys(issue).sort()).toEqual(['category', 'end', 'message', 'start', 'suggestion'])
      expect(issue.message).toMatch(/^[A-Z].+\.$/)
    }
    expect(issues[0]?.suggestion).toContain('was not brought')
    const audit = await checkAudit()
    expect(audit).toEqual([expect.objectContaining({ actor_kind: 'token', actor_user_id: r.boardChair.user.id })])
    expect(JSON.parse(audit[0]!.details)).toEqual({ characters: text.length, issues: 2, categories: { 'child-not-brought': 1, counterfactual: 1 } })
    expect(audit[0]!.details).not.toContain('eye clinic')
  })

  it('returns no issues for neutral text and for an empty string', async () => {
    expect((await api(t, r.lead.token, 'POST', URL, { text: 'The health visitor visited twice in May.' })).json()).toEqual({ issues: [] })
    expect((await api(t, r.lead.token, 'POST', URL, { text: '' })).json()).toEqual({ issues: [] })
  })

  it('refuses a request without text, naming the field, and audits nothing', async () => {
    const res = await api(t, r.lead.token, 'POST', URL, {})
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'bad-input', details: [{ path: 'text', message: expect.stringContaining('Enter the text to check') }] })
    expect(await checkAudit()).toEqual([])
  })

  it('refuses text that is too long, naming the field and the limit, and audits nothing', async () => {
    const res = await api(t, r.lead.token, 'POST', URL, { text: 'a'.repeat(MAX_LANGUAGE_CHECK_CHARACTERS + 1) })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ path: 'text', message: expect.stringContaining('200,000 characters or fewer; it has 200,001') }])
    expect(await checkAudit()).toEqual([])
  })

  it('accepts text of exactly the limit, even when every character is escaped in the JSON', async () => {
    const res = await api(t, r.lead.token, 'POST', URL, { text: '\u0001'.repeat(MAX_LANGUAGE_CHECK_CHARACTERS) })
    expect(res.statusCode).toBe(200)
  })

  it('refuses a body that is not a JSON object', async () => {
    const res = await t.app.inject({ method: 'POST', url: URL, headers: { authorization: `Bearer ${r.lead.token}`, 'content-type': 'application/json' }, payload: '["text"]' })
    expect(res.statusCode).toBe(400)
  })

  it('needs a bearer token: without one the answer is 401 and nothing is audited', async () => {
    const none = await t.app.inject({ method: 'POST', url: URL, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x' }) })
    expect(none.statusCode).toBe(401)
    expect(await checkAudit()).toEqual([])
  })

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    const op = doc.paths['/api/v1/language-check'].post
    expect(op.requestBody.content['application/json'].schema.properties.text.type).toBe('string')
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties.issues.items.properties).sort()).toEqual(['category', 'end', 'message', 'start', 'suggestion'])
  })
})
