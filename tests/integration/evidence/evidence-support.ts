// A review with one member in each role, signed-in agents and API tokens, and chronology events put straight
// into the chronology's tables (the chronology import has its own tests).
import type { LightMyRequestResponse } from 'fastify'
import type { Insertable } from 'kysely'
import { addUser, type TestApp } from '../../support/test-app.js'
import { multipartBody, signIn, type Agent } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { addMember, createReview } from '../../../server/services/reviews.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import type { Database, User } from '../../../server/data/schema.js'

export type MemberKey = 'lead' | 'team' | 'caseGroupHv' | 'caseGroupPolice' | 'boardChair'

export interface EvidenceReview {
  reviewId: string
  users: Record<MemberKey, User>
  leadActor: Actor
  agent(key: MemberKey): Promise<Agent>
  token(key: MemberKey): Promise<string>
  api(key: MemberKey, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>
  upload(key: MemberKey, url: string, fields: Record<string, string>, file: { filename: string; content: Buffer | string }, field?: string): Promise<LightMyRequestResponse>
}

export async function setUpReview(t: TestApp): Promise<EvidenceReview> {
  const lead = await addUser(t, 'reviewer')
  const leadActor: Actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'session', requestId: null }
  const review = await createReview(t.ctx, leadActor, {
    title: 'Learning review: Child M', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child M', methodology: 'learning-together',
    periodFrom: '2020-10-01', periodTo: '2021-09-30', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  const users = { lead } as Record<MemberKey, User>
  const members: [MemberKey, 'reviewer' | 'board', 'review-team' | 'case-group' | 'board-chair', string][] = [
    ['team', 'reviewer', 'review-team', 'Health Visiting'],
    ['caseGroupHv', 'reviewer', 'case-group', 'Health Visiting'],
    ['caseGroupPolice', 'reviewer', 'case-group', 'Police'],
    ['boardChair', 'board', 'board-chair', ''],
  ]
  for (const [key, globalRole, role, agency] of members) {
    users[key] = await addUser(t, globalRole)
    await addMember(t.ctx, leadActor, review.id, { email: users[key].email, role, agency })
  }
  const tokens = new Map<MemberKey, string>()
  const token = async (key: MemberKey) => {
    if (!tokens.has(key)) tokens.set(key, (await createApiToken(t.ctx, systemActor, users[key].email, 'tests')).token)
    return tokens.get(key)!
  }
  return {
    reviewId: review.id,
    users,
    leadActor,
    agent: (key) => signIn(t.app, users[key].email),
    token,
    async api(key, method, url, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${await token(key)}` }
      if (body !== undefined) headers['content-type'] = 'application/json'
      return t.app.inject({ method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) })
    },
    async upload(key, url, fields, file, field = 'file') {
      const { payload, contentType } = multipartBody(fields, [{ field, filename: file.filename, content: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content) }])
      return t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${await token(key)}`, 'content-type': contentType }, payload })
    },
  }
}

export interface TestEvent {
  agency: string
  occurredAt: string
  summary: string
  file?: string
  row?: number
}

/** Committed chronology events for a review, one import per call; returns their ids in order. */
export async function insertEvents(t: TestApp, reviewId: string, events: TestEvent[]): Promise<string[]> {
  const at = t.clock.now().toISOString()
  const importId = t.ctx.newId()
  const agency = events[0]?.agency ?? 'Health Visiting'
  await t.db.insertInto('chronology_imports').values({
    id: importId, review_id: reviewId, agency, agency_key: agency.toLowerCase(), file_name: events[0]?.file ?? 'events.csv', file_size: 1, format: 'csv',
    options: '{}', detected: null, headers: null, status: 'committed', rows_read: events.length, data_rows: events.length, accepted_rows: events.length,
    rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0, outside_period_rows: 0, analysis: null, error: null, committed_rows: events.length,
    uploaded_by: null, uploaded_at: at, analysed_at: at, committed_by: null, committed_at: at, rolled_back_by: null, rolled_back_at: null,
    discarded_by: null, discarded_at: null,
  }).execute()
  const ids: string[] = []
  const rows: Insertable<Database['chronology_events']>[] = events.map((e, i) => {
    const id = t.ctx.newId()
    ids.push(id)
    const day = e.occurredAt.slice(0, 10)
    return {
      id, review_id: reviewId, import_id: importId, agency: e.agency, agency_key: e.agency.trim().toLowerCase(), occurred_at: e.occurredAt,
      date_start: day, date_end: day, time: null, precision: 'day', sort_key: `${day}T00:00`, author: null, category: null, summary: e.summary,
      outcome: null, source_file: e.file ?? 'events.csv', source_row: e.row ?? i + 1, flags: '[]', significant: 0, shared: 0,
      annotation: null, annotated_by: null, annotated_at: null, created_at: at,
    }
  })
  await t.db.insertInto('chronology_events').values(rows).execute()
  return ids
}

export async function auditActions(t: TestApp, reviewId: string): Promise<string[]> {
  return (await t.db.selectFrom('audit_log').select('action').where('review_id', '=', reviewId).orderBy('seq').execute()).map((r) => r.action)
}

/** A page's HTML with the entities Handlebars writes turned back into characters, to look for text in it. */
export function pageText(html: string): string {
  return html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}
