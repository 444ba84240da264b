// The audit chain on PostgreSQL, where many writers run at once (several pool connections, several app processes):
// appends queue on an advisory lock, so the chain never forks and has no gaps, and the database refuses edits.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { loadAuditKey } from '../../../server/db/audit-key.js'
import { recordAudit, recordAuditAlone, verifyAuditChain } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { databaseUrl, testEngine } from '../../support/postgres-test-databases.js'

const root = path.resolve(import.meta.dirname, '../../..')
const run = promisify(execFile)

describe.runIf(testEngine === 'postgres')('the audit chain on PostgreSQL', () => {
  let t: TestApp
  const others: OpenDatabase[] = []
  beforeEach(async () => { t = await createTestApp({ AUDIT_KEY: 'k'.repeat(40) }) })
  afterEach(async () => {
    for (const o of others.splice(0)) await o.close()
    await t.close()
  })

  const currentDatabase = async () => (await sql<{ name: string }>`select current_database() as name`.execute(t.db)).rows[0]!.name

  it('stays one unbroken chain, with no gaps, under many concurrent writers from several processes\' pools, some of whose transactions roll back', async () => {
    const url = databaseUrl(await currentDatabase())
    // Three more "processes": pools of their own on the same database, with the same key.
    for (let i = 0; i < 3; i++) others.push(openPostgres(url, { auditKey: loadAuditKey(t.config), poolSize: 4 }))
    const writers = [t.db, ...others.map((o) => o.db)]
    const appends = Array.from({ length: 80 }, (_, i) => writers[i % writers.length]!.transaction().execute(async (trx) => {
      await recordAudit(trx, t.clock, systemActor, { action: 'test.concurrent', objectId: `o${i}`, details: { i } })
      // Every fifth change fails after its audit entry was written: the entry goes with it, leaving no gap.
      if (i % 5 === 4) throw new Error('the change failed')
    }).then(() => 'kept', () => 'rolled back'))
    const outcomes = await Promise.all(appends)
    expect(outcomes.filter((o) => o === 'kept')).toHaveLength(64)

    const rows = await t.db.selectFrom('audit_log').select(['seq', 'object_id', 'prev_hash', 'hash']).where('action', '=', 'test.concurrent').orderBy('seq').execute()
    expect(rows).toHaveLength(64)
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(64)
    const verdict = await verifyAuditChain(t.db)
    expect(verdict).toMatchObject({ ok: true, brokenAt: null })
    const all = await t.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1))

    // And the command line's audit:verify, run as an operator would against this database, accepts it.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli.ts'), 'audit:verify'], {
      cwd: root, env: { ...process.env, DATABASE_URL: url, DATA_DIR: t.dataDir, AUDIT_KEY: 'k'.repeat(40) },
    })
    expect(stdout).toContain(`Audit chain intact: ${all.length} entries verified`)
  })

  it('keeps one chain when entries of their own (a page read\'s, in fewer round trips) and entries inside changes are written at once from several pools', async () => {
    const url = databaseUrl(await currentDatabase())
    for (let i = 0; i < 2; i++) others.push(openPostgres(url, { auditKey: loadAuditKey(t.config), poolSize: 3 }))
    const writers = [t.db, ...others.map((o) => o.db)]
    const appends = Array.from({ length: 90 }, (_, i) => {
      const db = writers[i % writers.length]!
      const entry = { action: 'test.mixed', objectId: `o${i}`, details: { i } }
      if (i % 3 === 0) return recordAuditAlone(db, t.clock, systemActor, entry).then(() => 'kept')
      return db.transaction().execute(async (trx) => {
        await recordAudit(trx, t.clock, systemActor, entry)
        if (i % 6 === 5) throw new Error('the change failed')
      }).then(() => 'kept', () => 'rolled back')
    })
    expect((await Promise.all(appends)).filter((o) => o === 'kept')).toHaveLength(75)

    // One connection held from a pool of one: the entry is written on that connection, not waited for on another.
    const single = openPostgres(url, { auditKey: loadAuditKey(t.config), poolSize: 1 })
    others.push(single)
    await single.db.connection().execute((conn) => recordAuditAlone(conn, t.clock, systemActor, { action: 'test.mixed', objectId: 'held' }))

    const rows = await t.db.selectFrom('audit_log').select(['object_id', 'prev_hash']).where('action', '=', 'test.mixed').execute()
    expect(rows).toHaveLength(76)
    expect(rows.filter((r) => ['o5', 'o11', 'o17'].includes(r.object_id!))).toEqual([])
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(76)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, brokenAt: null })
    const all = await t.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()
    expect(all.map((r) => r.seq)).toEqual(all.map((_, i) => i + 1))
  })

  it('refuses to update, delete or truncate audit entries, or to delete the chain head', async () => {
    await t.db.transaction().execute((trx) => recordAudit(trx, t.clock, systemActor, { action: 'test.entry' }))
    // The app's role holds no UPDATE, DELETE or TRUNCATE on audit_log (refused by privilege); a superuser meets the trigger.
    const refused = /audit_log is append-only|permission denied for table audit_log/
    await expect(sql`update audit_log set details = '{}'`.execute(t.db)).rejects.toThrow(refused)
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(refused)
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(refused)
    const headKept = /cannot be deleted|permission denied for table audit_chain_head/
    await expect(sql`delete from audit_chain_head`.execute(t.db)).rejects.toThrow(headKept)
    await expect(sql`truncate audit_chain_head`.execute(t.db)).rejects.toThrow(headKept)
    await expect(sql`update audit_chain_head set seq = 0`.execute(t.db)).rejects.toThrow(/only moves forward/)
    expect((await verifyAuditChain(t.db)).ok).toBe(true)
  })
})
