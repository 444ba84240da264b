// A review with a member in each role, a small chronology, a conversation with quotes and a document, for the
// analysis tests. Evidence rows are inserted directly: the import and conversation flows have their own tests.
import { afterAll, beforeAll } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addMember, createReview } from '../../../server/services/reviews.js'
import type { ReviewRole } from '../../../methodology/permissions.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'

export interface Member {
  user: User
  actor: Actor
  token: string
}

export interface AnalysisFixture {
  reviewId: string
  lead: Member
  team: Member
  caseGroup: Member
  boardChair: Member
  outsider: Member
  national: Member
  /** Event ids by a short name. */
  events: Record<'jan' | 'feb' | 'march' | 'aprilMonth' | 'may' | 'july', string>
  quotes: Record<'device' | 'notified', string>
  documentId: string
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, name: user.name, via: 'session', requestId: null }
}

async function member(t: TestApp, user: User): Promise<Member> {
  return { user, actor: actorOf(user), token: (await createApiToken(t.ctx, systemActor, user.email, 'test')).token }
}

let importCounter = 0

/** Inserts committed chronology events for one agency; returns their ids in order. */
export async function insertEvents(
  t: TestApp, reviewId: string, agency: string,
  rows: Array<{ date: string; end?: string; precision?: 'day' | 'month'; summary: string; significant?: boolean; recordedAt?: string }>,
): Promise<string[]> {
  const importId = `imp-${++importCounter}`
  const at = '2026-03-01T09:00:00.000Z'
  await t.db.insertInto('chronology_imports').values({
    id: importId, review_id: reviewId, agency, agency_key: agency.toLowerCase(), file_name: `${agency}.csv`, file_size: 100, format: 'csv',
    options: '{}', detected: null, headers: null, status: 'committed', rows_read: rows.length, data_rows: rows.length, accepted_rows: rows.length,
    rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0, outside_period_rows: 0, analysis: null, error: null, committed_rows: rows.length,
    uploaded_by: null, uploaded_at: at, analysed_at: at, committed_by: null, committed_at: at, rolled_back_by: null, rolled_back_at: null, discarded_by: null, discarded_at: null,
  }).execute()
  const ids: string[] = []
  let row = 0
  for (const r of rows) {
    const id = `ev-${importId}-${++row}`
    ids.push(id)
    const precision = r.precision ?? 'day'
    await t.db.insertInto('chronology_events').values({
      id, review_id: reviewId, import_id: importId, agency, agency_key: agency.toLowerCase(),
      occurred_at: precision === 'month' ? r.date.slice(0, 7) : r.date, date_start: r.date, date_end: r.end ?? r.date, time: null, precision,
      sort_key: `${r.date}T00:00`, author: null, category: 'Visit', summary: r.summary, outcome: null, recorded_at: r.recordedAt ?? null, source_file: `${agency}.csv`, source_row: row,
      flags: precision === 'day' ? '[]' : '["reduced-precision"]', significant: r.significant ? 1 : 0, shared: 0, annotation: null, annotated_by: null, annotated_at: null,
      created_at: at,
    }).execute()
  }
  return ids
}

export async function insertQuotes(t: TestApp, reviewId: string, texts: string[]): Promise<string[]> {
  const conversationId = `conv-${++importCounter}`
  const at = '2026-03-01T09:00:00.000Z'
  const notes = texts.join('\n\n')
  await t.db.insertInto('conversations').values({
    id: conversationId, review_id: reviewId, practitioner: 'Police Officer 1', agency: 'Police', member_user_id: null, held_on: '2022-01-10',
    held_by: 'Lead reviewer', notes, source_filename: null, created_by: null, created_at: at, updated_at: at,
  }).execute()
  const ids: string[] = []
  for (const text of texts) {
    const id = `q-${conversationId}-${ids.length + 1}`
    await t.db.insertInto('quotes').values({ id, review_id: reviewId, conversation_id: conversationId, text, start_offset: notes.indexOf(text), created_by: null, created_at: at }).execute()
    ids.push(id)
  }
  return ids
}

export async function insertDocument(t: TestApp, reviewId: string, title: string): Promise<string> {
  const id = `doc-${++importCounter}`
  const at = '2026-03-01T09:00:00.000Z'
  await t.db.insertInto('documents').values({
    id, review_id: reviewId, title, agency: null, document_date: '2019-04-01', description: 'The escalation protocol', content: 'Stage 1: raise it.',
    source_filename: null, created_by: null, created_at: at, updated_at: at,
  }).execute()
  return id
}

export async function setUpAnalysisReview(t: TestApp): Promise<AnalysisFixture> {
  const lead = await member(t, await addUser(t, 'reviewer'))
  const review = await createReview(t.ctx, lead.actor, {
    title: 'Analysis test review', boardName: 'Test partnership', subjectPseudonym: 'Child T', methodology: 'learning-together',
    periodFrom: '2021-01-01', periodTo: '2021-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  const add = async (role: ReviewRole, globalRole: 'reviewer' | 'board', agency: string) => {
    const m = await member(t, await addUser(t, globalRole))
    await addMember(t.ctx, lead.actor, review.id, { email: m.user.email, role, agency })
    return m
  }
  const team = await add('review-team', 'reviewer', 'Police')
  const caseGroup = await add('case-group', 'reviewer', 'Police')
  const boardChair = await add('board-chair', 'board', '')
  const outsider = await member(t, await addUser(t, 'reviewer'))
  const national = await member(t, await addUser(t, 'national'))
  const [jan, feb, march, aprilMonth] = await insertEvents(t, review.id, 'Police', [
    { date: '2021-01-16', summary: 'Domestic abuse call; risk graded standard', significant: true },
    { date: '2021-02-02', summary: 'Notification sent to the Front Door' },
    { date: '2021-03-10', summary: 'Second call to the address' },
    { date: '2021-04-01', end: '2021-04-30', precision: 'month', summary: 'Intelligence log about the partner (April)' },
  ])
  const [may, july] = await insertEvents(t, review.id, 'Health Visiting', [
    { date: '2021-05-20', summary: 'One-year review by video' },
    { date: '2021-07-14', summary: 'Sibling says the partner is back at weekends' },
  ])
  const [device, notified] = await insertQuotes(t, review.id, [
    'The handheld would not connect, so I could not check him at the door.',
    'I found out about the incident three weeks later.',
  ])
  const documentId = await insertDocument(t, review.id, 'Escalation protocol')
  return {
    reviewId: review.id, lead, team, caseGroup, boardChair, outsider, national,
    events: { jan: jan!, feb: feb!, march: march!, aprilMonth: aprilMonth!, may: may!, july: july! },
    quotes: { device: device!, notified: notified! },
    documentId,
  }
}

export async function signedIn(t: TestApp, m: Member): Promise<Agent> {
  return signIn(t.app, m.user.email)
}

export interface AnalysisSetting {
  t: TestApp
  f: AnalysisFixture
  /** The lead reviewer, signed in. */
  lead: Agent
}

/**
 * The analysis tests' shared set-up, registered as the file's hooks: before its tests, a fresh app with the analysis
 * review and the lead reviewer signed in, handed to `ready` (which may add the file's own set-up); after them, closed.
 * `at` sets the clock before the review is made; `timeout` (ms) is the set-up's, for a long one.
 */
export function useAnalysisReview(ready: (s: AnalysisSetting) => void | Promise<void>, options: { at?: Date; timeout?: number } = {}): void {
  let t: TestApp | undefined
  beforeAll(async () => {
    t = await createTestApp()
    if (options.at) t.clock.set(options.at)
    const f = await setUpAnalysisReview(t)
    await ready({ t, f, lead: await signedIn(t, f.lead) })
  }, options.timeout)
  afterAll(async () => { await t?.close() })
}

export async function api(t: TestApp, token: string, method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method, url,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    payload: body !== undefined ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
  })
}

export async function auditRows(t: TestApp, reviewId: string, action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('review_id', '=', reviewId).where('action', '=', action).orderBy('seq').execute()
}
