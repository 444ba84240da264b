// How the review was conducted: lead reviewers' independence declarations, case-group steps, parallel processes.
import type { CaseGroupStep, Executor, IndependenceDeclaration, ParallelProcess } from './schema.js'
import type { ParallelProcessesTable } from './tables/review-conduct.js'

export async function insertIndependenceDeclaration(db: Executor, row: IndependenceDeclaration): Promise<void> {
  await db.insertInto('independence_declarations').values(row).execute()
}

/** Every declaration in the review, newest first (the first per person is the one that counts). */
export async function listIndependenceDeclarations(db: Executor, reviewId: string): Promise<Array<IndependenceDeclaration & { user_name: string | null }>> {
  return db.selectFrom('independence_declarations as d').leftJoin('users as u', 'u.id', 'd.user_id')
    .selectAll('d').select('u.name as user_name')
    .where('d.review_id', '=', reviewId).orderBy('d.recorded_at', 'desc').orderBy('d.id', 'desc').execute()
}

export async function insertCaseGroupStep(db: Executor, row: CaseGroupStep): Promise<void> {
  await db.insertInto('case_group_steps').values(row).execute()
}

export async function listCaseGroupSteps(db: Executor, reviewId: string): Promise<CaseGroupStep[]> {
  return db.selectFrom('case_group_steps').selectAll().where('review_id', '=', reviewId).orderBy('held_on').orderBy('created_at').execute()
}

export async function deleteCaseGroupStep(db: Executor, reviewId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('case_group_steps').where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function insertParallelProcess(db: Executor, row: ParallelProcess): Promise<void> {
  await db.insertInto('parallel_processes').values(row).execute()
}

export async function updateParallelProcess(db: Executor, reviewId: string, id: string, changes: Partial<Omit<ParallelProcessesTable, 'id' | 'review_id'>>): Promise<number> {
  const result = await db.updateTable('parallel_processes').set(changes).where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function listParallelProcesses(db: Executor, reviewId: string): Promise<ParallelProcess[]> {
  return db.selectFrom('parallel_processes').selectAll().where('review_id', '=', reviewId).orderBy('created_at').orderBy('id').execute()
}
