import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { qualityAssessment } from '../../../server/services/quality-assessment.js'
import { agreeAction, recordBoardResponse } from '../../../server/services/board-response.js'
import { api, auditActions, setUpReview, type ReviewFixture } from './review-fixture.js'
import { memberViewer } from '../../support/review-viewer.js'
import { NotPermitted } from '../../../server/errors.js'

let t: TestApp
let r: ReviewFixture
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

async function marker(key: string) {
  const assessment = await qualityAssessment(t.ctx, await memberViewer(t.db, r.lead.user, r.reviewId))
  return assessment.groups.flatMap((g) => g.markers).find((m) => m.key === key)!
}

describe('the quality self-assessment', () => {
  it('is read through the viewer: refused to the review team, and every read by the lead reviewer or board chair is audited', async () => {
    await expect(qualityAssessment(t.ctx, await memberViewer(t.db, r.team.user, r.reviewId))).rejects.toThrow(NotPermitted)
    expect(await auditActions(t, r.reviewId)).not.toContain('quality.view')
    await qualityAssessment(t.ctx, await memberViewer(t.db, r.boardChair.user, r.reviewId))
    expect((await auditActions(t, r.reviewId)).filter((a) => a === 'quality.view')).toHaveLength(1)
    const page = await (await signIn(t.app, r.lead.user.email)).get(`/reviews/${r.reviewId}/quality`)
    expect(page.statusCode).toBe(200)
    const rows = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'quality.view').orderBy('seq').execute()
    expect(rows).toHaveLength(2)
    expect(rows[1]).toMatchObject({ actor_user_id: r.lead.user.id, review_id: r.reviewId, object_id: r.reviewId })
  })

  it('lists the eighteen markers in three groups, pre-filled where the data shows the answer', async () => {
    const lead = await signIn(t.app, r.lead.user.email)
    const page = await lead.get(`/reviews/${r.reviewId}/quality`)
    expect(page.statusCode).toBe(200)
    for (const group of ['Setting up the review', 'Running the review', 'Outputs']) expect(page.body).toContain(group)
    expect(page.body.match(/class="app-quality-marker"/g)).toHaveLength(18)
    // Scoping recorded two research questions but no scope statement: partly met, with the evidence shown.
    expect(page.body).toContain('2 research questions recorded.')
    expect(page.body).toContain('Pre-filled from the review’s data')
    const clarity = await marker('clarity-of-purpose')
    expect(clarity).toMatchObject({ source: 'prefilled', answer: 'partly', given: null })
    // Commissioning is for people to judge: no suggestion.
    expect(await marker('commissioning')).toMatchObject({ source: 'none', answer: null, prefill: null })
  })

  it('pre-fills the outputs markers from the findings, the board’s responses and its actions', async () => {
    const finding = (await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, {
      title: 'A pattern', pattern: 'Plans are vague.', inThisCase: 'The plan had no dates.', howWidespread: 'An audit found the same.', whyItMatters: 'Nothing changes for the child.',
      typologyCodes: ['MAL-2'], boardQuestions: ['What does the board know?'],
    })).json()
    // The board answers agreed findings only.
    expect((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings/${finding.id}/agree`)).statusCode).toBe(200)
    expect((await marker('board-response')).prefill).toEqual({ answer: 'not-met', evidence: 'The board has responded to 0 of 1 question.' })
    expect((await marker('improvement-action')).prefill?.answer).toBe('not-met')
    await recordBoardResponse(t.ctx, r.boardChair.actor, r.reviewId, finding.questions[0].id, 'It will find out.')
    await agreeAction(t.ctx, r.boardChair.actor, r.reviewId, { findingId: finding.id, action: 'Audit', ownerAgency: 'Police', ownerRole: 'Head of public protection', dueDate: '2026-01-31', successMeasure: 'An audit' })
    expect((await marker('board-response')).prefill?.answer).toBe('met')
    // One action per finding is not yet improvement: whether it changes the system and how it will be judged is missing.
    expect((await marker('improvement-action')).prefill).toMatchObject({ answer: 'evidence-incomplete', evidence: '1 action agreed against 1 systemic finding.' })
    expect((await marker('improvement-action')).prefill?.missing).toHaveLength(1)
    // The action was due on 31 January and the clock reads 2 March: followed up, but overdue.
    expect((await marker('implementation-and-evaluation')).prefill).toEqual({ answer: 'partly', evidence: '1 action agreed, 0 done, 1 overdue.' })
  })

  it('shows evidence incomplete with what is missing on the page, and asks for a note to answer met on it', async () => {
    const lead = await signIn(t.app, r.lead.user.email)
    const page = await lead.get(`/reviews/${r.reviewId}/quality`)
    expect(page.body).toContain('Evidence incomplete')
    expect(page.body).toContain('Still missing:')
    // Whichever marker the data leaves incomplete in this review (the page above shows at least one).
    const incomplete = (await qualityAssessment(t.ctx, await memberViewer(t.db, r.lead.user, r.reviewId))).groups.flatMap((g) => g.markers).find((m) => m.prefill?.answer === 'evidence-incomplete')
    expect(incomplete).toBeDefined()
    const refused = await lead.post(`/reviews/${r.reviewId}/quality/${incomplete!.key}`, { answer: 'met', note: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The review’s data is incomplete for this marker (missing:')
  })

  it('lets the lead reviewer and board chair confirm or override a suggestion, with a note to override', async () => {
    const board = await signIn(t.app, r.boardChair.user.email)
    await board.get(`/reviews/${r.reviewId}/quality`)
    const noNote = await board.post(`/reviews/${r.reviewId}/quality/clarity-of-purpose`, { answer: 'met', note: '' })
    expect(noNote.statusCode).toBe(400)
    expect(noNote.body).toContain('href="#note-clarity-of-purpose"')
    expect(noNote.body).toContain('Add a note saying why your answer differs')
    const withNote = await board.post(`/reviews/${r.reviewId}/quality/clarity-of-purpose`, { answer: 'met', note: 'The scope was agreed at the board meeting and minuted.' })
    expect(withNote.statusCode).toBe(303)
    expect(await marker('clarity-of-purpose')).toMatchObject({ source: 'person', answer: 'met', overridden: true, given: { note: 'The scope was agreed at the board meeting and minuted.' } })
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'quality.answer').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toEqual({ answer: 'met', suggested: 'partly', overridden: true })

    const lead = await signIn(t.app, r.lead.user.email)
    await lead.get(`/reviews/${r.reviewId}/quality`)
    expect((await lead.post(`/reviews/${r.reviewId}/quality/commissioning`, { answer: 'partly', note: '' })).statusCode).toBe(303)
    expect((await lead.post(`/reviews/${r.reviewId}/quality/clarity-of-purpose`, { answer: 'partly', note: '' })).statusCode).toBe(303)
    expect(await marker('clarity-of-purpose')).toMatchObject({ answer: 'partly', overridden: false })
    expect((await lead.post(`/reviews/${r.reviewId}/quality/commissioning`, { answer: 'brilliant', note: '' })).statusCode).toBe(400)
    expect((await lead.post(`/reviews/${r.reviewId}/quality/no-such-marker`, { answer: 'met', note: '' })).statusCode).toBe(404)

    const team = await signIn(t.app, r.team.user.email)
    expect((await team.get(`/reviews/${r.reviewId}/quality`)).statusCode).toBe(403)
  })
})
