// A review's own abbreviations and what they stand for.
import type { Executor } from './schema.js'

export async function listReviewAbbreviations(db: Executor, reviewId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom('report_abbreviations').select(['abbreviation', 'meaning']).where('review_id', '=', reviewId).execute()
  return Object.fromEntries(rows.map((r) => [r.abbreviation, r.meaning]))
}

export async function saveReviewAbbreviation(db: Executor, row: { review_id: string; abbreviation: string; meaning: string; defined_by: string | null; defined_at: string }): Promise<void> {
  await db.insertInto('report_abbreviations').values(row)
    .onConflict((oc) => oc.columns(['review_id', 'abbreviation']).doUpdateSet({ meaning: row.meaning, defined_by: row.defined_by, defined_at: row.defined_at }))
    .execute()
}
