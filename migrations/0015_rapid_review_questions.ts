// Questions a local review would start from, written with the rapid review's decision (issue 15). Starting the
// local review carries them over as its draft research questions. JSON text: string[].
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rapid_reviews').addColumn('draft_questions', 'text', (c) => c.notNull().defaultTo('[]')).execute()
}
