// Language check issues a lead reviewer has dismissed, remembered review-wide by the check's issue key.
import type { Executor, LanguageDismissal } from './schema.js'

export async function listLanguageDismissals(db: Executor, reviewId: string): Promise<Array<LanguageDismissal & { key: string; by_name: string | null }>> {
  const rows = await db.selectFrom('language_dismissals as d')
    .leftJoin('users', 'users.id', 'd.dismissed_by')
    .selectAll('d')
    .select('users.name as by_name')
    .where('d.review_id', '=', reviewId)
    .execute()
  return rows.map((r) => ({ ...r, key: r.issue_key }))
}

export async function upsertLanguageDismissal(db: Executor, row: LanguageDismissal): Promise<void> {
  await db.insertInto('language_dismissals').values(row)
    .onConflict((oc) => oc.columns(['review_id', 'issue_key']).doUpdateSet({ reason: row.reason, dismissed_by: row.dismissed_by, dismissed_at: row.dismissed_at }))
    .execute()
}

export async function deleteLanguageDismissal(db: Executor, reviewId: string, issueKey: string): Promise<number> {
  const result = await db.deleteFrom('language_dismissals').where('review_id', '=', reviewId).where('issue_key', '=', issueKey).executeTakeFirst()
  return Number(result.numDeletedRows)
}
