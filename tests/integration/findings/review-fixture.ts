// A review with one member in each role and a research question, for the findings tests.
import type { User } from '../../../server/data/schema.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addMember, addResearchQuestion, createReview } from '../../../server/services/reviews.js'
import type { ReviewRole } from '../../../methodology/permissions.js'
import { addUser, type TestApp } from '../../support/test-app.js'

export interface Member {
  user: User
  actor: Actor
  token: string
}

export interface ReviewFixture {
  reviewId: string
  questionIds: string[]
  lead: Member
  team: Member
  caseGroup: Member
  boardChair: Member
  /** A reviewer who is not a member of the review. */
  outsider: Member
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, name: user.name, via: 'session', requestId: null }
}

async function member(t: TestApp, user: User): Promise<Member> {
  return { user, actor: actorOf(user), token: (await createApiToken(t.ctx, systemActor, user.email, 'test')).token }
}

export async function setUpReview(t: TestApp): Promise<ReviewFixture> {
  const lead = await member(t, await addUser(t, 'reviewer'))
  const review = await createReview(t.ctx, lead.actor, {
    title: 'Findings test review', boardName: 'Test partnership', subjectPseudonym: 'Child T', methodology: 'learning-together',
    periodFrom: '2020-01-01', periodTo: '2021-01-01', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  const add = async (role: ReviewRole, globalRole: 'reviewer' | 'board', agency: string) => {
    const m = await member(t, await addUser(t, globalRole))
    await addMember(t.ctx, lead.actor, review.id, { email: m.user.email, role, agency })
    return m
  }
  const team = await add('review-team', 'reviewer', 'Health Visiting')
  const caseGroup = await add('case-group', 'reviewer', 'Health Visiting')
  const boardChair = await add('board-chair', 'board', '')
  const outsider = await member(t, await addUser(t, 'reviewer'))
  const questionIds = [
    await addResearchQuestion(t.ctx, lead.actor, review.id, 'How well do agencies share what they know about a new adult in the household?'),
    await addResearchQuestion(t.ctx, lead.actor, review.id, 'How do risk tools shape decisions about domestic abuse?'),
  ]
  return { reviewId: review.id, questionIds, lead, team, caseGroup, boardChair, outsider }
}

export async function api(t: TestApp, token: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  return t.app.inject({
    method, url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    payload: body !== undefined ? JSON.stringify(body) : undefined,
  })
}

export async function auditActions(t: TestApp, reviewId: string | null = null): Promise<string[]> {
  let query = t.db.selectFrom('audit_log').select('action').orderBy('seq')
  if (reviewId !== null) query = query.where('review_id', '=', reviewId)
  return (await query.execute()).map((r) => r.action)
}
