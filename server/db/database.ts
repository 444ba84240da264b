// Opens the database behind Kysely and brings the schema up to date: embedded SQLite (WAL, foreign keys, busy
// timeout, transactions that take the write lock up front) by default, PostgreSQL when DATABASE_URL names one (see config.ts). Everything above this module sees
// the same Kysely<Database>; engine.ts answers the few questions that differ.
import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { CompiledQuery, Kysely, Migrator, PostgresDialect, sql, type DatabaseConnection, type Migration, type MigrationProvider } from 'kysely'
import { migrations as knownMigrations } from '../../migrations/index.js'
import type { Database } from '../data/schema.js'
import type { Config } from '../config.js'
import { AuditKeyPlugin } from './audit-mac.js'
import { ensurePrivateDir, loadAuditKey } from './audit-key.js'
import { isPostgres, type Engine } from './engine.js'
import { describePostgresError, redactUrl } from './postgres-errors.js'
import { PostgresSchemaPlugin } from './postgres-schema.js'
import { currentPartnershipSetting, PARTNERSHIP_SETTING } from './partnership-scope.js'
import { cachingStatements } from './statement-cache.js'
import { ImmediateSqliteDialect } from './write-lock.js'
import { SqliteHandlePlugin } from './sqlite-handle.js'
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js'
import { PostgresPoolPlugin } from './postgres-pool.js'

export interface OpenDatabase {
  engine: Engine
  db: Kysely<Database>
  /** SQLite only: the raw handle, for the few things Kysely cannot do (online backup, bulk prepared inserts). */
  sqlite?: SqliteDatabase.Database
  /** Whether the database answers a trivial query within a second or two (for /health); never throws. */
  ping(): Promise<boolean>
  close(): Promise<void>
}

export interface OpenSqliteDatabase extends OpenDatabase {
  engine: 'sqlite'
  sqlite: SqliteDatabase.Database
  /** A database file's log checkpointer (wal-checkpointer.ts); null in memory. */
  checkpointer: WalCheckpointer | null
}

export interface OpenOptions {
  /** The audit chain's HMAC key (see audit-key.ts). Required for a database file; an in-memory database gets a throwaway one. */
  auditKey?: Buffer
  /** How often a database file's write-ahead log is checkpointed, off the request path (wal-checkpointer.ts). */
  checkpointMs?: number
}

/**
 * Opens a SQLite database file (or ':memory:'). The connection carries the audit key: as a Kysely plugin, which
 * the audit chain reads (audit-mac.ts), and as the SQL function audit_mac(text) for tools that inspect the file.
 * Every process that opens the database appends and verifies with the key it was given; one opened without it
 * cannot append.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): OpenSqliteDatabase {
  const inMemory = file === ':memory:'
  if (!inMemory && !opts.auditKey) throw new Error('A database file is opened with its audit key: use openAppDatabase(config)')
  const plugin = new AuditKeyPlugin(opts.auditKey)
  if (!inMemory) makePrivate(file)
  const sqlite = new SqliteDatabase(file)
  if (!inMemory) {
    sqlite.pragma('journal_mode = WAL')
    // Checkpoints are the checkpointer's timer's (below), never a commit's; a log grown by a burst is cut back when it starts over.
    sqlite.pragma('wal_autocheckpoint = 0')
    sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
  }
  sqlite.function('audit_mac', { deterministic: true }, (text: unknown) => plugin.mac(String(text)))
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }), plugins: [plugin, new SqliteHandlePlugin(sqlite)] })
  // Straight from the raw handle: through Kysely the check would queue behind a long transaction holding the
  // one connection (a large import's commit, which lets the event loop turn between slices).
  const check = sqlite.prepare('select 1')
  const checkpointer = inMemory ? null : startWalCheckpointer(sqlite, opts.checkpointMs)
  return {
    engine: 'sqlite',
    db,
    sqlite,
    checkpointer,
    async ping() {
      try {
        check.get()
        return true
      } catch {
        return false
      }
    },
    async close() {
      checkpointer?.stop()
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

// pg returns 64-bit integers and numerics as strings (they may not fit a JS number). SQLite gives numbers, and our
// integers (counts, sums, sequence numbers) are far inside 2^53, so they are numbers here too: one code path above.
/** The app's type parsers for pg (exported for tests that open a connection of their own). */
export const postgresTypes = new pg.TypeOverrides()
const toNumber = (text: string): number => {
  const value = Number(text)
  if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) throw new Error(`A number from the database is out of range: ${text}`)
  return value
}
postgresTypes.setTypeParser(pg.types.builtins.INT8, toNumber)
postgresTypes.setTypeParser(pg.types.builtins.NUMERIC, toNumber)
// jsonb columns (migration 0038) come back as their text, as SQLite's JSON text columns do: the data layer parses
// JSON where it reads it, on both engines alike, instead of receiving values on one and text on the other.
postgresTypes.setTypeParser(pg.types.builtins.JSONB, (text: string) => text)

export interface PostgresOptions extends OpenOptions {
  poolSize?: number
}

const PING_TIMEOUT_MS = 2000

// The partnership each pooled connection was last told, so a connection handed out again for work of the same
// scope (most often) costs no extra round trip.
const partnershipSetOn = new WeakMap<DatabaseConnection, string>()

/**
 * Before a pooled connection runs a query or a transaction for anyone, it is told whose work it is
 * (partnership-scope.ts): the row-level security policies of migration 0030 read casework.partnership. Set for the
 * session, outside any transaction, on every hand-out, so a setting never carries over from one request to the next.
 * (The read audit's own path through the raw pool, postgres-pool.ts, touches only the audit tables, which have no policy.)
 */
async function setPartnership(connection: DatabaseConnection): Promise<void> {
  const partnership = currentPartnershipSetting()
  if (partnershipSetOn.get(connection) === partnership) return
  await connection.executeQuery(CompiledQuery.raw('select set_config($1, $2, false)', [PARTNERSHIP_SETTING, partnership]))
  partnershipSetOn.set(connection, partnership)
}

/** Opens a pool on a PostgreSQL database. Connections are made on first use: migrateToLatest reports an unreachable server. */
export function openPostgres(url: string, opts: PostgresOptions = {}): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: postgresTypes,
    application_name: 'casework-lens',
    connectionTimeoutMillis: 10_000,
  })
  // An idle connection dropped by the server (restart, failover) is an error event on the pool: without a
  // listener it would crash the process; the pool replaces the connection on next use.
  pool.on('error', () => {})
  // No throwaway key here, unlike an in-memory SQLite: a handle opened without the key (a probe, a migration)
  // cannot append to a chain that outlives it.
  const poolPlugin = new PostgresPoolPlugin(pool)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, onReserveConnection: setPartnership }), plugins: [...(opts.auditKey ? [new AuditKeyPlugin(opts.auditKey)] : []), poolPlugin] })
  poolPlugin.root = db
  return {
    engine: 'postgres',
    db,
    async ping() {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS) })
      try {
        return await Promise.race([pool.query('select 1').then(() => true, () => false), timeout])
      } finally {
        clearTimeout(timer)
      }
    },
    async close() {
      await db.destroy()
    },
  }
}

/**
 * PostgreSQL: whether row-level security binds the role the app connected as (not a superuser, not BYPASSRLS);
 * null on SQLite, which has none. Start-up warns when it does not: partnerships are then kept apart by the app alone.
 */
export async function rowSecurityBinds(db: Kysely<Database>): Promise<boolean | null> {
  if (!isPostgres(db)) return null
  const role = await sql<{ bypasses: boolean }>`select rolsuper or rolbypassrls as bypasses from pg_roles where rolname = current_user`.execute(db)
  return role.rows[0]?.bypasses === false
}

/** The app's database with the configured audit key: what the server, the command line and their tests open. */
export function openAppDatabase(config: Pick<Config, 'databaseFile' | 'databaseUrl' | 'databasePoolSize' | 'dataDir' | 'auditKey'>): OpenDatabase {
  const auditKey = loadAuditKey(config)
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { auditKey, poolSize: config.databasePoolSize })
  return openDatabase(config.databaseFile, { auditKey })
}

/** How messages name the app's database: the file, or the PostgreSQL URL without its password. */
export function describeDatabase(config: Pick<Config, 'databaseFile' | 'databaseUrl'>): string {
  return config.databaseUrl ? `the PostgreSQL database ${redactUrl(config.databaseUrl)} (DATABASE_URL)` : `the database file ${config.databaseFile}`
}

/**
 * Before start-up writes anything (the audit key file, the schema, the first admin): a PostgreSQL database must
 * answer and must not hold a newer schema than this code. (A SQLite file is checked by migrateToLatest, which
 * reads before it writes.) Throws DatabaseStartError.
 */
export async function checkDatabaseBeforeStart(config: Pick<Config, 'databaseFile' | 'databaseUrl'>): Promise<void> {
  if (!config.databaseUrl) return
  const probe = openPostgres(config.databaseUrl, { poolSize: 1 })
  try {
    await checkNotNewer(probe.db, knownMigrations, describeDatabase(config))
  } finally {
    await probe.close()
  }
}

/** The raw SQLite handle, for the things only SQLite has (online backup, pragmas); a clear error on PostgreSQL. */
export function sqliteHandle(database: OpenDatabase, purpose: string): SqliteDatabase.Database {
  if (!database.sqlite) throw new DatabaseStartError(`${purpose} needs the embedded SQLite database; this server uses PostgreSQL`)
  return database.sqlite
}

/** Start-up cannot go on: the message says what is wrong and what to do; nothing has been written. */
export class DatabaseStartError extends Error {}

const MIGRATION_TABLE = 'kysely_migration'

/**
 * The migrations this database has run that this code does not know: a newer version of the app has been
 * here, and running this one could write rows the newer schema no longer means. Checked before anything is written.
 */
async function unknownMigrations(db: Kysely<Database>, known: Record<string, Migration>): Promise<string[]> {
  const exists = isPostgres(db)
    ? sql<{ found: string | null }>`select to_regclass(${MIGRATION_TABLE})::text as found`
    : sql<{ found: string | null }>`select name as found from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`
  if (!(await exists.execute(db)).rows[0]?.found) return []
  const applied = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db)
  return applied.rows.map((r) => r.name).filter((name) => !(name in known))
}

/**
 * Runs every pending migration; throws DatabaseStartError with what is wrong when the database cannot be reached,
 * holds a newer schema than this code, or a migration fails (naming it). `where` names the database in messages.
 * `inOpenTransaction`: `db` is one connection inside a transaction the caller commits (db:copy migrates and fills
 * the target in one), so the migrator opens none of its own.
 */
export async function migrateToLatest(db: Kysely<Database>, known: Record<string, Migration> = knownMigrations, where = 'the database', opts: { inOpenTransaction?: boolean } = {}): Promise<string[]> {
  const postgres = isPostgres(db)
  await checkNotNewer(db, known, where)
  const provider: MigrationProvider = { getMigrations: async () => known }
  // Migrations are written in SQLite's types; on PostgreSQL the plugin translates the tables they create.
  const migrator = new Migrator({ db: postgres ? db.withPlugin(new PostgresSchemaPlugin()) : db, provider, disableTransactions: opts.inOpenTransaction })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const reason = postgres ? describePostgresError(error, where) : error instanceof Error ? error.message : String(error)
    throw new DatabaseStartError(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

async function checkNotNewer(db: Kysely<Database>, known: Record<string, Migration>, where: string): Promise<void> {
  let newer: string[]
  try {
    newer = await unknownMigrations(db, known)
  } catch (error) {
    throw new DatabaseStartError(isPostgres(db) ? describePostgresError(error, where) : `Cannot read ${where}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (newer.length > 0) {
    throw new DatabaseStartError(`${where} has a newer schema than this version of Casework Lens: it has run migration${newer.length === 1 ? '' : 's'} ${newer.join(', ')}, which this code does not know. Run the newer version of the app (or restore a backup taken before the upgrade); nothing was changed.`)
  }
}
