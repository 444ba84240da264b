// Independent tagging exercises: two reviewers tag the same findings without seeing each other's codes.
import type { Updateable } from 'kysely'
import type { TagEffect } from '../../methodology/typology/tag-effect.js'
import type { Database, Executor, TaggingExercise } from './schema.js'

export async function listTaggingExercises(db: Executor, reviewId: string): Promise<TaggingExercise[]> {
  return db.selectFrom('tagging_exercises').selectAll().where('review_id', '=', reviewId).orderBy('started_at', 'desc').orderBy('id', 'desc').execute()
}

export async function findTaggingExercise(db: Executor, reviewId: string, exerciseId: string): Promise<TaggingExercise | undefined> {
  return db.selectFrom('tagging_exercises').selectAll().where('review_id', '=', reviewId).where('id', '=', exerciseId).executeTakeFirst()
}

export async function findOpenTaggingExercise(db: Executor, reviewId: string): Promise<TaggingExercise | undefined> {
  return db.selectFrom('tagging_exercises').selectAll().where('review_id', '=', reviewId).where('closed_at', 'is', null).executeTakeFirst()
}

export async function insertTaggingExercise(db: Executor, row: TaggingExercise): Promise<void> {
  await db.insertInto('tagging_exercises').values(row).execute()
}

export async function updateTaggingExercise(db: Executor, exerciseId: string, changes: Updateable<Database['tagging_exercises']>): Promise<void> {
  await db.updateTable('tagging_exercises').set(changes).where('id', '=', exerciseId).execute()
}

export async function listExerciseTags(db: Executor, exerciseId: string, userId?: string): Promise<Array<{ user_id: string; finding_id: string; code: string; effect: TagEffect | null }>> {
  let query = db.selectFrom('tagging_exercise_tags').select(['user_id', 'finding_id', 'code', 'effect']).where('exercise_id', '=', exerciseId)
  if (userId !== undefined) query = query.where('user_id', '=', userId)
  return query.orderBy('code').execute()
}

export async function replaceExerciseTags(db: Executor, exerciseId: string, userId: string, tags: ReadonlyArray<{ findingId: string; code: string; effect: TagEffect | null }>): Promise<void> {
  await db.deleteFrom('tagging_exercise_tags').where('exercise_id', '=', exerciseId).where('user_id', '=', userId).execute()
  if (tags.length === 0) return
  await db.insertInto('tagging_exercise_tags').values(tags.map((t) => ({ exercise_id: exerciseId, user_id: userId, finding_id: t.findingId, code: t.code, effect: t.effect }))).execute()
}
