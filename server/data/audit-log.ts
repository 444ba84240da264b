import { sql, type ExpressionBuilder } from 'kysely'
import { auditMacs } from '../db/audit-mac.js'
import { isPostgres } from '../db/engine.js'
import { sqliteHandleOf } from '../db/sqlite-handle.js'
import { postgresPoolOf } from '../db/postgres-pool.js'
import { AUDIT_CHAIN_LOCK, AuditGroupCommit, CHAIN_MOVED, postgresBatchWriter, sqliteBatchWriter, type WriteBatch } from './audit-group-commit.js'
import type { AuditRow, Database, Executor } from './schema.js'

export type NewAuditRow = Omit<AuditRow, 'seq'>


/**
 * Makes this transaction the only one appending to the chain until it ends. SQLite has one writer at a time, so
 * there is nothing to do; PostgreSQL has many, and without the lock two transactions would read the same head,
 * and the later one would fail on the fork guard (0012) instead of waiting its turn.
 */
export async function lockAuditChain(db: Executor): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_CHAIN_LOCK)}::bigint)`.execute(db)
}

export interface ChainHead {
  seq: number
  hash: string
  /** The first entry hashed with the key; earlier ones have plain SHA-256 hashes. */
  keyedFromSeq: number
}

export async function readChainHead(db: Executor): Promise<ChainHead> {
  const row = await db.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()
  return { seq: row.seq, hash: row.hash, keyedFromSeq: row.keyed_from_seq }
}

/** Moves the head on from `from`; false if another writer moved it first (the caller's transaction must then fail). */
export async function advanceChainHead(db: Executor, from: string, to: { seq: number; hash: string }): Promise<boolean> {
  const result = await db.updateTable('audit_chain_head').set({ seq: to.seq, hash: to.hash }).where('id', '=', 1).where('hash', '=', from).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** HMACs of the given texts with the audit key this handle was opened with (see db/audit-mac.ts), in order. */
export function keyedHashes(db: Executor, texts: readonly string[]): string[] {
  return auditMacs(db, texts)
}

export async function findAuditEntry(db: Executor, seq: number): Promise<AuditRow | undefined> {
  return db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst()
}

/** The entry's number is given (the head's plus one, under the chain's lock): a sequence would leave gaps on rollback. */
export async function insertAuditRow(db: Executor, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).executeTakeFirstOrThrow()
}

/** Makes the next entry from the chain's head: its number, the head's hash as prev_hash, and its own hash. */
export type NextAuditRow = (head: ChainHead) => AuditRow

/**
 * Appends one entry to the chain in the caller's transaction: under the chain's lock, after the head, moving the
 * head on. Throws (failing the caller's transaction) if another writer moved the head first.
 */
export async function appendAuditRow(trx: Executor, next: NextAuditRow): Promise<void> {
  await lockAuditChain(trx)
  const head = await readChainHead(trx)
  const row = next(head)
  await insertAuditRow(trx, row)
  if (!(await advanceChainHead(trx, head.hash, { seq: row.seq, hash: row.hash }))) throw new Error(CHAIN_MOVED)
}

const groupCommits = new WeakMap<object, AuditGroupCommit>()

function groupCommitFor(key: object, write: () => WriteBatch): AuditGroupCommit {
  let group = groupCommits.get(key)
  if (!group) groupCommits.set(key, (group = new AuditGroupCommit(write())))
  return group
}

/**
 * Appends one entry in a transaction of its own (an entry that goes with no other change: a read), resolving once
 * it is committed. Entries asked for at about the same time through one pool (PostgreSQL) or one handle (SQLite)
 * share one transaction (see audit-group-commit.ts); through a transaction or a held connection, one of its own.
 */
export async function appendAuditRowAlone(db: Executor, next: NextAuditRow): Promise<void> {
  const pool = postgresPoolOf(db)
  if (pool) return groupCommitFor(pool, () => postgresBatchWriter(pool)).append(next)
  const sqlite = sqliteHandleOf(db)
  if (sqlite && !db.isTransaction) {
    return groupCommitFor(db, () => {
      const sync = sqliteBatchWriter(sqlite)
      return (batch) => {
        // Only when no transaction is open on the connection (one Kysely holds across awaits, such as a long import's
        // commit): the entries must not become part of it. Otherwise they wait their turn through Kysely like any write.
        if (!sqlite.inTransaction) return sync(batch)
        return db.transaction().execute(async (trx) => {
          for (const n of batch) await appendAuditRow(trx, n)
        })
      }
    }).append(next)
  }
  await db.transaction().execute((trx) => appendAuditRow(trx, next))
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

/**
 * Only the entries of one partnership: about its reviews, or (about no review) made by or about its accounts.
 * Entries of no partnership (the system's, national analysts') and of other partnerships are left out.
 */
function inPartnership(partnershipId: string) {
  return (eb: ExpressionBuilder<Database, 'audit_log'>) => {
    const itsUsers = eb.selectFrom('users').select('users.id').where('users.partnership_id', '=', partnershipId)
    return eb.or([
      eb('audit_log.review_id', 'in', eb.selectFrom('reviews').select('reviews.id').where('reviews.partnership_id', '=', partnershipId)),
      eb.and([
        eb('audit_log.review_id', 'is', null),
        eb.or([
          eb('audit_log.actor_user_id', 'in', itsUsers),
          eb.and([eb('audit_log.object_type', '=', 'user'), eb('audit_log.object_id', 'in', itsUsers)]),
        ]),
      ]),
    ])
  }
}

/** Past every character an action name can hold (they are ASCII): the upper end of a prefix's range. */
const PAST_ACTION_CHARACTERS = '\uffff'

/**
 * Actions that start with the filter, as a range of the index on action: the same on both engines and in any case.
 * Not LIKE: SQLite's ignores ASCII case and PostgreSQL's does not, and both read % and _ in the filter as wildcards.
 * Action names are lower-case dotted words (user.create), so the filter is lowered; text compares by its bytes on
 * both engines (COLLATE "C" on PostgreSQL).
 */
function actionStartsWith(filter: string) {
  const prefix = filter.toLowerCase()
  return (eb: ExpressionBuilder<Database, 'audit_log'>) => eb.and([
    eb('audit_log.action', '>=', prefix),
    eb('audit_log.action', '<', prefix + PAST_ACTION_CHARACTERS),
  ])
}

/** `partnershipId` limits the search to that partnership's entries (see inPartnership); absent, the whole trail. */
export async function searchAudit(db: Executor, filter: AuditFilter, partnershipId?: string): Promise<AuditRow[]> {
  let q = db.selectFrom('audit_log').selectAll()
  if (partnershipId !== undefined) q = q.where(inPartnership(partnershipId))
  if (filter.action) q = q.where(actionStartsWith(filter.action))
  if (filter.actorUserId) q = q.where('actor_user_id', '=', filter.actorUserId)
  if (filter.reviewId) q = q.where('review_id', '=', filter.reviewId)
  if (filter.from) q = q.where('at', '>=', filter.from)
  if (filter.to) q = q.where('at', '<', filter.to)
  if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq)
  return q.orderBy('seq', 'desc').limit(filter.limit).execute()
}

/** Streams the whole chain in order, in pages, so verifying a large log stays in bounded memory. */
export async function* auditPagesInOrder(db: Executor, pageSize = 2000): AsyncGenerator<AuditRow[]> {
  let after = 0
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute()
    if (rows.length === 0) return
    yield rows
    after = rows[rows.length - 1]!.seq
  }
}

export async function listAuditActions(db: Executor, partnershipId?: string): Promise<string[]> {
  let q = db.selectFrom('audit_log').select('action').distinct()
  if (partnershipId !== undefined) q = q.where(inPartnership(partnershipId))
  const rows = await q.orderBy('action').execute()
  return rows.map((r) => r.action)
}
