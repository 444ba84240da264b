import type { AuditRow, Executor } from './schema.js'

export type NewAuditRow = Omit<AuditRow, 'seq'>

export async function lastAuditHash(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return row?.hash ?? null
}

export async function insertAuditRow(db: Executor, row: NewAuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute()
}

export interface AuditFilter {
  action?: string
  actorUserId?: string
  reviewId?: string
  from?: string
  to?: string
  beforeSeq?: number
  limit: number
}

export async function searchAudit(db: Executor, filter: AuditFilter): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll()
  if (filter.action) q = q.where('action', 'like', `${filter.action}%`)
  if (filter.actorUserId) q = q.where('actor_user_id', '=', filter.actorUserId)
  if (filter.reviewId) q = q.where('review_id', '=', filter.reviewId)
  if (filter.from) q = q.where('at', '>=', filter.from)
  if (filter.to) q = q.where('at', '<', filter.to)
  if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq)
  return q.orderBy('seq', 'desc').limit(filter.limit).execute()
}

/** Streams the whole chain in order, in pages, so verifying a large log stays in bounded memory. */
export async function* auditRowsInOrder(db: Executor, pageSize = 5000): AsyncGenerator<AuditRow> {
  let after = 0
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute()
    if (rows.length === 0) return
    for (const row of rows) yield row
    after = rows[rows.length - 1]!.seq
  }
}

export async function listAuditActions(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute()
  return rows.map((r) => r.action)
}
