// Agency chronology imports (with staged rows for the preview), the integrated chronology's events and
// their full-text index, episodes linking events across agencies, dismissed episode suggestions and
// each agency's remembered import settings.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

const FTS_COLUMNS = 'summary, category, author, outcome, annotation'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chronology_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('agency_key', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.check(sql`format in ('csv', 'xlsx')`))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('detected', 'text')
    .addColumn('headers', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('analysing', 'previewed', 'committed', 'rolled-back', 'failed', 'discarded')`))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reduced_precision_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outside_period_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('analysis', 'text')
    .addColumn('error', 'text')
    .addColumn('committed_rows', 'integer')
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('analysed_at', 'text')
    .addColumn('committed_by', 'text')
    .addColumn('committed_at', 'text')
    .addColumn('rolled_back_by', 'text')
    .addColumn('rolled_back_at', 'text')
    .addColumn('discarded_by', 'text')
    .addColumn('discarded_at', 'text')
    .execute()
  await db.schema.createIndex('chronology_imports_review').on('chronology_imports').columns(['review_id', 'status', 'uploaded_at']).execute()

  await db.schema
    .createTable('chronology_import_rejections')
    .addColumn('import_id', 'text', (c) => c.notNull().references('chronology_imports.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('column_name', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chronology_import_rejections_pk', ['import_id', 'row'])
    .modifyEnd(sql`without rowid`)
    .execute()

  // Staged rows: the preview's accepted events, clustered by import and row so commit copies them in order.
  await db.schema
    .createTable('chronology_import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull().references('chronology_imports.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('date_start', 'text', (c) => c.notNull())
    .addColumn('date_end', 'text', (c) => c.notNull())
    .addColumn('time', 'text')
    .addColumn('precision', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('category', 'text')
    .addColumn('summary', 'text')
    .addColumn('outcome', 'text')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('chronology_import_rows_pk', ['import_id', 'row'])
    .modifyEnd(sql`without rowid`)
    .execute()

  await db.schema
    .createTable('chronology_events')
    // An integer primary key is the rowid, which the full-text index uses; it never changes, even on VACUUM.
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('chronology_imports.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('agency_key', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('date_start', 'text', (c) => c.notNull())
    .addColumn('date_end', 'text', (c) => c.notNull())
    .addColumn('time', 'text')
    .addColumn('precision', 'text', (c) => c.notNull().check(sql`precision in ('minute', 'day', 'week', 'month', 'year')`))
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('category', 'text')
    .addColumn('summary', 'text')
    .addColumn('outcome', 'text')
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_row', 'integer', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('significant', 'integer', (c) => c.notNull().defaultTo(0).check(sql`significant in (0, 1)`))
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0).check(sql`shared in (0, 1)`))
    .addColumn('annotation', 'text')
    .addColumn('annotated_by', 'text')
    .addColumn('annotated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // The timeline in order, for everyone and for one agency (the case group); rollback by import; counts.
  await db.schema.createIndex('chronology_events_timeline').on('chronology_events').columns(['review_id', 'sort_key', 'agency_key', 'source_row']).execute()
  await db.schema.createIndex('chronology_events_agency').on('chronology_events').columns(['review_id', 'agency_key', 'sort_key']).execute()
  await db.schema.createIndex('chronology_events_import').on('chronology_events').columns(['import_id', 'source_row']).execute()
  await db.schema.createIndex('chronology_events_significant').on('chronology_events').columns(['review_id', 'significant']).execute()

  // Full-text search over the event's words, kept in step with the events by triggers.
  if (isPostgres(db)) {
    await postgresSearch(db)
  } else {
    await sqliteSearch(db)
  }

  await db.schema
    .createTable('chronology_episodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('suggestion_key', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('chronology_episodes_review').on('chronology_episodes').column('review_id').execute()

  await db.schema
    .createTable('chronology_episode_events')
    .addColumn('episode_id', 'text', (c) => c.notNull().references('chronology_episodes.id').onDelete('cascade'))
    // An event belongs to one episode at most; linking it again moves it (and merges the episodes).
    .addColumn('event_id', 'text', (c) => c.notNull().unique().references('chronology_events.id').onDelete('cascade'))
    .addColumn('review_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chronology_episode_events_pk', ['episode_id', 'event_id'])
    .execute()
  await db.schema.createIndex('chronology_episode_events_review').on('chronology_episode_events').columns(['review_id', 'episode_id']).execute()

  await db.schema
    .createTable('chronology_episode_dismissals')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('suggestion_key', 'text', (c) => c.notNull())
    .addColumn('dismissed_by', 'text')
    .addColumn('dismissed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chronology_episode_dismissals_pk', ['review_id', 'suggestion_key'])
    .execute()

  await db.schema
    .createTable('chronology_agency_settings')
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('agency_key', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('date_format', 'text')
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chronology_agency_settings_pk', ['review_id', 'agency_key'])
    .execute()
}

// PostgreSQL: the same search as FTS5's porter/unicode61/remove_diacritics tokenizer gives on SQLite. Words are
// folded to lower case without accents (unaccent) and stemmed by Snowball's Porter stemmer (FTS5's), with no stop
// words, so every word typed can be found, as on SQLite. The words live in a table of their own beside the events,
// as the FTS5 table does (so a select * of events never carries them), kept in step by triggers and by the foreign
// key on delete; "rowid" is named as SQLite's so the query reads the same on both engines. The reviewers' notes
// (annotation) are weighted D and everything else A, so a search that must not see notes (the case group's)
// matches only A (server/data/fts-query.ts).
async function postgresSearch(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db)
  await sql`create text search dictionary casework_porter (template = snowball, language = porter)`.execute(db)
  await sql`create text search configuration casework_search (copy = simple)`.execute(db)
  await sql`alter text search configuration casework_search
    alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part with unaccent, casework_porter`.execute(db)
  await sql`alter text search configuration casework_search alter mapping for numword, numhword, hword_numpart with unaccent, simple`.execute(db)
  await sql`create table chronology_events_fts (
    rowid bigint primary key references chronology_events (seq) on delete cascade,
    words tsvector not null
  )`.execute(db)
  await sql`create index chronology_events_fts_words on chronology_events_fts using gin (words)`.execute(db)
  await sql`create function chronology_events_fts_sync() returns trigger language plpgsql as $$
    begin
      insert into chronology_events_fts (rowid, words) values (new.seq,
        setweight(to_tsvector('casework_search', concat_ws(' ', new.summary, new.category, new.author, new.outcome)), 'A')
        || setweight(to_tsvector('casework_search', coalesce(new.annotation, '')), 'D'))
      on conflict (rowid) do update set words = excluded.words;
      return null;
    end $$`.execute(db)
  await sql`create trigger chronology_events_fts_insert after insert on chronology_events
    for each row execute function chronology_events_fts_sync()`.execute(db)
  await sql`create trigger chronology_events_fts_update after update of ${sql.raw(FTS_COLUMNS)} on chronology_events
    for each row execute function chronology_events_fts_sync()`.execute(db)
}

// SQLite: an FTS5 table over the events (external content), kept in step by triggers.
async function sqliteSearch(db: Kysely<any>): Promise<void> {
  await sql`create virtual table chronology_events_fts using fts5(
    ${sql.raw(FTS_COLUMNS)}, content='chronology_events', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db)
  await sql`create trigger chronology_events_fts_insert after insert on chronology_events begin
    insert into chronology_events_fts(rowid, ${sql.raw(FTS_COLUMNS)})
      values (new.seq, new.summary, new.category, new.author, new.outcome, new.annotation);
  end`.execute(db)
  await sql`create trigger chronology_events_fts_delete after delete on chronology_events begin
    insert into chronology_events_fts(chronology_events_fts, rowid, ${sql.raw(FTS_COLUMNS)})
      values ('delete', old.seq, old.summary, old.category, old.author, old.outcome, old.annotation);
  end`.execute(db)
  await sql`create trigger chronology_events_fts_update after update of ${sql.raw(FTS_COLUMNS)} on chronology_events begin
    insert into chronology_events_fts(chronology_events_fts, rowid, ${sql.raw(FTS_COLUMNS)})
      values ('delete', old.seq, old.summary, old.category, old.author, old.outcome, old.annotation);
    insert into chronology_events_fts(rowid, ${sql.raw(FTS_COLUMNS)})
      values (new.seq, new.summary, new.category, new.author, new.outcome, new.annotation);
  end`.execute(db)
}
