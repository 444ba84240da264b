// Findings with their typology tags, links (episodes, map nodes, evidence), research questions and board questions.
import type { Updateable } from 'kysely'
import type { BoardQuestion, Database, Executor, Finding } from './schema.js'
import type { FindingLinkKind } from './tables/findings.js'
import type { TagEffect } from '../../methodology/typology/tag-effect.js'

/** Every finding of the review, drafts included: for the reviewers' own pages, never for anything that leaves the review. */
export async function listFindings(db: Executor, reviewId: string): Promise<Finding[]> {
  return db.selectFrom('findings').selectAll().where('review_id', '=', reviewId).orderBy('position').orderBy('created_at').execute()
}

/**
 * The agreed findings only. The one place the rule "only agreed findings leave the review" lives: reports, the
 * board's pages and the national return all take their findings from here.
 */
export async function listAgreedFindings(db: Executor, reviewId: string): Promise<Finding[]> {
  return db.selectFrom('findings').selectAll().where('review_id', '=', reviewId).where('status', '=', 'agreed').orderBy('position').orderBy('created_at').execute()
}

export async function findFinding(db: Executor, reviewId: string, findingId: string): Promise<Finding | undefined> {
  return db.selectFrom('findings').selectAll().where('review_id', '=', reviewId).where('id', '=', findingId).executeTakeFirst()
}

export async function nextFindingPosition(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('findings').select((eb) => eb.fn.max('position').as('last')).where('review_id', '=', reviewId).executeTakeFirst()
  return (row?.last ?? 0) + 1
}

export async function insertFinding(db: Executor, finding: Finding): Promise<void> {
  await db.insertInto('findings').values(finding).execute()
}

/**
 * Saves changes only if the finding is still at `version`, raising it by one in the same statement: the check
 * is the UPDATE itself, so two saves from the same version cannot both succeed. False when it was stale.
 */
export async function updateFindingAtVersion(db: Executor, findingId: string, version: number, changes: Omit<Updateable<Database['findings']>, 'version'>): Promise<boolean> {
  const result = await db.updateTable('findings').set({ ...changes, version: version + 1 }).where('id', '=', findingId).where('version', '=', version).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function deleteFinding(db: Executor, findingId: string): Promise<void> {
  await db.deleteFrom('findings').where('id', '=', findingId).execute()
}

export interface TagRow {
  finding_id: string
  code: string
  typology_version: string
  effect: TagEffect | null
}

export async function listTags(db: Executor, findingIds: readonly string[]): Promise<TagRow[]> {
  if (findingIds.length === 0) return []
  return db.selectFrom('finding_tags').select(['finding_id', 'code', 'typology_version', 'effect']).where('finding_id', 'in', findingIds).orderBy('code').execute()
}

export async function replaceTags(db: Executor, findingId: string, tags: ReadonlyArray<{ code: string; version: string; effect: TagEffect | null }>, by: string | null, at: string): Promise<void> {
  await db.deleteFrom('finding_tags').where('finding_id', '=', findingId).execute()
  if (tags.length === 0) return
  await db.insertInto('finding_tags')
    .values(tags.map((t) => ({ finding_id: findingId, code: t.code, typology_version: t.version, effect: t.effect, tagged_by: by, tagged_at: at })))
    .execute()
}

export interface LinkRow {
  finding_id: string
  kind: FindingLinkKind
  target_id: string
}

export async function listLinks(db: Executor, findingIds: readonly string[]): Promise<LinkRow[]> {
  if (findingIds.length === 0) return []
  return db.selectFrom('finding_links').select(['finding_id', 'kind', 'target_id']).where('finding_id', 'in', findingIds).orderBy('position').execute()
}

export async function replaceLinks(db: Executor, findingId: string, links: ReadonlyArray<{ kind: FindingLinkKind; id: string }>): Promise<void> {
  await db.deleteFrom('finding_links').where('finding_id', '=', findingId).execute()
  if (links.length === 0) return
  await db.insertInto('finding_links').values(links.map((l, position) => ({ finding_id: findingId, kind: l.kind, target_id: l.id, position }))).execute()
}

export async function listFindingResearchQuestions(db: Executor, findingIds: readonly string[]): Promise<Array<{ finding_id: string; question_id: string }>> {
  if (findingIds.length === 0) return []
  return db.selectFrom('finding_research_questions').select(['finding_id', 'question_id']).where('finding_id', 'in', findingIds).execute()
}

export async function replaceFindingResearchQuestions(db: Executor, findingId: string, questionIds: readonly string[]): Promise<void> {
  await db.deleteFrom('finding_research_questions').where('finding_id', '=', findingId).execute()
  if (questionIds.length === 0) return
  await db.insertInto('finding_research_questions').values(questionIds.map((q) => ({ finding_id: findingId, question_id: q }))).execute()
}

// ---- Board questions ----

export async function listBoardQuestions(db: Executor, reviewId: string): Promise<BoardQuestion[]> {
  return db.selectFrom('board_questions').selectAll().where('review_id', '=', reviewId).orderBy('finding_id').orderBy('position').execute()
}

export async function findBoardQuestion(db: Executor, reviewId: string, questionId: string): Promise<BoardQuestion | undefined> {
  return db.selectFrom('board_questions').selectAll().where('review_id', '=', reviewId).where('id', '=', questionId).executeTakeFirst()
}

export async function insertBoardQuestion(db: Executor, row: BoardQuestion): Promise<void> {
  await db.insertInto('board_questions').values(row).execute()
}

export async function setBoardQuestionPosition(db: Executor, questionId: string, position: number): Promise<void> {
  await db.updateTable('board_questions').set({ position }).where('id', '=', questionId).execute()
}

export async function deleteBoardQuestions(db: Executor, questionIds: readonly string[]): Promise<void> {
  if (questionIds.length === 0) return
  await db.deleteFrom('board_questions').where('id', 'in', questionIds).execute()
}

/** Saves the board's response only if the question is still at `version` (checked by the UPDATE itself); false when stale. */
export async function setBoardResponseAtVersion(db: Executor, questionId: string, version: number, response: string | null, by: string | null, at: string | null): Promise<boolean> {
  const result = await db.updateTable('board_questions').set({ response, responded_by: by, responded_at: at, version: version + 1 })
    .where('id', '=', questionId).where('version', '=', version).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
