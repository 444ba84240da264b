// Builds the real app on a fresh, migrated database with a fixed clock and sequential ids: in-memory SQLite, or
// with TEST_DATABASE=postgres (the vitest "postgres" project) a PostgreSQL database of its own, dropped in close().
// Security stays on: tests sign in and carry CSRF tokens like a browser does.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { buildApp } from '../../server/app.js'
import { FixedClock } from '../../server/clock.js'
import { loadConfig, type Config } from '../../server/config.js'
import { migrateToLatest, openDatabase, sqliteHandle, type OpenDatabase } from '../../server/db/database.js'
import { appDatabaseUrl, createPostgresTestDatabase, testEngine } from './postgres-test-databases.js'
import { loadAuditKey } from '../../server/db/audit-key.js'
import type { Database, User } from '../../server/data/schema.js'
import type { GlobalRole } from '../../server/data/tables/foundation.js'
import { createUser } from '../../server/services/accounts.js'
import { systemActor, type ServiceContext } from '../../server/services/context.js'
import { updateUser } from '../../server/data/users.js'

export const TEST_PASSWORD = 'correct horse battery staple'

export interface TestApp {
  app: FastifyInstance
  db: Kysely<Database>
  database: OpenDatabase
  clock: FixedClock
  config: Config
  ctx: ServiceContext
  dataDir: string
  /** On PostgreSQL, the test database's URL as the app role: what other processes on the same database are given as DATABASE_URL. */
  databaseUrl: string | null
  close(): Promise<void>
}

/** The raw SQLite handle, for tests of SQLite itself (pragmas, its triggers); a clear failure on PostgreSQL. */
export function sqliteOf(database: OpenDatabase): NonNullable<OpenDatabase['sqlite']> {
  return sqliteHandle(database, 'This test')
}

export function sequentialIds(prefix = 'id'): () => string {
  let n = 0
  return () => `${prefix}-${String(++n).padStart(5, '0')}`
}

export async function createTestApp(env: Record<string, string> = {}, opts: { logStream?: NodeJS.WritableStream; onDisk?: boolean } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-test-'))
  // A low scrypt cost keeps tests quick; the cost is stored in each hash, so production verifies the same way.
  const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0', ...env })
  // The same audit key as the server would use for this data directory (AUDIT_KEY or the key file beside the database).
  const auditKey = loadAuditKey(config)
  let database: OpenDatabase
  let dropDatabase = async () => {}
  let databaseUrl: string | null = null
  if (testEngine === 'postgres') {
    const made = await createPostgresTestDatabase(auditKey)
    database = made.database
    dropDatabase = made.drop
    databaseUrl = appDatabaseUrl(made.name)
  } else {
    // On disk when other processes must open the same database (a file in the data directory, as the server uses).
    database = openDatabase(opts.onDisk ? config.databaseFile : ':memory:', { auditKey })
    await migrateToLatest(database.db)
  }
  const clock = new FixedClock('2026-03-02T10:00:00.000Z')
  const newId = sequentialIds()
  const app = await buildApp({ db: database.db, clock, config, logger: opts.logStream ? { stream: opts.logStream } : false, newId, database })
  await app.ready()
  return {
    app, db: database.db, database, clock, config, dataDir, databaseUrl,
    ctx: { db: database.db, clock, config, newId },
    async close() {
      await app.close()
      await database.close()
      await dropDatabase()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

let userCounter = 0

/** `instanceAdmin`: an administrator who may also add partnerships and see the whole audit chain, as a server's first administrator. */
export async function addUser(t: TestApp, role: GlobalRole, overrides: { email?: string; name?: string; password?: string; instanceAdmin?: boolean } = {}): Promise<User> {
  userCounter++
  const user = await createUser(t.ctx, systemActor, {
    email: overrides.email ?? `${role}${userCounter}@example.org`,
    name: overrides.name ?? `Test ${role} ${userCounter}`,
    role,
    password: overrides.password ?? TEST_PASSWORD,
    instanceAdmin: overrides.instanceAdmin,
  })
  await updateUser(t.db, user.id, { must_change_password: 0 })
  return { ...user, must_change_password: 0 }
}
