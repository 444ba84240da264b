// Each question for the board gets a version, raised with every response saved, so two people answering the same
// question from the same page cannot both save: the second is told someone else answered first (issue 12).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('board_questions').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}
