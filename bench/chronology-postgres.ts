// The chronology on PostgreSQL (issue 14), against raw `pg` doing the same work in the same run.
//  1. A 10,000-row CSV: preview + commit through the real services on a PostgreSQL database, against csv-parse plus
//     multi-row inserts through `pg` (1,000 rows to a statement, as the commit does) into a plain table of the same
//     columns and a tsvector search table of the same text with a GIN index, in one transaction (target: ≤ 2×).
//     Both run on fresh copies of one migrated database, alternately, median of 5 after one warm-up round.
//  2. The chronology page of a review with 2,000 events, served by two app processes (server/cluster.ts,
//     WORKERS=2, as npm run start:cluster) on one PostgreSQL database, under 50 connections (target: p99 < 150 ms),
//     beside /health under the same load.
// BENCH_POSTGRES_URL names the server (default: the local test server's "test" database); the bench makes its
// databases there (cwl_bench_<pid>_…) and drops them. Prints a Markdown table; exits non-zero if a target is missed.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { parse } from 'csv-parse'
import pg from 'pg'
import { migrateToLatest, openPostgres } from '../server/db/database.js'
import { startUserSession } from '../server/services/sessions.js'
import { writeChronologyCsv } from './_chronology-fixture.js'
import { commitFile, createBenchReview, importFiveAgencies, previewFile } from './_chronology-setup.js'
import { ms, ResultTable } from './_report.js'
import { median } from './_timing.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const serverUrl = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-chronology-pg-'))
const RUNS = 5
const prefix = `cwl_bench_${process.pid}`
let made = 0

const results = new ResultTable()

function urlOf(name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function onServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** A fresh copy of the migrated template (CREATE DATABASE … TEMPLATE: a file copy, not a migration). */
async function freshDatabase(template: string): Promise<string> {
  const name = `${prefix}_${++made}`
  await onServer((c) => c.query(`create database ${name} template ${template}`))
  return urlOf(name)
}

async function dropAll(): Promise<void> {
  await onServer(async (c) => {
    const left = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}_%`])
    for (const { datname } of left.rows.sort((a, b) => Number(a.datname.endsWith('_tmpl')) - Number(b.datname.endsWith('_tmpl')))) {
      await c.query(`drop database if exists ${datname} with (force)`)
    }
  })
}

const RAW_COLUMNS = ['id', 'review_id', 'import_id', 'agency', 'agency_key', 'occurred_at', 'date_start', 'date_end', 'time', 'precision',
  'sort_key', 'author', 'category', 'summary', 'outcome', 'source_file', 'source_row', 'flags', 'created_at'] as const

/**
 * The yardstick: csv-parse, and multi-row inserts of the same rows (1,000 to a statement) into a plain table of the
 * same columns plus a tsvector table of the same words (the product's text search configuration) with a GIN
 * index, each statement writing both, all in one transaction on one connection. The least work through `pg`
 * that stores the rows and makes them searchable.
 */
async function rawPgImport(url: string, csvFile: string): Promise<{ wall: number; rows: number }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`create table raw_events (seq bigint generated always as identity primary key, ${RAW_COLUMNS.map((c) => `${c} text`).join(', ')})`)
    await client.query('create table raw_events_fts (rowid bigint primary key, words tsvector not null)')
    await client.query('create index raw_events_fts_words on raw_events_fts using gin (words)')
    const started = performance.now()
    let row = 0
    let batch: unknown[][] = []
    const flush = async () => {
      if (batch.length === 0) return
      const values = batch.map((_, r) => `(${RAW_COLUMNS.map((__, c) => `$${r * RAW_COLUMNS.length + c + 1}`).join(', ')})`).join(', ')
      await client.query(`with added as (insert into raw_events (${RAW_COLUMNS.join(', ')}) values ${values} returning seq, summary, category, author, outcome)
        insert into raw_events_fts (rowid, words) select seq, to_tsvector('casework_search', concat_ws(' ', summary, category, author, outcome)) from added`, batch.flat())
      batch = []
    }
    await client.query('begin')
    for await (const cells of fs.createReadStream(csvFile).pipe(parse({ from_line: 2, relax_column_count: true })) as AsyncIterable<string[]>) {
      row++
      const [date = '', time = '', author = '', category = '', summary = '', outcome = ''] = cells
      batch.push([`i-${row}`, 'r', 'i', 'Raw', 'raw', date, date, date, time || null, 'day', date, author, category, summary, outcome, 'raw.csv', String(row), '[]', '2026-03-02T10:00:00.000Z'])
      if (batch.length === 1000) await flush()
    }
    await flush()
    await client.query('commit')
    return { wall: performance.now() - started, rows: row }
  } finally {
    await client.end()
  }
}

async function importTimes(template: string, csv: string) {
  const runs: Array<{ ours: number; preview: number; commit: number; raw: number }> = []
  for (let run = 0; run <= RUNS; run++) {
    const mine = await createBenchReview(path.join(work, `ours-${run}`), await freshDatabase(template))
    let importId = ''
    const t0 = performance.now()
    importId = await previewFile(mine, 'Bench agency', csv)
    const t1 = performance.now()
    const committed = await commitFile(mine, importId)
    const t2 = performance.now()
    await mine.database.close()
    if (committed !== 10_000) throw new Error(`the import committed ${committed} rows, not 10,000`)
    const raw = await rawPgImport(await freshDatabase(template), csv)
    if (raw.rows !== 10_000) throw new Error(`the raw import stored ${raw.rows} rows`)
    if (run > 0) runs.push({ ours: t2 - t0, preview: t1 - t0, commit: t2 - t1, raw: raw.wall })
  }
  const pick = (key: keyof (typeof runs)[number]) => median(runs.map((r) => r[key]))
  return { ours: pick('ours'), preview: pick('preview'), commit: pick('commit'), raw: pick('raw'), ratios: runs.map((r) => r.ours / r.raw) }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A review with 2,000 events from five agencies on a fresh database, served by server/cluster.ts with two workers. */
async function pageLoad(template: string) {
  const url = await freshDatabase(template)
  const dataDir = path.join(work, 'page-data')
  const b = await createBenchReview(dataDir, url)
  const events = await importFiveAgencies(b, work)
  const { token } = await startUserSession(b.ctx, b.actor.userId!, null)
  await b.database.close()
  const cookie = `cwl_session=${token}`

  const port = await freePort()
  const cluster = spawn(process.execPath, ['--import', 'tsx', path.join(here, '../server/cluster.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: url, SCR_DEMO: '0', LOG_LEVEL: 'warn' },
  })
  try {
    await new Promise<void>((resolve, reject) => {
      let out = ''
      cluster.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.split('Casework Lens is running').length - 1 >= 2) resolve()
      })
      cluster.on('exit', (code) => reject(new Error(`the cluster stopped (${code})`)))
    })
    const address = `http://127.0.0.1:${port}`
    const page = `/reviews/${b.reviewId}/chronology`
    const check = await fetch(`${address}${page}`, { headers: { cookie } })
    if (check.status !== 200 || !(await check.text()).includes(`of ${events.toLocaleString('en-GB')} events`)) throw new Error(`the chronology page did not render: ${check.status}`)
    const load = (target: string, seconds = 10, connections = 50) => autocannon({ url: `${address}${target}`, connections, duration: seconds, headers: { cookie } })
    await load('/health', 3)
    const health = await load('/health')
    await load(page, 3, 10)
    const result = await load(page)
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`the chronology page failed under load: ${result.non2xx} non-2xx, ${result.errors} errors`)
    return { page: result, health, events }
  } finally {
    cluster.kill('SIGTERM')
    await new Promise((r) => cluster.once('exit', r))
  }
}

const load = () => os.loadavg().map((n) => n.toFixed(1)).join(', ')
const loads: string[] = []
try {
  const template = `${prefix}_tmpl`
  await onServer((c) => c.query(`create database ${template}`))
  const migrating = openPostgres(urlOf(template), { poolSize: 1 })
  await migrateToLatest(migrating.db)
  await migrating.db.destroy()

  if (process.env.CHRONOLOGY_PG_PAGE_ONLY !== '1') {
    const csv = path.join(work, 'ten-thousand.csv')
    writeChronologyCsv(csv, { rows: 10_000 })
    loads.push(`import: ${load()}`)
    const small = await importTimes(template, csv)
    const ratio = small.ours / small.raw
    results.add('10,000-row CSV on PostgreSQL: preview + commit (median of 5), against raw pg multi-row inserts plus a tsvector index', ms(small.ours), ms(small.raw),
      `${ratio.toFixed(2)}× (runs: ${small.ratios.map((r) => r.toFixed(2)).join(', ')})`, '≤ 2×', ratio <= 2)
    results.add('… of which the preview (read in the worker, rows written unseen meanwhile)', ms(small.preview), ms(small.raw), `${(small.preview / small.raw).toFixed(2)}×`, '(for information)', true)
    results.add('… of which the commit (the preview’s rows let into the chronology)', ms(small.commit), ms(small.raw), `${(small.commit / small.raw).toFixed(2)}×`, '(for information)', true)
  }
  if (process.env.CHRONOLOGY_PG_IMPORT_ONLY !== '1') {
    loads.push(`page: ${load()}`)
    const { page, health, events } = await pageLoad(template)
    results.add(`Chronology page on PostgreSQL, ${events.toLocaleString('en-GB')} events, two app processes, 50 concurrent: p99`, ms(page.latency.p99),
      `${ms(health.latency.p99)} (/health)`, `${(page.latency.p99 / Math.max(1, health.latency.p99)).toFixed(1)}×`, '< 150 ms', page.latency.p99 < 150)
    results.add('… mean latency, requests per second', `${ms(page.latency.mean)}, ${page.requests.average.toFixed(0)}/s`,
      `${ms(health.latency.mean)}, ${health.requests.average.toFixed(0)}/s (/health)`, '–', '–', true)
  }
} finally {
  await dropAll().catch((error: unknown) => console.error(`could not drop the bench databases: ${String(error)}`))
  fs.rmSync(work, { recursive: true, force: true })
}

results.print(`Load average (1, 5, 15 min) at the start of each part: ${loads.join('; ')}. Raw library (import): csv-parse and multi-row inserts through pg (1,000 rows to a statement, as the commit does) into a plain table of the same columns plus a tsvector table (GIN index, the product's casework_search configuration), each statement writing both, in one transaction. For the page: server/cluster.ts with two workers on one PostgreSQL database, and /health under the same load; autocannon runs in the bench's own process on the same machine.`)
