// When a local review's report is to be published, and when the final report went to the Child Safeguarding
// Practice Review Panel and the Department for Education (issue 15): Working Together asks for it at least
// 7 working days before publication, and the clock needs both dates.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').addColumn('publication_planned_on', 'text').execute()
  await db.schema.alterTable('reviews').addColumn('final_report_sent_on', 'text').execute()
}
