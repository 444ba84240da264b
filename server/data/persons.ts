// The review's person register: real identities and their pseudonyms.
import type { Updateable } from 'kysely'
import type { Database, Executor, Person } from './schema.js'

export async function listPersons(db: Executor, reviewId: string): Promise<Person[]> {
  return db.selectFrom('persons').selectAll().where('review_id', '=', reviewId).orderBy('created_at').orderBy('id').execute()
}

export async function findPerson(db: Executor, reviewId: string, personId: string): Promise<Person | undefined> {
  return db.selectFrom('persons').selectAll().where('review_id', '=', reviewId).where('id', '=', personId).executeTakeFirst()
}

export async function insertPersons(db: Executor, persons: Person[]): Promise<void> {
  // SQLite allows 999 bound values per statement by default in older builds: insert in batches.
  for (let i = 0; i < persons.length; i += 50) await db.insertInto('persons').values(persons.slice(i, i + 50)).execute()
}

export async function updatePerson(db: Executor, reviewId: string, personId: string, changes: Updateable<Database['persons']>): Promise<number> {
  const result = await db.updateTable('persons').set(changes).where('review_id', '=', reviewId).where('id', '=', personId).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function deletePerson(db: Executor, reviewId: string, personId: string): Promise<number> {
  const result = await db.deleteFrom('persons').where('review_id', '=', reviewId).where('id', '=', personId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
