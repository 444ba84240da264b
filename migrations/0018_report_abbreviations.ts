// What a review's own abbreviations stand for, defined by the lead reviewer on the report page: the report's
// glossary lists them beside the built-in ones (methodology/report/abbreviations.ts).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('report_abbreviations')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('abbreviation', 'text', (c) => c.notNull())
    .addColumn('meaning', 'text', (c) => c.notNull())
    .addColumn('defined_by', 'text')
    .addColumn('defined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_abbreviations_pk', ['review_id', 'abbreviation'])
    .execute()
}
