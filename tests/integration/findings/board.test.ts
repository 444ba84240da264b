import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { actionState, isOverdue } from '../../../server/services/board-action-status.js'
import { api, auditActions, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
let findingId: string
let questionIds: string[]
beforeEach(async () => {
  t = await createTestApp() // the clock reads 2 March 2026, 10:00 UTC
  r = await setUpReview(t)
  const res = await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, {
    title: 'Risk scores work as cut-offs',
    summary: 'The checklist counts answers given with children nearby.',
    inThisCase: 'The January incident was graded standard on the score alone.',
    howWidespread: 'A MARAC audit found the same in a third of medium-graded incidents.',
    whyItMatters: 'Judgement about the children is set aside when the score is low.',
    typologyCodes: ['TLS-3'],
    boardQuestions: ['How often is professional judgement used to refer?', 'What makes it hard on a busy shift?'],
  })
  findingId = res.json().id
  // The board answers agreed findings only.
  expect((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings/${findingId}/agree`)).statusCode).toBe(200)
  questionIds = res.json().questions.map((q: { id: string }) => q.id)
})
afterEach(async () => { await t.close() })

const ACTION = {
  action: 'Audit medium-graded incidents with children under five',
  ownerAgency: 'Westmere MARAC steering group',
  ownerRole: 'MARAC chair',
  successMeasure: 'Audit reported to the board each quarter',
}

describe('the board’s response', () => {
  it('lets the board chair see the questions and record a response to each; others cannot respond', async () => {
    const board = await signIn(t.app, r.boardChair.user.email)
    const page = await board.get(`/reviews/${r.reviewId}/board`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('How often is professional judgement used to refer?')
    expect(page.body).toContain('Record the response')
    // The board page carries findings and questions only: no chronology detail, no evidence picker.
    expect(page.body).not.toContain('/chronology')

    const empty = await board.post(`/reviews/${r.reviewId}/board/questions/${questionIds[0]}/response`, { response: ' ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain(`href="#response-${questionIds[0]}"`)
    expect(empty.body).toContain('Enter the board’s response to this question')

    const ok = await board.post(`/reviews/${r.reviewId}/board/questions/${questionIds[0]}/response`, { response: 'The board accepts the finding and asks for six-monthly reports.' })
    expect(ok.statusCode).toBe(303)
    const row = await t.db.selectFrom('board_questions').selectAll().where('id', '=', questionIds[0]!).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ response: 'The board accepts the finding and asks for six-monthly reports.', responded_by: r.boardChair.user.id, responded_at: '2026-03-02T10:00:00.000Z' })
    expect(await auditActions(t, r.reviewId)).toContain('board.respond')

    const lead = await signIn(t.app, r.lead.user.email)
    await lead.get(`/reviews/${r.reviewId}/board`)
    expect((await lead.post(`/reviews/${r.reviewId}/board/questions/${questionIds[1]}/response`, { response: 'x' })).statusCode).toBe(403)
    const leadView = await lead.get(`/reviews/${r.reviewId}/board`)
    expect(leadView.body).toContain('The board accepts the finding and asks for six-monthly reports.')
    expect(leadView.body).toContain('1 of 2 questions answered')

    const snapshot = await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())
    expect(snapshot.board).toMatchObject({ questions: 2, questionsAnswered: 1 })
  })

  it('agrees actions with owner, due date and success measure, names missing fields, and tracks status over time', async () => {
    const board = await signIn(t.app, r.boardChair.user.email)
    await board.get(`/reviews/${r.reviewId}/board/actions/new?finding=${findingId}`)
    const missing = await board.post(`/reviews/${r.reviewId}/board/actions`, { findingId, action: '', ownerAgency: 'Police', ownerRole: '', dueDate: '2026-02-31', successMeasure: '' })
    expect(missing.statusCode).toBe(400)
    for (const field of ['action', 'ownerRole', 'dueDate', 'successMeasure']) expect(missing.body).toContain(`href="#${field}"`)
    expect(missing.body).toContain('value="Police"')

    // Day, month and year boxes; 31 February is named as not a real date.
    const feb31 = await board.post(`/reviews/${r.reviewId}/board/actions`, { findingId, ...ACTION, 'dueDate-day': '31', 'dueDate-month': '02', 'dueDate-year': '2026' })
    expect(feb31.statusCode).toBe(400)
    expect(feb31.body).toContain('Due date must be a real date')
    expect(feb31.body).toMatch(/id="dueDate-day" name="dueDate-day" type="text" inputmode="numeric" value="31"/)
    // A due date in the past is not saved until it is confirmed.
    const warned = await board.post(`/reviews/${r.reviewId}/board/actions`, { findingId, ...ACTION, 'dueDate-day': ' 1', 'dueDate-month': '3 ', 'dueDate-year': '2026' })
    expect(warned.statusCode).toBe(200)
    expect(warned.body).toContain('The due date, 1 March 2026, is in the past')
    expect(warned.body).toContain('name="confirmPastDue" value="2026-03-01"')
    expect(await t.db.selectFrom('board_actions').select('id').execute()).toHaveLength(0)
    const created = await board.post(`/reviews/${r.reviewId}/board/actions`, { findingId, ...ACTION, 'dueDate-day': '1', 'dueDate-month': '03', 'dueDate-year': '2026', confirmPastDue: '2026-03-01' })
    expect(created.statusCode).toBe(303)
    const actionId = String(created.headers.location).split('/').pop()!
    const action = await t.db.selectFrom('board_actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow()
    expect(action).toMatchObject({ review_id: r.reviewId, finding_id: findingId, status: 'not-started', due_date: '2026-03-01', owner_role: 'MARAC chair' })

    // Due yesterday and not done: overdue, on the action's page, the board page, the snapshot and the dashboard.
    expect((await board.get(`/reviews/${r.reviewId}/board/actions/${actionId}`)).body).toContain('>Overdue<')
    expect((await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())).board).toMatchObject({ actionsAgreed: 1, actionsOverdue: 1, actionsCompleted: 0 })
    const lead = await signIn(t.app, r.lead.user.email)
    const dashboard = await lead.get('/')
    expect(dashboard.body).toContain('Overdue action, due 1 March 2026: Audit medium-graded incidents with children under five')
    expect(dashboard.body).toContain(`/reviews/${r.reviewId}/board/actions/${actionId}`)
    // The review team does not manage actions, so the alert is not theirs.
    const team = await signIn(t.app, r.team.user.email)
    expect((await team.get('/')).body).not.toContain('Overdue action')

    // With the clock a week earlier the same action is only due soon.
    t.clock.set('2026-02-22T10:00:00.000Z')
    expect((await lead.get('/')).body).toContain('Action due 1 March 2026')
    expect((await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())).board.actionsOverdue).toBe(0)
    t.clock.set('2026-03-02T10:00:00.000Z')

    await board.get(`/reviews/${r.reviewId}/board/actions/${actionId}`)
    const progress = await board.post(`/reviews/${r.reviewId}/board/actions/${actionId}/status`, { status: 'in-progress', note: 'Audit started', evidence: '', completedOn: '' })
    expect(progress.statusCode).toBe(303)
    const noEvidence = await board.post(`/reviews/${r.reviewId}/board/actions/${actionId}/status`, { status: 'done', note: '', evidence: '', completedOn: '' })
    expect(noEvidence.statusCode).toBe(400)
    expect(noEvidence.body).toContain('href="#evidence"')
    const future = await board.post(`/reviews/${r.reviewId}/board/actions/${actionId}/status`, { status: 'done', note: '', evidence: 'Audit report', completedOn: '2026-04-01' })
    expect(future.statusCode).toBe(400)
    const done = await board.post(`/reviews/${r.reviewId}/board/actions/${actionId}/status`, { status: 'done', note: 'Reported to the board', evidence: 'Audit report of February 2026, minuted', completedOn: '' })
    expect(done.statusCode).toBe(303)
    const after = await t.db.selectFrom('board_actions').selectAll().where('id', '=', actionId).executeTakeFirstOrThrow()
    expect(after).toMatchObject({ status: 'done', completion_evidence: 'Audit report of February 2026, minuted', completed_on: '2026-03-02' })
    const history = await t.db.selectFrom('board_action_updates').select(['status', 'note']).where('action_id', '=', actionId).orderBy('at').orderBy('id').execute()
    expect(history.map((h) => h.status)).toEqual(['not-started', 'in-progress', 'done'])
    expect((await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())).board).toMatchObject({ actionsOverdue: 0, actionsCompleted: 1 })
    expect((await lead.get('/')).body).not.toContain('Overdue action')
    const statusAudit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'board.action.status').orderBy('seq').execute()
    expect(JSON.parse(statusAudit[0]!.details)).toMatchObject({ from: 'not-started', to: 'in-progress', wasOverdue: true })

    // The review team reads actions but cannot change them.
    await team.get(`/reviews/${r.reviewId}/board/actions/${actionId}`)
    expect((await team.post(`/reviews/${r.reviewId}/board/actions/${actionId}/status`, { status: 'not-started' })).statusCode).toBe(403)
  })

  it('judges overdue by date alone: due today is not overdue, done is never overdue', () => {
    expect(isOverdue({ status: 'not-started', due_date: '2026-03-02' }, '2026-03-02')).toBe(false)
    expect(isOverdue({ status: 'in-progress', due_date: '2026-03-01' }, '2026-03-02')).toBe(true)
    expect(isOverdue({ status: 'done', due_date: '2020-01-01' }, '2026-03-02')).toBe(false)
    expect(actionState({ status: 'in-progress', due_date: '2026-03-03' }, '2026-03-02')).toBe('in-progress')
  })

  it('judges overdue by the date in England, not in UTC', async () => {
    const board = await signIn(t.app, r.boardChair.user.email)
    await board.get(`/reviews/${r.reviewId}/board/actions/new`)
    await board.post(`/reviews/${r.reviewId}/board/actions`, { findingId: '', ...ACTION, dueDate: '2026-07-01' })
    // 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time): the action is a day overdue there.
    t.clock.set('2026-07-01T23:30:00.000Z')
    expect((await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())).board.actionsOverdue).toBe(1)
    t.clock.set('2026-07-01T22:30:00.000Z')
    expect((await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())).board.actionsOverdue).toBe(0)
  })
})
