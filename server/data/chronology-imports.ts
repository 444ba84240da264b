// Chronology imports, the rows they stage for the preview, their rejected rows, and each agency's
// remembered import settings.
import { CompiledQuery, sql, type Insertable, type Updateable } from 'kysely'
import type { ChronologyImport, Database, Executor } from './schema.js'
import { engineOf } from '../db/engine.js'
import type { ImportStatus } from './tables/chronology.js'

type ImportUpdate = Updateable<Database['chronology_imports']>
type StagedRow = Insertable<Database['chronology_import_rows']>
type Rejection = Insertable<Database['chronology_import_rejections']>

// SQLite allows 32,766 bound values per statement; 400 rows of 14 columns stay well inside it.
const ROWS_PER_INSERT = 400
const IDS_PER_STATEMENT = 500

export async function insertImport(db: Executor, row: Insertable<Database['chronology_imports']>): Promise<void> {
  await db.insertInto('chronology_imports').values(row).execute()
}

export async function findImport(db: Executor, reviewId: string, importId: string): Promise<ChronologyImport | undefined> {
  return db.selectFrom('chronology_imports').selectAll().where('review_id', '=', reviewId).where('id', '=', importId).executeTakeFirst()
}

/** Updates an import only while it is in one of the given states; returns whether it was. */
/** The status of each import that exists, by id. */
export async function findImportStatuses(db: Executor, importIds: readonly string[]): Promise<Map<string, ImportStatus>> {
  if (importIds.length === 0) return new Map()
  const rows = await db.selectFrom('chronology_imports').select(['id', 'status']).where('id', 'in', importIds).execute()
  return new Map(rows.map((r) => [r.id, r.status]))
}

export async function updateImportIf(db: Executor, importId: string, states: readonly ImportStatus[], changes: ImportUpdate): Promise<boolean> {
  const result = await db.updateTable('chronology_imports').set(changes).where('id', '=', importId).where('status', 'in', states).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function updateImport(db: Executor, importId: string, changes: ImportUpdate): Promise<void> {
  await db.updateTable('chronology_imports').set(changes).where('id', '=', importId).execute()
}

export interface ImportListFilter {
  reviewId: string
  /** Only this agency's imports (the case group). */
  agencyKey?: string | null
  statuses: readonly ImportStatus[]
}

export async function listImports(db: Executor, filter: ImportListFilter): Promise<(ChronologyImport & { uploaded_by_name: string | null })[]> {
  let query = db
    .selectFrom('chronology_imports as i')
    .leftJoin('users as u', 'u.id', 'i.uploaded_by')
    .selectAll('i')
    .select('u.name as uploaded_by_name')
    .where('i.review_id', '=', filter.reviewId)
    .where('i.status', 'in', filter.statuses)
  if (filter.agencyKey !== undefined) query = query.where('i.agency_key', '=', filter.agencyKey ?? '')
  return query.orderBy('i.uploaded_at', 'desc').orderBy('i.id', 'desc').execute()
}

/** Previews waiting to be committed in the reviews where this user may import, with the member's agency. */
export async function listWaitingPreviewsForUser(db: Executor, userId: string): Promise<{ id: string; review_id: string; review_title: string; agency: string; agency_key: string; file_name: string; member_role: string; member_agency: string | null }[]> {
  return db
    .selectFrom('chronology_imports as i')
    .innerJoin('review_members as m', (join) => join.onRef('m.review_id', '=', 'i.review_id').on('m.user_id', '=', userId))
    .innerJoin('reviews as r', 'r.id', 'i.review_id')
    .select(['i.id', 'i.review_id', 'r.title as review_title', 'i.agency', 'i.agency_key', 'i.file_name', 'm.role as member_role', 'm.agency as member_agency'])
    .where('i.status', '=', 'previewed')
    .orderBy('i.uploaded_at')
    .execute()
}

// Staged rows ---------------------------------------------------------------------------------------

const STAGED_COLUMNS = [
  'row', 'event_id', 'occurred_at', 'date_start', 'date_end', 'time', 'precision', 'sort_key', 'author', 'category', 'summary', 'outcome', 'recorded_at', 'flags',
] as const

/**
 * Stages a batch of rows of one import. On SQLite: one multi-row insert whose text depends only on the batch size,
 * so it is prepared once and reused (server/db/statement-cache.ts) with no query building per row; staging runs on
 * the main thread while the import worker reads on (SQLite allows 32,766 bound values: 500 rows of 15 columns is
 * 7,500). On PostgreSQL the batch travels as one JSON parameter unpacked by json_array_elements.
 */
export async function insertStagedRows(db: Executor, importId: string, rows: readonly Omit<StagedRow, 'import_id'>[]): Promise<void> {
  if (rows.length === 0) return
  if (engineOf(db) === 'postgres') {
    const payload = JSON.stringify(rows.map((r) => STAGED_COLUMNS.map((c) => r[c] ?? null)))
    const columns = sql.join(STAGED_COLUMNS.map((c) => sql.ref(c)))
    // ->> gives text (or null); the row number is the one integer column.
    const values = sql.join(STAGED_COLUMNS.map((c, i) => (c === 'row' ? sql`(j.value->>${sql.lit(i)})::integer` : sql`j.value->>${sql.lit(i)}`)))
    await sql`insert into chronology_import_rows (import_id, ${columns}) select ${importId}, ${values} from json_array_elements(${payload}::json) as j(value)`.execute(db)
    return
  }
  const params: unknown[] = new Array(rows.length * (STAGED_COLUMNS.length + 1))
  let p = 0
  for (const r of rows) {
    params[p++] = importId
    for (const c of STAGED_COLUMNS) params[p++] = r[c] ?? null
  }
  await db.executeQuery(CompiledQuery.raw(sqliteStagingInsert(rows.length), params))
}

const sqliteStagingInserts = new Map<number, string>()
function sqliteStagingInsert(rows: number): string {
  let text = sqliteStagingInserts.get(rows)
  if (text === undefined) {
    const tuple = `(${new Array(STAGED_COLUMNS.length + 1).fill('?').join(', ')})`
    text = `insert into chronology_import_rows (import_id, ${STAGED_COLUMNS.map((c) => `"${c}"`).join(', ')}) values ${new Array(rows).fill(tuple).join(', ')}`
    if (sqliteStagingInserts.size < 64) sqliteStagingInserts.set(rows, text)
  }
  return text
}

/** The staged row's flags (a JSON array in text) with one more string at the end. */
function appendToJsonArray(db: Executor, flag: string) {
  return engineOf(db) === 'postgres'
    ? sql<string>`(flags::jsonb || jsonb_build_array(${flag}::text))::text`
    : sql<string>`json_insert(flags, '$[#]', ${flag})`
}

export async function deleteStagedRows(db: Executor, importId: string): Promise<void> {
  await db.deleteFrom('chronology_import_rows').where('import_id', '=', importId).execute()
}

/** Adds a flag to the staged rows with these row numbers (rows that were rejected are simply not there). */
export async function addFlagToStagedRows(db: Executor, importId: string, rows: readonly number[], flag: string): Promise<void> {
  for (let i = 0; i < rows.length; i += IDS_PER_STATEMENT) {
    await db
      .updateTable('chronology_import_rows')
      .set({ flags: appendToJsonArray(db, flag) })
      .where('import_id', '=', importId)
      .where('row', 'in', rows.slice(i, i + IDS_PER_STATEMENT))
      .execute()
  }
}

/**
 * Copies an import's staged rows into the chronology in one statement, in row order (the full-text
 * index follows by trigger), and returns how many were copied. Call inside the commit transaction.
 */
/**
 * Moves the next slice of an import's staged rows (up to `limit`, after row `afterRow`) into the chronology:
 * copied, then deleted from staging. Returns how many were moved and the last row, or null when none are left.
 * Called in a loop inside one transaction, so a commit of 100,000 rows can let the event loop turn between slices.
 */
export async function moveStagedRowsSlice(
  db: Executor, imp: Pick<ChronologyImport, 'id' | 'review_id' | 'agency' | 'agency_key' | 'file_name'>, createdAt: string, afterRow: number, limit: number,
): Promise<{ moved: number; lastRow: number | null }> {
  const bound = await db
    .selectFrom((eb) => eb.selectFrom('chronology_import_rows').select('row').where('import_id', '=', imp.id).where('row', '>', afterRow).orderBy('row').limit(limit).as('slice'))
    .select((eb) => eb.fn.max('slice.row').as('last'))
    .executeTakeFirst()
  const lastRow = bound?.last ?? null
  if (lastRow === null) return { moved: 0, lastRow: null }
  const result = await db
    .insertInto('chronology_events')
    .columns([
      'id', 'review_id', 'import_id', 'agency', 'agency_key', 'occurred_at', 'date_start', 'date_end', 'time', 'precision', 'sort_key',
      'author', 'category', 'summary', 'outcome', 'recorded_at', 'source_file', 'source_row', 'flags', 'created_at',
    ])
    .expression((eb) =>
      eb.selectFrom('chronology_import_rows as s')
        .select((s) => [
          's.event_id', s.val(imp.review_id).as('review_id'), 's.import_id', s.val(imp.agency).as('agency'), s.val(imp.agency_key).as('agency_key'),
          's.occurred_at', 's.date_start', 's.date_end', 's.time', 's.precision', 's.sort_key',
          's.author', 's.category', 's.summary', 's.outcome', 's.recorded_at', s.val(imp.file_name).as('source_file'), 's.row', 's.flags', s.val(createdAt).as('created_at'),
        ])
        .where('s.import_id', '=', imp.id)
        .where('s.row', '>', afterRow)
        .where('s.row', '<=', lastRow)
        .orderBy('s.row'),
    )
    .executeTakeFirst()
  await db.deleteFrom('chronology_import_rows').where('import_id', '=', imp.id).where('row', '>', afterRow).where('row', '<=', lastRow).execute()
  return { moved: Number(result.numInsertedOrUpdatedRows ?? 0), lastRow: Number(lastRow) }
}

// Rejected rows -------------------------------------------------------------------------------------

export async function insertRejections(db: Executor, rows: readonly Rejection[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await db.insertInto('chronology_import_rejections').values(rows.slice(i, i + ROWS_PER_INSERT)).execute()
  }
}

export async function deleteRejections(db: Executor, importId: string): Promise<void> {
  await db.deleteFrom('chronology_import_rejections').where('import_id', '=', importId).execute()
}

export async function listRejections(db: Executor, importId: string, page?: { limit: number; offset: number }) {
  let query = db.selectFrom('chronology_import_rejections').select(['row', 'reason', 'column_name', 'message']).where('import_id', '=', importId).orderBy('row')
  if (page) query = query.limit(page.limit).offset(page.offset)
  return query.execute()
}

// Remembered settings ----------------------------------------------------------------------------------

export type AgencySettings = Database['chronology_agency_settings']

export async function findAgencySettings(db: Executor, reviewId: string, agencyKey: string): Promise<AgencySettings | undefined> {
  return db.selectFrom('chronology_agency_settings').selectAll().where('review_id', '=', reviewId).where('agency_key', '=', agencyKey).executeTakeFirst()
}

export async function saveAgencySettings(db: Executor, settings: AgencySettings): Promise<void> {
  await db
    .insertInto('chronology_agency_settings')
    .values(settings)
    .onConflict((oc) => oc.columns(['review_id', 'agency_key']).doUpdateSet({
      agency: settings.agency, mapping: settings.mapping, date_format: settings.date_format, options: settings.options,
      updated_by: settings.updated_by, updated_at: settings.updated_at,
    }))
    .execute()
}

