// Where the import's database time goes (issue 17): the same 10,000 rows inserted into the product's
// chronology_events table the way the commit does (statements of 1,000 rows, one transaction), with its indexes,
// full-text trigger and id kind taken away one at a time, beside csv-parse alone and the yardstick (csv-parse
// plus prepared inserts into a plain table and an FTS5 index). CPU time of this one thread, median of 7 after a
// warm-up: steadier than wall time on a shared machine. Not part of `npm run bench`; run it on its own:
//   npx tsx bench/_chronology-costs.ts
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse'
import { writeChronologyCsv } from './_chronology-fixture.js'
import { createBenchReview } from './_chronology-setup.js'
import { rawImportPlainFts, rawImportRow } from './_chronology-raw.js'
import { sqliteHandle } from '../server/db/database.js'

const RUNS = 7
const STATEMENT_ROWS = 1000
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-costs-'))
const csv = path.join(work, 'ten-thousand.csv')
writeChronologyCsv(csv, { rows: 10_000 })
const COLUMNS = ['id', 'review_id', 'import_id', 'agency', 'agency_key', 'occurred_at', 'date_start', 'date_end', 'time', 'precision', 'sort_key',
  'author', 'category', 'summary', 'outcome', 'source_file', 'source_row', 'flags', 'created_at']

async function readRows(): Promise<string[][]> {
  const rows: string[][] = []
  for await (const cells of fs.createReadStream(csv).pipe(parse({ from_line: 2, relax_column_count: true })) as AsyncIterable<string[]>) rows.push(cells)
  return rows
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

interface Variant { name: string; drop: string[]; bulkFts: boolean; ids: 'sequential' | 'random' }
const SECONDARY = ['drop index chronology_events_timeline', 'drop index chronology_events_import']
const NO_TRIGGER = 'drop trigger chronology_events_fts_insert'
const variants: Variant[] = [
  { name: 'Product table as the commit writes it (random UUID ids, 2 indexes besides the unique id, full-text trigger)', drop: [], bulkFts: false, ids: 'random' },
  { name: '… with ids in insertion order instead of random UUIDs', drop: [], bulkFts: false, ids: 'sequential' },
  { name: '… without the import index (import_id, source_row)', drop: [SECONDARY[1]!], bulkFts: false, ids: 'random' },
  { name: '… without the timeline index (review_id, sort_key, agency_key, source_row)', drop: [SECONDARY[0]!], bulkFts: false, ids: 'random' },
  { name: '… full-text index written once per statement instead of by trigger', drop: [NO_TRIGGER], bulkFts: true, ids: 'random' },
  { name: '… neither index', drop: SECONDARY, bulkFts: false, ids: 'random' },
  { name: '… neither index, full text per statement, ordered ids', drop: [...SECONDARY, NO_TRIGGER], bulkFts: true, ids: 'sequential' },
]

async function productInsert(run: number, index: number, v: Variant, rows: string[][]): Promise<number> {
  const b = await createBenchReview(path.join(work, `product-${run}-${index}`))
  const sqlite = sqliteHandle(b.database, 'The import cost breakdown')
  for (const statement of v.drop) sqlite.exec(statement)
  await rawImportRow(b.database, b.reviewId, 'raw-import')
  const insert = sqlite.prepare(`insert into chronology_events (${COLUMNS.join(', ')}) values ${Array.from({ length: STATEMENT_ROWS }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`)
  const index_ = sqlite.prepare(`insert into chronology_events_fts (rowid, summary, category, author, outcome, annotation)
    select seq, summary, category, author, outcome, annotation from chronology_events where seq > ?`)
  const started = process.cpuUsage()
  sqlite.exec('begin')
  for (let i = 0; i < rows.length; i += STATEMENT_ROWS) {
    const params: unknown[] = []
    for (let j = i; j < i + STATEMENT_ROWS; j++) {
      const [date = '', time = '', author = '', category = '', summary = '', outcome = ''] = rows[j]!
      params.push(v.ids === 'random' ? randomUUID() : `raw-${String(j).padStart(6, '0')}`, b.reviewId, 'raw-import', 'Raw', 'raw', date, date, date, time || null, 'day',
        date, author, category, summary, outcome, 'raw.csv', j + 1, '[]', '2026-03-02T10:00:00.000Z')
    }
    const { lastInsertRowid } = insert.run(params)
    if (v.bulkFts) index_.run(Number(lastInsertRowid) - STATEMENT_ROWS)
  }
  sqlite.exec('commit')
  const used = cpuMs(started)
  await b.database.close()
  return used
}

const samples = new Map<string, number[]>()
const add = (what: string, value: number) => samples.set(what, [...(samples.get(what) ?? []), value])
try {
  const rows = await readRows()
  for (let run = 0; run <= RUNS; run++) {
    let started = process.cpuUsage()
    await readRows()
    const parseMs = cpuMs(started)
    started = process.cpuUsage()
    await rawImportPlainFts(path.join(work, `raw-${run}.sqlite`), csv)
    const yardstick = cpuMs(started)
    // One after another: CPU time is the whole process's, and setting up a review hashes a password on another thread.
    const measured: number[] = []
    for (const [i, v] of variants.entries()) measured.push(await productInsert(run, i, v, rows))
    if (run === 0) continue // warm-up
    add('csv-parse alone', parseMs)
    add('Yardstick: csv-parse + plain table + FTS5, one transaction', yardstick)
    variants.forEach((v, i) => add(`${v.name} (inserts only, no parsing)`, measured[i]!))
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const yardstick = median(samples.get('Yardstick: csv-parse + plain table + FTS5, one transaction')!)
console.log('| Work (10,000 rows) | CPU (median of 7) | Share of the yardstick |')
console.log('| --- | --- | --- |')
for (const [what, values] of samples) console.log(`| ${what} | ${median(values).toFixed(0)} ms | ${(median(values) / yardstick).toFixed(2)}× |`)
