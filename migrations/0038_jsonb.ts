// JSON as jsonb on PostgreSQL (issue 14). Every column holding JSON is listed here, once: either it becomes jsonb
// or it stays text, with why. jsonb keeps a document's value, not its text: it rewrites spacing, orders an object's
// keys by length then bytes and keeps only the last of duplicate keys (array order is kept). So a column stays text
// where its exact bytes matter (hashed, signed, compared as text, served or kept as it was sent); the others hold
// values the app only writes and parses whole, and become jsonb, their rows converted, nullability and defaults
// kept. SQLite has no jsonb: its columns stay text and this migration does nothing there.
//
// The app reads either engine's column as text (database.ts gives pg a jsonb parser that returns the text) and
// writes JSON text as an ordinary parameter, so the data layer has one code path. jsonb refuses two things text
// takes: a \u0000 escape and an unpaired surrogate escape (\ud800); a row holding one stops this migration with
// its table and column named.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

/** JSON columns that become jsonb on PostgreSQL: values written and parsed whole, never compared or hashed as text. */
export const JSONB_COLUMNS: ReadonlyArray<readonly [table: string, column: string]> = [
  ['case_group_steps', 'participants'],
  ['causal_map_history', 'summary'],
  ['chronology_agency_settings', 'mapping'],
  ['chronology_agency_settings', 'options'],
  ['chronology_events', 'flags'],
  ['chronology_import_batches', 'rows'],
  ['chronology_imports', 'analysis'],
  ['chronology_imports', 'detected'],
  ['chronology_imports', 'error'],
  ['chronology_imports', 'headers'],
  ['chronology_imports', 'options'],
  ['key_practice_episodes', 'agencies'],
  ['national_findings', 'board_questions'],
  ['national_reviews', 'agencies'],
  ['national_reviews', 'risk_factors'],
  ['rapid_reviews', 'agencies'],
  ['rapid_reviews', 'criteria'],
  ['rapid_reviews', 'draft_questions'],
  ['rapid_reviews', 'immediate_safeguarding'],
  ['report_leak_scans', 'formats'],
  ['report_leak_scans', 'leaks'],
  ['review_child_facts', 'risk_factors'],
  ['sessions', 'flash'],
  ['tagging_exercises', 'finding_ids'],
  ['typology_codes', 'examples'],
  ['typology_crosswalk', 'suggested_codes'],
  ['typology_crosswalk', 'to_codes'],
]

/** JSON columns that stay text on both engines, and why their exact bytes matter. */
export const JSON_KEPT_AS_TEXT: Readonly<Record<string, string>> = {
  'audit_log.details': 'hashed: the text is inside the audit chain\'s HMAC, and audit:verify recomputes it from the stored text',
  'national_returns.document': 'kept and served as received: the export bundle writes the stored text out as it is',
  'national_returns_sent.document': 'kept exactly as sent, the local record of what went to the national store',
  'causal_maps.document': 'compared as text: the parsed map is kept while the stored text is unchanged (causal-map.ts), and the '
    + 'whole document is read on every map view, where jsonb\'s output costs about 2.5 times reading the text (1.3 MB map)',
  'causal_map_history.document': 'a saved version of causal_maps.document, the same text written in the same statement',
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  for (const [table, column] of JSONB_COLUMNS) {
    const found = await sql<{ def: string | null }>`select column_default as def from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} and column_name = ${column} and data_type = 'text'`.execute(db)
    if (found.rows.length !== 1) throw new Error(`Migration 0038 expected ${table}.${column} to be a text column`)
    // A text default ('[]'::text) cannot be cast to jsonb by ALTER TYPE: dropped, then set again as jsonb.
    const def = found.rows[0]!.def
    const newDefault = def === null ? sql`` : sql`, alter column ${sql.ref(column)} set default ${sql.raw(def.replace(/::text$/, ''))}::jsonb`
    try {
      await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop default,
        alter column ${sql.ref(column)} type jsonb using ${sql.ref(column)}::jsonb${newDefault}`.execute(db)
    } catch (error) {
      throw new Error(`Migration 0038 could not make ${table}.${column} jsonb: a row holds text that is not JSON jsonb can keep (${error instanceof Error ? error.message : String(error)})`)
    }
  }
}
