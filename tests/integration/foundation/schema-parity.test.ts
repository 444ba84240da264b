// The two engines' schemas cannot drift: an empty SQLite and an empty PostgreSQL database are migrated and their
// tables, columns (types normalised), nullability, defaults, primary keys, unique constraints, indexes, foreign
// keys, check constraints and triggers compared. The deliberate differences are listed here, each with why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { OpenDatabase } from '../../../server/db/database.js'
import { migratedOnBothEngines, testEngine } from '../../support/postgres-test-databases.js'
import { TABLES_OF_A_REVIEW, TABLES_OF_A_ROW } from '../../../migrations/0030_row_level_security.js'
import { JSON_KEPT_AS_TEXT, JSONB_COLUMNS } from '../../../migrations/0038_jsonb.js'

/** Tables an earlier migration named that a later one dropped (0040: a preview's batches). */
const DROPPED: readonly string[] = ['chronology_import_batches']

// ---- Deliberate differences ----
// Full-text search: SQLite has FTS5 virtual tables (and their shadow tables); PostgreSQL has a table of tsvectors
// per searched table, with a GIN index. Both are named <table>_fts and keyed by the searched row's number.
const SEARCH_TABLE = /_fts(_(data|idx|docsize|config|content))?$/
// Kysely's own bookkeeping and SQLite's AUTOINCREMENT counter.
const NOT_OURS = /^(kysely_migration|kysely_migration_lock|sqlite_sequence)$/
// Triggers: PostgreSQL has no row trigger for TRUNCATE, so it has statement triggers refusing it; its search rows
// are deleted by their foreign key (on delete cascade), not by a delete trigger.
const POSTGRES_ONLY_TRIGGERS = ['audit_chain_head.audit_chain_head_not_truncated', 'audit_log.audit_log_no_truncate']
const SQLITE_ONLY_TRIGGERS = ['chronology_events.chronology_events_fts_delete', 'national_findings.national_findings_fts_delete']
// Row-level security (migration 0030): on PostgreSQL every case table keeps partnerships apart by a policy on the
// connection's casework.partnership, forced on the tables' owner; SQLite has one implicit partnership and none.
const ROW_LEVEL_SECURITY = ['reviews', ...TABLES_OF_A_REVIEW, ...TABLES_OF_A_ROW.map(([table]) => table)].filter((table) => !DROPPED.includes(table)).sort()

// JSON: the columns migration 0038 lists are jsonb on PostgreSQL and text on SQLite; every other JSON column is
// text on both (0038 says why each one's bytes matter).
const JSONB = new Set(JSONB_COLUMNS.filter(([table]) => !DROPPED.includes(table)).map(([table, column]) => `${table}.${column}`))
// Column types as the migrations name them (SQLite's) and as PostgreSQL stores them (postgres-schema.ts).
const POSTGRES_TYPES: Record<string, string> = { text: 'text', bigint: 'integer', bytea: 'blob' }
// A column a migration declares bigint is an integer to SQLite (and a bigint on PostgreSQL, as every integer is).
const SQLITE_TYPES: Record<string, string> = { bigint: 'integer' }

interface Column { name: string; type: string; notNull: boolean; default: string | null }
interface Index { name: string; unique: boolean; columns: string[]; partial: boolean }
interface ForeignKey { columns: string[]; table: string; to: string[]; onDelete: string }
interface Table {
  columns: Column[]
  primaryKey: string[]
  uniques: string[][]
  indexes: Index[]
  foreignKeys: ForeignKey[]
  checks: string[]
  triggers: string[]
}
type Schema = Record<string, Table>

/** A default as a plain value: PostgreSQL writes '{}'::text and SQLite '{}'. */
const normalDefault = (value: string | null) => (value === null ? null : value.replace(/::[a-z ]+$/, '').replace(/^\((.*)\)$/, '$1'))

/**
 * A check constraint reduced to what both engines' texts share: the columns it reads and the literals it compares
 * them with. SQLite keeps the text as written (role in ('a', 'b')); PostgreSQL rewrites it
 * (role = ANY (ARRAY['a'::text, 'b'::text])). Operators are not compared.
 */
function normalCheck(text: string, columns: string[]): string {
  const literals = [...text.matchAll(/'((?:[^']|'')*)'|\b(\d+)\b/g)].map((m) => m[1] ?? m[2]!).sort()
  const withoutLiterals = text.replace(/'(?:[^']|'')*'/g, ' ')
  const read = columns.filter((c) => new RegExp(`\\b${c}\\b`).test(withoutLiterals)).sort()
  return `${read.join(',')}: ${literals.join(',')}`
}

/** The check constraints in a CREATE TABLE statement: every check (...) with its balanced brackets. */
function checksIn(createSql: string): string[] {
  const found: string[] = []
  for (const m of createSql.matchAll(/\bcheck\s*\(/gi)) {
    let depth = 0
    for (let i = m.index + m[0].length - 1; i < createSql.length; i++) {
      if (createSql[i] === '(') depth++
      else if (createSql[i] === ')' && --depth === 0) {
        found.push(createSql.slice(m.index + m[0].length, i))
        break
      }
    }
  }
  return found
}

// SQLite lets a primary key column other than an integer one hold NULL (a long-standing quirk) unless declared
// NOT NULL; PostgreSQL never does. The app never writes a NULL key, so primary key columns count as NOT NULL here.
const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
const key = (cols: string[]) => cols.join(',')

async function sqliteSchema(database: OpenDatabase): Promise<Schema> {
  const raw = database.sqlite!
  const schema: Schema = {}
  const tables = raw.prepare(`select name, sql from sqlite_master where type = 'table' order by name`).all() as { name: string; sql: string }[]
  for (const { name, sql: createSql } of tables) {
    if (SEARCH_TABLE.test(name) || NOT_OURS.test(name)) continue
    const info = raw.prepare(`select * from pragma_table_info(?)`).all(name) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]
    const columns = info.map((c) => ({ name: c.name, type: SQLITE_TYPES[c.type.toLowerCase()] ?? c.type.toLowerCase(), notNull: c.notnull === 1 || c.pk > 0, default: normalDefault(c.dflt_value) }))
    const primaryKey = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name)
    const indexList = raw.prepare(`select * from pragma_index_list(?)`).all(name) as { name: string; unique: number; origin: string; partial: number }[]
    const uniques: string[][] = []
    const indexes: Index[] = []
    for (const index of indexList) {
      const parts = raw.prepare(`select * from pragma_index_xinfo(?) where key = 1 order by seqno`).all(index.name) as { name: string | null; coll: string }[]
      // SQLite's NOCASE on a column is PostgreSQL's lower() of it (ASCII folding under the "C" collation).
      const cols = parts.map((p) => (p.coll.toUpperCase() === 'NOCASE' ? `lower(${p.name})` : p.name!))
      if (index.origin === 'u') uniques.push(cols)
      else if (index.origin === 'c') indexes.push({ name: index.name, unique: index.unique === 1, columns: cols, partial: index.partial === 1 })
    }
    const fks = raw.prepare(`select * from pragma_foreign_key_list(?) order by id, seq`).all(name) as { id: number; table: string; from: string; to: string; on_delete: string }[]
    const grouped = new Map<number, ForeignKey>()
    for (const fk of fks) {
      const entry = grouped.get(fk.id) ?? { columns: [], table: fk.table, to: [], onDelete: fk.on_delete.toLowerCase() }
      entry.columns.push(fk.from)
      entry.to.push(fk.to)
      grouped.set(fk.id, entry)
    }
    const triggers = (raw.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = ? order by name`).all(name) as { name: string }[]).map((t) => t.name)
    schema[name] = {
      columns: columns.sort(byName),
      primaryKey,
      uniques: uniques.map((u) => u).sort((a, b) => key(a).localeCompare(key(b))),
      indexes: indexes.sort(byName),
      foreignKeys: [...grouped.values()].sort((a, b) => key(a.columns).localeCompare(key(b.columns))),
      checks: checksIn(createSql).map((c) => normalCheck(c, columns.map((x) => x.name))).sort(),
      triggers,
    }
  }
  return schema
}

async function postgresSchema(database: OpenDatabase): Promise<Schema> {
  const db = database.db
  const schema: Schema = {}
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows
  const tables = await q(sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)
  for (const { name } of tables) {
    if (SEARCH_TABLE.test(name) || NOT_OURS.test(name)) continue
    const info = await q(sql<{ name: string; type: string; nullable: string; def: string | null; collation: string | null }>`
      select column_name as name, data_type as type, is_nullable as nullable, column_default as def, collation_name as collation
      from information_schema.columns where table_schema = 'public' and table_name = ${name}`)
    for (const c of info) if (c.type === 'text') expect({ table: name, column: c.name, collation: c.collation }).toEqual({ table: name, column: c.name, collation: 'C' })
    const columns = info.map((c) => ({
      name: c.name, type: c.type === 'jsonb' && JSONB.has(`${name}.${c.name}`) ? 'text' : POSTGRES_TYPES[c.type] ?? c.type, notNull: c.nullable === 'NO', default: normalDefault(c.def),
    }))
    const constraints = await q(sql<{ type: string; def: string; columns: string[]; ftable: string | null; fcolumns: string[] | null; ondelete: string }>`
      select c.contype as type, pg_get_constraintdef(c.oid) as def,
        array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as columns,
        c.confrelid::regclass::text as ftable,
        array(select a.attname::text from unnest(c.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as fcolumns,
        c.confdeltype as ondelete
      from pg_constraint c where c.conrelid = ${name}::regclass`)
    const onDelete: Record<string, string> = { a: 'no action', c: 'cascade', n: 'set null', r: 'restrict', d: 'set default' }
    const indexRows = await q(sql<{ name: string; unique: boolean; partial: boolean; columns: string[]; constraint: boolean }>`
      select i.relname as name, x.indisunique as unique, x.indpred is not null as partial,
        array(select pg_get_indexdef(x.indexrelid, k, true) from generate_series(1, x.indnkeyatts) k order by k) as columns,
        exists (select 1 from pg_constraint c where c.conindid = x.indexrelid) as constraint
      from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = ${name}::regclass`)
    const triggers = await q(sql<{ name: string }>`select tgname as name from pg_trigger where tgrelid = ${name}::regclass and not tgisinternal order by tgname`)
    schema[name] = {
      columns: columns.sort(byName),
      primaryKey: constraints.find((c) => c.type === 'p')?.columns ?? [],
      uniques: constraints.filter((c) => c.type === 'u').map((c) => c.columns).sort((a, b) => key(a).localeCompare(key(b))),
      // pg_get_indexdef quotes a column named like a keyword ("position", "row").
      indexes: indexRows.filter((i) => !i.constraint).map((i) => ({ name: i.name, unique: i.unique, columns: i.columns.map((c) => c.replace(/"/g, '')), partial: i.partial })).sort(byName),
      foreignKeys: constraints.filter((c) => c.type === 'f')
        .map((c) => ({ columns: c.columns, table: c.ftable!, to: c.fcolumns!, onDelete: onDelete[c.ondelete]! }))
        .sort((a, b) => key(a.columns).localeCompare(key(b.columns))),
      checks: constraints.filter((c) => c.type === 'c').map((c) => normalCheck(c.def.replace(/^CHECK /, ''), columns.map((x) => x.name))).sort(),
      triggers: triggers.map((t) => t.name),
    }
  }
  return schema
}

const triggerList = (schema: Schema) => Object.entries(schema).flatMap(([table, t]) => t.triggers.map((name) => `${table}.${name}`)).sort()
const withoutTriggers = (schema: Schema) => Object.fromEntries(Object.entries(schema).map(([table, t]) => [table, { ...t, triggers: [] }]))

describe.runIf(testEngine === 'postgres')('the schema on SQLite and on PostgreSQL', () => {
  let sqlite: OpenDatabase
  let postgres: OpenDatabase
  let close: (() => Promise<void>) | undefined

  beforeAll(async () => {
    const both = await migratedOnBothEngines()
    ;[sqlite, postgres, close] = [both.sqlite, both.postgres, both.close]
  })

  afterAll(async () => { await close?.() })

  it('has the same tables, columns, types, nullability, defaults, keys, indexes and check constraints', async () => {
    const [lite, pg] = [await sqliteSchema(sqlite), await postgresSchema(postgres)]
    expect(Object.keys(lite).length).toBeGreaterThan(50)
    expect(Object.keys(pg).sort()).toEqual(Object.keys(lite).sort())
    // Table by table, so a difference names its table.
    for (const table of Object.keys(lite)) expect({ table, ...withoutTriggers(pg)[table] }).toEqual({ table, ...withoutTriggers(lite)[table] })
  })

  it('keeps JSON as jsonb on PostgreSQL in exactly the columns migration 0038 lists, and as text where its bytes matter', async () => {
    const types = async (database: OpenDatabase, query: ReturnType<typeof sql<{ name: string; type: string }>>) =>
      new Map((await query.execute(database.db)).rows.map((r) => [r.name, r.type.toLowerCase()]))
    const pg = await types(postgres, sql`select table_name || '.' || column_name as name, data_type as type
      from information_schema.columns where table_schema = 'public'`)
    const lite = await types(sqlite, sql`select m.name || '.' || c.name as name, c.type as type from sqlite_master m, pragma_table_info(m.name) c where m.type = 'table'`)
    expect([...pg].filter(([, type]) => type === 'jsonb').map(([name]) => name).sort()).toEqual([...JSONB].sort())
    for (const name of JSONB) expect({ name, type: lite.get(name) }).toEqual({ name, type: 'text' })
    for (const name of Object.keys(JSON_KEPT_AS_TEXT)) {
      expect({ name, sqlite: lite.get(name), postgres: pg.get(name) }).toEqual({ name, sqlite: 'text', postgres: 'text' })
      expect(JSONB.has(name), name).toBe(false)
    }
  })

  it('has the same triggers but for the listed engine-specific ones', async () => {
    const [lite, pg] = [triggerList(await sqliteSchema(sqlite)), triggerList(await postgresSchema(postgres))]
    expect(pg.filter((t) => !POSTGRES_ONLY_TRIGGERS.includes(t))).toEqual(lite.filter((t) => !SQLITE_ONLY_TRIGGERS.includes(t)))
    for (const t of POSTGRES_ONLY_TRIGGERS) expect(pg).toContain(t)
    for (const t of SQLITE_ONLY_TRIGGERS) expect(lite).toContain(t)
  })

  it('keeps partnerships apart by row-level security on PostgreSQL only, on the listed case tables', async () => {
    const limited = (await sql<{ table: string; forced: boolean; policies: number }>`
      select c.relname as table, c.relforcerowsecurity as forced, (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relrowsecurity order by c.relname`.execute(postgres.db)).rows
    expect(limited.map((r) => r.table)).toEqual(ROW_LEVEL_SECURITY)
    for (const r of limited) expect(r, r.table).toMatchObject({ forced: true, policies: 1 })
    // The same tables exist on SQLite, where the one implicit partnership needs no policy.
    const lite = (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(sqlite.db)).rows.map((r) => r.name)
    for (const table of ROW_LEVEL_SECURITY) expect(lite).toContain(table)
  })

  it('searches through FTS5 tables on SQLite and tsvector tables with GIN indexes on PostgreSQL, one per searched table', async () => {
    const virtual = (await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'table' and sql like 'create virtual table%' order by name`.execute(sqlite.db)).rows
    expect(virtual.map((v) => v.name)).toEqual(['chronology_events_fts', 'national_findings_fts'])
    for (const v of virtual) expect(v.sql).toContain("tokenize='porter unicode61 remove_diacritics 2'")
    const gin = (await sql<{ table: string; index: string }>`
      select t.relname as table, i.relname as index from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      join pg_am am on am.oid = i.relam where am.amname = 'gin' order by t.relname`.execute(postgres.db)).rows
    expect(gin).toEqual([{ table: 'chronology_events_fts', index: 'chronology_events_fts_words' }, { table: 'national_findings_fts', index: 'national_findings_fts_words' }])
  })
})
