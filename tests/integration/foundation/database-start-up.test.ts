// Starting the server against a database it cannot use: a clear message naming what is wrong, a non-zero exit,
// and nothing written (no audit key file, no schema change, no first admin). And npm start on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, openPostgres } from '../../../server/db/database.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'

const root = path.resolve(import.meta.dirname, '../../..')
const cleanups: Array<() => Promise<void> | void> = []
const children: ChildProcess[] = []

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
  for (const clean of cleanups.splice(0).reverse()) await clean()
})

function emptyDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-dbstart-'))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}

/** Runs the server until it says it is running (then leaves it running) or exits (then says how). */
async function start(env: Record<string, string>): Promise<{ exitCode: number | null; output: string; port: number }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], {
    cwd: root, env: { ...process.env, PORT: String(port), PASSWORD_COST: '10', LOG_LEVEL: 'warn', SCR_DEMO: '0', DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (d) => { output += String(d) })
  child.stderr!.on('data', (d) => { output += String(d) })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const started = Date.now()
  for (;;) {
    if (output.includes('Casework Lens is running')) return { exitCode: null, output, port }
    if (child.exitCode !== null) return { exitCode: await exited, output, port }
    if (Date.now() - started > 120_000) throw new Error(`server neither started nor exited: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.runIf(testEngine === 'sqlite')('starting with a bad DATABASE_URL or a newer SQLite schema', () => {
  it('refuses a DATABASE_URL that is not a PostgreSQL URL, naming the setting, and writes nothing', async () => {
    const dataDir = emptyDataDir()
    const result = await start({ DATA_DIR: dataDir, DATABASE_URL: 'mysql://app:secret@db.example.org/cwl' })
    expect(result.exitCode).toBe(2)
    expect(result.output).toContain('Configuration problem: DATABASE_URL must start with postgres://')
    expect(result.output).not.toContain('secret')
    expect(fs.readdirSync(dataDir)).toEqual([])
  }, 120_000)

  it('refuses a database file that has run a migration this code does not know, naming it, and changes nothing', async () => {
    const dataDir = emptyDataDir()
    const key = 'k'.repeat(40)
    const file = path.join(dataDir, 'casework-lens.sqlite')
    const database = openDatabase(file, { auditKey: Buffer.from(key) })
    await migrateToLatest(database.db)
    database.sqlite.prepare(`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2030-01-01T00:00:00.000Z')`).run()
    await database.close()
    const result = await start({ DATA_DIR: dataDir, AUDIT_KEY: key })
    expect(result.exitCode).not.toBe(0)
    expect(result.output).toContain(`the database file ${file} has a newer schema than this version of Casework Lens`)
    expect(result.output).toContain('9999_from_a_newer_version')
    const after = openDatabase(file, { auditKey: Buffer.from(key) })
    expect(after.sqlite.prepare('select count(*) as n from users').get()).toEqual({ n: 0 })
    expect(after.sqlite.prepare('select count(*) as n from audit_log').get()).toEqual({ n: 0 })
    await after.close()
  }, 120_000)
})

describe.runIf(testEngine === 'postgres')('starting on PostgreSQL', () => {
  it('says which PostgreSQL cannot be reached and why, exits non-zero, and writes nothing (not even the audit key file)', async () => {
    const dataDir = emptyDataDir()
    const port = await freePort()
    const result = await start({ DATA_DIR: dataDir, DATABASE_URL: `postgres://cwl:hunter2hunter2@127.0.0.1:${port}/cwl` })
    expect(result.exitCode).toBe(1)
    expect(result.output).toContain(`Cannot reach the PostgreSQL database postgres://cwl:***@127.0.0.1:${port}/cwl (DATABASE_URL): nothing is listening there`)
    expect(result.output).not.toContain('hunter2')
    expect(fs.readdirSync(dataDir)).toEqual([])
  }, 120_000)

  it('says the database does not exist when the URL names a missing one', async () => {
    const dataDir = emptyDataDir()
    const url = new URL(process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test')
    url.pathname = '/cwl_no_such_database_here'
    const result = await start({ DATA_DIR: dataDir, DATABASE_URL: url.toString() })
    expect(result.exitCode).toBe(1)
    expect(result.output).toMatch(/Cannot use the PostgreSQL database .*cwl_no_such_database_here \(DATABASE_URL\): that database does not exist/)
    expect(fs.readdirSync(dataDir)).toEqual([])
  }, 120_000)

  it('refuses a database that has run a migration this code does not know, naming it, and changes nothing', async () => {
    const empty = await createEmptyPostgresDatabase()
    cleanups.push(empty.drop)
    const database = openPostgres(empty.url, { poolSize: 1 })
    await migrateToLatest(database.db)
    await database.close()
    const client = new pg.Client({ connectionString: empty.url })
    await client.connect()
    try {
      await client.query(`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2030-01-01T00:00:00.000Z')`)
      const dataDir = emptyDataDir()
      const result = await start({ DATA_DIR: dataDir, DATABASE_URL: empty.url })
      expect(result.exitCode).toBe(1)
      expect(result.output).toContain('has a newer schema than this version of Casework Lens: it has run migration 9999_from_a_newer_version')
      expect(fs.readdirSync(dataDir)).toEqual([])
      expect((await client.query('select count(*)::int as n from users')).rows[0]).toEqual({ n: 0 })
      expect((await client.query('select count(*)::int as n from audit_log')).rows[0]).toEqual({ n: 0 })
    } finally {
      await client.end()
    }
  }, 120_000)

  it('starts on an empty PostgreSQL database: migrates it, creates the first admin, and /health names the engine', async () => {
    const empty = await createEmptyPostgresDatabase()
    cleanups.push(empty.drop)
    const result = await start({ DATA_DIR: emptyDataDir(), DATABASE_URL: empty.url, DATABASE_POOL_SIZE: '3' })
    expect(result.exitCode).toBeNull()
    expect(result.output).toMatch(/First administrator created\.\s+Email:/)
    const health = await fetch(`http://127.0.0.1:${result.port}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', database: { engine: 'postgres', answers: true } })
    const child = children.at(-1)!
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 120_000)
})
