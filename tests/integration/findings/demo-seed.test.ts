import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import type { DemoContext, DemoUser, DemoUserKey } from '../../../server/demo/seed.js'
import { seedFindings } from '../../../server/demo/findings-seeder.js'
import { readDemoAnalysis } from '../../../server/demo/case/demo-case.js'
import { addMember, addResearchQuestion, createReview } from '../../../server/services/reviews.js'
import { addUser } from '../../support/test-app.js'
import { actorOf } from './review-fixture.js'
import { listFindingViews } from '../../../server/services/findings.js'
import { exerciseView, listExercises } from '../../../server/services/tagging-agreement.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'
import { systemActor } from '../../../server/services/context.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'

let t: TestApp
let reviewId: string
// The findings seeder on its own, with the demo's review, people and research questions set up as seed.ts does
// (without the other areas' seeders, so episodes and map nodes are simply not linked here).
beforeAll(async () => {
  t = await createTestApp()
  const analysis = readDemoAnalysis()
  const user = async (key: DemoUserKey, role: 'reviewer' | 'board'): Promise<DemoUser> => {
    const u = await addUser(t, role)
    return { key, user: u, actor: actorOf(u) }
  }
  const users = { lead: await user('lead', 'reviewer'), teamHealth: await user('teamHealth', 'reviewer'), boardChair: await user('boardChair', 'board') }
  const r = analysis.review
  const review = await createReview(t.ctx, users.lead.actor, {
    title: r.title, boardName: r.partnership, subjectPseudonym: r.child, methodology: 'learning-together', periodFrom: r.reviewPeriod.from, periodTo: r.reviewPeriod.to,
    incidentDate: r.incidentDate, notificationDate: r.notificationDate, decisionDate: r.decisionDate, region: '', childAgeBand: '', harmCategory: '',
  })
  reviewId = review.id
  await addMember(t.ctx, users.lead.actor, reviewId, { email: users.teamHealth.user.email, role: 'review-team', agency: 'Health Visiting' })
  await addMember(t.ctx, users.lead.actor, reviewId, { email: users.boardChair.user.email, role: 'board-chair', agency: '' })
  const researchQuestionIds: Record<string, string> = {}
  for (const q of r.researchQuestions) researchQuestionIds[q.id] = await addResearchQuestion(t.ctx, users.lead.actor, reviewId, q.text)
  const demo = { ctx: t.ctx, reviewId, users, analysis, researchQuestionIds } as unknown as DemoContext
  await seedFindings(demo)
})
afterAll(async () => { await t.close() })

describe('the demo review’s findings', () => {
  it('seeds every finding of the case with a version 1 code from its family, its questions and research questions', async () => {
    const analysis = readDemoAnalysis()
    const views = await listFindingViews(t.db, reviewId)
    expect(views.map((v) => v.finding.title)).toEqual(analysis.findings.map((f) => f.title))
    for (const [i, view] of views.entries()) {
      const demo = analysis.findings[i]!
      expect(view.finding.kind).toBe(demo.kind)
      expect(view.tags).toHaveLength(1)
      expect(view.tags[0]!.code.startsWith(`${demo.typologyFamily}-`)).toBe(true)
      expect(view.tags[0]!.version).toBe('2.0')
      expect(view.questions.map((q) => q.text)).toEqual(demo.boardQuestions)
      // Each question has its own answer.
      const responses = view.questions.map((q) => q.response)
      expect(responses.every((r) => typeof r === 'string' && r.length > 40)).toBe(true)
      expect(new Set(responses).size).toBe(responses.length)
      expect(view.researchQuestionIds).toHaveLength(demo.researchQuestions.length)
      // Complete, so agreed by the lead reviewer: npm start shows them in the report, on the board and in the return.
      expect(view.finding.status).toBe('agreed')
    }
    expect((await buildReviewSnapshot(t.db, reviewId, t.clock.now())).findings.drafts).toBe(0)
  })

  it('seeds the board’s actions as a finished review would have them: done, with evidence, none overdue', async () => {
    const analysis = readDemoAnalysis()
    const actions = await t.db.selectFrom('board_actions').selectAll().where('review_id', '=', reviewId).execute()
    expect(actions).toHaveLength(analysis.findings.reduce((n, f) => n + f.actions.length, 0))
    const done = actions.filter((a) => a.status === 'done')
    expect(done.length).toBeGreaterThan(0)
    expect(done.every((a) => a.completion_evidence && a.completed_on)).toBe(true)
    const snapshot = await buildReviewSnapshot(t.db, reviewId, t.clock.now())
    expect(done).toHaveLength(actions.length)
    expect(snapshot.board.actionsOverdue).toBe(0)
    expect(done.every((a) => a.completed_on! >= '2022-01-01' && a.completed_on! <= '2023-12-31')).toBe(true)
    expect(snapshot.board.questionsAnswered).toBe(snapshot.board.questions)
  })

  it('seeds a finished tagging exercise whose comparison has enough findings for kappa', async () => {
    const [exercise] = await listExercises(t.ctx, systemReviewViewer(systemActor, reviewId))
    expect(exercise!.status).toBe('Both finished')
    const view = await exerciseView(t.ctx, systemReviewViewer(systemActor, reviewId), exercise!.id)
    expect(view.comparison!.report.families.some((f) => f.kappa !== null)).toBe(true)
    expect(view.comparison!.report.disagreements.length).toBeGreaterThan(0)
  })
})
