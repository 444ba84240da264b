// Every row of every table, in a form two databases can be compared by (the db:copy round trip, a restore from
// pg_dump): values as text (a Buffer as hex, a jsonb column's JSON with its keys sorted), each table's rows sorted,
// read through Kysely on either engine.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../../server/db/engine.js'
import { JSONB_COLUMNS } from '../../migrations/0038_jsonb.js'

// Kysely's bookkeeping (each database records its own migration times) and the search tables (built by each
// engine its own way; the search itself is tested by search-parity).
const NOT_CONTENT = /^(kysely_migration|kysely_migration_lock|sqlite_sequence)$|_fts($|_)/

/** The content tables and their columns, as PostgreSQL has them (the target's schema is the reference). */
export async function contentTables(db: Kysely<any>): Promise<Map<string, string[]>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!isPostgres(db)) throw new Error('contentTables reads the schema of a PostgreSQL database')
  const rows = await sql<{ table_name: string; column_name: string }>`select c.table_name, c.column_name
    from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`.execute(db)
  const tables = new Map<string, string[]>()
  for (const r of rows.rows) {
    if (NOT_CONTENT.test(r.table_name)) continue
    tables.set(r.table_name, [...(tables.get(r.table_name) ?? []), r.column_name])
  }
  return tables
}

// jsonb keeps a document's value, not its text (spacing, key order): those columns are compared as values.
const JSONB = new Set(JSONB_COLUMNS.map(([table, column]) => `${table}.${column}`))

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]))
  return value
}

function asText(value: unknown, json: boolean): string | null {
  if (value === null || value === undefined) return null
  if (Buffer.isBuffer(value)) return `hex:${value.toString('hex')}`
  if (json) return `json:${JSON.stringify(sortedKeys(JSON.parse(String(value))))}`
  return String(value)
}

/** Each table's rows as sorted JSON lines, for toEqual between two databases. */
export async function databaseContents(db: Kysely<any>, tables: Map<string, string[]>): Promise<Record<string, string[]>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const contents: Record<string, string[]> = {}
  for (const [table, columns] of tables) {
    const rows = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}`.execute(db)
    contents[table] = rows.rows.map((row) => JSON.stringify(columns.map((c) => asText(row[c], JSONB.has(`${table}.${c}`))))).sort()
  }
  return contents
}
