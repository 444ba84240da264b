// Break-glass additions to the reviews a user leads, read from the audit trail (where they are recorded with
// their reason), so the lead reviewer is told.
import type { Executor } from './schema.js'

export interface BreakGlassRow {
  review_id: string
  review_title: string
  at: string
  actor_name: string | null
  details: string
}

export async function listBreakGlassForLead(db: Executor, leadUserId: string, since: string): Promise<BreakGlassRow[]> {
  return db
    .selectFrom('audit_log as a')
    .innerJoin('review_members as m', (join) => join.onRef('m.review_id', '=', 'a.review_id').on('m.user_id', '=', leadUserId).on('m.role', '=', 'lead-reviewer'))
    .innerJoin('reviews as r', 'r.id', 'a.review_id')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.review_id as review_id', 'r.title as review_title', 'a.at', 'u.name as actor_name', 'a.details'])
    .where('a.action', '=', 'review.member.break-glass')
    .where('a.at', '>=', since)
    .orderBy('a.seq', 'desc')
    .limit(50)
    .execute() as Promise<BreakGlassRow[]>
}
