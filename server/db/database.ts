// Opens SQLite (WAL, foreign keys, busy timeout, transactions that take the write lock up front) behind Kysely and brings the schema up to date.
import { createHmac, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, type MigrationProvider } from 'kysely'
import { migrations } from '../../migrations/index.js'
import type { Database } from '../data/schema.js'
import type { Config } from '../config.js'
import { ensurePrivateDir, loadAuditKey } from './audit-key.js'
import { cachingStatements } from './statement-cache.js'
import { ImmediateSqliteDialect } from './write-lock.js'

export interface OpenDatabase {
  db: Kysely<Database>
  /** The raw handle, for the few things Kysely cannot do: online backup and bulk prepared inserts. */
  sqlite: SqliteDatabase.Database
  close(): Promise<void>
}

export interface OpenOptions {
  /** The audit chain's HMAC key (see audit-key.ts). Required for a database file; an in-memory database gets a throwaway one. */
  auditKey?: Buffer
}

/**
 * The connection carries the audit key as the SQL function audit_mac(text): every process that opens the database
 * (server, command line, tests) appends and verifies with the key it was given, and one opened without it cannot append.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): OpenDatabase {
  const inMemory = file === ':memory:'
  if (!inMemory && !opts.auditKey) throw new Error('A database file is opened with its audit key: use openAppDatabase(config)')
  const auditKey = opts.auditKey ?? randomBytes(32)
  if (!inMemory) makePrivate(file)
  const sqlite = new SqliteDatabase(file)
  if (!inMemory) sqlite.pragma('journal_mode = WAL')
  sqlite.function('audit_mac', { deterministic: true }, (text: unknown) => createHmac('sha256', auditKey).update(String(text)).digest('hex'))
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) })
  return {
    db,
    sqlite,
    async close() {
      await db.destroy()
    },
  }
}

/**
 * The database file is created readable by its owner only, in a directory only its owner can enter; SQLite gives its
 * WAL and shared-memory files the database file's permissions. Files left readable by others by older versions are tightened.
 */
function makePrivate(file: string): void {
  ensurePrivateDir(path.dirname(file))
  fs.closeSync(fs.openSync(file, 'a', 0o600))
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f) && fs.statSync(f).mode & 0o077) fs.chmodSync(f, 0o600)
  }
}

/** The app's database file with the configured audit key: what the server, the command line and their tests open. */
export function openAppDatabase(config: Pick<Config, 'databaseFile' | 'dataDir' | 'auditKey'>): OpenDatabase {
  return openDatabase(config.databaseFile, { auditKey: loadAuditKey(config) })
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
