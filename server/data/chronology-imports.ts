// Chronology imports, their rejected rows, and each agency's
// remembered import settings.
import type { Insertable, Updateable } from 'kysely'
import type { ChronologyImport, Database, Executor } from './schema.js'
import type { ImportStatus } from './tables/chronology.js'

type ImportUpdate = Updateable<Database['chronology_imports']>
type Rejection = Insertable<Database['chronology_import_rejections']>

// SQLite allows 32,766 bound values per statement; 400 rejections of 5 columns stay well inside it.
const ROWS_PER_INSERT = 400

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

