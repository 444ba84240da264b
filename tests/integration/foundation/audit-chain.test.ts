// The audit chain on both engines: the database refuses edits, and the keyed hashes, the head and the checkpoints
// catch what someone with the database owner's rights does around those refusals. The tampering is plain SQL on
// either engine: SQLite's guard triggers are dropped, PostgreSQL's disabled (and the rights the owner revoked from
// itself granted back), as such a person would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Migrator, sql } from 'kysely'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'
import { GENESIS_HASH, recordAudit, recordAuditAlone, verifyAuditChain } from '../../../server/services/audit.js'
import { readAuditCheckpoints, writeAuditCheckpoint, CHECKPOINT_FILE } from '../../../server/services/audit-checkpoints.js'
import { systemActor } from '../../../server/services/context.js'
import { migrateToLatest, openDatabase, openPostgres } from '../../../server/db/database.js'
import { AUDIT_KEY_FILE, loadAuditKey } from '../../../server/db/audit-key.js'
import { auditMacs } from '../../../server/db/audit-mac.js'
import { PostgresSchemaPlugin } from '../../../server/db/postgres-schema.js'
import { migrations } from '../../../migrations/index.js'
import { FixedClock } from '../../../server/clock.js'
import type { Database } from '../../../server/data/schema.js'
import type { Kysely } from 'kysely'

const postgres = testEngine === 'postgres'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function someEntries(n: number, db: Kysely<Database> = t.db) {
  for (let i = 0; i < n; i++) {
    await db.transaction().execute((trx) => recordAudit(trx, t.clock, systemActor, { action: 'test.entry', objectId: `o${i}`, details: { i } }))
  }
}

interface RawRow { seq: number; at: string; actor_user_id: string | null; actor_kind: string; action: string; review_id: string | null; object_type: string | null; object_id: string | null; request_id: string | null; details: string; prev_hash: string; hash: string }

const canonical = (r: RawRow) => JSON.stringify([r.prev_hash, r.at, r.actor_user_id, r.actor_kind, r.action, r.review_id, r.object_type, r.object_id, r.request_id, r.details])

/** The database's guards on the chain (migrations 0001 and 0012), and the table each guards. */
const GUARDS = {
  audit_log_no_update: 'audit_log',
  audit_log_no_delete: 'audit_log',
  audit_log_follows_head: 'audit_log',
  audit_chain_head_forward: 'audit_chain_head',
} as const
type Guard = keyof typeof GUARDS

/** Takes guards away, as someone with the owner's rights can: SQLite's triggers dropped, PostgreSQL's disabled. */
async function dropGuards(db: Kysely<Database>, ...guards: Guard[]): Promise<void> {
  for (const guard of guards) {
    if (postgres) await sql`alter table ${sql.table(GUARDS[guard])} disable trigger ${sql.ref(guard)}`.execute(db)
    else await sql`drop trigger if exists ${sql.ref(guard)}`.execute(db)
  }
  // The owner revoked its own right to change the trail (0001, 0012); it can grant it back.
  if (postgres) await sql`grant update, delete on audit_log, audit_chain_head to current_user`.execute(db)
}

/** The fork guard: a unique index, dropped the same way on both engines. */
const dropForkGuard = (db: Kysely<Database>) => sql`drop index if exists audit_log_one_successor`.execute(db)

async function rawRows(db: Kysely<Database>, where = sql`true`): Promise<RawRow[]> {
  return (await sql<RawRow>`select * from audit_log where ${where} order by seq`.execute(db)).rows
}

/** What someone with write access to the database does: edit an entry, then recompute every hash after it and the head. */
async function rewriteChain(db: Kysely<Database>, hashOf: (text: string) => string, edit: (r: RawRow) => void) {
  await dropGuards(db, 'audit_log_no_update', 'audit_chain_head_forward', 'audit_log_follows_head')
  await dropForkGuard(db)
  const rows = await rawRows(db)
  let prev = GENESIS_HASH
  for (const row of rows) {
    edit(row)
    row.prev_hash = prev
    row.hash = hashOf(canonical(row))
    await sql`update audit_log set action = ${row.action}, details = ${row.details}, prev_hash = ${row.prev_hash}, hash = ${row.hash} where seq = ${row.seq}`.execute(db)
    prev = row.hash
  }
  await sql`update audit_chain_head set seq = ${rows.at(-1)!.seq}, hash = ${prev} where id = 1`.execute(db)
}

const plainSha = (text: string) => createHash('sha256').update(text).digest('hex')

/** An empty database on this run's engine, opened with the given key, for migrating step by step. */
async function emptyDatabase(auditKey: Buffer): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  if (!postgres) {
    const database = openDatabase(':memory:', { auditKey })
    return { db: database.db, close: () => database.close() }
  }
  const empty = await createEmptyPostgresDatabase()
  const database = openPostgres(empty.url, { auditKey, poolSize: 2 })
  return { db: database.db, async close() { await database.close(); await empty.drop() } }
}

const REFUSED = /append-only|permission denied for table audit_log/

describe('the audit chain', () => {
  it('verifies an untouched chain', async () => {
    await addUser(t, 'admin')
    await someEntries(5)
    const verdict = await verifyAuditChain(t.db)
    expect(verdict).toMatchObject({ ok: true, rows: 6, brokenAt: null, keyedFromSeq: 1 })
  })

  it('refuses updates and deletes at the database level', async () => {
    await someEntries(2)
    // On PostgreSQL the app's role holds no UPDATE or DELETE on audit_log, so the privilege check refuses before the trigger.
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(t.db)).rejects.toThrow(REFUSED)
    await expect(sql`delete from audit_log where seq = 1`.execute(t.db)).rejects.toThrow(REFUSED)
    await expect(sql`update audit_chain_head set seq = 1 where id = 1`.execute(t.db)).rejects.toThrow(/only moves forward/)
  })

  it('detects a row altered behind the triggers’ back', async () => {
    await someEntries(4)
    await dropGuards(t.db, 'audit_log_no_update')
    await sql`update audit_log set details = '{"i":99}' where seq = 3`.execute(t.db)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, rows: 3, brokenAt: { seq: 3, reason: 'its contents were changed after it was written' } })
  })

  it('detects a deleted row and a forged row', async () => {
    await someEntries(4)
    await dropGuards(t.db, 'audit_log_no_delete')
    await sql`delete from audit_log where seq = 2`.execute(t.db)
    expect((await verifyAuditChain(t.db)).brokenAt).toEqual({ seq: 3, reason: 'row 2 is missing' })
  })

  it('detects an edit whose every later hash was recomputed, because the hashes are keyed', async () => {
    await someEntries(6)
    await rewriteChain(t.db, plainSha, (r) => { if (r.seq === 3) r.details = '{"i":99}' })
    const verdict = await verifyAuditChain(t.db)
    expect(verdict.ok).toBe(false)
    expect(verdict.brokenAt).toEqual({ seq: 1, reason: 'its contents were changed after it was written' })
  })

  it('detects a rewrite by someone who has the key too, against a checkpoint written outside the database', async () => {
    await someEntries(6)
    await writeAuditCheckpoint({ db: t.db, clock: t.clock, dataDir: t.dataDir }, 'timer')
    await someEntries(2)
    const withKey = (text: string) => auditMacs(t.db, [text])[0]!
    await rewriteChain(t.db, withKey, (r) => { if (r.seq === 2) r.action = 'test.innocent' })
    expect((await verifyAuditChain(t.db)).ok).toBe(true) // the key alone cannot tell...
    const verdict = await verifyAuditChain(t.db, readAuditCheckpoints(t.dataDir).checkpoints)
    expect(verdict.ok).toBe(false) // ...the checkpoint can
    expect(verdict.brokenAt?.seq).toBe(6)
    expect(verdict.brokenAt?.reason).toMatch(/^it differs from the checkpoint taken 2026-03-02T10:00:00.000Z \(timer\)/)
  })

  it('detects the newest entries deleted, from the head and from a checkpoint even when the head is moved back too', async () => {
    await someEntries(8)
    await writeAuditCheckpoint({ db: t.db, clock: t.clock, dataDir: t.dataDir }, 'timer')
    const { checkpoints } = readAuditCheckpoints(t.dataDir)
    expect(checkpoints.map((c) => c.seq)).toEqual([8])
    await dropGuards(t.db, 'audit_log_no_delete')
    await sql`delete from audit_log where seq > 5`.execute(t.db)
    expect((await verifyAuditChain(t.db)).brokenAt).toEqual({ seq: 6, reason: 'the chain’s head records entry 8, but the newest entry is 5: entries were removed or the head was altered'.replace('’', "'") })
    await dropGuards(t.db, 'audit_chain_head_forward')
    const [five] = await rawRows(t.db, sql`seq = 5`)
    await sql`update audit_chain_head set seq = 5, hash = ${five!.hash} where id = 1`.execute(t.db)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
    const verdict = await verifyAuditChain(t.db, checkpoints)
    expect(verdict.brokenAt).toEqual({ seq: 6, reason: 'entries from 6 on are missing: a checkpoint taken 2026-03-02T10:00:00.000Z (timer) records entry 8' })
  })

  it('never forks: a second entry after the same entry is refused, and the change with it', async () => {
    await someEntries(3)
    const [head] = await rawRows(t.db, sql`seq = 3`)
    const [second] = await rawRows(t.db, sql`seq = 2`)
    // Someone appending after entry 2 while entry 3 already follows it.
    const fork = () => sql`insert into audit_log (seq, at, actor_kind, action, details, prev_hash, hash) values (4, 'x', 'system', 'fork', '{}', ${second!.hash}, 'f')`.execute(t.db)
    await expect(fork()).rejects.toThrow(/does not follow the head/)
    await dropGuards(t.db, 'audit_log_follows_head')
    await expect(fork()).rejects.toThrow(/UNIQUE|unique constraint "audit_log_one_successor"/)
    const chainHead = await sql<{ hash: string }>`select hash from audit_chain_head`.execute(t.db)
    expect(chainHead.rows[0]!.hash).toBe(head!.hash)
  })

  it('writes the audit row in the same transaction as the change: a failed change leaves no audit row', async () => {
    const before = (await t.db.selectFrom('audit_log').select('seq').execute()).length
    await expect(t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, t.clock, systemActor, { action: 'test.doomed' })
      throw new Error('the change failed')
    })).rejects.toThrow('the change failed')
    expect((await t.db.selectFrom('audit_log').select('seq').execute()).length).toBe(before)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })

  it('writes an entry of its own (a read) at once, or after a change open on the connection, never inside it', async () => {
    await someEntries(2)
    await recordAuditAlone(t.db, t.clock, systemActor, { action: 'test.read', objectId: 'r1' })
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    const change = t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, t.clock, systemActor, { action: 'test.doomed' })
      await held
      throw new Error('the change failed')
    })
    // Asked for while the change holds the connection: it must not become part of the change, which rolls back.
    const read = recordAuditAlone(t.db, t.clock, systemActor, { action: 'test.read', objectId: 'r2' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    release()
    await expect(change).rejects.toThrow('the change failed')
    await read
    const rows = await t.db.selectFrom('audit_log').select(['seq', 'action', 'object_id']).orderBy('seq').execute()
    expect(rows.map((r) => r.action)).toEqual(['test.entry', 'test.entry', 'test.read', 'test.read'])
    expect(rows.at(-1)).toMatchObject({ seq: 4, object_id: 'r2' })
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 4 })
  })

  it('keeps one chain when entries of their own and entries with changes are written at once', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 3 === 0
      ? someEntries(1)
      : recordAuditAlone(t.db, t.clock, systemActor, { action: 'test.read', objectId: `r${i}` }))))
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 30 })
  })
})

// Two SQLite connections on one file; PostgreSQL's many writers are in postgres-audit-chain.test.ts.
describe.runIf(!postgres)('two processes writing to one database file', () => {
  it('leave one chain: concurrent appends either follow the head or fail whole', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-fork-'))
    try {
      const key = loadAuditKey({ auditKey: null, dataDir: dir })
      const a = openDatabase(path.join(dir, 'db.sqlite'), { auditKey: key })
      await migrateToLatest(a.db)
      const b = openDatabase(path.join(dir, 'db.sqlite'), { auditKey: key })
      // One thread drives both connections, so a writer waiting on the other would wait for nothing: fail fast instead.
      for (const d of [a, b]) d.sqlite.pragma('busy_timeout = 0')
      // Entries with a change (a transaction held across awaits) and entries of their own (one synchronous transaction).
      const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 4 === 3
        ? recordAuditAlone((i % 2 ? a : b).db, t.clock, systemActor, { action: 'test.read' })
        : someEntries(1, (i % 2 ? a : b).db))))
      const written = outcomes.filter((o) => o.status === 'fulfilled').length
      expect(written).toBeGreaterThan(0)
      const verdict = await verifyAuditChain(a.db)
      expect(verdict).toMatchObject({ ok: true, rows: written })
      await a.close()
      await b.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the audit key', () => {
  it('is kept in a file beside the database, readable by its owner only, and used again by the next process', () => {
    const file = path.join(t.dataDir, AUDIT_KEY_FILE)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(loadAuditKey(t.config).equals(loadAuditKey(t.config))).toBe(true)
    fs.chmodSync(file, 0o644)
    expect(() => loadAuditKey(t.config)).toThrow(/can be read by other users/)
  })

  it('comes from AUDIT_KEY when set, and a chain written with another key does not verify', async () => {
    await someEntries(3)
    const other = openDatabase(':memory:', { auditKey: Buffer.from('a different key of at least 32 characters') })
    await migrateToLatest(other.db)
    await someEntries(3, other.db)
    // Copy the rows into a database with this app's key: they were keyed with another.
    const rows = await rawRows(other.db)
    await dropGuards(t.db, 'audit_log_follows_head', 'audit_log_no_delete', 'audit_chain_head_forward')
    await dropForkGuard(t.db)
    await sql`delete from audit_log`.execute(t.db)
    for (const r of rows) {
      await sql`insert into audit_log (seq, at, actor_user_id, actor_kind, action, review_id, object_type, object_id, request_id, details, prev_hash, hash)
        values (${r.seq}, ${r.at}, ${r.actor_user_id}, ${r.actor_kind}, ${r.action}, ${r.review_id}, ${r.object_type}, ${r.object_id}, ${r.request_id}, ${r.details}, ${r.prev_hash}, ${r.hash})`.execute(t.db)
    }
    await sql`update audit_chain_head set seq = ${rows.at(-1)!.seq}, hash = ${rows.at(-1)!.hash}`.execute(t.db)
    expect((await verifyAuditChain(t.db)).brokenAt).toEqual({ seq: 1, reason: 'its contents were changed after it was written' })
    expect((await verifyAuditChain(other.db)).ok).toBe(true)
    await other.close()
    expect(loadAuditKey({ auditKey: 'x'.repeat(40), dataDir: t.dataDir }).toString()).toBe('x'.repeat(40))
  })
})

describe('a database whose trail was written before the chain was keyed', () => {
  it('keeps the old entries, keys every entry after the boundary, and still catches a rewrite of the old ones', async () => {
    const database = await emptyDatabase(loadAuditKey(t.config))
    const db = database.db
    try {
      const migrator = new Migrator({ db: postgres ? db.withPlugin(new PostgresSchemaPlugin()) : db, provider: { getMigrations: async () => migrations } })
      expect((await migrator.migrateTo('0009_trust_core')).error).toBeUndefined()
      // Three entries as the old code wrote them: plain SHA-256 hashes.
      let prev = GENESIS_HASH
      for (let i = 1; i <= 3; i++) {
        const row = { seq: i, at: `2026-01-0${i}T00:00:00.000Z`, actor_user_id: null, actor_kind: 'system', action: 'old.entry', review_id: null, object_type: null, object_id: null, request_id: null, details: '{}', prev_hash: prev, hash: '' }
        row.hash = plainSha(canonical(row))
        await sql`insert into audit_log (at, actor_kind, action, details, prev_hash, hash) values (${row.at}, ${row.actor_kind}, ${row.action}, ${row.details}, ${row.prev_hash}, ${row.hash})`.execute(db)
        prev = row.hash
      }
      await migrateToLatest(db)
      const clock = new FixedClock('2026-03-02T10:00:00.000Z')
      for (let i = 0; i < 2; i++) await db.transaction().execute((trx) => recordAudit(trx, clock, systemActor, { action: 'new.entry' }))
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5, keyedFromSeq: 4 })
      const [fourth] = await rawRows(db, sql`seq = 4`)
      expect(fourth!.hash).not.toBe(plainSha(canonical(fourth!)))
      // Rewriting an old entry and recomputing the old (unkeyed) hashes breaks the link to the first keyed entry.
      await dropGuards(db, 'audit_log_no_update')
      let p = GENESIS_HASH
      for (const r of await rawRows(db, sql`seq <= 3`)) {
        if (r.seq === 2) r.action = 'old.innocent'
        r.prev_hash = p
        r.hash = plainSha(canonical(r))
        await sql`update audit_log set action = ${r.action}, prev_hash = ${r.prev_hash}, hash = ${r.hash} where seq = ${r.seq}`.execute(db)
        p = r.hash
      }
      expect((await verifyAuditChain(db)).brokenAt).toEqual({ seq: 4, reason: 'does not follow the row before it' })
    } finally {
      await database.close()
    }
  })
})

describe('checkpoints', () => {
  it('are written to a file readable by its owner only, and only when the chain has moved', async () => {
    await someEntries(2)
    const deps = { db: t.db, clock: t.clock, dataDir: t.dataDir }
    expect((await writeAuditCheckpoint(deps, 'start')).written).toBe(true)
    expect((await writeAuditCheckpoint(deps, 'timer')).written).toBe(false)
    await someEntries(1)
    expect((await writeAuditCheckpoint(deps, 'timer')).written).toBe(true)
    expect(fs.statSync(path.join(t.dataDir, CHECKPOINT_FILE)).mode & 0o777).toBe(0o600)
    fs.appendFileSync(path.join(t.dataDir, CHECKPOINT_FILE), 'not a checkpoint\n')
    const read = readAuditCheckpoints(t.dataDir)
    expect(read.checkpoints.map((c) => [c.seq, c.source])).toEqual([[2, 'start'], [3, 'timer']])
    expect(read.unreadable).toBe(1)
    expect((await verifyAuditChain(t.db, read.checkpoints)).checkpointsMatched).toBe(2)
  })
})
