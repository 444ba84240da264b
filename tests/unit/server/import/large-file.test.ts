import fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { analyseImport } from '../../../../server/import/analyse-import.js'
import { reviewPeriod, tempDir } from './import-test-files.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

const ROWS = 100_000

/** Writes the file a block at a time, so the test itself never holds it whole. */
function writeLargeCsv(): string {
  const filePath = tmp.file('large.csv', 'Date,Time,Worker,Contact type,Summary,Outcome\r\n')
  let block: string[] = []
  let previous = ''
  for (let i = 1; i <= ROWS; i++) {
    const d = String((i % 28) + 1).padStart(2, '0')
    const m = String((i % 12) + 1).padStart(2, '0')
    let line = `${d}/${m}/${2018 + (i % 3)},${String(i % 24).padStart(2, '0')}:15,Worker ${i % 40},Home visit,"Visit ${i}: child seen, home warm, concerns discussed with mother, plan agreed",Review in 2 weeks`
    // Every 10,000th row repeats the one before it; every 25,000th has an impossible date.
    if (i % 10_000 === 0) line = previous
    else if (i % 25_000 === 5) line = line.replace(/^\d\d\/\d\d/, '31/02')
    block.push(line)
    previous = line
    if (block.length === 5000) {
      fs.appendFileSync(filePath, `${block.join('\r\n')}\r\n`)
      block = []
    }
  }
  if (block.length > 0) fs.appendFileSync(filePath, `${block.join('\r\n')}\r\n`)
  return filePath
}

describe('a large file', () => {
  it('analyses 100,000 rows with the heap staying bounded while the sink discards batches', async () => {
    const filePath = writeLargeCsv()
    const baseline = process.memoryUsage().heapUsed
    let peak = baseline
    let events = 0
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    }
    const analysis = await analyseImport(
      { filePath, fileName: 'large.csv', reviewPeriod },
      {
        onEvents(batch) {
          events += batch.length
          sample()
        },
        onProgress: sample,
      },
    )
    expect(analysis.dataRows).toBe(ROWS)
    expect(analysis.rejected.map((r) => r.row)).toEqual([5, 25_005, 50_005, 75_005])
    expect(analysis.accepted).toBe(ROWS - 4)
    expect(events).toBe(ROWS - 4)
    expect(analysis.exactDuplicates).toHaveLength(10)
    expect(analysis.exactDuplicates[0]).toEqual([9_999, 10_000])
    const growthMb = (peak - baseline) / 1024 / 1024
    // How long it takes is measured in bench/chronology.ts, not here.
    expect(growthMb).toBeLessThan(150)
  })
})
