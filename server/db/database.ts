// Opens SQLite (WAL, foreign keys, busy timeout) behind Kysely and brings the schema up to date.
import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely'
import { migrations } from '../../migrations/index.js'
import type { Database } from '../data/schema.js'

export interface OpenDatabase {
  db: Kysely<Database>
  /** The raw handle, for the few things Kysely cannot do: online backup and bulk prepared inserts. */
  sqlite: SqliteDatabase.Database
  close(): Promise<void>
}

export function openDatabase(file: string): OpenDatabase {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return {
    db,
    sqlite,
    async close() {
      await db.destroy()
    },
  }
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
