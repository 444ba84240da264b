import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const FORM = {
  title: 'Learning review: Child M', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child M', methodology: 'learning-together',
  'periodFrom-day': '1', 'periodFrom-month': '10', 'periodFrom-year': '2020', 'periodTo-day': '30', 'periodTo-month': '9', 'periodTo-year': '2021',
  'notificationDate-day': '16', 'notificationDate-month': '9', 'notificationDate-year': '2021',
}

async function createViaForm(agent: Agent, overrides: Record<string, string> = {}) {
  await agent.get('/reviews/new')
  return agent.post('/reviews/new', { ...FORM, ...overrides })
}

/** Records when the partnership became aware (a date after the test clock's today, so written directly). */
async function becameAware(reviewId: string, date: string) {
  await t.db.insertInto('rapid_reviews').values({ review_id: reviewId, became_aware_on: date, updated_at: '2026-03-02T10:00:00.000Z' }).execute()
}

async function api(token: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined })
}

describe('setting up a review', () => {
  it('creates a review from the form; the creator becomes lead reviewer; it is audited', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const res = await createViaForm(agent)
    expect(res.statusCode).toBe(303)
    const reviewId = String(res.headers.location).split('/').pop()!
    const review = await t.db.selectFrom('reviews').selectAll().where('id', '=', reviewId).executeTakeFirstOrThrow()
    expect(review).toMatchObject({ title: FORM.title, period_from: '2020-10-01', period_to: '2021-09-30', notification_date: '2021-09-16', methodology: 'learning-together' })
    const member = await t.db.selectFrom('review_members').selectAll().where('review_id', '=', reviewId).executeTakeFirstOrThrow()
    expect(member).toMatchObject({ user_id: lead.id, role: 'lead-reviewer' })
    expect(await t.db.selectFrom('audit_log').select('action').where('review_id', '=', reviewId).execute()).toEqual([{ action: 'review.create' }])
    const overview = await agent.get(`/reviews/${reviewId}`)
    expect(overview.body).toContain('Scoping and research questions')
    expect(overview.body).toContain('govuk-task-list')
    // Learning Together's report clock starts at the decision to review, which is not recorded yet.
    expect(overview.body).toContain('6 months from the decision to review')
    expect(overview.body).toContain('the clock starts when the date it counts from is recorded')
  })

  it('refuses a period that ends before it starts, an impossible date and an unknown methodology, naming each field and saving nothing', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const res = await createViaForm(agent, { methodology: 'crystal-ball', 'periodTo-year': '2019', 'notificationDate-day': '31', 'notificationDate-month': '2' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#methodology"')
    expect(res.body).toContain('The end of the review period must be on or after its start')
    expect(res.body).toContain('Date of notification must be a real date')
    expect(res.body).toContain('value="Learning review: Child M"') // input kept
    expect(await t.db.selectFrom('reviews').select('id').execute()).toHaveLength(0)
  })

  it('lets only reviewers and administrators set up reviews', async () => {
    const board = await addUser(t, 'board')
    const agent = await signIn(t.app, board.email)
    expect((await agent.get('/reviews/new')).statusCode).toBe(403)
  })

  it('creates a review through the API per the contract and reports stages', async () => {
    const lead = await addUser(t, 'reviewer')
    const { token } = await createApiToken(t.ctx, systemActor, lead.email, 'x')
    const created = await api(token, 'POST', '/api/v1/reviews', { title: 'Rapid review: Child P', methodology: 'rapid-review', subject: { pseudonym: 'Child P' }, reviewPeriod: { from: '2021-01-01', to: '2021-06-30' } })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    const read = await api(token, 'GET', `/api/v1/reviews/${id}`)
    expect(read.statusCode).toBe(200)
    const body = read.json()
    expect(body.stage).toMatchObject({ key: 'agency-facts' })
    expect(body.stages.map((s: { key: string }) => s.key)).toEqual(['agency-facts', 'immediate-learning', 'decision', 'send-to-panel'])
    expect(body.stages.every((s: { status: string }) => ['not-started', 'in-progress', 'ready', 'complete'].includes(s.status))).toBe(true)
    expect((await api(token, 'GET', '/api/v1/reviews')).json().reviews.map((r: { id: string }) => r.id)).toEqual([id])
    const bad = await api(token, 'POST', '/api/v1/reviews', { title: 'X', methodology: 'learning-together', subject: { pseudonym: 'Child X' }, reviewPeriod: { from: '2021-06-30', to: '2021-01-01' } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toContainEqual({ path: 'reviewPeriod.to', message: 'The end of the review period must be on or after its start' })
    const unknown = await api(token, 'POST', '/api/v1/reviews', { title: 'X', methodology: 'magic', subject: { pseudonym: 'Child X' }, reviewPeriod: { from: '2021-01-01', to: '2021-06-30' } })
    expect(unknown.statusCode).toBe(400)
  })
})

describe('membership', () => {
  async function setUp() {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const res = await createViaForm(agent)
    const reviewId = String(res.headers.location).split('/').pop()!
    await agent.get(`/reviews/${reviewId}/members`)
    return { lead, agent, reviewId }
  }

  it('adds members in each role; a case group member needs an agency; nobody is added twice', async () => {
    const { agent, reviewId } = await setUp()
    const hv = await addUser(t, 'reviewer')
    const chair = await addUser(t, 'board')
    const noAgency = await agent.post(`/reviews/${reviewId}/members`, { email: hv.email, role: 'case-group', agency: '' })
    expect(noAgency.statusCode).toBe(400)
    expect(noAgency.body).toContain('Enter the agency a case group member works for')
    expect((await agent.post(`/reviews/${reviewId}/members`, { email: hv.email, role: 'case-group', agency: 'Health Visiting' })).statusCode).toBe(303)
    expect((await agent.post(`/reviews/${reviewId}/members`, { email: chair.email, role: 'board-chair', agency: '' })).statusCode).toBe(303)
    const twice = await agent.post(`/reviews/${reviewId}/members`, { email: hv.email, role: 'review-team', agency: '' })
    expect(twice.statusCode).toBe(400)
    expect(twice.body).toContain('is already a member of this review')
    const members = await t.db.selectFrom('review_members').select(['user_id', 'role', 'agency']).where('review_id', '=', reviewId).execute()
    expect(members).toHaveLength(3)
    expect(members).toContainEqual({ user_id: hv.id, role: 'case-group', agency: 'Health Visiting' })
  })

  it('refuses national analysts and unknown emails as members', async () => {
    const { agent, reviewId } = await setUp()
    const national = await addUser(t, 'national')
    expect((await agent.post(`/reviews/${reviewId}/members`, { email: national.email, role: 'review-team', agency: '' })).body).toContain('National analysts see only anonymised national data')
    expect((await agent.post(`/reviews/${reviewId}/members`, { email: 'who@example.org', role: 'review-team', agency: '' })).body).toContain('There is no user with that email address')
  })

  it('never removes or demotes the last lead reviewer', async () => {
    const { lead, agent, reviewId } = await setUp()
    const removed = await agent.post(`/reviews/${reviewId}/members/${lead.id}/remove`)
    expect(removed.statusCode).toBe(409)
    expect(removed.body).toContain('A review always needs a lead reviewer')
    const demoted = await agent.post(`/reviews/${reviewId}/members/${lead.id}/role`, { role: 'review-team', agency: '' })
    expect(demoted.statusCode).toBe(409)
    expect((await t.db.selectFrom('review_members').select('role').where('user_id', '=', lead.id).executeTakeFirstOrThrow()).role).toBe('lead-reviewer')
    // With a second lead reviewer, the first can step back.
    const other = await addUser(t, 'reviewer')
    await agent.post(`/reviews/${reviewId}/members`, { email: other.email, role: 'lead-reviewer', agency: '' })
    expect((await agent.post(`/reviews/${reviewId}/members/${lead.id}/role`, { role: 'review-team', agency: '' })).statusCode).toBe(303)
  })

  it('hides a review from non-members (404) and gives administrators its details and members only', async () => {
    const { reviewId } = await setUp()
    const outsider = await addUser(t, 'reviewer')
    const outsiderAgent = await signIn(t.app, outsider.email)
    expect((await outsiderAgent.get(`/reviews/${reviewId}`)).statusCode).toBe(404)
    expect((await outsiderAgent.get('/')).body).not.toContain('Child M')
    const admin = await addUser(t, 'admin')
    const adminAgent = await signIn(t.app, admin.email)
    expect((await adminAgent.get(`/reviews/${reviewId}`)).statusCode).toBe(200)
    expect((await adminAgent.get(`/reviews/${reviewId}/members`)).statusCode).toBe(200)
    expect((await adminAgent.get(`/reviews/${reviewId}/scope`)).statusCode).toBe(403)
    expect((await adminAgent.get('/')).body).toContain('Other reviews on this instance')
  })

  it('adds members through the API', async () => {
    const { lead, reviewId } = await setUp()
    const team = await addUser(t, 'reviewer')
    const { token } = await createApiToken(t.ctx, systemActor, lead.email, 'x')
    const res = await api(token, 'POST', `/api/v1/reviews/${reviewId}/members`, { email: team.email, role: 'review-team' })
    expect(res.statusCode).toBe(201)
    const again = await api(token, 'POST', `/api/v1/reviews/${reviewId}/members`, { email: team.email, role: 'review-team' })
    expect(again.statusCode).toBe(400)
    expect(again.json().details[0]).toMatchObject({ path: 'email' })
  })
})

describe('stages', () => {
  it('lets the lead reviewer move on with failing checks only with a reason, recorded in the audit', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const reviewId = String((await createViaForm(agent)).headers.location).split('/').pop()!
    const stagePage = await agent.get(`/reviews/${reviewId}/stages/scoping`)
    expect(stagePage.body).toContain('Readiness checks')
    expect(stagePage.body).toContain('Not yet')
    const noReason = await agent.post(`/reviews/${reviewId}/stages/scoping/complete`, { overrideReason: '  ' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('To move on anyway, give your reason')
    expect(await t.db.selectFrom('stage_records').selectAll().execute()).toHaveLength(0)
    const withReason = await agent.post(`/reviews/${reviewId}/stages/scoping/complete`, { overrideReason: 'Research questions agreed verbally with the board; to be written up next week.' })
    expect(withReason.statusCode).toBe(303)
    const record = await t.db.selectFrom('stage_records').selectAll().executeTakeFirstOrThrow()
    expect(record).toMatchObject({ stage_key: 'scoping', completed_by: lead.id, override_reason: 'Research questions agreed verbally with the board; to be written up next week.' })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'stage.complete.override').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details).reason).toContain('agreed verbally')
    const overview = await agent.get(`/reviews/${reviewId}`)
    expect(overview.body).toContain('Completed with checks not passed: reason recorded')
  })

  it('refuses stage completion by the review team', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const reviewId = String((await createViaForm(agent)).headers.location).split('/').pop()!
    const team = await addUser(t, 'reviewer')
    await agent.get(`/reviews/${reviewId}/members`)
    await agent.post(`/reviews/${reviewId}/members`, { email: team.email, role: 'review-team', agency: 'Police' })
    const teamAgent = await signIn(t.app, team.email)
    await teamAgent.get(`/reviews/${reviewId}/stages/scoping`)
    expect((await teamAgent.post(`/reviews/${reviewId}/stages/scoping/complete`, { overrideReason: 'please' })).statusCode).toBe(403)
  })

  it('marks scoping ready once its checks pass, then complete without a reason', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const reviewId = String((await createViaForm(agent, { 'decisionDate-day': '7', 'decisionDate-month': '10', 'decisionDate-year': '2021' })).headers.location).split('/').pop()!
    await agent.get(`/reviews/${reviewId}/scope`)
    await agent.post(`/reviews/${reviewId}/scope`, { scope: 'The review covers October 2020 to September 2021 and the work of eight agencies.', boardLinkName: 'P. Shah', boardLinkRole: 'Business manager', familyInvitedOn: '', familyViews: '' })
    for (const q of ['How do agencies share what they know about a new adult?', 'How do risk tools support judgement?']) await agent.post(`/reviews/${reviewId}/questions`, { question: q })
    const page = await agent.get(`/reviews/${reviewId}/stages/scoping`)
    expect(page.body).not.toContain('Not yet')
    expect(page.body).toContain('Mark this stage complete')
    expect((await agent.post(`/reviews/${reviewId}/stages/scoping/complete`, {})).statusCode).toBe(303)
    const record = await t.db.selectFrom('stage_records').selectAll().executeTakeFirstOrThrow()
    expect(record.override_reason).toBeNull()
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'stage.complete').execute()).toHaveLength(1)
  })

  it('works out a deadline after the bank holiday data and marks it provisional, on the page and in the API', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const late = { methodology: 'rapid-review', 'notificationDate-day': '1', 'notificationDate-month': '9', 'notificationDate-year': '2028' }
    const reviewId = String((await createViaForm(agent, late)).headers.location).split('/').pop()!
    await becameAware(reviewId, '2028-09-01')
    // 1 September 2028 + 15 working days (no bank holiday in the way) = 22 September 2028.
    const overview = await agent.get(`/reviews/${reviewId}`)
    expect(overview.body).toContain('by 22 September 2028')
    expect(overview.body).toContain('Provisional')
    expect(overview.body).toContain('has published bank holidays up to 2027 only')
    const token = (await createApiToken(t.ctx, systemActor, lead.email, 'test')).token
    const json = (await api(token, 'GET', `/api/v1/reviews/${reviewId}`)).json() as { clocks: Array<{ key: string; due: string; provisional: boolean }> }
    expect(json.clocks.find((c) => c.key === 'rapid-review')).toMatchObject({ due: '2028-09-22', provisional: true })

    const firm = String((await createViaForm(agent, { methodology: 'rapid-review' })).headers.location).split('/').pop()!
    await becameAware(firm, '2021-09-16')
    const firmPage = await agent.get(`/reviews/${firm}`)
    expect(firmPage.body).toContain('by 7 October 2021')
    expect(firmPage.body).not.toContain('Provisional')
  })

  it('shows the final report clock, 7 working days before the planned publication, with its source, and refuses a report sent after publication', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const reviewId = String((await createViaForm(agent, { 'decisionDate-day': '7', 'decisionDate-month': '10', 'decisionDate-year': '2021' })).headers.location).split('/').pop()!
    await agent.get(`/reviews/${reviewId}/details`)
    const planned = { 'decisionDate-day': '7', 'decisionDate-month': '10', 'decisionDate-year': '2021', 'publicationPlannedOn-day': '9', 'publicationPlannedOn-month': '4', 'publicationPlannedOn-year': '2027' }
    const late = await agent.post(`/reviews/${reviewId}/details`, { ...FORM, ...planned, 'finalReportSentOn-day': '12', 'finalReportSentOn-month': '4', 'finalReportSentOn-year': '2027' })
    expect(late.statusCode).toBe(400)
    expect(late.body).toContain('cannot be after the planned publication')
    expect((await agent.post(`/reviews/${reviewId}/details`, { ...FORM, ...planned })).statusCode).toBe(303)
    const overview = await agent.get(`/reviews/${reviewId}`)
    // Friday 9 April 2027 less 7 working days (8, 7, 6, 5, 2 and 1 April, then 31 March): 31 March 2027.
    expect(overview.body).toContain('Send the final report to the national panel and the Department for Education')
    expect(overview.body).toContain('by 31 March 2027')
    expect(overview.body).toContain('at least 7 working days before it is published')
  })

  it('counts the rapid review clock from the date the partnership became aware', async () => {
    const lead = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, lead.email)
    const reviewId = String((await createViaForm(agent, { methodology: 'rapid-review' })).headers.location).split('/').pop()!
    expect((await agent.get(`/reviews/${reviewId}`)).body).not.toContain('by 7 October 2021')
    await becameAware(reviewId, '2021-09-16')
    // The rapid review is due 15 working days after the partnership became aware: 16 September 2021 + 15 working days = 7 October 2021.
    expect((await agent.get(`/reviews/${reviewId}`)).body).toContain('by 7 October 2021')
  })
})
