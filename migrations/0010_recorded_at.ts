// When an agency's entry was written, if its extract says (a "Date recorded" column): a record made days after
// the event is part of the story. Null when the file has no such column.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chronology_import_rows').addColumn('recorded_at', 'text').execute()
  await db.schema.alterTable('chronology_events').addColumn('recorded_at', 'text').execute()
}
