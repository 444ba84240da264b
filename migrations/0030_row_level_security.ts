// Row-level security on PostgreSQL (issue 14): a hosted instance's partnerships are kept apart by the database
// too, as defence in depth under the services' own checks. Every table holding a review's content gets a policy
// that shows and accepts only rows of the partnership named by the connection's casework.partnership setting, which
// the app sets on every connection it hands out (server/db/partnership-scope.ts, database.ts): a partnership's id,
// '*' for work that may see every partnership (identifying the caller, system jobs, the command line), '' for
// none. Unset (a connection that is not the app's) shows nothing. FORCE makes the policies bind the tables' owner,
// the role the app connects as (it runs these migrations); a superuser or a BYPASSRLS role is never bound, so the
// app must not connect as one (README). The setting is an ordinary one: this guards against a query the app forgot
// to limit, not against someone who can run SQL of their choosing.
//
// A table is limited through its review (reviews.partnership_id), or through the row it belongs to, whose own
// policy limits it in turn. SQLite has one implicit partnership and no row-level security: nothing to do there.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

/** Tables with a review_id column: a row is visible when its review is. */
export const TABLES_OF_A_REVIEW = [
  'board_actions', 'board_questions', 'case_group_steps', 'causal_map_history', 'causal_maps',
  'chronology_agency_settings', 'chronology_episode_dismissals', 'chronology_episode_events', 'chronology_episodes',
  'chronology_events', 'chronology_imports', 'contributory_factors', 'conversations', 'documents', 'findings',
  'independence_declarations', 'key_practice_episodes', 'language_dismissals', 'name_display',
  'national_return_options', 'national_returns_sent', 'parallel_processes', 'persons', 'quality_answers', 'quotes',
  'rapid_review_sign_offs', 'rapid_reviews', 'report_abbreviations', 'report_exports', 'report_false_positives',
  'report_leak_scans', 'research_questions', 'review_child_facts', 'review_members', 'stage_records', 'tagging_exercises',
] as const

/** Tables keyed by a row of another case table: [table, its column, the parent table, the parent's key]. */
export const TABLES_OF_A_ROW = [
  ['board_action_updates', 'action_id', 'board_actions', 'id'],
  ['chronology_events_fts', 'rowid', 'chronology_events', 'seq'],
  ['chronology_import_batches', 'import_id', 'chronology_imports', 'id'],
  ['chronology_import_rejections', 'import_id', 'chronology_imports', 'id'],
  ['factor_episodes', 'factor_id', 'contributory_factors', 'id'],
  ['factor_evidence', 'factor_id', 'contributory_factors', 'id'],
  ['finding_links', 'finding_id', 'findings', 'id'],
  ['finding_research_questions', 'finding_id', 'findings', 'id'],
  ['finding_tags', 'finding_id', 'findings', 'id'],
  ['kpe_events', 'kpe_id', 'key_practice_episodes', 'id'],
  ['kpe_quotes', 'kpe_id', 'key_practice_episodes', 'id'],
  ['quote_events', 'quote_id', 'quotes', 'id'],
  ['tagging_exercise_tags', 'exercise_id', 'tagging_exercises', 'id'],
] as const

const SETTING = sql`current_setting('casework.partnership', true)`

async function limit(db: Kysely<any>, table: string, visible: ReturnType<typeof sql>): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db)
  await sql`alter table ${sql.table(table)} force row level security`.execute(db)
  await sql`create policy partnership_rows on ${sql.table(table)} for all using (${visible}) with check (${visible})`.execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  await limit(db, 'reviews', sql`${SETTING} in ('*', partnership_id)`)
  // '*' first, so work that sees every partnership pays no lookup per row; otherwise the review must be visible
  // (the subquery on reviews is itself limited by its policy).
  for (const table of TABLES_OF_A_REVIEW) {
    await limit(db, table, sql`${SETTING} = '*' or review_id in (select id from reviews)`)
  }
  for (const [table, column, parent, key] of TABLES_OF_A_ROW) {
    await limit(db, table, sql`${SETTING} = '*' or exists (select 1 from ${sql.table(parent)} p where p.${sql.ref(key)} = ${sql.table(table)}.${sql.ref(column)})`)
  }
}
