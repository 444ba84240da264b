// Supporting documents: procedures, assessment forms, minutes, with their text where there is one.
import type { Updateable } from 'kysely'
import type { Database, Executor, SupportingDocument } from './schema.js'

/** Every document of a review; which of them a viewer may see is the service's decision (one agency key). */
export async function listDocuments(db: Executor, reviewId: string): Promise<SupportingDocument[]> {
  return db.selectFrom('documents').selectAll().where('review_id', '=', reviewId).orderBy('document_date', (ob) => ob.asc().nullsFirst()).orderBy('title').orderBy('id').execute()
}

export async function findDocument(db: Executor, reviewId: string, documentId: string): Promise<SupportingDocument | undefined> {
  return db.selectFrom('documents').selectAll().where('review_id', '=', reviewId).where('id', '=', documentId).executeTakeFirst()
}

export async function insertDocument(db: Executor, document: SupportingDocument): Promise<void> {
  await db.insertInto('documents').values(document).execute()
}

export async function updateDocument(db: Executor, reviewId: string, documentId: string, changes: Updateable<Database['documents']>): Promise<number> {
  const result = await db.updateTable('documents').set(changes).where('review_id', '=', reviewId).where('id', '=', documentId).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function deleteDocument(db: Executor, reviewId: string, documentId: string): Promise<number> {
  const result = await db.deleteFrom('documents').where('review_id', '=', reviewId).where('id', '=', documentId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function countDocuments(db: Executor, reviewId: string): Promise<number> {
  const row = await db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('review_id', '=', reviewId).executeTakeFirstOrThrow()
  return Number(row.n)
}
