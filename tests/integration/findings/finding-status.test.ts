// The findings lifecycle: a finding is a draft until the lead reviewer agrees it, agreeing needs a complete
// finding, and any change sends it back to draft.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { StaleEdit } from '../../../server/errors.js'
import { editFinding, EMPTY_FINDING_INPUT, type FindingInput } from '../../../server/services/findings.js'
import { api, auditActions, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const COMPLETE = {
  title: 'What agencies know about a new adult stays in separate places',
  pattern: 'Each agency holds part of the picture about a new partner, and nothing in the system brings it together.',
  inThisCase: 'Housing knew a man had moved in; the assessment recorded the mother as living alone.',
  howWidespread: 'An audit of twenty assessments found the household checked with housing in four.',
  whyItMatters: 'Risk from an adult nobody has assessed stays unseen.',
  typologyCodes: ['MAL-1'],
  boardQuestions: ['How can the board be assured that assessments ask every agency who lives in the home?'],
}

const findingsUrl = () => `/api/v1/reviews/${r.reviewId}/findings`
const row = (id: string) => t.db.selectFrom('findings').select(['status', 'version', 'agreed_by', 'agreed_at', 'pattern']).where('id', '=', id).executeTakeFirstOrThrow()

describe('agreeing findings through the API', () => {
  it('creates findings as drafts and refuses to agree an unfinished one, listing what is missing and changing nothing', async () => {
    const draft = (await api(t, r.lead.token, 'POST', findingsUrl(), { title: 'Health visiting', pattern: 'The health visitor should have seen the child.' })).json()
    expect(draft.status).toBe('draft')
    const before = await row(draft.id)
    const auditBefore = await auditActions(t, r.reviewId)

    const refused = await api(t, r.lead.token, 'POST', `${findingsUrl()}/${draft.id}/agree`)
    expect(refused.statusCode).toBe(409)
    const body = refused.json()
    expect(body.error).toBe('finding-incomplete')
    expect(body.message).toMatch(/cannot be agreed/)
    expect(body.details.map((d: { path: string }) => d.path)).toEqual(['inThisCase', 'howWidespread', 'whyItMatters', 'typologyCodes', 'boardQuestions', 'pattern'])
    expect(body.details.at(-1).message).toMatch(/reword “should have” or dismiss the flag/)
    expect(await row(draft.id)).toEqual(before)
    expect(await auditActions(t, r.reviewId)).toEqual(auditBefore)
  })

  it('agrees a complete finding once its language flag is dismissed with a reason, and audits it', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), { ...COMPLETE, whyItMatters: 'Staff failed to see the risk.' })).json()
    const refused = await api(t, r.lead.token, 'POST', `${findingsUrl()}/${created.id}/agree`, { version: created.version })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().details).toEqual([{ path: 'whyItMatters', message: 'Why it matters: reword “failed to” or dismiss the flag with a reason' }])

    const key = created.languageIssues[0].key
    const lead = await signIn(t.app, r.lead.user.email)
    await lead.get(`/reviews/${r.reviewId}/findings/${created.id}`)
    expect((await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/language/dismiss`, { key, reason: 'Quoting the agency’s own report' })).statusCode).toBe(303)

    // Only the lead reviewer agrees.
    expect((await api(t, r.team.token, 'POST', `${findingsUrl()}/${created.id}/agree`)).statusCode).toBe(403)
    const agreed = await api(t, r.lead.token, 'POST', `${findingsUrl()}/${created.id}/agree`, { version: created.version })
    expect(agreed.statusCode).toBe(200)
    expect(agreed.json()).toMatchObject({ id: created.id, status: 'agreed', agreedBy: r.lead.user.name, version: created.version + 1 })
    expect(await row(created.id)).toMatchObject({ status: 'agreed', agreed_by: r.lead.user.id, agreed_at: t.clock.now().toISOString() })
    expect((await auditActions(t, r.reviewId)).filter((a) => a === 'finding.agree')).toHaveLength(1)
    const list = (await api(t, r.team.token, 'GET', findingsUrl())).json().findings
    expect(list.map((f: { status: string }) => f.status)).toEqual(['agreed'])
  })

  it('refuses to agree from a stale version (409), changing nothing', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), COMPLETE)).json()
    await editFinding(t.ctx, r.team.actor, r.reviewId, created.id, { ...EMPTY_FINDING_INPUT, ...COMPLETE }, created.version)
    const stale = await api(t, r.lead.token, 'POST', `${findingsUrl()}/${created.id}/agree`, { version: created.version })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error).toBe('stale-edit')
    expect(await row(created.id)).toMatchObject({ status: 'draft', version: created.version + 1 })
  })

  it('returns an agreed finding to draft when it is changed, and says so in the audit', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), COMPLETE)).json()
    expect((await api(t, r.lead.token, 'POST', `${findingsUrl()}/${created.id}/agree`)).statusCode).toBe(200)
    const { version } = await row(created.id)
    await editFinding(t.ctx, r.team.actor, r.reviewId, created.id, { ...EMPTY_FINDING_INPUT, ...COMPLETE, pattern: 'Changed words.' }, version)
    expect(await row(created.id)).toMatchObject({ status: 'draft', agreed_by: null, agreed_at: null, pattern: 'Changed words.' })
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'finding.update').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details!)).toMatchObject({ returnedToDraft: true })
  })

  it('shows the board chair agreed findings only, in the list and the finding page', async () => {
    const draft = (await api(t, r.lead.token, 'POST', findingsUrl(), { title: 'An unfinished draft' })).json()
    const done = (await api(t, r.lead.token, 'POST', findingsUrl(), COMPLETE)).json()
    await api(t, r.lead.token, 'POST', `${findingsUrl()}/${done.id}/agree`)
    const chairList = (await api(t, r.boardChair.token, 'GET', findingsUrl())).json().findings
    expect(chairList.map((f: { id: string }) => f.id)).toEqual([done.id])
    const chair = await signIn(t.app, r.boardChair.user.email)
    const page = await chair.get(`/reviews/${r.reviewId}/findings`)
    expect(page.body).toContain(COMPLETE.title)
    expect(page.body).not.toContain('An unfinished draft')
    expect((await chair.get(`/reviews/${r.reviewId}/findings/${draft.id}`)).statusCode).toBe(404)
    expect((await chair.get(`/reviews/${r.reviewId}/findings/${done.id}`)).statusCode).toBe(200)
  })
})

describe('agreeing findings on the finding page', () => {
  it('offers the lead reviewer “Agree this finding”, lists what is missing when refused, and shows the status as a tag', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), { ...COMPLETE, boardQuestions: [] })).json()
    const team = await signIn(t.app, r.team.user.email)
    expect((await team.get(`/reviews/${r.reviewId}/findings/${created.id}`)).body).not.toContain('Agree this finding')

    const lead = await signIn(t.app, r.lead.user.email)
    const shown = await lead.get(`/reviews/${r.reviewId}/findings/${created.id}`)
    expect(shown.body).toContain('Agree this finding')
    expect(shown.body).toContain('govuk-tag govuk-tag--grey">Draft')
    expect((await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/agree`, { version: String(created.version) }, { csrf: false })).statusCode).toBe(403)

    const refused = await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/agree`, { version: String(created.version) })
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('This finding cannot be agreed yet')
    expect(refused.body).toContain(`href="/reviews/${r.reviewId}/findings/${created.id}/edit#boardQuestions"`)
    expect(refused.body).toContain('Ask the board at least one question about this finding')
    expect((await row(created.id)).status).toBe('draft')

    const edit = await lead.get(`/reviews/${r.reviewId}/findings/${created.id}/edit`)
    expect(edit.statusCode).toBe(200)
    const saved = await lead.post(`/reviews/${r.reviewId}/findings/${created.id}`, {
      kind: 'systemic', title: COMPLETE.title, pattern: COMPLETE.pattern, inThisCase: COMPLETE.inThisCase, howWidespread: COMPLETE.howWidespread,
      whyItMatters: COMPLETE.whyItMatters, systemLevel: '', typologyCodes: COMPLETE.typologyCodes, boardQuestions: COMPLETE.boardQuestions[0]!, version: String(created.version),
    })
    expect(saved.statusCode).toBe(303)
    await lead.get(`/reviews/${r.reviewId}/findings/${created.id}`)
    const agreed = await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/agree`, { version: String(created.version + 1) })
    expect(agreed.statusCode).toBe(303)
    const list = await lead.get(`/reviews/${r.reviewId}/findings`)
    expect(list.body).toContain('govuk-tag govuk-tag--green">Agreed')
    const editAgreed = await lead.get(`/reviews/${r.reviewId}/findings/${created.id}/edit`)
    expect(editAgreed.body).toContain('Saving a change returns it to draft')
  })
})

describe('two saves from the same version', () => {
  it('lets exactly one succeed, by the UPDATE itself, and the database holds the winner', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), COMPLETE)).json()
    const input = (pattern: string): FindingInput => ({ ...EMPTY_FINDING_INPUT, ...COMPLETE, pattern })
    const results = await Promise.allSettled([
      editFinding(t.ctx, r.lead.actor, r.reviewId, created.id, input('First writer'), created.version),
      editFinding(t.ctx, r.team.actor, r.reviewId, created.id, input('Second writer'), created.version),
    ])
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected')!
    expect(failed.reason).toBeInstanceOf(StaleEdit)
    expect(failed.reason.message).toMatch(/Someone else saved this finding/)
    const saved = await row(created.id)
    expect(saved.version).toBe(created.version + 1)
    expect(['First writer', 'Second writer']).toContain(saved.pattern)
    expect((await auditActions(t, r.reviewId)).filter((a) => a === 'finding.update')).toHaveLength(1)
  })
})
