// Group commit of the audit entries that go with no change (a page's read audit, signing in or out): each process
// appends the entries asked for while its previous append was running as ONE chained transaction, so a page view no
// longer pays a transaction (and, on PostgreSQL, a turn at the chain's lock) of its own. Every caller still waits
// for the commit of the batch holding its entry before it goes on, so a read is audited before its content is sent,
// and a batch that fails fails every caller in it: nothing is returned unaudited.
import type SqliteDatabase from 'better-sqlite3'
import type pg from 'pg'
import type { NextAuditRow } from './audit-log.js'
import type { AuditRow } from './schema.js'

// Any fixed 64-bit number: the key of the one advisory lock that serialises appends to the chain on PostgreSQL.
export const AUDIT_CHAIN_LOCK = '4852157823120517'

export const CHAIN_MOVED = 'The audit trail was written by another process at the same moment; nothing was changed. Try again.'

interface ChainHeadRow {
  seq: number
  hash: string
  keyed_from_seq: number
}

/** Appends a batch of entries, in order, after the chain's head, in one transaction; all or none. */
export type WriteBatch = (batch: readonly NextAuditRow[]) => Promise<void> | void

interface Waiting {
  next: NextAuditRow
  resolve: () => void
  reject: (error: unknown) => void
}

// One transaction's worth: bounds how long a batch holds the write lock (and, on PostgreSQL, the size of its message).
const MOST_IN_A_BATCH = 256

/**
 * One writer for one database handle: entries queue while a batch is written; the next batch takes all of them.
 * The first entry of an idle queue waits for the end of the event loop's turn (setImmediate), so the requests read
 * in that turn share its transaction.
 */
export class AuditGroupCommit {
  private queue: Waiting[] = []
  private writing = false
  private scheduled = false

  constructor(private readonly write: WriteBatch) {}

  append(next: NextAuditRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ next, resolve, reject })
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.writing || this.scheduled || this.queue.length === 0) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, MOST_IN_A_BATCH)
    this.writing = true
    try {
      await this.write(batch.map((w) => w.next))
      for (const w of batch) w.resolve()
    } catch (error) {
      for (const w of batch) w.reject(error)
    } finally {
      this.writing = false
      this.schedule()
    }
  }
}

/**
 * On SQLite, a batch as one synchronous transaction of prepared statements (BEGIN IMMEDIATE, the head, then an insert
 * and the head's move for each entry, COMMIT): nothing else on this connection runs in between, other processes wait
 * on the write lock as for any transaction, and the insert's guard trigger checks each entry against the head.
 */
export function sqliteBatchWriter(sqlite: SqliteDatabase.Database): (batch: readonly NextAuditRow[]) => void {
  const head = sqlite.prepare<[], ChainHeadRow>('select seq, hash, keyed_from_seq from audit_chain_head where id = 1')
  const insert = sqlite.prepare<AuditRow>(`insert into audit_log (seq, at, actor_user_id, actor_kind, action, review_id, object_type, object_id, request_id, details, prev_hash, hash)
    values (@seq, @at, @actor_user_id, @actor_kind, @action, @review_id, @object_type, @object_id, @request_id, @details, @prev_hash, @hash)`)
  const advance = sqlite.prepare('update audit_chain_head set seq = ?, hash = ? where id = 1 and hash = ?')
  const transaction = sqlite.transaction((batch: readonly NextAuditRow[]) => {
    const h = head.get()
    if (!h) throw new Error('The audit chain has no head')
    let at = { seq: h.seq, hash: h.hash, keyedFromSeq: h.keyed_from_seq }
    for (const next of batch) {
      const row = next(at)
      insert.run(row)
      if (advance.run(row.seq, row.hash, at.hash).changes !== 1) throw new Error(CHAIN_MOVED)
      at = { ...at, seq: row.seq, hash: row.hash }
    }
  })
  return (batch) => transaction.immediate(batch)
}

const AUDIT_COLUMNS = ['seq', 'at', 'actor_user_id', 'actor_kind', 'action', 'review_id', 'object_type', 'object_id', 'request_id', 'details', 'prev_hash', 'hash'] as const
// Constants only (no values from anywhere): sent as one simple-protocol message, three statements in one round trip.
const BEGIN_LOCK_HEAD = `begin; select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK}::bigint); select seq, hash, keyed_from_seq from audit_chain_head where id = 1`
const HEX = /^[0-9a-f]{64}$/

/**
 * On PostgreSQL, a batch in two round trips while the chain's lock is held, however many entries it has: the
 * transaction, the lock and the head in one message; then, in a second, for each entry its insert with the head moved
 * on (one statement), a check that the head is the batch's last entry, and the commit. The second message carries
 * the values as quoted literals (the simple protocol takes no parameters; pg's escapeLiteral quotes them). Each
 * insert's guard trigger checks that the entry follows the head; a head that did not move makes the next insert, or
 * the final check, fail, and PostgreSQL then skips the rest of the message, commit included.
 */
export function postgresBatchWriter(pool: pg.Pool): (batch: readonly NextAuditRow[]) => Promise<void> {
  return async (batch) => {
    const client = await pool.connect()
    let unusable = false
    try {
      const results = (await client.query(BEGIN_LOCK_HEAD)) as unknown as pg.QueryResult[]
      const h = results[2]?.rows[0] as ChainHeadRow | undefined
      if (!h) throw new Error('The audit chain has no head')
      let at = { seq: Number(h.seq), hash: h.hash, keyedFromSeq: Number(h.keyed_from_seq) }
      const statements: string[] = []
      for (const next of batch) {
        const row = next(at)
        const values = AUDIT_COLUMNS.map((c) => literal(client, row[c]))
        statements.push(`with added as (insert into audit_log (${AUDIT_COLUMNS.join(', ')}) values (${values.join(', ')}) returning seq)
          update audit_chain_head set seq = ${literal(client, row.seq)}, hash = ${literal(client, row.hash)} where id = 1 and hash = ${literal(client, at.hash)} and exists (select 1 from added)`)
        at = { ...at, seq: row.seq, hash: row.hash }
      }
      if (!HEX.test(at.hash)) throw new Error('An audit entry\'s hash is not a SHA-256 digest')
      statements.push(`do $$ begin if not exists (select 1 from audit_chain_head where id = 1 and seq = ${at.seq} and hash = '${at.hash}') then raise exception 'the audit chain head is not the batch''s last entry'; end if; end $$`)
      statements.push('commit')
      await client.query(statements.join(';\n'))
    } catch (error) {
      await client.query('rollback').catch(() => { unusable = true })
      throw error
    } finally {
      client.release(unusable)
    }
  }
}

function literal(client: pg.PoolClient, value: string | number | null): string {
  if (value === null) return 'null'
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`An audit entry's number is not an integer: ${value}`)
    return String(value)
  }
  return client.escapeLiteral(value)
}
