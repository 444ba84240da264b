// National learning. Local side: the link to each review's published report and every version of its
// national return as sent. National side: the returns received (every version, the current one marked) and,
// for the current versions only, the anonymised findings in query-friendly tables: tags as sent, tags
// translated to the latest typology version, agencies, and a full-text index over the findings' words.
// Integer keys on the national tables keep joins and indexes small at national scale (see BENCHMARKS.md).
import { randomUUID } from 'node:crypto'
import { sql, type CreateTableBuilder, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

const FTS_COLUMNS = 'title, pattern, how_widespread, why_it_matters, board_questions'

/** The review's facts and the finding's level, copied onto the code and agency rows. */
function factColumns<T extends CreateTableBuilder<string, never>>(table: T): T {
  return table
    .addColumn('review_id', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('methodology', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text')
    .addColumn('harm', 'text')
    .addColumn('system_level', 'text') as T
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('national_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()
  // An opaque id for this instance, sent with its returns; random so it says nothing about the partnership.
  await db.insertInto('national_settings').values({ key: 'instance-id', value: randomUUID() }).execute()

  // ---- Local side ----
  await db.schema
    .createTable('national_return_options')
    .addColumn('review_id', 'text', (c) => c.primaryKey().references('reviews.id').onDelete('cascade'))
    .addColumn('published_report', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('national_returns_sent')
    .addColumn('return_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('national_returns_sent_pk', ['return_id', 'version'])
    .execute()
  await db.schema.createIndex('national_returns_sent_review').on('national_returns_sent').columns(['review_id', 'version']).execute()

  // ---- National side ----
  await db.schema
    .createTable('national_returns')
    .addColumn('return_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source_instance', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text')
    .addColumn('received_via', 'text', (c) => c.notNull().check(sql`received_via in ('api', 'file', 'local', 'demo')`))
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull().check(sql`is_current in (0, 1)`))
    .addPrimaryKeyConstraint('national_returns_pk', ['return_id', 'version'])
    .execute()
  await db.schema.createIndex('national_returns_listing').on('national_returns').columns(['is_current', 'received_at']).execute()

  await db.schema
    .createTable('national_reviews')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('methodology', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text')
    .addColumn('harm', 'text')
    .addColumn('agencies', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_report', 'text')
    .execute()

  // The review facts are copied onto each finding so that filters and groupings read one table.
  await db.schema
    .createTable('national_findings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('review_id', 'integer', (c) => c.notNull().references('national_reviews.id').onDelete('cascade'))
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('how_widespread', 'text', (c) => c.notNull())
    .addColumn('why_it_matters', 'text', (c) => c.notNull())
    .addColumn('system_level', 'text')
    .addColumn('board_questions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('methodology', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text')
    .addColumn('harm', 'text')
    .execute()
  await db.schema.createIndex('national_findings_review').on('national_findings').columns(['review_id', 'ref']).execute()
  // Covering indexes for the groupings by year, region and level (each with the review for distinct counts).
  await db.schema.createIndex('national_findings_year').on('national_findings').columns(['year', 'review_id']).execute()
  await db.schema.createIndex('national_findings_region').on('national_findings').columns(['region', 'year', 'review_id']).execute()
  await db.schema.createIndex('national_findings_level').on('national_findings').columns(['system_level', 'year', 'review_id']).execute()

  await db.schema
    .createTable('national_finding_tags')
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('national_findings.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('typology_version', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('national_finding_tags_pk', ['finding_id', 'code', 'typology_version'])
    .execute()
  await db.schema.createIndex('national_finding_tags_code').on('national_finding_tags').columns(['typology_version', 'code']).execute()

  // The tags carried through the crosswalks to the latest typology version (national_settings
  // 'codes-translated-to' says which); rebuilt when a new version is published. The review facts and the
  // finding's level are copied here too, so counts by code never need to join the findings.
  await db.schema
    .createTable('national_finding_codes')
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('national_findings.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('family', 'text', (c) => c.notNull())
    .$call(factColumns)
    .addPrimaryKeyConstraint('national_finding_codes_pk', ['finding_id', 'code'])
    .execute()
  await db.schema.createIndex('national_finding_codes_code').on('national_finding_codes').columns(['code', 'review_id', 'finding_id']).execute()
  await db.schema.createIndex('national_finding_codes_family').on('national_finding_codes').columns(['family', 'review_id', 'finding_id']).execute()

  await db.schema
    .createTable('national_finding_agencies')
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('national_findings.id').onDelete('cascade'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .$call(factColumns)
    .addPrimaryKeyConstraint('national_finding_agencies_pk', ['finding_id', 'agency'])
    .execute()
  await db.schema.createIndex('national_finding_agencies_agency').on('national_finding_agencies').columns(['agency', 'review_id', 'finding_id']).execute()

  // Counts kept up to date as returns are filed and replaced: for each grouping (dimension and key) and each
  // combination of review facts, how many reviews and findings. Each review has exactly one year, region,
  // methodology, age band and harm, so cells add up exactly across those facts: filters on them are answered
  // by summing a few rows instead of counting distinct reviews over the findings. '' stands for not recorded.
  await db.schema
    .createTable('national_counts')
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('methodology', 'text', (c) => c.notNull())
    .addColumn('age_band', 'text', (c) => c.notNull())
    .addColumn('harm', 'text', (c) => c.notNull())
    .addColumn('reviews', 'integer', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('national_counts_pk', ['dimension', 'key', 'year', 'region', 'methodology', 'age_band', 'harm'])
    .execute()
  await db.schema.createIndex('national_counts_year').on('national_counts').columns(['dimension', 'year', 'key']).execute()

  // Full-text search over the findings' words, kept in step by triggers (findings are only inserted and deleted).
  if (isPostgres(db)) {
    // PostgreSQL: as chronology_events_fts (0003), with the text search configuration made there.
    await sql`create table national_findings_fts (
      rowid bigint primary key references national_findings (id) on delete cascade,
      words tsvector not null
    )`.execute(db)
    await sql`create index national_findings_fts_words on national_findings_fts using gin (words)`.execute(db)
    await sql`create function national_findings_fts_insert() returns trigger language plpgsql as $$
      begin
        insert into national_findings_fts (rowid, words) values (new.id,
          to_tsvector('casework_search', concat_ws(' ', new.title, new.pattern, new.how_widespread, new.why_it_matters, new.board_questions)));
        return null;
      end $$`.execute(db)
    await sql`create trigger national_findings_fts_insert after insert on national_findings
      for each row execute function national_findings_fts_insert()`.execute(db)
  } else {
    await sqliteSearch(db)
  }
}

// SQLite: an FTS5 table over the findings (external content), kept in step by triggers.
async function sqliteSearch(db: Kysely<any>): Promise<void> {
  await sql`create virtual table national_findings_fts using fts5(
    ${sql.raw(FTS_COLUMNS)}, content='national_findings', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db)
  await sql`create trigger national_findings_fts_insert after insert on national_findings begin
    insert into national_findings_fts(rowid, ${sql.raw(FTS_COLUMNS)})
      values (new.id, new.title, new.pattern, new.how_widespread, new.why_it_matters, new.board_questions);
  end`.execute(db)
  await sql`create trigger national_findings_fts_delete after delete on national_findings begin
    insert into national_findings_fts(national_findings_fts, rowid, ${sql.raw(FTS_COLUMNS)})
      values ('delete', old.id, old.title, old.pattern, old.how_widespread, old.why_it_matters, old.board_questions);
  end`.execute(db)
}
