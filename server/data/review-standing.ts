// What the access-control plugin reads once per review-scoped request, in one query: whether the review exists,
// its content version, the caller's membership and their names choice.
import type { ReviewRole } from '../../methodology/permissions.js'
import type { NameDisplay } from './name-display.js'
import type { Executor } from './schema.js'

export interface ReviewStandingRow {
  content_version: number
  role: ReviewRole | null
  agency: string | null
  display: NameDisplay | null
}

/** undefined when there is no such review in this partnership (none at all for a viewer of no partnership). */
export async function findReviewStanding(db: Executor, reviewId: string, userId: string, partnershipId: string | null): Promise<ReviewStandingRow | undefined> {
  if (partnershipId === null) return undefined
  return db
    .selectFrom('reviews as r')
    .leftJoin('review_members as m', (join) => join.onRef('m.review_id', '=', 'r.id').on('m.user_id', '=', userId))
    .leftJoin('name_display as n', (join) => join.onRef('n.review_id', '=', 'r.id').on('n.user_id', '=', userId))
    .select(['r.content_version', 'm.role', 'm.agency', 'n.display'])
    .where('r.id', '=', reviewId)
    .where('r.partnership_id', '=', partnershipId)
    .executeTakeFirst()
}

/** Call in the transaction of any change that alters what the review's pages show. */
export async function bumpContentVersion(db: Executor, reviewId: string): Promise<void> {
  await db.updateTable('reviews').set((eb) => ({ content_version: eb('content_version', '+', 1) })).where('id', '=', reviewId).execute()
}

export async function readContentVersion(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('reviews').select('content_version').where('id', '=', reviewId).executeTakeFirst()
  return row?.content_version ?? 0
}
