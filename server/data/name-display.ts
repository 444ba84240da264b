// Each reviewer's choice, per review, of real names or pseudonyms on pages that show case text.
import type { Executor } from './schema.js'

export type NameDisplay = 'real' | 'pseudonyms'

export async function findNameDisplay(db: Executor, userId: string, reviewId: string): Promise<NameDisplay | null> {
  const row = await db.selectFrom('name_display').select('display').where('user_id', '=', userId).where('review_id', '=', reviewId).executeTakeFirst()
  return row?.display ?? null
}

export async function saveNameDisplay(db: Executor, userId: string, reviewId: string, display: NameDisplay, at: string): Promise<void> {
  await db
    .insertInto('name_display')
    .values({ user_id: userId, review_id: reviewId, display, updated_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'review_id']).doUpdateSet({ display, updated_at: at }))
    .execute()
}
