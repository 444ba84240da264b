// Backup and restore on PostgreSQL as the README tells an operator to do it: pg_dump --format=custom of a database
// holding the seeded demo, pg_restore --no-owner --exit-on-error into a fresh empty database, audit:verify on the
// restored one, then the server started on it (npm start's entry point). The restored database holds every row of
// every table as the original did, the chain verifies before and after the server has written to it, and the
// server serves the restored review to a restored account. PostgreSQL project only.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomIds, systemClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase, type OpenDatabase } from '../../../server/db/database.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'
import { contentTables, databaseContents } from '../../support/database-contents.js'
import { startServerProcess } from '../../support/server-process.js'
import { signInOverHttp } from '../../support/http-agent.js'

const root = path.resolve(import.meta.dirname, '../../..')
let dataDir: string
const made: Array<{ drop(): Promise<void> }> = []

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 })
  return { code: result.status, stdout: result.stdout.trim(), stderr: result.stderr.trim() }
}

function cli(args: string[], databaseUrl: string) {
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli.ts'), ...args], { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PASSWORD_COST: '10' })
}

async function emptyDatabase() {
  const db = await createEmptyPostgresDatabase()
  made.push(db)
  return db
}

const count = async (database: OpenDatabase, table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n)

describe.runIf(testEngine === 'postgres')('backup and restore on PostgreSQL (pg_dump, pg_restore)', () => {
  let original: OpenDatabase
  let originalUrl: string
  let demo: Awaited<ReturnType<typeof seedDemo>>

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-pg-restore-'))
    originalUrl = (await emptyDatabase()).url
    // The audit key stays in DATA_DIR (audit.key), as on a real deployment: the dump does not hold it.
    const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0', DATABASE_URL: originalUrl })
    original = openAppDatabase(config)
    await migrateToLatest(original.db)
    demo = await seedDemo({ db: original.db, clock: systemClock, config, newId: randomIds })
  }, 180_000)

  afterAll(async () => {
    await original?.close()
    for (const db of made) await db.drop()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('restores a custom-format dump into a fresh database with identical content, a verifying chain, and a server that runs on it', async () => {
    const dump = path.join(dataDir, 'cwl.dump')
    const dumped = run('pg_dump', ['--format=custom', `--file=${dump}`, originalUrl])
    expect(dumped.stderr).toBe('')
    expect(dumped.code).toBe(0)
    // Not a schema-only dump: the file holds the rows (the demo is hundreds of kilobytes).
    expect(fs.statSync(dump).size).toBeGreaterThan(50_000)

    const target = await emptyDatabase()
    const restored = run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.url}`, dump])
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)

    const copy = openAppDatabase(loadConfig({ DATA_DIR: dataDir, SCR_DEMO: '0', DATABASE_URL: target.url }))
    try {
      const tables = await contentTables(copy.db)
      expect([...(await contentTables(original.db)).keys()]).toEqual([...tables.keys()])
      const [from, to] = [await databaseContents(original.db, tables), await databaseContents(copy.db, tables)]
      for (const table of tables.keys()) expect(to[table], table).toEqual(from[table])
      for (const table of ['users', 'reviews', 'chronology_events', 'findings', 'audit_log']) {
        expect(from[table]!.length, table).toBeGreaterThan(0)
      }
      // The search index came back with the rows, and the triggers that keep it (and guard the chain) with the schema.
      expect(await count(copy, 'chronology_events_fts')).toBe(await count(copy, 'chronology_events'))
      expect(await count(copy, 'chronology_events')).toBeGreaterThan(0)
      const triggers = async (database: OpenDatabase) => (await sql<{ name: string }>`select tgname as name from pg_trigger where not tgisinternal order by tgname`.execute(database.db)).rows.map((r) => r.name)
      expect(await triggers(copy)).toEqual(await triggers(original))
      await expect(sql`delete from audit_log`.execute(copy.db)).rejects.toThrow()
    } finally {
      await copy.close()
    }

    const entries = await count(original, 'audit_log')
    const verified = cli(['audit:verify'], target.url)
    expect(verified.stderr).toBe('')
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(new RegExp(`^Audit chain intact: ${entries} entries verified`))

    // The server starts on the restored database: nothing to migrate, no first administrator, no demo seeded again.
    const server = await startServerProcess('main.ts', { DATA_DIR: dataDir, DATABASE_URL: target.url })
    try {
      expect(server.output()).not.toContain('First administrator created')
      expect(server.output()).not.toContain('Demo review seeded')
      expect(await (await fetch(`${server.base}/health`)).json()).toEqual({ status: 'ok', database: { engine: 'postgres', answers: true } })
      const lead = demo.logins.find((l) => l.email.startsWith('lead.reviewer@'))!
      const agent = await signInOverHttp(server.base, lead.email, lead.password)
      const review = await agent.get(`/reviews/${demo.reviewId}/chronology`)
      expect(review.status).toBe(200)
      expect(review.body).toMatch(/of [\d,]+ events/)
    } finally {
      expect(await server.stop()).toBe(0)
    }

    // What the server wrote (the sign-in, the read of the chronology) follows the restored entries in one chain.
    const after = cli(['audit:verify'], target.url)
    expect(after.code).toBe(0)
    const total = Number(/^Audit chain intact: (\d+) entries verified/.exec(after.stdout)?.[1])
    expect(total).toBeGreaterThan(entries)
  }, 300_000)
})
