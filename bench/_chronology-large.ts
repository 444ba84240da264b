// Child process of bench/chronology.ts: imports one large CSV and prints its own figures as JSON, so its
// peak memory (max RSS) is its own. `tsx bench/_chronology-large.ts <rows> ours|raw`.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeChronologyCsv } from './_chronology-fixture.js'
import { commitFile, createBenchReview, previewFile } from './_chronology-setup.js'
import { rawImport, rawImportRow } from './_chronology-raw.js'

const rows = Number(process.argv[2] ?? '100000')
const mode = process.argv[3] === 'raw' ? 'raw' : 'ours'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-large-'))
try {
  const csv = path.join(dir, 'large.csv')
  writeChronologyCsv(csv, { rows })
  const b = await createBenchReview(path.join(dir, 'data'))
  const started = performance.now()
  let stored: number
  if (mode === 'raw') {
    await rawImportRow(b.database, b.reviewId, 'raw-import')
    stored = await rawImport(b.database, b.reviewId, 'raw-import', csv)
  } else {
    stored = await commitFile(b, await previewFile(b, 'Large agency', csv))
  }
  const seconds = (performance.now() - started) / 1000
  await b.database.close()
  // ru_maxrss is in kilobytes on Linux: the most memory this process ever held.
  console.log(JSON.stringify({ mode, rows: stored, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, fileMb: fs.statSync(csv).size / 2 ** 20 }))
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
