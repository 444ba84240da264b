// How the review was conducted, as Learning Together asks it to be recorded: the lead reviewer's declaration of
// independence from the agencies under review, the case group's follow-on meetings and practitioners' feedback on
// the draft findings, and the register of parallel processes (criminal proceedings, inquests, disciplinary
// processes, domestic homicide reviews) that bear on the review.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('independence_declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('independent', 'integer', (c) => c.notNull())
    .addColumn('interests', 'text')
    .addColumn('declared_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('independence_declarations_review').on('independence_declarations').columns(['review_id', 'user_id']).execute()

  await db.schema.createTable('case_group_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('participants', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('case_group_steps_review').on('case_group_steps').column('review_id').execute()

  await db.schema.createTable('parallel_processes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_on', 'text')
    .addColumn('concluded_on', 'text')
    .addColumn('effect', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('parallel_processes_review').on('parallel_processes').column('review_id').execute()
}
