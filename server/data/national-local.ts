// The local side of national learning: this instance's id, each review's published report link and the
// returns it has sent, and the review data a return is built from (read only).
import { listAgreedFindings } from './findings.js'
import type { Executor, NationalReturnSent } from './schema.js'
import type { ActionStatus, FindingKind } from './tables/findings.js'
import type { ReviewChildFactsTable } from './tables/reviews.js'
import type { TagEffect } from '../../methodology/typology/tag-effect.js'

export async function findSetting(db: Executor, key: string): Promise<string | null> {
  const row = await db.selectFrom('national_settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value ?? null
}

export async function saveSetting(db: Executor, key: string, value: string): Promise<void> {
  await db.insertInto('national_settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute()
}

export async function findPublishedReport(db: Executor, reviewId: string): Promise<string | null> {
  const row = await db.selectFrom('national_return_options').select('published_report').where('review_id', '=', reviewId).executeTakeFirst()
  return row?.published_report ?? null
}

export async function savePublishedReport(db: Executor, reviewId: string, url: string | null, by: string | null, at: string): Promise<void> {
  await db.insertInto('national_return_options')
    .values({ review_id: reviewId, published_report: url, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('review_id').doUpdateSet({ published_report: url, updated_by: by, updated_at: at }))
    .execute()
}

export async function listSentReturns(db: Executor, reviewId: string): Promise<NationalReturnSent[]> {
  return db.selectFrom('national_returns_sent').selectAll().where('review_id', '=', reviewId).orderBy('version', 'desc').execute()
}

export async function latestSentReturn(db: Executor, reviewId: string): Promise<NationalReturnSent | undefined> {
  return db.selectFrom('national_returns_sent').selectAll().where('review_id', '=', reviewId).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

/**
 * Stores a sent version unless that version of the return is already stored (the primary key decides, so two
 * submissions of the same version cannot both be stored); false when it was.
 */
export async function insertSentReturn(db: Executor, row: NationalReturnSent): Promise<boolean> {
  const result = await db.insertInto('national_returns_sent').values(row).onConflict((oc) => oc.columns(['return_id', 'version']).doNothing()).executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
}

export async function hasSentReturn(db: Executor, reviewId: string): Promise<boolean> {
  return (await db.selectFrom('national_returns_sent').select('version').where('review_id', '=', reviewId).limit(1).executeTakeFirst()) !== undefined
}

export interface FindingForReturn {
  id: string
  kind: FindingKind
  title: string
  pattern: string
  how_widespread: string
  why_it_matters: string
  system_level: string | null
  national_attention: number
  tags: Array<{ code: string; version: string; effect: TagEffect | null }>
  boardQuestions: string[]
  agencyNames: string[]
  /** The board's actions on the finding, for their status at submission. */
  actions: Array<{ status: ActionStatus; due_date: string }>
}

function jsonList(text: string | null | undefined): string[] {
  if (!text) return []
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list) list.push(row)
    else map.set(k, [row])
  }
  return map
}

/**
 * The review's agreed findings in order, with their tags, board questions and the agencies they concern: the
 * agencies of linked events, quotes (the practitioner's agency) and key practice episodes, and the owners of
 * the board's actions on the finding.
 */
export async function findingsForReturn(db: Executor, reviewId: string): Promise<FindingForReturn[]> {
  // Agreed findings only: a draft never leaves the review.
  const findings = (await listAgreedFindings(db, reviewId))
    .map((f) => ({
      id: f.id, kind: f.kind, title: f.title, pattern: f.pattern, how_widespread: f.how_widespread, why_it_matters: f.why_it_matters, system_level: f.system_level,
      national_attention: f.national_attention,
    }))
  if (findings.length === 0) return []
  const ids = findings.map((f) => f.id)
  const [tags, questions, eventAgencies, quoteAgencies, kpeAgencies, actionAgencies] = await Promise.all([
    db.selectFrom('finding_tags').select(['finding_id', 'code', 'typology_version', 'effect']).where('finding_id', 'in', ids).orderBy('code').execute(),
    db.selectFrom('board_questions').select(['finding_id', 'text']).where('review_id', '=', reviewId).orderBy('position').execute(),
    db.selectFrom('finding_links as l').innerJoin('chronology_events as e', 'e.id', 'l.target_id')
      .select(['l.finding_id', 'e.agency']).where('l.kind', '=', 'event').where('l.finding_id', 'in', ids).execute(),
    db.selectFrom('finding_links as l').innerJoin('quotes as q', 'q.id', 'l.target_id').innerJoin('conversations as c', 'c.id', 'q.conversation_id')
      .select(['l.finding_id', 'c.agency']).where('l.kind', '=', 'quote').where('l.finding_id', 'in', ids).execute(),
    db.selectFrom('finding_links as l').innerJoin('key_practice_episodes as k', 'k.id', 'l.target_id')
      .select(['l.finding_id', 'k.agencies']).where('l.kind', '=', 'kpe').where('l.finding_id', 'in', ids).execute(),
    db.selectFrom('board_actions').select(['finding_id', 'owner_agency', 'status', 'due_date']).where('review_id', '=', reviewId).where('finding_id', 'is not', null).execute(),
  ])
  const tagsOf = groupBy(tags, (t) => t.finding_id)
  const questionsOf = groupBy(questions, (q) => q.finding_id)
  const agencies = new Map<string, string[]>()
  const addAgency = (findingId: string | null, name: string) => {
    if (!findingId || name.trim() === '') return
    const list = agencies.get(findingId) ?? []
    list.push(name)
    agencies.set(findingId, list)
  }
  for (const row of eventAgencies) addAgency(row.finding_id, row.agency)
  for (const row of quoteAgencies) addAgency(row.finding_id, row.agency)
  for (const row of kpeAgencies) for (const name of jsonList(row.agencies)) addAgency(row.finding_id, name)
  for (const row of actionAgencies) addAgency(row.finding_id, row.owner_agency)
  return findings.map((f) => ({
    ...f,
    tags: (tagsOf.get(f.id) ?? []).map((t) => ({ code: t.code, version: t.typology_version, effect: t.effect })),
    boardQuestions: (questionsOf.get(f.id) ?? []).map((q) => q.text),
    agencyNames: agencies.get(f.id) ?? [],
    actions: actionAgencies.filter((a) => a.finding_id === f.id).map((a) => ({ status: a.status, due_date: a.due_date })),
  }))
}

/** Every agency the review involved: committed chronology imports, members' agencies and conversations. */
export async function reviewAgencyNames(db: Executor, reviewId: string): Promise<string[]> {
  const [imports, members, conversations] = await Promise.all([
    db.selectFrom('chronology_imports').select('agency').where('review_id', '=', reviewId).where('status', '=', 'committed').execute(),
    db.selectFrom('review_members').select('agency').where('review_id', '=', reviewId).where('agency', 'is not', null).execute(),
    db.selectFrom('conversations').select('agency').where('review_id', '=', reviewId).execute(),
  ])
  return [...imports.map((r) => r.agency), ...members.map((r) => r.agency ?? ''), ...conversations.map((r) => r.agency)]
}

/** Findings a reviewer marked as not identifying when the report's leak scan listed them. */
export async function allowedLeaks(db: Executor, reviewId: string): Promise<Array<{ kind: string; value: string }>> {
  return db.selectFrom('report_false_positives').select(['kind', 'value']).where('review_id', '=', reviewId).execute()
}

export async function findPublishedOn(db: Executor, reviewId: string): Promise<string | null> {
  const row = await db.selectFrom('national_return_options').select('published_on').where('review_id', '=', reviewId).executeTakeFirst()
  return row?.published_on ?? null
}

export async function savePublishedOn(db: Executor, reviewId: string, date: string | null, by: string | null, at: string): Promise<void> {
  await db.insertInto('national_return_options')
    .values({ review_id: reviewId, published_report: null, published_on: date, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('review_id').doUpdateSet({ published_on: date, updated_by: by, updated_at: at }))
    .execute()
}

export async function findChildFacts(db: Executor, reviewId: string): Promise<ReviewChildFactsTable | undefined> {
  return db.selectFrom('review_child_facts').selectAll().where('review_id', '=', reviewId).executeTakeFirst()
}

export async function saveChildFacts(db: Executor, row: ReviewChildFactsTable): Promise<void> {
  const { review_id: _id, ...values } = row
  await db.insertInto('review_child_facts').values(row).onConflict((oc) => oc.column('review_id').doUpdateSet(values)).execute()
}

/** The dates the return's timeliness is worked out from: the rapid review's awareness and sending, the subject's date of birth. */
export async function returnDates(db: Executor, reviewId: string, subjectPseudonym: string): Promise<{ becameAware: string | null; rapidReviewSent: string | null; childBorn: string | null }> {
  const [rapid, subject] = await Promise.all([
    db.selectFrom('rapid_reviews').select(['became_aware_on', 'sent_to_panel_on']).where((eb) => eb.or([eb('review_id', '=', reviewId), eb('local_review_id', '=', reviewId)]))
      .orderBy('review_id').execute(),
    db.selectFrom('persons').select('date_of_birth').where('review_id', '=', reviewId).where('pseudonym', '=', subjectPseudonym).where('date_of_birth', 'is not', null).limit(1).executeTakeFirst(),
  ])
  const own = rapid.find((r) => r.became_aware_on !== null || r.sent_to_panel_on !== null)
  return { becameAware: own?.became_aware_on ?? null, rapidReviewSent: own?.sent_to_panel_on ?? null, childBorn: subject?.date_of_birth ?? null }
}

/** The rapid review a local review was started from, if any. */
export async function findRapidReviewOf(db: Executor, localReviewId: string): Promise<string | null> {
  const row = await db.selectFrom('rapid_reviews').select('review_id').where('local_review_id', '=', localReviewId).executeTakeFirst()
  return row?.review_id ?? null
}

/** Sets each finding's national attention flag (1 or 0). */
export async function saveNationalAttention(db: Executor, reviewId: string, flags: ReadonlyArray<{ id: string; flag: boolean }>): Promise<void> {
  for (const value of [1, 0] as const) {
    const ids = flags.filter((f) => f.flag === (value === 1)).map((f) => f.id)
    if (ids.length > 0) await db.updateTable('findings').set({ national_attention: value }).where('review_id', '=', reviewId).where('id', 'in', ids).execute()
  }
}
