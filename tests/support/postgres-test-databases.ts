// A fresh PostgreSQL database for each test app (TEST_DATABASE=postgres), made fast by migrating once per test
// process into a template and copying it (CREATE DATABASE ... TEMPLATE takes a fraction of migrating). Every
// database this run makes is named cwl_t_<run>_..., so the run's global teardown (postgres-global-setup.ts) can
// drop whatever a crashed test left, without touching other people's databases on the same server.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../server/db/database.js'

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'

/** Which engine the integration tests run on: the vitest project sets TEST_DATABASE. */
export const testEngine: 'sqlite' | 'postgres' = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite'

function runId(): string {
  // Provided by the postgres project's global setup; a random one elsewhere (a database then outlives a crash).
  try {
    return inject('postgresTestRun') ?? randomBytes(4).toString('hex')
  } catch {
    return randomBytes(4).toString('hex')
  }
}

const prefix = `cwl_t_${runId()}_${process.pid}`

export function databaseUrl(name: string): string {
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * The role test apps connect as: neither a superuser nor BYPASSRLS, and the owner of their database and its tables,
 * as the README asks of a deployment, so row-level security (migration 0030) binds every test on PostgreSQL.
 */
export const APP_ROLE = 'cwl_test_app'

/** The test database's URL as the app connects to it (as APP_ROLE), for test apps and the processes they start. */
export function appDatabaseUrl(name: string): string {
  const url = new URL(databaseUrl(name))
  url.username = APP_ROLE
  url.password = ''
  return url.toString()
}

let appRole: Promise<void> | null = null

function ensureAppRole(): Promise<void> {
  // Made once per server; several test processes may try at once, and all but one find it made.
  appRole ??= withServer(async (c) => {
    await c.query(`do $$ begin
      create role ${APP_ROLE} login nosuperuser nobypassrls nocreatedb nocreaterole;
    exception when duplicate_object or unique_violation then null;
    end $$`)
  })
  return appRole
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

let template: Promise<string> | null = null
// CREATE DATABASE from one template is done one at a time in this process.
let queue: Promise<unknown> = Promise.resolve()
let counter = 0

function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `${prefix}_tmpl`
    await ensureAppRole()
    await withServer(async (c) => {
      await c.query(`drop database if exists ${name}`)
      await c.query(`create database ${name} owner ${APP_ROLE}`)
    })
    // Migrated as the app role, which so owns every table, as the app's own start-up makes it on a deployment.
    const database = openPostgres(appDatabaseUrl(name), { poolSize: 1 })
    try {
      await migrateToLatest(database.db)
    } finally {
      await database.close()
    }
    return name
  })()
  return template
}

/** An empty, migrated database of its own, opened as the app role with the given audit key; drop() removes it (close it first). */
export async function createPostgresTestDatabase(auditKey: Buffer): Promise<{ database: OpenDatabase; name: string; drop(): Promise<void> }> {
  const source = await migratedTemplate()
  const name = `${prefix}_${++counter}`
  const created = queue.then(() => withServer((c) => c.query(`create database ${name} owner ${APP_ROLE} template ${source}`)))
  queue = created.catch(() => {})
  await created
  const database = openPostgres(appDatabaseUrl(name), { auditKey, poolSize: 5 })
  return {
    database,
    name,
    async drop() {
      await withServer((c) => c.query(`drop database if exists ${name} with (force)`))
    },
  }
}

/** An empty database with no schema at all, for migration tests; drop() removes it. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_empty_${++counter}`
  await withServer((c) => c.query(`create database ${name}`))
  return { url: databaseUrl(name), name, drop: () => withServer(async (c) => { await c.query(`drop database if exists ${name} with (force)`) }) }
}

/** An empty in-memory SQLite and an empty PostgreSQL database, both migrated to latest: what the parity tests compare. */
export async function migratedOnBothEngines(): Promise<{ sqlite: OpenDatabase; postgres: OpenDatabase; close(): Promise<void> }> {
  const sqlite = openDatabase(':memory:')
  await migrateToLatest(sqlite.db)
  const empty = await createEmptyPostgresDatabase()
  const postgres = openPostgres(empty.url, { poolSize: 2 })
  await migrateToLatest(postgres.db)
  return {
    sqlite, postgres,
    async close() {
      await sqlite.close()
      await postgres.close()
      await empty.drop()
    },
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresTestRun: string
  }
}
