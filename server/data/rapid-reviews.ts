// Rapid reviews and their sign-offs. A save replaces the whole record, guarded by its version: the UPDATE
// only matches the version the change was made to, so two people saving at once cannot overwrite each other.
import type { Database, Executor, RapidReviewRow, RapidReviewSignOffRow } from './schema.js'
import type { Insertable } from 'kysely'

export type RapidReviewFields = Omit<Insertable<Database['rapid_reviews']>, 'review_id' | 'version' | 'local_review_id'>
export type SignOffFields = Omit<RapidReviewSignOffRow, 'review_id'>

export async function findRapidReview(db: Executor, reviewId: string): Promise<RapidReviewRow | undefined> {
  return db.selectFrom('rapid_reviews').selectAll().where('review_id', '=', reviewId).executeTakeFirst()
}

/** The rapid review a local review was started from (the link back). */
export async function findRapidReviewByLocalReview(db: Executor, localReviewId: string): Promise<RapidReviewRow | undefined> {
  return db.selectFrom('rapid_reviews').selectAll().where('local_review_id', '=', localReviewId).executeTakeFirst()
}

export async function listSignOffs(db: Executor, reviewId: string): Promise<RapidReviewSignOffRow[]> {
  return db.selectFrom('rapid_review_sign_offs').selectAll().where('review_id', '=', reviewId).orderBy('position').execute()
}

/** Creates the row at version 1. */
export async function insertRapidReview(db: Executor, reviewId: string, fields: RapidReviewFields): Promise<void> {
  await db.insertInto('rapid_reviews').values({ ...fields, review_id: reviewId, version: 1 }).execute()
}

/** Saves over `baseVersion`; returns false (nothing changed) when the stored version has moved on. */
export async function updateRapidReview(db: Executor, reviewId: string, baseVersion: number, fields: RapidReviewFields): Promise<boolean> {
  const result = await db.updateTable('rapid_reviews')
    .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
    .where('review_id', '=', reviewId)
    .where('version', '=', baseVersion)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function replaceSignOffs(db: Executor, reviewId: string, rows: SignOffFields[]): Promise<void> {
  await db.deleteFrom('rapid_review_sign_offs').where('review_id', '=', reviewId).execute()
  if (rows.length) await db.insertInto('rapid_review_sign_offs').values(rows.map((r) => ({ ...r, review_id: reviewId }))).execute()
}

/** Links the rapid review to the local review started from it; false when it is already linked. */
export async function linkLocalReview(db: Executor, reviewId: string, localReviewId: string): Promise<boolean> {
  const result = await db.updateTable('rapid_reviews')
    .set((eb) => ({ local_review_id: localReviewId, version: eb('version', '+', 1) }))
    .where('review_id', '=', reviewId)
    .where('local_review_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
