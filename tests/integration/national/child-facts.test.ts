// The review pages collect the facts return format v2 carries (issue 16): the child, the harm and the household
// on their own page (linked from the scope page and the rapid review) and by API, national attention and the
// publication date on the national return page; the return is built from them, and the national store counts them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NationalReturn } from '../../../methodology/national/return-format.js'
import { signIn } from '../../support/browser-agent.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { createReview } from '../../../server/services/reviews.js'
import { actorOf, addFinding, getJson, setUpReview, type ReviewSetup } from './national-support.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const GOOD = {
  sex: 'female', ethnicity: 'black', disability: 'not-disabled', ageBand: '16-17', lookedAfter: 'looked-after',
  socialCareStatus: 'child-in-need', harmType: 'extra-familial-harm', riskFactors: ['domestic-abuse', 'parental-mental-ill-health'],
}

async function preview(setup: ReviewSetup): Promise<NationalReturn> {
  const res = await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as NationalReturn
}

async function putFacts(setup: ReviewSetup, body: unknown) {
  return t.app.inject({
    method: 'PUT', url: `/api/v1/reviews/${setup.reviewId}/child-facts`, payload: JSON.stringify(body),
    headers: { authorization: `Bearer ${setup.leadToken}`, 'content-type': 'application/json' },
  })
}

async function addChild(setup: ReviewSetup, dateOfBirth: string): Promise<void> {
  const at = t.clock.now().toISOString()
  await t.db.insertInto('persons').values({
    id: `child-${setup.reviewId}`, review_id: setup.reviewId, real_name: 'Ava Testchild', role: 'Subject child', pseudonym: 'Child M', date_of_birth: dateOfBirth,
    nhs_number: null, address: null, postcode: null, phone: null, created_at: at, updated_at: at,
  }).execute()
}

describe('collecting the national facts on the review', () => {
  it('records the child, the harm and the household from the page the scope page links to, and the return carries them', async () => {
    const setup = await setUpReview(t)
    const agent = await signIn(t.app, setup.lead.email)
    const scope = await agent.get(`/reviews/${setup.reviewId}/scope`)
    expect(scope.body).toContain(`/reviews/${setup.reviewId}/child-facts?from=scope`)
    const page = await agent.get(`/reviews/${setup.reviewId}/child-facts?from=scope`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Nothing is recorded yet')
    expect(page.body).toContain('Black, Black British, Black Welsh, Caribbean or African')
    // Nothing recorded: the version 1 band (1-4) carries over as 1 to 5, everything else is not known.
    expect((await preview(setup)).review).toMatchObject({ child: { ageBand: '1-5', sex: 'not-known' }, harmType: 'not-known', householdRiskFactors: ['not-known'] })

    const saved = await agent.post(`/reviews/${setup.reviewId}/child-facts`, { ...GOOD, ageBand: '1-5', from: 'scope' })
    expect(saved.statusCode, saved.body).toBe(303)
    expect(saved.headers.location).toBe(`/reviews/${setup.reviewId}/scope`)
    const row = await t.db.selectFrom('review_child_facts').selectAll().where('review_id', '=', setup.reviewId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ sex: 'female', ethnicity: 'black', age_band: '1-5', harm_type: 'extra-familial-harm', updated_by: setup.lead.id })
    expect(JSON.parse(row.risk_factors)).toEqual(['domestic-abuse', 'parental-mental-ill-health'])
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'review.child-facts.update').execute()).toHaveLength(1)

    const document = await preview(setup)
    expect(document.formatVersion).toBe(2)
    expect(document.review).toMatchObject({
      child: { sex: 'female', ethnicity: 'black', disability: 'not-disabled', ageBand: '1-5', lookedAfter: 'looked-after', socialCareStatus: 'child-in-need' },
      harmType: 'extra-familial-harm', householdRiskFactors: ['domestic-abuse', 'parental-mental-ill-health'],
    })
    // The return page and its confirmation show them.
    const returnPage = await agent.get(`/reviews/${setup.reviewId}/national-return`)
    expect(returnPage.body).toContain('Extra-familial harm')
    expect(returnPage.body).toContain('Parental mental ill-health')
    expect((await agent.get(`/reviews/${setup.reviewId}/national-return/confirm`)).body).toContain('Child in need (no protection plan)')
  })

  it('refuses an age band the child’s date of birth and the incident date contradict, naming the field, and saves nothing', async () => {
    const setup = await setUpReview(t)
    // Incident 2021-09-14: born 2005-01-02, the child was 16.
    await addChild(setup, '2005-01-02')
    const agent = await signIn(t.app, setup.lead.email)
    const refused = await agent.post(`/reviews/${setup.reviewId}/child-facts`, { ...GOOD, ageBand: '11-15' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('the band is 16 and over (under 18), not 11 to 15')
    expect(refused.body).toContain('href="#ageBand"')
    expect(await t.db.selectFrom('review_child_facts').selectAll().execute()).toEqual([])
    // Not recorded: the band comes from the dates.
    expect((await preview(setup)).review.child.ageBand).toBe('16-17')
    expect((await agent.post(`/reviews/${setup.reviewId}/child-facts`, GOOD)).statusCode).toBe(303)
  })

  it('reads and records the facts by API, refusing an unknown category or a contradiction with 400 naming the field', async () => {
    const setup = await setUpReview(t)
    const read = await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/child-facts`)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ sex: 'not-known', ageBand: '1-5', riskFactors: ['not-known'], recordedOn: 'not-recorded' })
    const bad = await putFacts(setup, { ...GOOD, ethnicity: 'martian', riskFactors: ['none-identified', 'domestic-abuse'] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([
      { path: 'ethnicity', message: 'Choose the child’s ethnic group from the list' },
      { path: 'riskFactors', message: 'Choose “None identified” or “Not known” on its own, not with risk factors' },
    ])
    const infant = await putFacts(setup, { ...GOOD, harmType: 'sudden-unexpected-infant-death' })
    expect(infant.statusCode).toBe(400)
    expect(infant.json().details).toEqual([{ path: 'harmType', message: expect.stringContaining('sudden unexpected infant death is of a child under 2') }])
    expect(await t.db.selectFrom('review_child_facts').selectAll().execute()).toEqual([])
    const ok = await putFacts(setup, { sex: 'male' })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json()).toMatchObject({ sex: 'male', ethnicity: 'not-known', riskFactors: ['not-known'], recordedOn: 'this-review' })
  })

  it('marks findings for national attention and records the publication date on the return page; the return carries them and the board actions', async () => {
    const setup = await setUpReview(t)
    const first = await addFinding(t, setup.lead, setup.reviewId, { title: 'Plans that do not drive change', pattern: 'Plans are vague.', typologyCodes: ['MAL-2'] })
    await addFinding(t, setup.lead, setup.reviewId, { title: 'Thresholds unclear', pattern: 'Settings are unsure.', typologyCodes: ['MGT-5'] })
    const at = t.clock.now().toISOString()
    const action = (id: string, status: 'done' | 'in-progress', due: string) => ({
      id, review_id: setup.reviewId, finding_id: first, action: 'Audit plans', owner_agency: 'Police', owner_role: 'Lead', due_date: due, success_measure: 'Better plans',
      status, completion_evidence: status === 'done' ? 'Audit done' : null, completed_on: status === 'done' ? '2020-01-01' : null, created_by: setup.lead.id, created_at: at, updated_at: at, version: 1,
    })
    await t.db.insertInto('board_actions').values([action('a1', 'done', '2020-01-01'), action('a2', 'in-progress', '2020-01-01'), action('a3', 'in-progress', '2999-01-01')]).execute()
    const agent = await signIn(t.app, setup.lead.email)
    const page = await agent.get(`/reviews/${setup.reviewId}/national-return`)
    expect(page.body).toContain('Issues needing national attention')
    expect((await agent.post(`/reviews/${setup.reviewId}/national-return/attention`, { nationalAttention: ['not-a-finding'] })).statusCode).toBe(400)
    expect((await agent.post(`/reviews/${setup.reviewId}/national-return/attention`, { nationalAttention: [first] })).statusCode).toBe(303)
    const future = await agent.post(`/reviews/${setup.reviewId}/national-return`, { publishedReport: '', 'publishedOn-day': '1', 'publishedOn-month': '1', 'publishedOn-year': '2999' })
    expect(future.statusCode).toBe(400)
    expect(future.body).toContain('Date the report was published must be today or in the past')
    // Decision Thursday 2021-10-07 to publication Thursday 2022-04-07: 26 weeks of 5 working days, less the
    // 27 and 28 December and 3 January bank holidays.
    expect((await agent.post(`/reviews/${setup.reviewId}/national-return`, { publishedReport: '', 'publishedOn-day': '7', 'publishedOn-month': '4', 'publishedOn-year': '2022' })).statusCode).toBe(303)
    const document = await preview(setup)
    expect(document.findings.map((f) => [f.ref, f.nationalAttention, f.findingType, f.boardActions])).toEqual([
      ['F1', true, 'area-for-improvement', { 'not-started': 0, 'in-progress': 1, done: 1, overdue: 1 }],
      ['F2', false, 'area-for-improvement', null],
    ])
    expect(document.review.timeliness.decisionToPublication).toBe(127)
  })

  it('refuses to submit (400) a return whose recorded age band the review’s dates now contradict, naming the field, and sends nothing', async () => {
    const setup = await setUpReview(t)
    expect((await putFacts(setup, { ...GOOD, ageBand: '1-5' })).statusCode).toBe(200)
    // The child's date of birth is added to the register afterwards: she was 16 at the incident.
    await addChild(setup, '2005-01-02')
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/reviews/${setup.reviewId}/national-return/submit`, payload: '{}',
      headers: { authorization: `Bearer ${setup.leadToken}`, 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'inconsistent-facts', details: [{ path: 'review.child.ageBand', message: expect.stringContaining('not 1 to 5') }] })
    expect(await t.db.selectFrom('national_returns_sent').selectAll().execute()).toEqual([])
    expect(await t.db.selectFrom('national_returns').selectAll().execute()).toEqual([])
    const agent = await signIn(t.app, setup.lead.email)
    expect((await agent.get(`/reviews/${setup.reviewId}/national-return`)).body).toContain('a recorded fact contradicts the review’s dates')
  })

  it('gives a local review the facts recorded on the rapid review it started from, and the rapid review’s dates for timeliness', async () => {
    const setup = await setUpReview(t)
    const rapid = await createReview(t.ctx, actorOf(setup.lead), {
      title: 'Rapid review', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child M', methodology: 'rapid-review',
      periodFrom: '2020-10-01', periodTo: '2021-09-30', incidentDate: '2021-09-14', notificationDate: '2021-09-16', decisionDate: '',
      region: 'East Midlands', childAgeBand: '', harmCategory: 'serious-harm',
    })
    await t.db.insertInto('rapid_reviews').values({
      review_id: rapid.id, became_aware_on: '2021-09-14', decision: 'lcspr', decision_on: '2021-10-05', sent_to_panel_on: '2021-10-05',
      panel_response_on: null, panel_response: null, local_review_id: setup.reviewId, updated_at: t.clock.now().toISOString(), updated_by: setup.lead.id,
    }).execute()
    const agent = await signIn(t.app, setup.lead.email)
    expect((await agent.get(`/reviews/${rapid.id}/rapid-review/facts`)).body).toContain(`/reviews/${rapid.id}/child-facts?from=rapid-review`)
    const saved = await agent.post(`/reviews/${rapid.id}/child-facts`, { ...GOOD, ageBand: '1-5', from: 'rapid-review' })
    expect(saved.statusCode, saved.body).toBe(303)
    expect(saved.headers.location).toBe(`/reviews/${rapid.id}/rapid-review`)
    const page = await agent.get(`/reviews/${setup.reviewId}/child-facts`)
    expect(page.body).toContain('These are the facts recorded on the rapid review this review started from')
    const document = await preview(setup)
    expect(document.review).toMatchObject({ child: { sex: 'female', ageBand: '1-5' }, harmType: 'extra-familial-harm' })
    // Aware Tuesday 14 September, notified Thursday 16th (2 working days); rapid review sent Tuesday 5 October (13).
    expect(document.review.timeliness).toEqual({ awarenessToNotification: 2, notificationToRapidReview: 13, decisionToPublication: null })
  })
})
