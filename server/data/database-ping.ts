// The smallest question the database can answer: whether it answers at all.
import { sql } from 'kysely'
import type { Executor } from './schema.js'

/** `select 1`; false instead of an error when the database does not answer. */
export async function pingDatabase(db: Executor): Promise<boolean> {
  return sql`select 1`.execute(db).then(() => true, () => false)
}
