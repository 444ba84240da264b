// Chronology import and the chronology page, against the raw libraries doing the same work in the same run.
//  1. A 10,000-row CSV: preview + commit through the real services, against csv-parse + prepared better-sqlite3
//     inserts of the same rows into a plain table plus an FTS5 index, in one transaction (issue 17: at most 1.5
//     times as long, and under 3 s). Beside it, for information: the same raw inserts into the product's own table
//     (its indexes and full-text trigger: what they cost), and our preview and commit apart. Wall time is the
//     target; CPU time (all threads of the process) is shown too, being far steadier on a shared machine.
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
import { rawImport, rawImportPlainFts, rawImportRow } from './_chronology-raw.js'
import { ms, ResultTable } from './_report.js'
import { median } from './_timing.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-chronology-'))
const RUNS = 5

const results = new ResultTable()

interface Timed { wall: number; cpu: number }

/** Wall and CPU time (user + system, every thread of this process: the import's worker too) of one piece of work. */
async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await work()
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { wall, cpu: (cpu.user + cpu.system) / 1000 }
}

type ImportMeasures = Record<'ours' | 'preview' | 'commit' | 'raw' | 'rawProductTable', Timed>

async function importTimes(csv: string): Promise<ImportMeasures> {
  const runs: ImportMeasures[] = []
  // One untimed round each first: the JIT warms up, the file is in the page cache, the import worker is started.
  for (let run = 0; run <= RUNS; run++) {
    const mine = await createBenchReview(path.join(work, `ours-${run}`))
    let importId = ''
    const preview = await timed(async () => { importId = await previewFile(mine, 'Bench agency', csv) })
    const commit = await timed(() => commitFile(mine, importId))
    await mine.database.close()

    const raw = await timed(() => rawImportPlainFts(path.join(work, `raw-${run}.sqlite`), csv))

    const theirs = await createBenchReview(path.join(work, `raw-table-${run}`))
    await rawImportRow(theirs.database, theirs.reviewId, 'raw-import')
    const rawProductTable = await timed(() => rawImport(theirs.database, theirs.reviewId, 'raw-import', csv))
    await theirs.database.close()
    if (run > 0) runs.push({ ours: { wall: preview.wall + commit.wall, cpu: preview.cpu + commit.cpu }, preview, commit, raw, rawProductTable })
  }
  const pick = (key: keyof ImportMeasures): Timed => ({ wall: median(runs.map((r) => r[key].wall)), cpu: median(runs.map((r) => r[key].cpu)) })
  return { ours: pick('ours'), preview: pick('preview'), commit: pick('commit'), raw: pick('raw'), rawProductTable: pick('rawProductTable') }
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

class ImportOnly extends Error {}

try {
  const csv = path.join(work, 'ten-thousand.csv')
  writeChronologyCsv(csv, { rows: 10_000 })
  const small = await importTimes(csv)
  const wallRatio = small.ours.wall / small.raw.wall
  const cpu = (t: Timed) => `${ms(t.wall)} (CPU ${ms(t.cpu)})`
  results.add('10,000-row CSV: preview + commit (median of 5), against raw inserts into a plain table plus an FTS5 index', cpu(small.ours), cpu(small.raw),
    `${wallRatio.toFixed(2)}× (CPU ${(small.ours.cpu / small.raw.cpu).toFixed(2)}×)`, '≤ 1.5× and < 3 s', wallRatio <= 1.5 && small.ours.wall < 3000)
  results.add('… of which the preview (read in the worker, rows written unseen meanwhile)', cpu(small.preview), cpu(small.raw), `${(small.preview.wall / small.raw.wall).toFixed(2)}×`, '(for information)', true)
  results.add('… of which the commit (the preview’s rows let into the chronology)', cpu(small.commit), cpu(small.raw), `${(small.commit.wall / small.raw.wall).toFixed(2)}×`, '(for information)', true)
  results.add('Raw inserts into the product’s own table (its indexes and full-text trigger), beside the plain table', cpu(small.rawProductTable), cpu(small.raw),
    `${(small.rawProductTable.wall / small.raw.wall).toFixed(2)}×`, '(for information: what the indexes cost)', true)

  // CHRONOLOGY_IMPORT_ONLY=1 measures the 10,000-row import alone (a quick check while working on it).
  if (process.env.CHRONOLOGY_IMPORT_ONLY === '1') throw new ImportOnly()
  const large = largeImport('ours')
  const largeRaw = largeImport('raw')
  results.add(`100,000-row CSV (${large.fileMb.toFixed(0)} MB): peak RSS`, `${large.maxRssMb.toFixed(0)} MB`, `${largeRaw.maxRssMb.toFixed(0)} MB`,
    `${(large.maxRssMb / largeRaw.maxRssMb).toFixed(2)}×`, '< 300 MB', large.maxRssMb < 300 && large.rows === 100_000)
  results.add('100,000-row CSV: preview + commit time', `${large.seconds.toFixed(1)} s`, `${largeRaw.seconds.toFixed(1)} s`, `${(large.seconds / largeRaw.seconds).toFixed(2)}×`, '–', true)

  const { page, health, events } = await pageLoad()
  results.add(`Chronology page, ${events.toLocaleString('en-GB')} events, 50 concurrent: p99`, ms(page.latency.p99), `${ms(health.latency.p99)} (/health)`,
    `${(page.latency.p99 / Math.max(1, health.latency.p99)).toFixed(1)}×`, '< 150 ms', page.latency.p99 < 150)
  results.add('Chronology page: mean latency, requests per second', `${ms(page.latency.mean)}, ${page.requests.average.toFixed(0)}/s`,
    `${ms(health.latency.mean)}, ${health.requests.average.toFixed(0)}/s (/health)`, '–', '–', true)
} catch (error) {
  if (!(error instanceof ImportOnly)) throw error
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}

results.print('Raw library (import): csv-parse and prepared better-sqlite3 inserts, in one transaction, into a plain table of the same columns plus an FTS5 index of the same columns and tokeniser; the fourth row inserts the same way into the product’s chronology_events table instead (its unique id, timeline and import indexes and full-text trigger). CPU is user + system time of every thread of the process (the import worker’s too). For the page, /health under the same load. Load generator and server run in separate processes on the same machine.')
