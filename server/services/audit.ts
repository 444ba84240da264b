// The audit trail: one row per change or export, written in the same transaction as the change,
// each row hashing the one before so that any edit or deletion breaks the chain.
import { createHash } from 'node:crypto'
import { auditRowsInOrder, insertAuditRow, lastAuditHash, type NewAuditRow } from '../data/audit-log.js'
import type { AuditRow, Executor } from '../data/schema.js'
import type { Actor } from './context.js'
import type { Clock } from '../clock.js'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEntry {
  /** Dotted verb, area first: 'user.create', 'review.member.add', 'report.export'. */
  action: string
  reviewId?: string | null
  objectType?: string | null
  objectId?: string | null
  /** Ids, counts, reasons and choices only: never names or case content. */
  details?: Record<string, unknown>
}

function rowHash(row: Omit<NewAuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.prev_hash, row.at, row.actor_user_id, row.actor_kind, row.action,
    row.review_id, row.object_type, row.object_id, row.request_id, row.details,
  ])
  return createHash('sha256').update(canonical).digest('hex')
}

/** Appends to the chain. Call it with the transaction that makes the change. */
export async function recordAudit(trx: Executor, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  const prev = (await lastAuditHash(trx)) ?? GENESIS_HASH
  const row: Omit<NewAuditRow, 'hash'> = {
    at: clock.now().toISOString(),
    actor_user_id: actor.userId,
    actor_kind: actor.via === 'session' ? 'user' : actor.via,
    action: entry.action,
    review_id: entry.reviewId ?? null,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    request_id: actor.requestId,
    details: JSON.stringify(entry.details ?? {}),
    prev_hash: prev,
  }
  await insertAuditRow(trx, { ...row, hash: rowHash(row) })
}

export interface ChainVerdict {
  ok: boolean
  rows: number
  /** The first row that does not fit, with why. */
  brokenAt: { seq: number; reason: string } | null
}

export async function verifyAuditChain(db: Executor): Promise<ChainVerdict> {
  let prev = GENESIS_HASH
  let rows = 0
  let lastSeq = 0
  for await (const row of auditRowsInOrder(db)) {
    rows++
    if (row.seq !== lastSeq + 1) return { ok: false, rows, brokenAt: { seq: row.seq, reason: `row ${lastSeq + 1} is missing` } }
    lastSeq = row.seq
    if (row.prev_hash !== prev) return { ok: false, rows, brokenAt: { seq: row.seq, reason: 'does not follow the row before it' } }
    const { seq: _seq, hash, ...rest } = row as AuditRow
    if (rowHash(rest) !== hash) return { ok: false, rows, brokenAt: { seq: row.seq, reason: 'its contents were changed after it was written' } }
    prev = hash
  }
  return { ok: true, rows, brokenAt: null }
}
