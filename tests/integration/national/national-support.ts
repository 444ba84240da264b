// Helpers for the national learning tests: a review with a lead reviewer, a person register read from a
// persons.csv, findings made through the findings service, and valid return documents for the national API.
import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import type { LightMyRequestResponse } from 'fastify'
import {
  RETURN_FORMAT, type NationalReturn, type NationalReturnV1, type ReturnFinding, type ReturnFindingV2,
} from '../../../methodology/national/return-format.js'
import type { User } from '../../../server/data/schema.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { EMPTY_FINDING_INPUT, createFinding, type FindingInput } from '../../../server/services/findings.js'
import { createReview } from '../../../server/services/reviews.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, name: user.name, via: 'session', requestId: null }
}

export async function tokenFor(t: TestApp, user: User): Promise<string> {
  return (await createApiToken(t.ctx, systemActor, user.email, 'test')).token
}

export interface NationalAnalyst {
  t: TestApp
  national: User
  /** The analyst's API token. */
  token: string
}

/** A fresh app with one national analyst and their API token: the start of every national test. */
export async function setUpNationalAnalyst(): Promise<NationalAnalyst> {
  const t = await createTestApp()
  const national = await addUser(t, 'national')
  return { t, national, token: await tokenFor(t, national) }
}

export interface ReviewSetup {
  lead: User
  leadToken: string
  reviewId: string
}

export async function setUpReview(t: TestApp, facts: { region?: string; childAgeBand?: string; harmCategory?: string; boardName?: string; subject?: string } = {}): Promise<ReviewSetup> {
  const lead = await addUser(t, 'reviewer')
  const review = await createReview(t.ctx, actorOf(lead), {
    title: 'National return test review', boardName: facts.boardName ?? 'Westmere Safeguarding Children Partnership',
    subjectPseudonym: facts.subject ?? 'Child M', methodology: 'learning-together', periodFrom: '2020-10-01', periodTo: '2021-09-30',
    incidentDate: '2021-09-14', notificationDate: '2021-09-16', decisionDate: '2021-10-07',
    region: facts.region ?? 'East Midlands', childAgeBand: facts.childAgeBand ?? '1-4', harmCategory: facts.harmCategory ?? 'serious-harm',
  })
  return { lead, leadToken: await tokenFor(t, lead), reviewId: review.id }
}

export type PersonRow = Record<string, string>

export function readPersonsCsv(file: string): PersonRow[] {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true }) as PersonRow[]
}

/** The register as the persons table holds it, values exactly as the file gives them. */
export async function addRegister(t: TestApp, reviewId: string, rows: readonly PersonRow[]): Promise<void> {
  const at = t.clock.now().toISOString()
  const empty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null)
  await t.db.insertInto('persons').values(rows.map((r, i) => ({
    id: `person-${reviewId}-${i}`, review_id: reviewId, real_name: r.real_name ?? '', role: empty(r.role), pseudonym: r.pseudonym ?? '',
    date_of_birth: empty(r.date_of_birth), nhs_number: empty(r.nhs_number), address: empty(r.address), postcode: empty(r.postcode),
    phone: empty(r.phone), created_at: at, updated_at: at,
  }))).execute()
}

/**
 * A finding as the return takes it: agreed (only agreed findings leave the review). Marked agreed straight in the
 * table, since these tests are about the return's content, not the rule for agreeing (tested with the findings).
 */
export async function addFinding(t: TestApp, lead: User, reviewId: string, input: Partial<FindingInput>, status: 'agreed' | 'draft' = 'agreed'): Promise<string> {
  const finding = await createFinding(t.ctx, actorOf(lead), reviewId, { ...EMPTY_FINDING_INPUT, title: 'A finding', ...input })
  if (status === 'agreed') await t.db.updateTable('findings').set({ status: 'agreed', agreed_by: lead.id, agreed_at: t.clock.now().toISOString() }).where('id', '=', finding.id).execute()
  return finding.id
}

export function returnFinding(overrides: Partial<ReturnFinding> = {}): ReturnFinding {
  return {
    ref: 'F1', kind: 'systemic', title: 'Information held but not shared', pattern: 'Agencies each hold part of the picture.',
    howWidespread: 'An audit found the same in many cases.', whyItMatters: 'Risk goes unseen.', systemLevel: 'local-partnership',
    typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }], agencies: ['police'], boardQuestions: ['How does the board know?'],
    ...overrides,
  }
}

let returnCounter = 0

/** A version 1 return (still accepted, and translated to version 2 on filing). */
export function makeReturn(overrides: Omit<Partial<NationalReturnV1>, 'review'> & { review?: Partial<NationalReturnV1['review']> } = {}): NationalReturnV1 {
  returnCounter++
  const { review, ...rest } = overrides
  return {
    format: RETURN_FORMAT,
    formatVersion: 1,
    returnId: `test-return-${returnCounter}`,
    version: 1,
    sourceInstance: 'test-instance-a',
    findings: [returnFinding()],
    ...rest,
    review: {
      region: 'London', year: 2022, methodology: 'learning-together', childAgeBand: 'under-1', harmCategory: 'death', agencies: ['police'], publishedReport: null,
      ...review,
    },
  }
}

export async function postReturn(t: TestApp, token: string, body: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST', url: '/api/v1/national/returns', payload: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  })
}

export async function getJson(t: TestApp, token: string, url: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
}

export async function tableCount(t: TestApp, table: 'national_returns' | 'national_findings' | 'national_returns_sent' | 'audit_log' | 'national_reviews'): Promise<number> {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function returnFindingV2(overrides: Partial<ReturnFindingV2> = {}): ReturnFindingV2 {
  return {
    ...returnFinding(), findingType: 'area-for-improvement', nationalAttention: false, boardActions: { 'not-started': 1, 'in-progress': 0, done: 2, overdue: 0 },
    ...overrides,
  }
}

/** A version 2 return: the child's characteristics, harm type, risk factors and timeliness in the published categories. */
export function makeReturnV2(
  overrides: Omit<Partial<NationalReturn>, 'review'> & { review?: Partial<Omit<NationalReturn['review'], 'child'>> & { child?: Partial<NationalReturn['review']['child']> } } = {},
): NationalReturn {
  returnCounter++
  const { review, ...rest } = overrides
  const { child, ...reviewRest } = review ?? {}
  return {
    format: RETURN_FORMAT,
    formatVersion: 2,
    returnId: `test-return-${returnCounter}`,
    version: 1,
    sourceInstance: 'test-instance-a',
    findings: [returnFindingV2()],
    ...rest,
    review: {
      region: 'London', year: 2022, methodology: 'learning-together', harmCategory: 'death', agencies: ['police'], publishedReport: null,
      harmType: 'physical-abuse', householdRiskFactors: ['domestic-abuse', 'parental-substance-misuse'],
      timeliness: { awarenessToNotification: 3, notificationToRapidReview: 10, decisionToPublication: 140 },
      ...reviewRest,
      child: { sex: 'male', ethnicity: 'white', disability: 'not-disabled', ageBand: 'under-1', lookedAfter: 'not-looked-after', socialCareStatus: 'child-in-need', ...child },
    },
  }
}
