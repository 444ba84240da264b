// National learning at national scale: 2,000 synthetic reviews with 50,000 findings, filed through the real
// import path, then every dashboard query timed with several filters (target: under 100 ms each). Each
// query is also replayed as the same SQL straight through better-sqlite3, for the ratio of our service
// (Kysely, typology translation check, suppression, labels) to the raw library doing the same work.
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { Kysely, SqliteDialect, type LogEvent } from 'kysely'
import { FixedClock } from '../server/clock.js'
import { loadConfig } from '../server/config.js'
import { randomBytes } from 'node:crypto'
import { migrateToLatest, openDatabase } from '../server/db/database.js'
import type { Database } from '../server/data/schema.js'
import { syntheticReturns } from '../server/demo/national-returns.js'
import { countCodePairs } from '../server/data/national-themes.js'
import { systemActor, type ServiceContext } from '../server/services/context.js'
import { fileReturnInTransaction, refreshTranslations } from '../server/services/national-store.js'
import {
  THEME_DIMENSIONS, nationalDashboard, readThemeQuery, themesForApi,
} from '../server/services/national-themes.js'
import { nationalFindings } from '../server/services/national-findings.js'
import { loadTypology, publishTypologyVersion, draftNextVersion } from '../server/services/typology.js'

const REVIEWS = 2000
const FINDINGS: [number, number] = [20, 30]
const RUNS = 15
const TARGET_MS = 100

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-national-bench-'))
const opened = openDatabase(path.join(dir, 'bench.sqlite'), { auditKey: randomBytes(32) })
await migrateToLatest(opened.db)

let capturing = false
const captured: Array<{ sql: string; parameters: readonly unknown[] }> = []
const db = new Kysely<Database>({
  dialect: new SqliteDialect({ database: opened.sqlite }),
  log: (event: LogEvent) => {
    if (capturing && event.level === 'query') captured.push({ sql: event.query.sql, parameters: event.query.parameters })
  },
})
let n = 0
const ctx: ServiceContext = {
  db, clock: new FixedClock('2026-03-02T10:00:00.000Z'), newId: () => `bench-${++n}`,
  config: loadConfig({ DATA_DIR: dir, SCR_DEMO: '0', PASSWORD_COST: '10' }),
}

// ---- The data set, filed through the same code as the API ----
const { current } = await loadTypology(db)
const returns = syntheticReturns({ reviews: REVIEWS, findings: FINDINGS, seed: 7, years: [2015, 2025], typology: current })
const findingCount = returns.reduce((sum, r) => sum + r.findings.length, 0)
const importStart = performance.now()
for (let i = 0; i < returns.length; i += 50) {
  await db.transaction().execute(async (trx) => {
    for (const document of returns.slice(i, i + 50)) await fileReturnInTransaction(trx, ctx, systemActor, document, 'api')
  })
}
const importMs = performance.now() - importStart
opened.sqlite.pragma('optimize')

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, p95: sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0 }
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  await fn()
  await fn()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return samples
}

/** The same statements through better-sqlite3 directly: prepared once, run with the same parameters. */
async function timeRaw(fn: () => Promise<unknown>): Promise<number[]> {
  captured.length = 0
  capturing = true
  await fn()
  capturing = false
  const statements = captured.map((c) => ({ stmt: opened.sqlite.prepare(c.sql), parameters: c.parameters }))
  return time(async () => {
    for (const s of statements) {
      if (s.stmt.reader) s.stmt.all(...(s.parameters as unknown[]))
      else s.stmt.run(...(s.parameters as unknown[]))
    }
  })
}

const FILTERS: Array<{ label: string; query: Record<string, string> }> = [
  { label: 'none', query: {} },
  { label: 'years 2019–2022', query: { from: '2019', to: '2022' } },
  { label: 'code MAL-1', query: { code: 'MAL-1' } },
  { label: 'family HRB + agency police', query: { code: 'HRB', agency: 'police' } },
  { label: 'region London, level team', query: { region: 'London', level: 'team' } },
  { label: 'words "supervision"', query: { q: 'supervision' } },
]

const rows: string[] = []
const pages: string[] = []
let worst = 0
const record = async (label: string, filter: string, fn: () => Promise<unknown>) => {
  const ours = stats(await time(fn))
  const raw = stats(await timeRaw(fn))
  worst = Math.max(worst, ours.median)
  rows.push(`| ${label} | ${filter} | ${ours.median.toFixed(1)} | ${ours.p95.toFixed(1)} | ${raw.median.toFixed(1)} | ${(ours.median / Math.max(raw.median, 0.01)).toFixed(2)} | ${ours.median < TARGET_MS ? 'yes' : '**no**'} |`)
}

for (const { label, query } of FILTERS) {
  for (const by of THEME_DIMENSIONS) await record(`themes by=${by}`, label, () => themesForApi(ctx, by, query))
  const history = await refreshTranslations(ctx)
  const parsed = readThemeQuery(query, history.current)
  await record('code pairs (top 15)', label, () => countCodePairs(db, parsed.filters, 15))
  await record('findings list, page 1', label, () => nationalFindings(ctx, systemActor, parsed, history.current, 1))
  // The whole dashboard page runs every table's query, the totals and the pairs: reported, not a target.
  const page = stats(await time(() => nationalDashboard(ctx, parsed, history.current)))
  pages.push(`| ${label} | ${page.median.toFixed(1)} | ${page.p95.toFixed(1)} |`)
}

// Publishing a new typology version re-translates every tag once, on the next query.
const draft = draftNextVersion(current)
const splitFrom = 'MAL-1'
const next = {
  // The next minor version after the current one (2.0 ships with the app).
  version: `${current.version.split('.')[0]}.${Number(current.version.split('.')[1] ?? 0) + 1}`, publishedAt: '2027-03-01',
  codes: [...draft.codes.filter((c) => c.code !== splitFrom), { code: 'MAL-7', label: 'Split part one', parent: 'MAL', description: '', examples: [] }, { code: 'MAL-8', label: 'Split part two', parent: 'MAL', description: '', examples: [] }],
  crosswalk: draft.crosswalk.map((e) => (e.from === splitFrom ? { from: splitFrom, to: ['MAL-7', 'MAL-8'], change: 'split' as const, note: 'Benchmark split' } : e)),
}
await publishTypologyVersion(ctx, systemActor, next)
const retranslateStart = performance.now()
await refreshTranslations(ctx)
const retranslateMs = performance.now() - retranslateStart

console.log(`${REVIEWS.toLocaleString('en-GB')} reviews, ${findingCount.toLocaleString('en-GB')} findings (SQLite file, WAL). ` +
  `Filing them through the import path took ${(importMs / 1000).toFixed(1)} s (${(importMs / REVIEWS).toFixed(1)} ms a return). ` +
  `Re-translating every tag after publishing typology ${next.version} (one code split) took ${retranslateMs.toFixed(0)} ms, once.`)
console.log('')
console.log(`Each query: ${RUNS} runs after 2 warm-ups. "Raw" is the same SQL prepared and run through better-sqlite3.`)
console.log('')
console.log('| Query | Filters | Median ms | p95 ms | Raw SQL median ms | Ratio | Median under 100 ms |')
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |')
for (const row of rows) console.log(row)
console.log('')
console.log(`Slowest median: ${worst.toFixed(1)} ms (target ${TARGET_MS} ms for each query).`)
console.log('')
console.log('The whole dashboard page (every table, the totals and the pairs, run concurrently on the one SQLite connection):')
console.log('')
console.log('| Filters | Median ms | p95 ms |')
console.log('| --- | ---: | ---: |')
for (const row of pages) console.log(row)

await db.destroy()
opened.sqlite.close()
fs.rmSync(dir, { recursive: true, force: true })
process.exit(worst < TARGET_MS ? 0 : 1)
