// Moving to PostgreSQL: `npm run cli -- db:copy --to postgres://…` copies a SQLite deployment (the seeded demo)
// into an empty PostgreSQL database in one run. Run as an operator would (a child process on a data directory);
// the copy is compared with its source row by row, and the target runs: its chain verifies with audit:verify, new
// audit entries and rows follow the copied ones, search finds copied events. A non-empty target is refused
// with nothing written; an unreachable server or a missing database is named, and nothing is created. PostgreSQL project only: the copy needs both engines.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomIds, systemClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { loadAuditKey } from '../../../server/db/audit-key.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { recordAudit, verifyAuditChain } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'
import { createEmptyPostgresDatabase, databaseUrl, TEST_POSTGRES_URL, testEngine } from '../../support/postgres-test-databases.js'
import { contentTables, databaseContents } from '../../support/database-contents.js'

const root = path.resolve(import.meta.dirname, '../../..')
let dataDir: string
const made: Array<{ drop(): Promise<void> }> = []

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli.ts'), ...args], {
    cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PASSWORD_COST: '10', ...env }, encoding: 'utf8', timeout: 120_000,
  })
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() }
}

/** A port nothing listens on: taken from the system, then let go. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function emptyDatabase() {
  const db = await createEmptyPostgresDatabase()
  made.push(db)
  return db
}

describe.runIf(testEngine === 'postgres')('db:copy from SQLite to PostgreSQL', () => {
  let source: OpenDatabase

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-db-copy-'))
    const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' })
    source = openAppDatabase(config)
    await migrateToLatest(source.db)
    await seedDemo({ db: source.db, clock: systemClock, config, newId: randomIds })
  }, 120_000)

  afterAll(async () => {
    await source?.close()
    for (const db of made) await db.drop()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('copies the seeded demo with identical content, a verifying chain, and numbering that carries on', async () => {
    const target = await emptyDatabase()
    const copy = cli(['db:copy', '--to', target.url])
    expect(copy.stderr).toBe('')
    expect(copy.code).toBe(0)
    expect(copy.stdout).toMatch(/^Copied \d+ rows in \d+ tables to postgres:\/\/.*; every table's row count matches\.\nOn the target: audit chain intact: \d+ entries verified/)

    const verify = cli(['audit:verify'], { DATABASE_URL: target.url })
    expect(verify.stderr).toBe('')
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/^Audit chain intact: \d+ entries verified/)

    const copied = openPostgres(target.url, { auditKey: loadAuditKey({ auditKey: null, dataDir }), poolSize: 2 })
    try {
      const tables = await contentTables(copied.db)
      // Every table of the source is compared: none that SQLite has is missing from the target's schema.
      const sqliteTables = (source.sqlite!.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'`).all() as Array<{ name: string }>)
        .map((r) => r.name).filter((name) => !/^kysely_migration|_fts($|_)/.test(name))
      expect([...tables.keys()].sort()).toEqual(sqliteTables.sort())
      const [from, to] = [await databaseContents(source.db, tables), await databaseContents(copied.db, tables)]
      expect(Object.keys(to).sort()).toEqual(Object.keys(from).sort())
      for (const table of tables.keys()) expect(to[table], table).toEqual(from[table])
      // Not an empty demo: the comparison covers real rows in the tables that matter.
      for (const table of ['users', 'reviews', 'persons', 'chronology_events', 'findings', 'audit_log', 'typology_codes']) {
        expect(from[table]!.length, table).toBeGreaterThan(0)
      }

      // Search on the target finds the copied events (its tsvector rows are written as the events are inserted).
      const events = Number((await sql<{ n: number }>`select count(*) as n from chronology_events`.execute(copied.db)).rows[0]!.n)
      const indexed = Number((await sql<{ n: number }>`select count(*) as n from chronology_events_fts`.execute(copied.db)).rows[0]!.n)
      expect(indexed).toBe(events)

      // The chain and the identity numbers carry on after the copied ones.
      const last = Number((await sql<{ n: number }>`select max(seq) as n from audit_log`.execute(copied.db)).rows[0]!.n)
      await copied.db.transaction().execute((trx) => recordAudit(trx, systemClock, systemActor, { action: 'test.after-copy' }))
      const added = await copied.db.selectFrom('audit_log').select('seq').where('action', '=', 'test.after-copy').executeTakeFirstOrThrow()
      expect(Number(added.seq)).toBe(last + 1)
      expect(await verifyAuditChain(copied.db)).toMatchObject({ ok: true, rows: last + 1 })
    } finally {
      await copied.close()
    }
  }, 180_000)

  it('refuses a database that is not empty, exits non-zero and writes nothing', async () => {
    const target = await emptyDatabase()
    const client = new pg.Client({ connectionString: target.url })
    await client.connect()
    try {
      await client.query('create table notes (id int primary key, body text)')
      await client.query(`insert into notes values (1, 'kept')`)
      const copy = cli(['db:copy', '--to', target.url])
      expect(copy.code).toBe(1)
      expect(copy.stderr).toMatch(/^the PostgreSQL database postgres:\/\/.* is not empty: it has 1 table or other relation \(public\.notes\)\. db:copy copies into an empty database only .*nothing was written\.$/)
      const relations = await client.query<{ relname: string }>(`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`)
      expect(relations.rows.map((r) => r.relname)).toEqual(['notes'])
      expect((await client.query('select body from notes')).rows).toEqual([{ body: 'kept' }])
    } finally {
      await client.end()
    }
  }, 120_000)

  it('rolls everything back when the chain does not verify on the target (another audit key): not even the schema stays', async () => {
    const target = await emptyDatabase()
    const copy = cli(['db:copy', '--to', target.url], { AUDIT_KEY: 'not the key this deployment was written with' })
    expect(copy.code).toBe(1)
    expect(copy.stderr).toMatch(/^Audit chain broken at entry \d+: /)
    const client = new pg.Client({ connectionString: target.url })
    await client.connect()
    try {
      expect((await client.query(`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`)).rows).toEqual([{ n: 0 }])
    } finally {
      await client.end()
    }
  }, 120_000)

  it('says which target cannot be reached or does not exist, exits non-zero, and creates nothing', async () => {
    const sourceAudit = source.sqlite!.prepare('select count(*) as n from audit_log').get()
    const port = await freePort()
    const unreachable = cli(['db:copy', '--to', `postgres://cwl:secret@127.0.0.1:${port}/cwl`])
    expect(unreachable.code).toBe(1)
    expect(unreachable.stdout).toBe('')
    expect(unreachable.stderr).toBe(`Cannot reach the PostgreSQL database postgres://cwl:***@127.0.0.1:${port}/cwl: nothing is listening there (is PostgreSQL running, on that host and port?). Nothing was written to the target.`)

    const missing = `cwl_copy_missing_${process.pid}`
    const noDatabase = cli(['db:copy', '--to', databaseUrl(missing)])
    expect(noDatabase.code).toBe(1)
    expect(noDatabase.stderr).toMatch(new RegExp(`^Cannot use the PostgreSQL database postgres://.*/${missing}: that database does not exist \\(create it first, e\\.g\\. createdb\\) .* Nothing was written to the target\\.$`))
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
    await client.connect()
    try {
      expect((await client.query('select count(*)::int as n from pg_database where datname = $1', [missing])).rows).toEqual([{ n: 0 }])
    } finally {
      await client.end()
    }
    // The source is only read: not even an audit entry of the attempt.
    expect(source.sqlite!.prepare('select count(*) as n from audit_log').get()).toEqual(sourceAudit)
  }, 120_000)

  it('refuses a target that is not a PostgreSQL URL, and a server whose DATABASE_URL is already set', async () => {
    const notUrl = cli(['db:copy', '--to', 'mysql://somewhere/db'])
    expect(notUrl.code).toBe(1)
    expect(notUrl.stderr).toMatch(/^--to: the target must start with postgres:\/\//)
    const target = await emptyDatabase()
    const onPostgres = cli(['db:copy', '--to', target.url], { DATABASE_URL: target.url })
    expect(onPostgres.code).toBe(1)
    expect(onPostgres.stderr).toContain('db:copy copies the embedded SQLite database of DATA_DIR')
  }, 120_000)
})
