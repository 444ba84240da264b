// The person register, practitioner conversations and their quotes, supporting documents, and each
// reviewer's choice of real names or pseudonyms on screen.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('real_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text')
    .addColumn('nhs_number', 'text')
    .addColumn('address', 'text')
    .addColumn('postcode', 'text')
    .addColumn('phone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  // One pseudonym per person in a review: a shared one would make pseudonymised text ambiguous.
  if (isPostgres(db)) {
    // lower() under the column's "C" collation folds ASCII letters only, as SQLite's NOCASE does.
    await sql`create unique index persons_pseudonym on persons (review_id, lower(pseudonym))`.execute(db)
  } else {
    await sql`create unique index persons_pseudonym on persons (review_id, pseudonym collate nocase)`.execute(db)
  }

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('practitioner', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('member_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('held_on', 'text', (c) => c.notNull())
    .addColumn('held_by', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('source_filename', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('conversations_review').on('conversations').columns(['review_id', 'held_on']).execute()

  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('start_offset', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('quotes_conversation').on('quotes').columns(['conversation_id', 'start_offset']).execute()
  await db.schema.createIndex('quotes_review').on('quotes').column('review_id').execute()

  // Rolling back a chronology import removes its events, and with them these links.
  await db.schema
    .createTable('quote_events')
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('chronology_events.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('quote_events_pk', ['quote_id', 'event_id'])
    .execute()
  await db.schema.createIndex('quote_events_event').on('quote_events').column('event_id').execute()

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('agency', 'text')
    .addColumn('document_date', 'text')
    .addColumn('description', 'text')
    .addColumn('content', 'text')
    .addColumn('source_filename', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('documents_review').on('documents').columns(['review_id', 'document_date']).execute()

  await db.schema
    .createTable('name_display')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('display', 'text', (c) => c.notNull().check(sql`display in ('real', 'pseudonyms')`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('name_display_pk', ['user_id', 'review_id'])
    .execute()
}
