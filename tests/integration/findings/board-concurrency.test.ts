// Two saves from the same version of a board response or an action: exactly one succeeds, decided by the UPDATE
// itself, and the database holds the winner's words with nothing half-written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { StaleEdit } from '../../../server/errors.js'
import { agreeAction, changeAction, recordBoardResponse } from '../../../server/services/board-response.js'
import { api, auditActions, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
let findingId: string
let questionId: string
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
  const created = (await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, {
    title: 'Risk scores work as cut-offs', pattern: 'The checklist counts answers given with children nearby.', inThisCase: 'The January incident was graded on the score alone.',
    howWidespread: 'A MARAC audit found the same in a third of incidents.', whyItMatters: 'Judgement is set aside when the score is low.',
    typologyCodes: ['TLS-3'], boardQuestions: ['How often is professional judgement used to refer?'],
  })).json()
  findingId = created.id
  questionId = created.questions[0].id
  expect((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings/${findingId}/agree`)).statusCode).toBe(200)
})
afterEach(async () => { await t.close() })

const question = () => t.db.selectFrom('board_questions').select(['response', 'version']).where('id', '=', questionId).executeTakeFirstOrThrow()

describe('two saves from the same version', () => {
  it('records one of two board responses made from the same page, and tells the other person', async () => {
    const { version } = await question()
    const results = await Promise.allSettled([
      recordBoardResponse(t.ctx, r.boardChair.actor, r.reviewId, questionId, 'First response.', version),
      recordBoardResponse(t.ctx, r.boardChair.actor, r.reviewId, questionId, 'Second response.', version),
    ])
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected')!
    expect(failed.reason).toBeInstanceOf(StaleEdit)
    const saved = await question()
    expect(saved.version).toBe(version + 1)
    expect(['First response.', 'Second response.']).toContain(saved.response)
    expect((await auditActions(t, r.reviewId)).filter((a) => a === 'board.respond' || a === 'board.response.update')).toHaveLength(1)
  })

  it('refuses a response posted from a page opened before someone else answered (409), keeping theirs', async () => {
    const chair = await signIn(t.app, r.boardChair.user.email)
    const page = await chair.get(`/reviews/${r.reviewId}/board`)
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!
    await recordBoardResponse(t.ctx, r.boardChair.actor, r.reviewId, questionId, 'Answered elsewhere.')
    const stale = await chair.post(`/reviews/${r.reviewId}/board/questions/${questionId}/response`, { response: 'My answer.', version })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else saved a response to this question')
    expect((await question()).response).toBe('Answered elsewhere.')
  })

  it('saves one of two changes to an action made from the same version', async () => {
    const action = await agreeAction(t.ctx, r.boardChair.actor, r.reviewId, { findingId, action: 'Audit', ownerAgency: 'Police', ownerRole: 'Head of public protection', dueDate: '2026-06-30', successMeasure: 'An audit' })
    const change = (text: string) => changeAction(t.ctx, r.lead.actor, r.reviewId, action.id, { findingId, action: text, ownerAgency: 'Police', ownerRole: 'Head of public protection', dueDate: '2026-06-30', successMeasure: 'An audit' }, action.version)
    const results = await Promise.allSettled([change('Audit A'), change('Audit B')])
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1)
    expect((results.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleEdit)
    const saved = await t.db.selectFrom('board_actions').select(['action', 'version']).where('id', '=', action.id).executeTakeFirstOrThrow()
    expect(saved.version).toBe(action.version + 1)
    expect(['Audit A', 'Audit B']).toContain(saved.action)
  })
})

describe('an action’s status', () => {
  it('refuses (409) a status saved from a page opened before someone else changed the action, keeping theirs', async () => {
    const action = await agreeAction(t.ctx, r.boardChair.actor, r.reviewId, { findingId, action: 'Audit', ownerAgency: 'Police', ownerRole: 'Head of public protection', dueDate: '2026-06-30', successMeasure: 'An audit' })
    const chair = await signIn(t.app, r.boardChair.user.email)
    const page = await chair.get(`/reviews/${r.reviewId}/board/actions/${action.id}`)
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!
    await changeAction(t.ctx, r.lead.actor, r.reviewId, action.id, { findingId, action: 'Audit every quarter', ownerAgency: 'Police', ownerRole: 'Head of public protection', dueDate: '2026-06-30', successMeasure: 'An audit' }, action.version)
    const stale = await chair.post(`/reviews/${r.reviewId}/board/actions/${action.id}/status`, { status: 'in-progress', note: 'Started', evidence: '', completedOn: '', version })
    expect(stale.statusCode).toBe(409)
    const saved = await t.db.selectFrom('board_actions').select(['status', 'action']).where('id', '=', action.id).executeTakeFirstOrThrow()
    expect(saved).toEqual({ status: 'not-started', action: 'Audit every quarter' })
    const fresh = await chair.get(`/reviews/${r.reviewId}/board/actions/${action.id}`)
    const ok = await chair.post(`/reviews/${r.reviewId}/board/actions/${action.id}/status`, { status: 'in-progress', note: 'Started', evidence: '', completedOn: '', version: /name="version" value="(\d+)"/.exec(fresh.body)![1]! })
    expect(ok.statusCode).toBe(303)
  })
})
