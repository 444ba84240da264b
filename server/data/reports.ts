// Report exports, publication leak scans and the false positives a reviewer has marked.
import type { Updateable } from 'kysely'
import type { Database, Executor, ReportExport, ReportFalsePositive, ReportLeakScan } from './schema.js'
import type { ReportEdition } from '../../methodology/review-snapshot.js'

/** An export without its file, for lists and status checks. */
export type ReportExportSummary = Omit<ReportExport, 'content'>

const SUMMARY_COLUMNS = [
  'id', 'review_id', 'edition', 'format', 'status', 'requested_by', 'requested_at', 'finished_at', 'file_name', 'byte_size', 'pages',
  'expires_at', 'leak_scan_id', 'error',
] as const

export async function insertExport(db: Executor, row: ReportExport): Promise<void> {
  await db.insertInto('report_exports').values(row).execute()
}

export async function updateExport(db: Executor, exportId: string, changes: Updateable<Database['report_exports']>): Promise<void> {
  await db.updateTable('report_exports').set(changes).where('id', '=', exportId).execute()
}

export async function findExport(db: Executor, reviewId: string, exportId: string): Promise<ReportExportSummary | undefined> {
  return db.selectFrom('report_exports').select(SUMMARY_COLUMNS).where('review_id', '=', reviewId).where('id', '=', exportId).executeTakeFirst()
}

export async function findExportContent(db: Executor, reviewId: string, exportId: string): Promise<Buffer | null> {
  const row = await db.selectFrom('report_exports').select('content').where('review_id', '=', reviewId).where('id', '=', exportId).executeTakeFirst()
  return row?.content ?? null
}

export async function listExports(db: Executor, reviewId: string, limit: number): Promise<ReportExportSummary[]> {
  return db.selectFrom('report_exports').select(SUMMARY_COLUMNS).where('review_id', '=', reviewId)
    .orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit).execute()
}

/** Editions with at least one finished export. */
export async function exportedEditions(db: Executor, reviewId: string): Promise<ReportEdition[]> {
  const rows = await db.selectFrom('report_exports').select('edition').distinct().where('review_id', '=', reviewId).where('status', '=', 'done').execute()
  return rows.map((r) => r.edition)
}

/** Forget files nobody downloaded in time: the export record stays, the file goes. */
export async function clearExpiredContent(db: Executor, now: string): Promise<number> {
  const result = await db.updateTable('report_exports').set({ content: null }).where('content', 'is not', null).where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Drops the files kept for one member's background exports in a review (their standing changed). */
export async function forgetKeptExportsOf(db: Executor, reviewId: string, userId: string): Promise<number> {
  const result = await db.updateTable('report_exports').set({ content: null }).where('review_id', '=', reviewId).where('requested_by', '=', userId).where('content', 'is not', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function listRunningExportIds(db: Executor, reviewId: string): Promise<string[]> {
  const rows = await db.selectFrom('report_exports').select('id').where('review_id', '=', reviewId).where('status', '=', 'running').execute()
  return rows.map((r) => r.id)
}

/** Exports left running by a server that stopped: they will never finish. */
export async function failInterruptedExports(db: Executor, runningIds: ReadonlySet<string>, reviewId: string, now: string, message: string): Promise<void> {
  const running = await db.selectFrom('report_exports').select('id').where('review_id', '=', reviewId).where('status', '=', 'running').execute()
  const stale = running.map((r) => r.id).filter((id) => !runningIds.has(id))
  if (stale.length === 0) return
  await db.updateTable('report_exports').set({ status: 'failed', finished_at: now, error: message }).where('id', 'in', stale).execute()
}

export async function insertLeakScan(db: Executor, row: ReportLeakScan): Promise<void> {
  await db.insertInto('report_leak_scans').values(row).execute()
}

/** What one leak scan found (JSON), or undefined when the scan is gone. */
export async function findLeakScanLeaks(db: Executor, scanId: string): Promise<string | undefined> {
  return (await db.selectFrom('report_leak_scans').select('leaks').where('id', '=', scanId).executeTakeFirst())?.leaks
}

export async function latestLeakScan(db: Executor, reviewId: string): Promise<ReportLeakScan | undefined> {
  return db.selectFrom('report_leak_scans').selectAll().where('review_id', '=', reviewId).orderBy('scanned_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
}

export async function listFalsePositives(db: Executor, reviewId: string): Promise<ReportFalsePositive[]> {
  return db.selectFrom('report_false_positives').selectAll().where('review_id', '=', reviewId).orderBy('marked_at').orderBy('id').execute()
}

export async function findFalsePositiveByKey(db: Executor, reviewId: string, allowKey: string): Promise<ReportFalsePositive | undefined> {
  return db.selectFrom('report_false_positives').selectAll().where('review_id', '=', reviewId).where('allow_key', '=', allowKey).executeTakeFirst()
}

export async function insertFalsePositive(db: Executor, row: ReportFalsePositive): Promise<void> {
  await db.insertInto('report_false_positives').values(row).execute()
}

export async function deleteFalsePositive(db: Executor, reviewId: string, id: string): Promise<number> {
  const result = await db.deleteFrom('report_false_positives').where('review_id', '=', reviewId).where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows)
}
