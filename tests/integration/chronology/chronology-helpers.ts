// Shared set-up for the chronology integration tests: a review with its lead reviewer, API calls with a
// bearer token, and multipart uploads through the real API.
import type { LightMyRequestResponse } from 'fastify'
import { addUser, type TestApp } from '../../support/test-app.js'
import { multipartBody } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addMember, createReview } from '../../../server/services/reviews.js'
import { runningAnalyses } from '../../../server/services/chronology-analysis-tracker.js'
import type { Executor, User } from '../../../server/data/schema.js'
import type { ReviewRole } from '../../../methodology/permissions.js'

export interface ReviewFixture {
  reviewId: string
  lead: User
  leadToken: string
  leadActor: Actor
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, name: user.name, via: 'session', requestId: null }
}

export async function tokenFor(t: TestApp, user: User): Promise<string> {
  return (await createApiToken(t.ctx, systemActor, user.email, 'tests')).token
}

export async function setUpReview(t: TestApp, period = { from: '2020-10-01', to: '2021-09-30' }, methodology = 'learning-together'): Promise<ReviewFixture> {
  const lead = await addUser(t, 'reviewer')
  const leadActor = actorOf(lead)
  const review = await createReview(t.ctx, leadActor, {
    title: 'Chronology test review', boardName: 'Test partnership', subjectPseudonym: 'Child T', methodology,
    periodFrom: period.from, periodTo: period.to, incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  return { reviewId: review.id, lead, leadToken: await tokenFor(t, lead), leadActor }
}

export async function addReviewMember(t: TestApp, fixture: ReviewFixture, role: ReviewRole, agency = ''): Promise<User> {
  const user = await addUser(t, role === 'board-chair' ? 'board' : 'reviewer')
  await addMember(t.ctx, fixture.leadActor, fixture.reviewId, { email: user.email, role, agency })
  return user
}

export async function apiUpload(
  t: TestApp, token: string, reviewId: string, fields: Record<string, string>, file: { name: string; content: Buffer } | null,
): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartBody(fields, file ? [{ field: 'file', filename: file.name, content: file.content }] : [])
  return t.app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/imports`, payload, headers: { authorization: `Bearer ${token}`, 'content-type': contentType } })
}

export async function apiCall(t: TestApp, token: string, method: 'GET' | 'POST', url: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } })
}

export async function apiChronology(t: TestApp, token: string, reviewId: string, query = ''): Promise<ChronologyEventJson[]> {
  const res = await apiCall(t, token, 'GET', `/api/v1/reviews/${reviewId}/chronology${query}`)
  if (res.statusCode !== 200) throw new Error(`chronology: ${res.statusCode} ${res.body}`)
  return (res.json() as { events: ChronologyEventJson[] }).events
}

export interface ChronologyEventJson {
  id: string
  agency: string
  occurredAt: string
  precision: string
  dateRange: { start: string; end: string }
  time: string | null
  author: string | null
  category: string | null
  summary: string | null
  outcome: string | null
  recordedAt: string | null
  source: { importId: string; file: string; row: number }
  flags: string[]
  significant: boolean
  annotation: string | null
  episodeId: string | null
}

/** Waits for analyses started by page uploads, so a test never closes the database under one. */
export async function settle(t: TestApp): Promise<void> {
  await Promise.all(runningAnalyses(t.db))
}

/** The rows a preview has written for its commit, unseen until then (of one import, or of all), in row order. */
export async function previewRows(db: Executor, importId?: string): Promise<{ row: number; summary: string | null; category: string | null; flags: string[] }[]> {
  let query = db.selectFrom('chronology_events').select(['source_row', 'summary', 'category', 'flags']).where('previewing', '=', 1).orderBy('import_id').orderBy('source_row')
  if (importId !== undefined) query = query.where('import_id', '=', importId)
  return (await query.execute()).map((e) => ({ row: e.source_row, summary: e.summary, category: e.category, flags: JSON.parse(e.flags) as string[] }))
}
