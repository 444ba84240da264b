import type { Updateable } from 'kysely'
import type { Database, Executor, ResearchQuestion, Review, StageRecord } from './schema.js'
import { compiledOnce } from './compiled-once.js'
import type { ReviewRole } from '../../methodology/permissions.js'

export async function insertReview(db: Executor, review: Review): Promise<void> {
  await db.insertInto('reviews').values(review).execute()
}

// Compiled once (compiled-once.ts): every review page reads its review.
const reviewQuery = compiledOnce(1, (db, id: string) => db.selectFrom('reviews').selectAll().where('id', '=', id))

export async function findReview(db: Executor, id: string): Promise<Review | undefined> {
  return reviewQuery(db, id)
}

export async function updateReview(db: Executor, id: string, changes: Updateable<Database['reviews']>): Promise<void> {
  await db.updateTable('reviews').set(changes).where('id', '=', id).execute()
}

export interface ReviewListItem extends Review {
  my_role: ReviewRole | null
}

/** The reviews of one partnership a user is a member of, with their role in each. */
export async function listReviewsOfMember(db: Executor, userId: string, partnershipId: string): Promise<ReviewListItem[]> {
  return db
    .selectFrom('reviews as r')
    .innerJoin('review_members as m', (j) => j.onRef('m.review_id', '=', 'r.id').on('m.user_id', '=', userId))
    .selectAll('r')
    .select('m.role as my_role')
    .where('r.partnership_id', '=', partnershipId)
    .orderBy('r.updated_at', 'desc')
    .execute()
}

/** Every review of one partnership, for its administrators (metadata only is shown), with the admin's role where they are a member. */
export async function listPartnershipReviews(db: Executor, userId: string, partnershipId: string): Promise<ReviewListItem[]> {
  return db
    .selectFrom('reviews as r')
    .leftJoin('review_members as m', (j) => j.onRef('m.review_id', '=', 'r.id').on('m.user_id', '=', userId))
    .selectAll('r')
    .select('m.role as my_role')
    .where('r.partnership_id', '=', partnershipId)
    .orderBy('r.updated_at', 'desc')
    .execute()
}

export async function listResearchQuestions(db: Executor, reviewId: string): Promise<ResearchQuestion[]> {
  return db.selectFrom('research_questions').selectAll().where('review_id', '=', reviewId).orderBy('position').execute()
}

export async function insertResearchQuestion(db: Executor, row: ResearchQuestion): Promise<void> {
  await db.insertInto('research_questions').values(row).execute()
}

export async function updateResearchQuestion(db: Executor, reviewId: string, id: string, text: string): Promise<number> {
  const result = await db.updateTable('research_questions').set({ text }).where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function deleteResearchQuestion(db: Executor, reviewId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('research_questions').where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function listStageRecords(db: Executor, reviewId: string): Promise<StageRecord[]> {
  return db.selectFrom('stage_records').selectAll().where('review_id', '=', reviewId).execute()
}

export async function upsertStageRecord(db: Executor, row: StageRecord): Promise<void> {
  await db
    .insertInto('stage_records')
    .values(row)
    .onConflict((oc) => oc.columns(['review_id', 'stage_key']).doUpdateSet({
      completed_at: row.completed_at, completed_by: row.completed_by, override_reason: row.override_reason,
    }))
    .execute()
}
