// The board's agreed actions and each change of their status.
import type { Updateable } from 'kysely'
import type { BoardAction, BoardActionUpdate, Database, Executor } from './schema.js'

export async function listBoardActions(db: Executor, reviewId: string): Promise<BoardAction[]> {
  return db.selectFrom('board_actions').selectAll().where('review_id', '=', reviewId).orderBy('due_date').orderBy('created_at').execute()
}

export async function findBoardAction(db: Executor, reviewId: string, actionId: string): Promise<BoardAction | undefined> {
  return db.selectFrom('board_actions').selectAll().where('review_id', '=', reviewId).where('id', '=', actionId).executeTakeFirst()
}

export async function insertBoardAction(db: Executor, row: BoardAction): Promise<void> {
  await db.insertInto('board_actions').values(row).execute()
}

/** Saves changes only if the action is still at `version`, raising it in the same statement; false when stale. */
export async function updateBoardActionAtVersion(db: Executor, actionId: string, version: number, changes: Omit<Updateable<Database['board_actions']>, 'version'>): Promise<boolean> {
  const result = await db.updateTable('board_actions').set({ ...changes, version: version + 1 }).where('id', '=', actionId).where('version', '=', version).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function insertBoardActionUpdate(db: Executor, row: BoardActionUpdate): Promise<void> {
  await db.insertInto('board_action_updates').values(row).execute()
}

export async function listBoardActionUpdates(db: Executor, actionId: string): Promise<Array<BoardActionUpdate & { by_name: string | null }>> {
  return db.selectFrom('board_action_updates as u')
    .leftJoin('users', 'users.id', 'u.by_user')
    .selectAll('u')
    .select('users.name as by_name')
    .where('u.action_id', '=', actionId)
    .orderBy('u.at')
    .orderBy('u.id')
    .execute()
}

/** Actions not done and due on or before `dueBy`, in the reviews where the user has one of `roles`. */
export async function listOpenActionsDueForMember(
  db: Executor,
  userId: string,
  roles: readonly string[],
  dueBy: string,
): Promise<Array<BoardAction & { review_title: string }>> {
  return db.selectFrom('board_actions as a')
    .innerJoin('review_members as m', (j) => j.onRef('m.review_id', '=', 'a.review_id').on('m.user_id', '=', userId))
    .innerJoin('reviews as r', 'r.id', 'a.review_id')
    .selectAll('a')
    .select('r.title as review_title')
    .where('m.role', 'in', [...roles] as Array<Database['review_members']['role']>)
    .where('a.status', '<>', 'done')
    .where('a.due_date', '<=', dueBy)
    .orderBy('a.due_date')
    .execute()
}
