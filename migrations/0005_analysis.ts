// Analysis: key practice episodes (with their chronology events and quotes, and their appraisal from the view
// in the tunnel), contributory factors (linked to episodes, citing evidence), and the causal why-map as a
// versioned document with its history.
// Factor evidence is polymorphic (event, quote or document), so it is kept as ids the service checks; an
// episode's events and quotes are real foreign keys, so rolling back an import or deleting a quote cleans up.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('key_practice_episodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('date_start', 'text', (c) => c.notNull())
    .addColumn('date_end', 'text', (c) => c.notNull())
    .addColumn('agencies', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('known_at_time', 'text')
    .addColumn('expected_practice', 'text')
    .addColumn('what_happened', 'text')
    .addColumn('judgement', 'text', (c) => c.check(sql`judgement in ('adequate', 'good', 'problem')`))
    .addColumn('good_practice', 'text')
    .addColumn('appraised_by', 'text')
    .addColumn('appraised_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addCheckConstraint('key_practice_episodes_dates', sql`date_start <= date_end`)
    .execute()
  await db.schema.createIndex('key_practice_episodes_review').on('key_practice_episodes').columns(['review_id', 'date_start', 'position']).execute()

  await db.schema
    .createTable('kpe_events')
    .addColumn('kpe_id', 'text', (c) => c.notNull().references('key_practice_episodes.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('chronology_events.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('kpe_events_pk', ['kpe_id', 'event_id'])
    .execute()
  await db.schema.createIndex('kpe_events_event').on('kpe_events').column('event_id').execute()

  await db.schema
    .createTable('kpe_quotes')
    .addColumn('kpe_id', 'text', (c) => c.notNull().references('key_practice_episodes.id').onDelete('cascade'))
    .addColumn('quote_id', 'text', (c) => c.notNull().references('quotes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('kpe_quotes_pk', ['kpe_id', 'quote_id'])
    .execute()
  await db.schema.createIndex('kpe_quotes_quote').on('kpe_quotes').column('quote_id').execute()

  // Level and factor type are checked by the service, so that adding one later needs no table rebuild.
  await db.schema
    .createTable('contributory_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('factor_type', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('contributory_factors_review').on('contributory_factors').columns(['review_id', 'position']).execute()

  await db.schema
    .createTable('factor_episodes')
    .addColumn('factor_id', 'text', (c) => c.notNull().references('contributory_factors.id').onDelete('cascade'))
    .addColumn('kpe_id', 'text', (c) => c.notNull().references('key_practice_episodes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('factor_episodes_pk', ['factor_id', 'kpe_id'])
    .execute()
  await db.schema.createIndex('factor_episodes_kpe').on('factor_episodes').column('kpe_id').execute()

  await db.schema
    .createTable('factor_evidence')
    .addColumn('factor_id', 'text', (c) => c.notNull().references('contributory_factors.id').onDelete('cascade'))
    .addColumn('evidence_type', 'text', (c) => c.notNull().check(sql`evidence_type in ('event', 'quote', 'document')`))
    .addColumn('evidence_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('factor_evidence_pk', ['factor_id', 'evidence_type', 'evidence_id'])
    .execute()

  // The map is saved whole (nodes and edges as one JSON document) with a version for optimistic concurrency.
  await db.schema
    .createTable('causal_maps')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('causal_map_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_by', 'text')
    .addColumn('changed_via', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('causal_map_history_review').on('causal_map_history').columns(['review_id', 'version']).unique().execute()
}
