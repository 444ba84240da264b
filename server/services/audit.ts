// The audit trail: one row per change or export, written in the same transaction as the change, each row's hash an
// HMAC (key kept outside the database) over the one before, so that any edit, deletion or recomputation breaks the chain.
import { createHash } from 'node:crypto'
import { appendAuditRow, appendAuditRowAlone, auditPagesInOrder, keyedHashes, readChainHead, type NewAuditRow, type NextAuditRow } from '../data/audit-log.js'
import type { Executor } from '../data/schema.js'
import type { Actor, ServiceContext } from './context.js'
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

function canonical(row: Omit<NewAuditRow, 'hash'>): string {
  return JSON.stringify([
    row.prev_hash, row.at, row.actor_user_id, row.actor_kind, row.action,
    row.review_id, row.object_type, row.object_id, row.request_id, row.details,
  ])
}

/** Entries written before the chain was keyed: a plain SHA-256, which anyone could recompute. */
function plainHash(row: Omit<NewAuditRow, 'hash'>): string {
  return createHash('sha256').update(canonical(row)).digest('hex')
}

/**
 * Appends to the chain. Call it with the transaction that makes the change. The entry follows the chain's head and
 * moves it on in the same transaction; the database refuses a second entry after the same one, so two writers
 * (two processes on one database) can never fork the chain: the later one's change fails and nothing of it is kept.
 */
export async function recordAudit(trx: Executor, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  await appendAuditRow(trx, nextEntry(trx, clock, actor, entry))
}

/**
 * One entry that goes with no other change (a read of case content, signing in or out), committed before this
 * resolves. Entries asked for at about the same time in this process share one chained transaction (group commit,
 * see data/audit-group-commit.ts): every page view writes one entry, not one transaction. If that transaction fails,
 * this throws, and the caller must not return what it read.
 */
export async function recordAuditAlone(db: Executor, clock: Clock, actor: Actor, entry: AuditEntry): Promise<void> {
  await appendAuditRowAlone(db, nextEntry(db, clock, actor, entry))
}

/** The entry after the chain's head: its number, the head's hash before it, and its HMAC with this handle's key. */
function nextEntry(db: Executor, clock: Clock, actor: Actor, entry: AuditEntry): NextAuditRow {
  const fields = {
    at: clock.now().toISOString(),
    actor_user_id: actor.userId,
    actor_kind: actor.via === 'session' ? 'user' as const : actor.via,
    action: entry.action,
    review_id: entry.reviewId ?? null,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId ?? null,
    request_id: actor.requestId,
    details: JSON.stringify(entry.details ?? {}),
  }
  return (head) => {
    const row: Omit<NewAuditRow, 'hash'> = { ...fields, prev_hash: head.hash }
    const [hash] = keyedHashes(db, [canonical(row)])
    return { ...row, seq: head.seq + 1, hash: hash! }
  }
}

/** The newest entry's number and hash, noted somewhere the database file does not hold (see audit-checkpoints.ts). */
export interface AuditCheckpoint {
  at: string
  seq: number
  hash: string
  /** Where it was taken: 'start', 'timer', 'shutdown', 'admin', 'cli', or given on the command line. */
  source: string
  /** Where the keyed segment started when it was taken (absent from checkpoints noted by hand or written before). */
  keyedFromSeq?: number
}

/** One audit row in a transaction of its own, for an event that changes nothing else (signing in or out). */
export async function recordAuditEvent(ctx: Pick<ServiceContext, 'db' | 'clock'>, actor: Actor, entry: AuditEntry): Promise<void> {
  await recordAuditAlone(ctx.db, ctx.clock, actor, entry)
}

export interface ChainVerdict {
  ok: boolean
  rows: number
  /** Entries before this one were written before the chain was keyed (plain SHA-256). */
  keyedFromSeq: number
  /** Checkpoints the chain was found to match. */
  checkpointsMatched: number
  /** The first row that does not fit, with why. */
  brokenAt: { seq: number; reason: string } | null
}

/**
 * Walks the chain: every entry follows the one before, every hash is right (an HMAC with this process's key from
 * the keyed boundary on), the head matches the newest entry, and every checkpoint written outside the database is
 * still there with the same hash. A rewrite that recomputes hashes fails the HMAC (or, with the key, the checkpoints);
 * deleting the newest entries fails the head or a checkpoint. Entries after the newest checkpoint can only be
 * vouched for by the key.
 */
export async function verifyAuditChain(db: Executor, checkpoints: readonly AuditCheckpoint[] = []): Promise<ChainVerdict> {
  const head = await readChainHead(db)
  const bySeq = new Map<number, AuditCheckpoint[]>()
  for (const cp of checkpoints) if (cp.seq > 0) bySeq.set(cp.seq, [...(bySeq.get(cp.seq) ?? []), cp])
  let prev = GENESIS_HASH
  let rows = 0
  let lastSeq = 0
  let matched = 0
  const verdict = (brokenAt: ChainVerdict['brokenAt']): ChainVerdict => ({ ok: brokenAt === null, rows, keyedFromSeq: head.keyedFromSeq, checkpointsMatched: matched, brokenAt })
  // Moving the keyed boundary past the end would let plain SHA-256 (which anyone can compute) pass for every entry.
  const moved = checkpoints.find((cp) => cp.keyedFromSeq !== undefined && cp.keyedFromSeq !== head.keyedFromSeq)
  if (moved) {
    return verdict({
      seq: Math.min(moved.keyedFromSeq!, head.keyedFromSeq),
      reason: `the chain's head says its keyed entries start at ${head.keyedFromSeq}, but the checkpoint taken ${moved.at} (${moved.source}) records ${moved.keyedFromSeq}: the chain was recomputed without the key`,
    })
  }
  for await (const page of auditPagesInOrder(db)) {
    const keyed = page.filter((r) => r.seq >= head.keyedFromSeq)
    const macs = new Map(keyedHashes(db, keyed.map((r) => canonical(r))).map((mac, i) => [keyed[i]!.seq, mac]))
    for (const row of page) {
      rows++
      if (row.seq !== lastSeq + 1) return verdict({ seq: row.seq, reason: `row ${lastSeq + 1} is missing` })
      lastSeq = row.seq
      if (row.prev_hash !== prev) return verdict({ seq: row.seq, reason: 'does not follow the row before it' })
      const expected = row.seq >= head.keyedFromSeq ? macs.get(row.seq) : plainHash(row)
      if (expected !== row.hash) return verdict({ seq: row.seq, reason: 'its contents were changed after it was written' })
      for (const cp of bySeq.get(row.seq) ?? []) {
        if (cp.hash !== row.hash) return verdict({ seq: row.seq, reason: `it differs from the checkpoint taken ${cp.at} (${cp.source}): the chain was rewritten from here or earlier` })
        matched++
      }
      prev = row.hash
    }
  }
  const lost = [...bySeq.keys()].filter((seq) => seq > lastSeq).sort((a, b) => b - a)[0]
  if (lost !== undefined) {
    const cp = bySeq.get(lost)![0]!
    return verdict({ seq: lastSeq + 1, reason: `entries from ${lastSeq + 1} on are missing: a checkpoint taken ${cp.at} (${cp.source}) records entry ${lost}` })
  }
  if (head.seq !== lastSeq || head.hash !== prev) {
    return verdict({ seq: lastSeq + 1, reason: `the chain's head records entry ${head.seq}, but the newest entry is ${lastSeq}: entries were removed or the head was altered` })
  }
  // No entry carries the key, so nothing here shows the chain was not recomputed; only a checkpoint can vouch for it.
  const vouched = checkpoints.some((cp) => cp.seq > 0 && cp.keyedFromSeq === head.keyedFromSeq)
  if (lastSeq > 0 && head.keyedFromSeq > lastSeq && !vouched) {
    return verdict({
      seq: 1,
      reason: `no entry is keyed (the chain's head says all ${lastSeq} predate the audit key) and no checkpoint records that: ` +
        'the chain was recomputed without the key, or nothing has been written since the upgrade that keyed it (start the server once, then verify again)',
    })
  }
  return verdict(null)
}
