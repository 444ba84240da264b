import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { api, auditActions, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const FINDING = {
  title: 'What agencies know about a new adult stays in separate places',
  summary: 'Each agency holds part of the picture about a new partner, and nothing in the system brings it together.',
  inThisCase: 'Housing knew a man had moved in; the assessment recorded the mother as living alone.',
  howWidespread: 'An audit of twenty assessments found the household checked with housing in four.',
  whyItMatters: 'Risk from an adult nobody has assessed stays unseen.',
  typologyCodes: ['MAL-1', 'FPI-4'],
  nodeIds: [],
  boardQuestions: ['How can the board be assured that assessments ask every agency who lives in the home?'],
}

const findingsUrl = () => `/api/v1/reviews/${r.reviewId}/findings`

describe('findings through the API', () => {
  it('creates a finding as a draft without evidence, stores its tags against the current typology version and audits it', async () => {
    const res = await api(t, r.lead.token, 'POST', findingsUrl(), FINDING)
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ title: FINDING.title, summary: FINDING.summary, kind: 'systemic', typologyCodes: ['FPI-4', 'MAL-1'], hasEvidence: false, boardQuestions: FINDING.boardQuestions })
    const tags = await t.db.selectFrom('finding_tags').select(['code', 'typology_version', 'effect']).where('finding_id', '=', body.id).orderBy('code').execute()
    // A systemic finding's tags hinder unless the caller says otherwise.
    expect(tags).toEqual([{ code: 'FPI-4', typology_version: '2.0', effect: 'hinders' }, { code: 'MAL-1', typology_version: '2.0', effect: 'hinders' }])
    const row = await t.db.selectFrom('findings').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ review_id: r.reviewId, pattern: FINDING.summary, created_by: r.lead.user.id })
    const audit = await t.db.selectFrom('audit_log').select(['action', 'object_id', 'details', 'actor_kind']).where('review_id', '=', r.reviewId).where('action', '=', 'finding.create').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ object_id: body.id, actor_kind: 'token' })
    // Audit details hold ids, counts and codes, never the finding's words.
    expect(audit.details).not.toContain('separate places')
  })

  it('refuses tags to unknown codes and explains each, saving nothing', async () => {
    const res = await api(t, r.lead.token, 'POST', findingsUrl(), { ...FINDING, typologyCodes: ['MAL-1', 'ZZZ-9', 'mal-2'] })
    expect(res.statusCode).toBe(400)
    const messages = res.json().details.map((d: { message: string }) => d.message)
    expect(messages).toContain('ZZZ-9 is not a code in typology version 2.0')
    expect(messages).toContain('mal-2 is not a code in typology version 2.0')
    expect(await t.db.selectFrom('findings').select('id').execute()).toEqual([])
  })

  it('reports the summary field by its API name when a board question is an instruction, and the language issues of what was saved', async () => {
    const bad = await api(t, r.lead.token, 'POST', findingsUrl(), { ...FINDING, boardQuestions: ['The board should make sure housing is asked.'] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([expect.objectContaining({ path: 'boardQuestions', message: expect.stringContaining('ending with a question mark') })])

    const flagged = await api(t, r.lead.token, 'POST', findingsUrl(), {
      ...FINDING,
      summary: 'The social worker failed to ask housing who lived there. The nurse wrote: "we should have called".',
    })
    expect(flagged.statusCode).toBe(201)
    const list = await api(t, r.team.token, 'GET', findingsUrl())
    expect(list.statusCode).toBe(200)
    const [finding] = list.json().findings
    const issues = finding.languageIssues
    // "failed to" is the reviewer's own judgement; the quoted words are evidence and are left alone.
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ field: 'pattern', phrase: 'failed to', category: 'blame', dismissed: false })
    expect(issues[0].suggestion).not.toBe('')
  })

  it('gives the board chair the findings and questions but not the evidence links', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), FINDING)).json()
    expect((await api(t, r.lead.token, 'POST', `${findingsUrl()}/${created.id}/agree`)).statusCode).toBe(200)
    const asBoard = await api(t, r.boardChair.token, 'GET', findingsUrl())
    expect(asBoard.statusCode).toBe(200)
    const [finding] = asBoard.json().findings
    expect(finding.boardQuestions).toEqual(FINDING.boardQuestions)
    expect(finding).not.toHaveProperty('nodeIds')
    expect(finding).not.toHaveProperty('evidence')
    const asTeam = (await api(t, r.team.token, 'GET', findingsUrl())).json().findings[0]
    expect(asTeam.nodeIds).toEqual([])
  })

  it('lets reviewers write findings, the board chair read them, and keeps the case group and outsiders out', async () => {
    expect((await api(t, r.team.token, 'POST', findingsUrl(), FINDING)).statusCode).toBe(201)
    expect((await api(t, r.boardChair.token, 'POST', findingsUrl(), FINDING)).statusCode).toBe(403)
    expect((await api(t, r.caseGroup.token, 'POST', findingsUrl(), FINDING)).statusCode).toBe(403)
    expect((await api(t, r.caseGroup.token, 'GET', findingsUrl())).statusCode).toBe(403)
    expect((await api(t, r.outsider.token, 'GET', findingsUrl())).statusCode).toBe(404)
    expect(await t.db.selectFrom('findings').select('id').execute()).toHaveLength(1)
  })
})

describe('findings through the pages', () => {
  it('writes, shows, edits and deletes a finding; keeps answered questions; the language check runs on re-render', async () => {
    const agent = await signIn(t.app, r.lead.user.email)
    const form = await agent.get(`/reviews/${r.reviewId}/findings/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('language-check.js')

    // Bad input: no title, a retired-looking unknown code; the words typed are kept and checked.
    const bad = await agent.post(`/reviews/${r.reviewId}/findings`, {
      kind: 'systemic', title: '', pattern: 'Obviously the plan must change.', typologyCodes: ['XYZ'], boardQuestions: '',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#title"')
    expect(bad.body).toContain('XYZ is not a code in typology version 2.0')
    expect(bad.body).toContain('Obviously the plan must change.')
    expect(bad.body).toContain('app-language-issue__phrase">Obviously</mark>')

    const created = await agent.post(`/reviews/${r.reviewId}/findings`, {
      kind: 'systemic', title: 'Risk scores work as cut-offs', pattern: 'The checklist counts answers given with children nearby.',
      inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: 'agency-management', typologyCodes: ['TLS-3'],
      researchQuestionIds: [r.questionIds[1]!], boardQuestions: 'How often is professional judgement used?\nWhat makes it hard on a busy shift?',
    })
    expect(created.statusCode).toBe(303)
    const findingId = String(created.headers.location).split('/').pop()!
    const shown = await agent.get(`/reviews/${r.reviewId}/findings/${findingId}`)
    expect(shown.body).toContain('Risk scores work as cut-offs')
    expect(shown.body).toContain('TLS-3')
    expect(shown.body).toContain('How do risk tools shape decisions about domestic abuse?')
    expect(shown.body).toContain('This finding links to no evidence yet')

    // The board answers the first question; it then cannot be reworded, though others can change.
    const [q1] = await t.db.selectFrom('board_questions').selectAll().where('finding_id', '=', findingId).orderBy('position').execute()
    await t.db.updateTable('board_questions').set({ response: 'We will audit it.', responded_by: r.boardChair.user.id, responded_at: '2026-03-02T10:00:00.000Z' }).where('id', '=', q1!.id).execute()
    const edit = await agent.get(`/reviews/${r.reviewId}/findings/${findingId}/edit`)
    const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!
    const base = { kind: 'systemic', title: 'Risk scores work as cut-offs', pattern: 'x', systemLevel: '', typologyCodes: ['TLS-3'], version }
    const reworded = await agent.post(`/reviews/${r.reviewId}/findings/${findingId}`, { ...base, boardQuestions: 'How often is judgement used?' })
    expect(reworded.statusCode).toBe(400)
    expect(reworded.body).toContain('The board has already responded to')
    const kept = await agent.post(`/reviews/${r.reviewId}/findings/${findingId}`, { ...base, boardQuestions: 'What would help officers refer on judgement?\nHow often is professional judgement used?' })
    expect(kept.statusCode).toBe(303)
    const questions = await t.db.selectFrom('board_questions').select(['id', 'text', 'position', 'response']).where('finding_id', '=', findingId).orderBy('position').execute()
    expect(questions.map((q) => q.text)).toEqual(['What would help officers refer on judgement?', 'How often is professional judgement used?'])
    expect(questions[1]).toMatchObject({ id: q1!.id, response: 'We will audit it.' })

    // An edit against an old version is refused rather than overwriting.
    const stale = await agent.post(`/reviews/${r.reviewId}/findings/${findingId}`, { ...base, boardQuestions: 'How often is professional judgement used?' })
    expect(stale.statusCode).toBe(409)

    // A finding the board has responded to cannot be deleted; one without responses can.
    const refused = await agent.post(`/reviews/${r.reviewId}/findings/${findingId}/delete`)
    expect(refused.statusCode).toBe(400)
    await t.db.updateTable('board_questions').set({ response: null }).where('finding_id', '=', findingId).execute()
    const deleted = await agent.post(`/reviews/${r.reviewId}/findings/${findingId}/delete`)
    expect(deleted.statusCode).toBe(303)
    expect(await t.db.selectFrom('findings').select('id').execute()).toEqual([])
    expect(await auditActions(t, r.reviewId)).toEqual(expect.arrayContaining(['finding.create', 'finding.update', 'finding.delete']))
  })

  it('shows the board chair the finding without its evidence and without edit controls', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), FINDING)).json()
    expect((await api(t, r.lead.token, 'POST', `${findingsUrl()}/${created.id}/agree`)).statusCode).toBe(200)
    const board = await signIn(t.app, r.boardChair.user.email)
    const page = await board.get(`/reviews/${r.reviewId}/findings/${created.id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(FINDING.boardQuestions[0])
    expect(page.body).not.toContain('Evidence from the case')
    expect(page.body).not.toContain('Change the finding')
    expect((await board.get(`/reviews/${r.reviewId}/findings/${created.id}/edit`)).statusCode).toBe(403)
  })
})

describe('dismissing language flags', () => {
  it('lets the lead reviewer dismiss a flag with a reason, remembered by its key and audited; the team cannot', async () => {
    const created = (await api(t, r.lead.token, 'POST', findingsUrl(), { ...FINDING, summary: 'Staff failed to share the history.' })).json()
    const key = created.languageIssues[0].key as string
    const team = await signIn(t.app, r.team.user.email)
    await team.get(`/reviews/${r.reviewId}/findings/${created.id}`)
    expect((await team.post(`/reviews/${r.reviewId}/findings/${created.id}/language/dismiss`, { key, reason: 'fine' })).statusCode).toBe(403)

    const lead = await signIn(t.app, r.lead.user.email)
    const page = await lead.get(`/reviews/${r.reviewId}/findings/${created.id}`)
    expect(page.body).toContain('Dismiss the flag')
    const noReason = await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/language/dismiss`, { key, reason: '  ' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.body).toContain('Enter why this wording is acceptable')
    const ok = await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/language/dismiss`, { key, reason: 'Reports the agency’s own finding from its audit' })
    expect(ok.statusCode).toBe(303)
    const row = await t.db.selectFrom('language_dismissals').selectAll().executeTakeFirstOrThrow()
    expect(row).toMatchObject({ review_id: r.reviewId, issue_key: key, phrase: 'failed to', reason: 'Reports the agency’s own finding from its audit', dismissed_by: r.lead.user.id })
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'language.dismiss').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toMatchObject({ key, reason: 'Reports the agency’s own finding from its audit' })

    const [after] = (await api(t, r.lead.token, 'GET', findingsUrl())).json().findings
    expect(after.languageIssues[0]).toMatchObject({ key, dismissed: true, dismissalReason: 'Reports the agency’s own finding from its audit' })

    // Rewording the sentence makes it a new issue: the old dismissal no longer applies.
    const edit = await lead.get(`/reviews/${r.reviewId}/findings/${created.id}/edit`)
    const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!
    await lead.post(`/reviews/${r.reviewId}/findings/${created.id}`, {
      kind: 'systemic', title: FINDING.title, pattern: 'Staff failed to share the history with the GP.', typologyCodes: ['MAL-1'], boardQuestions: FINDING.boardQuestions[0]!, version,
    })
    const [reworded] = (await api(t, r.lead.token, 'GET', findingsUrl())).json().findings
    expect(reworded.languageIssues).toEqual([expect.objectContaining({ phrase: 'failed to', dismissed: false })])

    // Flag it again: the restore removes the dismissal.
    await lead.post(`/reviews/${r.reviewId}/findings/${created.id}/language/restore`, { key })
    expect(await t.db.selectFrom('language_dismissals').select('issue_key').execute()).toEqual([])
  })
})
