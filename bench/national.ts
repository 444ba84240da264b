// National learning at national scale (issue 16): 20,000 synthetic reviews with about 500,000 findings, filed
// through the real import path on SQLite, then copied to PostgreSQL with db:copy's code; on each engine every
// dashboard query is timed with several filters, including two-way tables with filters (target: median under
// 100 ms each). Each query is replayed as the same SQL straight through the driver (better-sqlite3, pg), for the
// ratio of our service (Kysely, translation check, suppression, labels) to the raw library doing the same reads.
// Writes in a query (the drill-down's and timeliness's audit rows) are not replayed: the raw figure is the reads alone.
// BENCH_NATIONAL_REVIEWS (default 20000) scales it down for a quick look; BENCH_ENGINES=sqlite skips PostgreSQL;
// BENCH_POSTGRES_URL names the server (default the local test server); BENCH_NATIONAL_PG_DATABASE names the kept
// PostgreSQL database (default cwl_bench_national_<reviews>), so that each engineer can time a copy of their own;
// BENCH_NATIONAL_ONLY=<text>[,<text>…] times only the queries whose "query | filters" label holds one of them
// (and leaves out the whole-page figures), for short runs while working on a few queries.
// Seeding takes minutes at full scale, so the seeded stores are kept and reused: the SQLite file in
// BENCH_NATIONAL_CACHE (default a folder under the temporary directory) and the PostgreSQL database
// cwl_bench_national_<reviews>. A reused store is migrated to the latest schema first (so a new migration's
// backfill is measured too); BENCH_NATIONAL_RESEED=1 (or deleting the file) seeds afresh.
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely'
import pg from 'pg'
import { FixedClock } from '../server/clock.js'
import { loadConfig } from '../server/config.js'
import { migrateToLatest, openDatabase, openPostgres, postgresTypes } from '../server/db/database.js'
import { AuditKeyPlugin } from '../server/db/audit-mac.js'
import { copySqliteToPostgres } from '../server/db/copy-to-postgres.js'
import type { Database } from '../server/data/schema.js'
import { syntheticReturns } from '../server/demo/national-returns.js'
import { systemActor, type ServiceContext } from '../server/services/context.js'
import { fileReturnInTransaction, refreshTranslations } from '../server/services/national-store.js'
import { rebuildCounts } from '../server/data/national-store.js'
import { REGIONS } from '../methodology/review-facts.js'
import { THEME_DIMENSIONS, nationalDashboard, readThemeQuery, themesForApi } from '../server/services/national-themes.js'
import { crossTabForApi } from '../server/services/national-cross-tab.js'
import { nationalFindings } from '../server/services/national-findings.js'
import { nationalTimeliness } from '../server/services/national-timeliness.js'
import { countCodePairs } from '../server/data/national-themes.js'
import { loadTypology } from '../server/services/typology.js'

const REVIEWS = Number(process.env.BENCH_NATIONAL_REVIEWS ?? 20_000)
const FINDINGS: [number, number] = [20, 30]
const RUNS = 9
const TARGET_MS = 100
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',')
const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'

const CACHE = process.env.BENCH_NATIONAL_CACHE || path.join(os.tmpdir(), 'cwl-national-bench-cache')
const RESEED = process.env.BENCH_NATIONAL_RESEED === '1'
fs.mkdirSync(CACHE, { recursive: true })
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-national-bench-'))
const databaseFile = path.join(CACHE, `national-${REVIEWS}.sqlite`)
if (RESEED) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(databaseFile + suffix, { force: true })
const reused = fs.existsSync(databaseFile)
// At full scale a tenth is filed through the import path and copied by SQL (filing 20,000 returns one by one takes
// most of an hour on a busy machine); a kept store of that tenth's scale is started from when there is one.
const COPIES = Number(process.env.BENCH_NATIONAL_COPIES ?? (REVIEWS >= 10_000 ? 10 : 1))
const BASE = Math.ceil(REVIEWS / COPIES)
const baseFile = path.join(CACHE, `national-${BASE}.sqlite`)
const fromBase = !reused && COPIES > 1 && fs.existsSync(baseFile)
if (fromBase) fs.copyFileSync(baseFile, databaseFile)
// A fixed key: the kept stores' audit rows must verify with the key of the next run.
const auditKey = Buffer.alloc(32, 0x4e)
const progress = (text: string) => process.stderr.write(`[national bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
const opened = openDatabase(databaseFile, { auditKey })
const migrateStart = performance.now()
const migrated = await migrateToLatest(opened.db)
if (migrated.length > 0 && reused) progress(`kept SQLite store migrated in ${((performance.now() - migrateStart) / 1000).toFixed(1)} s: ${migrated.join(', ')}`)

type Captured = Array<{ sql: string; parameters: readonly unknown[] }>
let capturing = false
const captured: Captured = []
const log = (event: LogEvent) => {
  if (capturing && event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters })
}
let n = 0
const clock = new FixedClock('2026-03-02T10:00:00.000Z')
const config = loadConfig({ DATA_DIR: dir, SCR_DEMO: '0', PASSWORD_COST: '10' })
const sqliteDb = new Kysely<Database>({ dialect: new SqliteDialect({ database: opened.sqlite }), plugins: [new AuditKeyPlugin(auditKey)], log })
const sqliteCtx: ServiceContext = { db: sqliteDb, clock, newId: () => `bench-${++n}-${process.pid}`, config }

// ---- The data set, filed through the same code as the API, on SQLite (or kept from an earlier run) ----
/**
 * Copies the filed returns `copies - 1` times with new ids and return ids, each copy's regions rotated (so the
 * pre-added counts spread over as many cells as distinct returns would), in one transaction.
 */
function copyReturns(copies: number): void {
  const raw = opened.sqlite
  const maxOf = (table: string) => (raw.prepare(`select max(id) as m from ${table}`).get() as { m: number }).m
  const reviews = maxOf('national_reviews')
  const findings = maxOf('national_findings')
  const columns = (table: string) => (raw.prepare(`pragma table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name)
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`
  const tables: Array<{ table: string; originals: string }> = [
    { table: 'national_returns', originals: `return_id not like '%-copy-%'` },
    { table: 'national_reviews', originals: `id <= ${reviews}` },
    { table: 'national_review_risk_factors', originals: `review_id <= ${reviews}` },
    { table: 'national_findings', originals: `id <= ${findings}` },
    { table: 'national_finding_tags', originals: `finding_id <= ${findings}` },
    { table: 'national_finding_codes', originals: `finding_id <= ${findings}` },
    { table: 'national_finding_agencies', originals: `finding_id <= ${findings}` },
    { table: 'national_finding_facts', originals: `id <= ${findings}` },
  ]
  raw.transaction(() => {
    for (let k = 1; k < copies; k++) {
      const region = `case region ${REGIONS.map((r, i) => `when ${quote(r)} then ${quote(REGIONS[(i + k) % REGIONS.length]!)}`).join(' ')} end`
      for (const { table, originals } of tables) {
        const cols = columns(table)
        const value = (c: string) => {
          if (c === 'return_id') return `return_id || '-copy-${k}'`
          if (c === 'region') return region
          if (c === 'review_id' || (c === 'id' && table === 'national_reviews')) return `${c} + ${k * reviews}`
          if (c === 'finding_id' || (c === 'id' && (table === 'national_findings' || table === 'national_finding_facts'))) return `${c} + ${k * findings}`
          return c
        }
        raw.exec(`insert into ${table} (${cols.join(', ')}) select ${cols.map(value).join(', ')} from ${table} where ${originals}`)
      }
      progress(`copy ${k} of ${copies - 1} made`)
    }
  })()
}

const postgresName = process.env.BENCH_NATIONAL_PG_DATABASE || `cwl_bench_national_${REVIEWS}`
if (!/^[a-z_][a-z0-9_]*$/.test(postgresName)) throw new Error(`BENCH_NATIONAL_PG_DATABASE must be a plain lower-case name, not ${postgresName}`)
const postgresUrl = (() => { const url = new URL(serverUrl); url.pathname = `/${postgresName}`; return url.toString() })()
let postgresCopied: string | null = null

/** A fresh PostgreSQL copy of the SQLite store, with db:copy's code; its counts rebuilt there when asked. */
async function copyToPostgres(rebuild: boolean): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${postgresName} with (force)`)
  await admin.query(`create database ${postgresName}`)
  await admin.end()
  progress(`copying the SQLite store to PostgreSQL (${postgresName}) with db:copy's code`)
  const copyStart = performance.now()
  const copied = await copySqliteToPostgres(opened.sqlite, postgresUrl, { auditKey })
  let note = `Copied to PostgreSQL with db:copy's code (${copied.rows.toLocaleString('en-GB')} rows) in ${((performance.now() - copyStart) / 1000).toFixed(0)} s`
  if (rebuild) {
    progress('rebuilding the pre-added counts from the findings on PostgreSQL')
    const target = openPostgres(postgresUrl, { auditKey, poolSize: 1 })
    const rebuildStart = performance.now()
    await target.db.transaction().execute((trx) => rebuildCounts(trx))
    await target.close()
    note += `, the counts rebuilt there in ${((performance.now() - rebuildStart) / 1000).toFixed(0)} s`
  }
  return `${note}, then VACUUM ANALYZE.`
}

let seeding = ''
if (!reused) {
  let filed: string
  if (fromBase) {
    filed = `${BASE.toLocaleString('en-GB')} returns filed through the import path by an earlier run (the store of that scale, ${baseFile}),`
  } else {
    const { current } = await loadTypology(sqliteDb)
    const generateStart = performance.now()
    const returns = syntheticReturns({ reviews: BASE, findings: FINDINGS, seed: 7, years: [2015, 2025], typology: current })
    const generateMs = performance.now() - generateStart
    progress(`generated ${BASE} returns (${returns.reduce((sum, r) => sum + r.findings.length, 0)} findings) in ${(generateMs / 1000).toFixed(1)} s; filing them`)
    const importStart = performance.now()
    // Big transactions (one fsync each) through the import path itself: the counts are kept as a real filing keeps them.
    const PER_TRANSACTION = 500
    for (let i = 0; i < returns.length; i += PER_TRANSACTION) {
      await sqliteDb.transaction().execute(async (trx) => {
        for (const document of returns.slice(i, i + PER_TRANSACTION)) await fileReturnInTransaction(trx, sqliteCtx, systemActor, document, 'api')
      })
      const done = Math.min(i + PER_TRANSACTION, returns.length)
      const elapsed = performance.now() - importStart
      progress(`filed ${done} of ${returns.length} (${(elapsed / done).toFixed(1)} ms a return, about ${Math.round((elapsed / done) * (returns.length - done) / 1000)} s to go)`)
    }
    const importMs = performance.now() - importStart
    returns.length = 0
    filed = `${BASE.toLocaleString('en-GB')} returns generated in ${(generateMs / 1000).toFixed(1)} s and filed on SQLite (file, WAL) through the import path in ${(importMs / 1000).toFixed(0)} s (${(importMs / BASE).toFixed(1)} ms a return),`
  }
  if (COPIES > 1) {
    await refreshTranslations(sqliteCtx)
    const copyStart = performance.now()
    copyReturns(COPIES)
    const copyMs = performance.now() - copyStart
    // The counts are rebuilt on each engine from its own findings, so PostgreSQL is sent the findings alone.
    opened.sqlite.exec('delete from national_counts')
    if (ENGINES.includes('postgres')) postgresCopied = await copyToPostgres(true)
    progress('rebuilding the pre-added counts from the findings on SQLite')
    const rebuildStart = performance.now()
    await sqliteDb.transaction().execute((trx) => rebuildCounts(trx))
    const rebuildMs = performance.now() - rebuildStart
    seeding = `${filed} then copied ${COPIES - 1} times by SQL with new ids and each copy's regions rotated, in ${(copyMs / 1000).toFixed(0)} s; the pre-added counts rebuilt from the findings in ${(rebuildMs / 1000).toFixed(0)} s on SQLite (national-store.ts rebuildCounts, as after a new typology version).`
  } else {
    seeding = filed.replace(/,$/, '.')
  }
} else {
  seeding = `SQLite store kept from an earlier run of the same scale (${databaseFile}).`
}
opened.sqlite.pragma('optimize')
opened.sqlite.exec('analyze')
const stored = opened.sqlite.prepare('select (select count(*) from national_reviews) as reviews, (select count(*) from national_findings) as findings').get() as { reviews: number; findings: number }
const findingCount = stored.findings
progress(`SQLite store ready: ${stored.reviews} reviews, ${stored.findings} findings`)

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0 }
}

/** A query whose first run takes longer than this is timed 3 times, not RUNS, to keep a run within 10 minutes. */
const SLOW_MS = 300

const ONLY = (process.env.BENCH_NATIONAL_ONLY ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '')
const wanted = (label: string) => ONLY.length === 0 || ONLY.some((t) => label.includes(t))

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const first = performance.now()
  await fn()
  const runs = performance.now() - first > SLOW_MS ? 3 : RUNS
  await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return samples
}

/** What one engine needs: its context, and how to run captured statements raw through its driver. */
interface Engine {
  name: string
  ctx: ServiceContext
  raw: (statements: Captured) => Promise<() => Promise<void>>
}

const isRead = (text: string) => /^\s*(select|with)\b/i.test(text)

const sqliteEngine: Engine = {
  name: 'SQLite',
  ctx: sqliteCtx,
  raw: async (statements) => {
    const prepared = statements.filter((s) => isRead(s.sql)).map((s) => ({ stmt: opened.sqlite.prepare(s.sql), parameters: s.parameters as unknown[] }))
    return async () => { for (const s of prepared) s.stmt.all(...s.parameters) }
  },
}

async function postgresEngine(): Promise<{ engine: Engine; close: () => Promise<void>; note: string }> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [postgresName])).rowCount === 1
  await admin.end()
  let note: string
  if (postgresCopied !== null) {
    note = postgresCopied
  } else if (!exists || !reused) {
    // A store seeded afresh on SQLite is copied afresh: a kept PostgreSQL copy is of an earlier one.
    note = await copyToPostgres(false)
  } else {
    const kept = openPostgres(postgresUrl, { auditKey, poolSize: 1 })
    const migrateStart = performance.now()
    const applied = await migrateToLatest(kept.db)
    await kept.close()
    if (applied.length > 0) progress(`kept PostgreSQL store migrated in ${((performance.now() - migrateStart) / 1000).toFixed(1)} s: ${applied.join(', ')}`)
    note = `PostgreSQL store (${postgresName}) kept from an earlier copy of the same SQLite store, migrated to the latest schema, then VACUUM ANALYZE.`
  }
  const url = postgresUrl
  // The app's type parsers (counts as numbers, jsonb as its text, as the data layer reads it), for ours and the raw client alike.
  const types = postgresTypes
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10, types })
  // VACUUM as autovacuum would after a large load: it marks pages all-visible, for index-only scans of the counts.
  await pool.query('vacuum analyze')
  progress('PostgreSQL store ready')
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new AuditKeyPlugin(auditKey)], log })
  const rawClient = new pg.Client({ connectionString: url.toString(), types })
  await rawClient.connect()
  let statementNo = 0
  return {
    engine: {
      name: 'PostgreSQL',
      ctx: { db, clock, newId: () => `bench-${++n}-${process.pid}`, config },
      raw: async (statements) => {
        // Named statements: prepared once on the connection, like better-sqlite3's prepare.
        const reads = statements.filter((s) => isRead(s.sql)).map((s) => ({ name: `b${++statementNo}`, text: s.sql, values: s.parameters as unknown[] }))
        return async () => { for (const r of reads) await rawClient.query(r) }
      },
    },
    note,
    close: async () => {
      await rawClient.end()
      await db.destroy()
    },
  }
}

const FILTERS: Array<{ label: string; query: Record<string, string> }> = [
  { label: 'none', query: {} },
  { label: 'years 2019–2022', query: { from: '2019', to: '2022' } },
  { label: 'code MAL-1', query: { code: 'MAL-1' } },
  { label: 'family HRB + agency police', query: { code: 'HRB', agency: 'police' } },
  { label: 'region London, level team', query: { region: 'London', level: 'team' } },
  { label: 'words "supervision"', query: { q: 'supervision' } },
]

/** Two-way tables asked for with each filter. */
const CROSSES: Array<[string, string]> = [
  ['family', 'year'], ['code', 'region'], ['agency', 'level'], ['region', 'year'],
  // Risk factors with typology families (the co-occurrence analysts ask for), and two of the Department's series.
  ['riskFactor', 'family'], ['ageBand', 'harmType'],
]

// Timeliness is for national analysts only: the system actor in that role.
const analyst = { ...systemActor, role: 'national' as const }

interface Result { engine: string; query: string; filter: string; median: number; p95: number; raw: number }

async function suite(engine: Engine): Promise<{ results: Result[]; pages: string[] }> {
  const results: Result[] = []
  const pages: string[] = []
  const record = async (query: string, filter: string, fn: () => Promise<unknown>) => {
    if (!wanted(`${query} | ${filter}`)) return
    const ours = stats(await time(fn))
    captured.length = 0
    capturing = true
    await fn()
    capturing = false
    const raw = stats(await time(await engine.raw([...captured])))
    results.push({ engine: engine.name, query, filter, median: ours.median, p95: ours.p95, raw: raw.median })
    // Each figure as it comes, so a run stopped early still says what it measured.
    progress(`${engine.name} | ${query} | ${filter} | ${ours.median.toFixed(1)} | ${ours.p95.toFixed(1)} | ${raw.median.toFixed(1)}`)
  }
  const { ctx } = engine
  for (const { label, query } of FILTERS) {
    progress(`${engine.name}: queries with filters ${label}`)
    for (const by of THEME_DIMENSIONS) await record(`themes by=${by}`, label, () => themesForApi(ctx, by, query))
    for (const [by, cross] of CROSSES) await record(`themes by=${by}&cross=${cross}`, label, () => crossTabForApi(ctx, { ...query, by, cross }))
    const history = await refreshTranslations(ctx)
    const parsed = readThemeQuery(query, history.current, history.versions)
    await record('code pairs (top 15)', label, () => countCodePairs(ctx.db, parsed.filters, 15))
    await record('findings drill-down, page 1', label, () => nationalFindings(ctx, systemActor, parsed, history.current, 1))
    await record('timeliness by region and year', label, () => nationalTimeliness(ctx, analyst, parsed, history.current))
    // The whole dashboard page runs every table's query, the totals and the pairs: reported, not a target.
    if (ONLY.length > 0) continue
    const page = stats(await time(() => nationalDashboard(ctx, parsed, history.current)))
    pages.push(`| ${engine.name} | ${label} | ${page.median.toFixed(1)} | ${page.p95.toFixed(1)} |`)
  }
  return { results, pages }
}

if (process.env.BENCH_NATIONAL_SEED_ONLY === '1') {
  // Seeding (and the copy) alone, so that the timed part can run on its own on a quiet machine.
  if (ENGINES.includes('postgres')) await (await postgresEngine()).close()
  await sqliteDb.destroy()
  opened.sqlite.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

const all: Result[] = []
const pages: string[] = []
const notes: string[] = []
if (ENGINES.includes('sqlite')) {
  const run = await suite(sqliteEngine)
  all.push(...run.results)
  pages.push(...run.pages)
}
if (ENGINES.includes('postgres')) {
  const pgRun = await postgresEngine()
  notes.push(pgRun.note)
  try {
    const run = await suite(pgRun.engine)
    all.push(...run.results)
    pages.push(...run.pages)
  } finally {
    await pgRun.close()
  }
}

console.log(`${stored.reviews.toLocaleString('en-GB')} reviews, ${findingCount.toLocaleString('en-GB')} findings. ${seeding} ${notes.join(' ')}`)
console.log(`Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (${os.cpus().length} cores).`)
console.log('')
console.log(`Each query: ${RUNS} runs after 2 warm-ups (3 runs when the first warm-up took over ${SLOW_MS} ms). "Raw" is the same read SQL prepared and run through the driver (better-sqlite3; pg with named statements on one connection).`)
console.log('')
console.log('| Engine | Query | Filters | Median ms | p95 ms | Raw SQL median ms | Ratio | Median under 100 ms |')
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | --- |')
for (const r of all) {
  console.log(`| ${r.engine} | ${r.query} | ${r.filter} | ${r.median.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.raw.toFixed(1)} | ${(r.median / Math.max(r.raw, 0.01)).toFixed(2)} | ${r.median < TARGET_MS ? 'yes' : '**no**'} |`)
}
console.log('')
for (const engine of [...new Set(all.map((r) => r.engine))]) {
  const mine = all.filter((r) => r.engine === engine)
  const ratios = mine.map((r) => r.median / Math.max(r.raw, 0.01)).sort((a, b) => a - b)
  const worst = mine.reduce((w, r) => (r.median > w.median ? r : w))
  console.log(`${engine}: ${mine.filter((r) => r.median < TARGET_MS).length} of ${mine.length} queries under ${TARGET_MS} ms; slowest median ${worst.median.toFixed(1)} ms (${worst.query}, ${worst.filter}); median ratio to raw ${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}.`)
}
console.log('')
console.log('The whole dashboard page (every table, the totals and the pairs; SQLite runs them one after another on its connection, PostgreSQL on the pool):')
console.log('')
console.log('| Engine | Filters | Median ms | p95 ms |')
console.log('| --- | --- | ---: | ---: |')
for (const row of pages) console.log(row)

await sqliteDb.destroy()
opened.sqlite.close()
fs.rmSync(dir, { recursive: true, force: true })
// The stores stay in BENCH_NATIONAL_CACHE and PostgreSQL for the next run.
process.exit(all.every((r) => r.median < TARGET_MS) ? 0 : 1)
