// db:copy: moves a deployment from its embedded SQLite database to an empty PostgreSQL database in one run. The
// target is migrated and filled in ONE transaction on one connection, and checked (the caller's check, e.g. the
// audit chain, and every table's row count) before it commits: a refusal or a failure at any step leaves the
// target as it was. The source is read in one read transaction, a consistent snapshot even while a server writes.
import { sql, type Kysely } from 'kysely'
import type { Database as SqliteHandle } from 'better-sqlite3'
import type { Database } from '../data/schema.js'
import { migrateToLatest, openPostgres } from './database.js'
import { describePostgresError, redactUrl } from './postgres-errors.js'

/** A refusal or failure of the copy, with what is wrong; nothing was written to the target. */
export class CopyError extends Error {}

export interface CopyResult {
  tables: Array<{ table: string; rows: number }>
  rows: number
}

export interface CopyOptions {
  auditKey: Buffer
  /** Run on the filled target inside the copy's transaction; throwing rolls the whole copy back. */
  beforeCommit?: (target: Kysely<Database>) => Promise<void>
}

// Filled by the target's own migrations or triggers, not copied: Kysely's bookkeeping (the target records the
// migrations it ran itself) and the search tables (PostgreSQL's tsvector rows are written by triggers on insert).
const NOT_COPIED = /^(kysely_migration|kysely_migration_lock)$|_fts$/
// PostgreSQL takes at most 65,535 parameters a statement; batches stay well under, and under 500 rows.
const MAX_PARAMETERS = 30_000
const MAX_BATCH_ROWS = 500

export async function copySqliteToPostgres(source: SqliteHandle, targetUrl: string, opts: CopyOptions): Promise<CopyResult> {
  const where = `the PostgreSQL database ${redactUrl(targetUrl)}`
  const target = openPostgres(targetUrl, { auditKey: opts.auditKey, poolSize: 1 })
  let connected = false
  try {
    return await target.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn)
      connected = true
      try {
        await refuseNonEmpty(conn, where)
        await migrateToLatest(conn, undefined, where, { inOpenTransaction: true })
        const result = await copyTables(source, conn)
        await opts.beforeCommit?.(conn)
        await sql`commit`.execute(conn)
        return result
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => {})
        throw error
      }
    })
  } catch (error) {
    // Reaching the target fails when the pool first connects, before any statement: said as at start-up
    // (nothing listening, no such database, a refused password) rather than as the driver's bare error.
    if (connected) throw error
    throw new CopyError(describePostgresError(error, where))
  } finally {
    await target.close()
  }
}

async function refuseNonEmpty(db: Kysely<Database>, where: string): Promise<void> {
  const found = await sql<{ name: string }>`select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
    order by 1`.execute(db)
  if (found.rows.length === 0) return
  const names = found.rows.slice(0, 5).map((r) => r.name).join(', ')
  throw new CopyError(`${where} is not empty: it has ${found.rows.length} table${found.rows.length === 1 ? '' : 's'} or other relation${found.rows.length === 1 ? '' : 's'} (${names}${found.rows.length > 5 ? ', …' : ''}). db:copy copies into an empty database only (createdb a new one); nothing was written.`)
}

interface Column { name: string; type: string }

async function copyTables(sqlite: SqliteHandle, db: Kysely<Database>): Promise<CopyResult> {
  const columns = await targetColumns(db)
  const tables = dependencyOrder(sqlite, [...columns.keys()].filter((t) => !NOT_COPIED.test(t)))
  // The source as one snapshot: a deferred read transaction on the raw handle, which nothing else uses now.
  sqlite.prepare('begin').run()
  try {
    // Rows the target's migrations wrote (the default partnership, the typology, settings) make way for the
    // source's own, children before parents. The audit chain's head is one row that cannot be deleted: updated below.
    for (const table of [...tables].reverse()) {
      if (table !== 'audit_chain_head') await sql`delete from ${sql.table(table)}`.execute(db)
    }
    // The chain is copied as it stands, entry by entry as written, and verified afterwards (the caller's
    // beforeCommit): the guard that each new entry follows the head is for appends, not for a copy.
    await sql`alter table audit_log disable trigger audit_log_follows_head`.execute(db)
    await sql`alter table audit_chain_head disable trigger audit_chain_head_forward`.execute(db)
    const copied: CopyResult['tables'] = []
    for (const table of tables) {
      copied.push({ table, rows: await copyTable(sqlite, db, table, columns.get(table)!) })
    }
    await sql`alter table audit_log enable trigger audit_log_follows_head`.execute(db)
    await sql`alter table audit_chain_head enable trigger audit_chain_head_forward`.execute(db)
    await resetIdentities(db)
    await compareCounts(sqlite, db, copied)
    return { tables: copied, rows: copied.reduce((n, t) => n + t.rows, 0) }
  } finally {
    sqlite.prepare('commit').run()
  }
}

async function targetColumns(db: Kysely<Database>): Promise<Map<string, Column[]>> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`select c.table_name, c.column_name, c.data_type
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
    order by c.table_name, c.ordinal_position`.execute(db)
  const byTable = new Map<string, Column[]>()
  for (const r of rows.rows) {
    const list = byTable.get(r.table_name) ?? []
    list.push({ name: r.column_name, type: r.data_type })
    byTable.set(r.table_name, list)
  }
  return byTable
}

/** Parents before children, from the source's foreign keys; a cycle (none today) is named rather than guessed at. */
function dependencyOrder(sqlite: SqliteHandle, tables: string[]): string[] {
  const wanted = new Set(tables)
  const parents = new Map(tables.map((t) => [t, (sqlite.prepare(`select "table" as parent from pragma_foreign_key_list(?)`).all(t) as Array<{ parent: string }>)
    .map((r) => r.parent).filter((p) => p !== t && wanted.has(p))]))
  const ordered: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (table: string, path: string[]) => {
    if (state.get(table) === 'done') return
    if (state.get(table) === 'visiting') throw new CopyError(`The tables ${[...path, table].join(' → ')} refer to each other in a cycle: db:copy cannot order them`)
    state.set(table, 'visiting')
    for (const parent of parents.get(table) ?? []) visit(parent, [...path, table])
    state.set(table, 'done')
    ordered.push(table)
  }
  for (const table of [...tables].sort()) visit(table, [])
  return ordered
}

/** SQLite's values as PostgreSQL's columns take them: 64-bit integers whole (as text), 0/1 as booleans, blobs as bytea. */
function convert(value: unknown, column: Column, table: string): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') {
    if (column.type === 'boolean') return value !== 0n
    return value.toString()
  }
  if (column.type === 'bytea') {
    if (Buffer.isBuffer(value)) return value
    if (typeof value === 'string') return Buffer.from(value, 'utf8')
  }
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new CopyError(`${table}.${column.name} holds text with a NUL character, which PostgreSQL cannot store`)
  }
  return value
}

async function copyTable(sqlite: SqliteHandle, db: Kysely<Database>, table: string, columns: Column[]): Promise<number> {
  const sourceColumns = new Set((sqlite.prepare('select name from pragma_table_info(?)').all(table) as Array<{ name: string }>).map((r) => r.name))
  if (sourceColumns.size === 0) throw new CopyError(`The source database has no table ${table}: it is older than this code's schema; start the app on it once to migrate it, then copy`)
  const missing = columns.filter((c) => !sourceColumns.has(c.name)).map((c) => c.name)
  if (missing.length) throw new CopyError(`The source table ${table} has no column ${missing.join(', ')}: the two schemas differ`)
  const select = sqlite.prepare(`select ${columns.map((c) => `"${c.name}"`).join(', ')} from "${table}"`).raw(true).safeIntegers(true)
  const batchRows = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns.length)))
  const columnList = sql.join(columns.map((c) => sql.ref(c.name)))
  let batch: unknown[][] = []
  let count = 0
  const flush = async () => {
    if (batch.length === 0) return
    const values = sql.join(batch.map((row) => sql`(${sql.join(row.map((v, i) => convert(v, columns[i]!, table)))})`))
    try {
      // The head's one row was written by the target's migration: the source's takes its place.
      const replaceHead = table === 'audit_chain_head' ? sql` on conflict (id) do update set seq = excluded.seq, hash = excluded.hash, keyed_from_seq = excluded.keyed_from_seq` : sql``
      await sql`insert into ${sql.table(table)} (${columnList}) values ${values}${replaceHead}`.execute(db)
    } catch (error) {
      if (error instanceof CopyError) throw error
      throw new CopyError(`Copying ${table} (rows ${count - batch.length + 1}–${count}) failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    batch = []
  }
  // The rows are all read first: better-sqlite3 keeps the connection busy while an iterator is open, and the
  // target's inserts await in between. One table at a time bounds the memory to the largest table.
  for (const row of select.all() as unknown[][]) {
    batch.push(row)
    count++
    if (batch.length >= batchRows) await flush()
  }
  await flush()
  return count
}

// Identity columns were given the source's numbers: their sequences continue after the largest.
async function resetIdentities(db: Kysely<Database>): Promise<void> {
  const identities = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_identity = 'YES'`.execute(db)
  for (const { table_name: table, column_name: column } of identities.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(db)
  }
}

async function compareCounts(sqlite: SqliteHandle, db: Kysely<Database>, copied: CopyResult['tables']): Promise<void> {
  for (const { table } of copied) {
    const inSource = Number((sqlite.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n)
    const inTarget = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n)
    if (inSource !== inTarget) throw new CopyError(`${table} has ${inSource} rows in the source but ${inTarget} in the target: the copy was rolled back`)
  }
}
