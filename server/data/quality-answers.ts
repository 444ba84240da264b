// Answers to the quality self-assessment's markers, one per marker per review (the latest answer stands).
import type { Executor, QualityAnswer } from './schema.js'

export async function listQualityAnswers(db: Executor, reviewId: string): Promise<Array<QualityAnswer & { by_name: string | null }>> {
  return db.selectFrom('quality_answers as q')
    .leftJoin('users', 'users.id', 'q.answered_by')
    .selectAll('q')
    .select('users.name as by_name')
    .where('q.review_id', '=', reviewId)
    .execute()
}

export async function upsertQualityAnswer(db: Executor, row: QualityAnswer): Promise<void> {
  await db.insertInto('quality_answers').values(row)
    .onConflict((oc) => oc.columns(['review_id', 'marker_key']).doUpdateSet({ answer: row.answer, note: row.note, answered_by: row.answered_by, answered_at: row.answered_at }))
    .execute()
}
