// The audit trail as administrators read it: filtered, a page at a time, with the chain checked on every view
// (against the checkpoints noted outside the database).
import { createCipheriv, createDecipheriv } from 'node:crypto'
import { keyedHashes, listAuditActions, searchAudit, type AuditFilter } from '../data/audit-log.js'
import type { AuditRow } from '../data/schema.js'
import { listUsers, listUsersOfPartnership } from '../data/users.js'
import { NotPermitted } from '../errors.js'
import { verifyAuditChain, type ChainVerdict } from './audit.js'
import { readAuditCheckpoints } from './audit-checkpoints.js'
import { requireAdmin } from './capability.js'
import type { ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'

export interface AuditTrailPage {
  /** The whole chain's check: the instance administrator's alone (its length counts every partnership's entries). */
  chain: ChainVerdict | null
  /** Each entry; `seq`, its place in the whole instance's chain, for the instance administrator only. */
  rows: (Omit<AuditRow, 'seq'> & { seq: number | null; actorName: string })[]
  actions: string[]
  users: { id: string; name: string }[]
  /** Where the next page starts (the `before` of its address), or null on the last page. */
  next: string | null
}

export interface AuditTrailQuery extends Omit<AuditFilter, 'beforeSeq'> {
  /** The `before` of a next-page address, as this service gave it; anything else starts from the newest entry. */
  before?: string
}

/**
 * The instance administrator reads the whole trail and its chain check; a partnership's administrator reads only
 * that partnership's entries (see searchAudit), and sees no count of anyone else's: not the chain's length, and not
 * the entries' sequence numbers, whose gaps would count the other partnerships' activity. Their pages are chained
 * by an opaque cursor instead (pageCursor).
 */
export async function auditTrailFor(ctx: ServiceContext, viewer: Viewer, query: AuditTrailQuery): Promise<AuditTrailPage> {
  requireAdmin(viewer)
  if (!viewer.instanceAdmin && viewer.partnershipId === null) throw new NotPermitted()
  const scope = viewer.instanceAdmin ? undefined : viewer.partnershipId!
  const { before, ...filter } = query
  const beforeSeq = before === undefined ? undefined : scope === undefined ? (/^\d{1,15}$/.test(before) ? Number(before) : undefined) : readCursor(ctx, before)
  const [users, actions, chain, rows] = await Promise.all([
    scope === undefined ? listUsers(ctx.db) : listUsersOfPartnership(ctx.db, scope),
    listAuditActions(ctx.db, scope),
    scope === undefined ? verifyAuditChain(ctx.db, readAuditCheckpoints(ctx.config.dataDir).checkpoints) : null,
    searchAudit(ctx.db, { ...filter, beforeSeq }, scope),
  ])
  const names = new Map(users.map((u) => [u.id, u.name]))
  const last = rows.length === filter.limit ? rows[rows.length - 1] : undefined
  return {
    chain, actions, users: users.map((u) => ({ id: u.id, name: u.name })),
    rows: rows.map((r) => ({ ...r, seq: scope === undefined ? r.seq : null, actorName: r.actor_user_id ? (names.get(r.actor_user_id) ?? r.actor_user_id) : r.actor_kind })),
    next: last ? (scope === undefined ? String(last.seq) : writeCursor(ctx, last.seq)) : null,
  }
}

// A partnership administrator's next-page cursor: the sequence number encrypted as one AES block, so the address
// shows nothing of it. The key is derived from the audit key, so every app process on the database reads the
// cursors the others wrote. The block's second half must decrypt to zeros: a cursor not made here is ignored.
const CURSOR_KEY_LABEL = 'casework-lens audit page cursor'

function cursorKey(ctx: ServiceContext): Buffer {
  return Buffer.from(keyedHashes(ctx.db, [CURSOR_KEY_LABEL])[0]!, 'hex')
}

function writeCursor(ctx: ServiceContext, seq: number): string {
  const block = Buffer.alloc(16)
  block.writeBigUInt64BE(BigInt(seq))
  const cipher = createCipheriv('aes-256-ecb', cursorKey(ctx), null).setAutoPadding(false)
  return Buffer.concat([cipher.update(block), cipher.final()]).toString('base64url')
}

function readCursor(ctx: ServiceContext, cursor: string): number | undefined {
  const block = Buffer.from(cursor, 'base64url')
  if (block.length !== 16) return undefined
  const decipher = createDecipheriv('aes-256-ecb', cursorKey(ctx), null).setAutoPadding(false)
  const plain = Buffer.concat([decipher.update(block), decipher.final()])
  if (!plain.subarray(8).equals(Buffer.alloc(8))) return undefined
  const seq = Number(plain.readBigUInt64BE())
  return Number.isSafeInteger(seq) ? seq : undefined
}
