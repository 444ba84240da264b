// Chronology import and the chronology page, against the raw libraries doing the same work in the same run.
//  1. A 10,000-row CSV: preview + commit through the real services, against csv-parse + one prepared
//     better-sqlite3 insert into the same table (target: at most 1.5 times as long, and under 3 s).
//  2. A 100,000-row CSV in a child process: its peak memory (target: under 300 MB).
//  3. The chronology page with 2,000 events under 50 concurrent requests (autocannon; target: p99 under 150 ms),
//     beside /health under the same load as the yardstick.
// Prints a Markdown table; exits non-zero if a target is missed.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import { writeChronologyCsv } from './_chronology-fixture.js'
import { commitFile, createBenchReview, previewFile } from './_chronology-setup.js'
import { rawImport, rawImportBare, rawImportRow } from './_chronology-raw.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-chronology-'))
const RUNS = 5

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

const ms = (n: number) => `${n.toFixed(0)} ms`
const rows: string[][] = []
const failures: string[] = []
function report(what: string, ours: string, raw: string, ratio: string, target: string, met: boolean): void {
  rows.push([what, ours, raw, ratio, target, met ? 'met' : 'MISSED'])
  if (!met) failures.push(what)
}

async function importTimes(csv: string): Promise<{ ours: number; raw: number; bare: number }> {
  const ours: number[] = []
  const raw: number[] = []
  const bare: number[] = []
  // One untimed round each first: the JIT warms up, the file is in the page cache.
  for (let run = 0; run <= RUNS; run++) {
    const mine = await createBenchReview(path.join(work, `ours-${run}`))
    const t0 = performance.now()
    await commitFile(mine, await previewFile(mine, 'Bench agency', csv))
    const oursMs = performance.now() - t0
    await mine.database.close()

    const theirs = await createBenchReview(path.join(work, `raw-${run}`))
    await rawImportRow(theirs.database, theirs.reviewId, 'raw-import')
    const t1 = performance.now()
    await rawImport(theirs.database, theirs.reviewId, 'raw-import', csv)
    const rawMs = performance.now() - t1
    await theirs.database.close()

    const t2 = performance.now()
    await rawImportBare(path.join(work, `bare-${run}.sqlite`), csv)
    const bareMs = performance.now() - t2
    if (run > 0) {
      ours.push(oursMs)
      raw.push(rawMs)
      bare.push(bareMs)
    }
  }
  return { ours: median(ours), raw: median(raw), bare: median(bare) }
}

function largeImport(mode: 'ours' | 'raw'): { seconds: number; maxRssMb: number; rows: number; fileMb: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, '_chronology-large.ts'), '100000', mode], { encoding: 'utf8', timeout: 10 * 60_000 })
  if (result.status !== 0) throw new Error(`large import (${mode}) failed: ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { seconds: number; maxRssMb: number; rows: number; fileMb: number }
}

async function pageLoad(): Promise<{ page: autocannon.Result; health: autocannon.Result; events: number }> {
  // The server runs in its own process: the load generator must not share its thread.
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(here, '_chronology-server.ts')], { stdio: ['ignore', 'pipe', 'inherit'] })
  try {
    const info = await new Promise<{ address: string; reviewId: string; cookie: string; events: number }>((resolve, reject) => {
      let out = ''
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const line = out.split('\n').find((l) => l.startsWith('{'))
        if (line) resolve(JSON.parse(line) as { address: string; reviewId: string; cookie: string; events: number })
      })
      server.on('exit', (code) => reject(new Error(`the bench server stopped (${code})`)))
    })
    const load = (url: string) => autocannon({ url: `${info.address}${url}`, connections: 50, duration: 10, headers: { cookie: info.cookie } })
    const check = await fetch(`${info.address}/reviews/${info.reviewId}/chronology`, { headers: { cookie: info.cookie } })
    if (check.status !== 200 || !(await check.text()).includes(`of ${info.events.toLocaleString('en-GB')} events`)) throw new Error(`the chronology page did not render: ${check.status}`)
    await load('/health') // warm-up
    const health = await load('/health')
    await autocannon({ url: `${info.address}/reviews/${info.reviewId}/chronology`, connections: 10, duration: 3, headers: { cookie: info.cookie } }) // warm-up
    const page = await load(`/reviews/${info.reviewId}/chronology`)
    if (page.non2xx > 0 || page.errors > 0) throw new Error(`the chronology page failed under load: ${page.non2xx} non-2xx, ${page.errors} errors`)
    return { page, health, events: info.events }
  } finally {
    server.kill('SIGTERM')
  }
}

try {
  const csv = path.join(work, 'ten-thousand.csv')
  writeChronologyCsv(csv, { rows: 10_000 })
  const small = await importTimes(csv)
  report('10,000-row CSV: preview + commit (median of 5)', ms(small.ours), ms(small.raw), `${(small.ours / small.raw).toFixed(2)}×`, '≤ 1.5× and < 3 s',
    small.ours / small.raw <= 1.5 && small.ours < 3000)
  report('10,000-row CSV, beside an insert into a bare table (no indexes, no search)', ms(small.ours), ms(small.bare), `${(small.ours / small.bare).toFixed(2)}×`, '(for information)', true)

  const large = largeImport('ours')
  const largeRaw = largeImport('raw')
  report(`100,000-row CSV (${large.fileMb.toFixed(0)} MB): peak RSS`, `${large.maxRssMb.toFixed(0)} MB`, `${largeRaw.maxRssMb.toFixed(0)} MB`,
    `${(large.maxRssMb / largeRaw.maxRssMb).toFixed(2)}×`, '< 300 MB', large.maxRssMb < 300 && large.rows === 100_000)
  report('100,000-row CSV: preview + commit time', `${large.seconds.toFixed(1)} s`, `${largeRaw.seconds.toFixed(1)} s`, `${(large.seconds / largeRaw.seconds).toFixed(2)}×`, '–', true)

  const { page, health, events } = await pageLoad()
  report(`Chronology page, ${events.toLocaleString('en-GB')} events, 50 concurrent: p99`, ms(page.latency.p99), `${ms(health.latency.p99)} (/health)`,
    `${(page.latency.p99 / Math.max(1, health.latency.p99)).toFixed(1)}×`, '< 150 ms', page.latency.p99 < 150)
  report('Chronology page: mean latency, requests per second', `${ms(page.latency.mean)}, ${page.requests.average.toFixed(0)}/s`,
    `${ms(health.latency.mean)}, ${health.requests.average.toFixed(0)}/s (/health)`, '–', '–', true)
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}

console.log('| Measure | Casework Lens | Raw library | Ratio | Target | |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
console.log('')
console.log('Raw library: csv-parse and one prepared better-sqlite3 insert, in one transaction, into the same chronology_events table (same indexes and full-text index) of a freshly migrated database; the second row inserts into a bare table instead. For the page, /health under the same load. Load generator and server run in separate processes on the same machine.')
if (failures.length > 0) {
  console.log(`\nMissed: ${failures.join('; ')}`)
  process.exitCode = 1
}
