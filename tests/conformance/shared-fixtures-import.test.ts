// The shared demo case: every agency extract imports as expected.json says, with the mapping and date
// format given and again with everything detected. expected.json is read at run time, never copied.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ColumnMapping } from '../../methodology/chronology/mapping.js'
import type { ImportAnalysis } from '../../server/import/analyse-import.js'
import { analyseImport } from '../../server/import/analyse-import.js'
import type { DemoExpected } from '../../server/demo/case/demo-case.js'
import { sharedDemoCaseDir } from '../support/shared-fixtures.js'

const dir = sharedDemoCaseDir
const present = existsSync(path.join(dir, 'expected.json'))
if (!present) console.warn(`Skipping the shared-fixture import checks: ${dir} is not there (the project runs without ../shared).`)

// The schema of a demo case's expected.json (the shared fixture and the project's own case share it).
type ExpectedFile = DemoExpected['files'][number]
type Expected = DemoExpected

const expected: Pick<Expected, 'reviewPeriod' | 'files' | 'totals'> = present ? (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected) : { reviewPeriod: { from: '', to: '' }, files: [], totals: { dataRows: 0, accepted: 0, rejected: 0 } }

async function run(file: ExpectedFile, options: { mapping?: ColumnMapping; dateFormat?: string }) {
  let streamed = 0
  const analysis = await analyseImport(
    { filePath: path.join(dir, file.file), fileName: file.file, options, reviewPeriod: expected.reviewPeriod },
    {
      onEvents(batch) {
        streamed += batch.length
      },
    },
  )
  return { analysis, streamed }
}

function expectCounts(analysis: ImportAnalysis, streamed: number, file: ExpectedFile) {
  expect(analysis.dataRows).toBe(file.dataRows)
  expect(analysis.accepted).toBe(file.accepted)
  expect(streamed).toBe(file.accepted)
  expect(analysis.rejected.map(({ row, reason }) => ({ row, reason }))).toEqual(file.rejected)
  expect(analysis.exactDuplicates).toEqual(file.exactDuplicates)
  expect(analysis.reducedPrecision).toEqual(file.reducedPrecision)
  expect(analysis.outsidePeriod).toEqual(file.outsidePeriod)
}

describe.skipIf(!present)('shared demo case: chronology import', () => {
  describe.each(expected.files.map((f) => [f.file, f] as const))('%s', (_name, file) => {
    it('reproduces expected.json with the mapping and date format given', async () => {
      const { analysis, streamed } = await run(file, { mapping: file.mapping, dateFormat: file.dateFormat })
      expectCounts(analysis, streamed, file)
    })

    it('reproduces expected.json and the file layout with everything detected', async () => {
      const { analysis, streamed } = await run(file, {})
      expect(analysis.detected.format).toBe(file.format)
      expect(analysis.detected.encoding).toBe(file.encoding)
      expect(analysis.detected.delimiter).toBe(file.delimiter)
      if (file.format === 'csv') expect(analysis.detected.bom).toBe(file.bom)
      if (file.sheet !== undefined) expect(analysis.detected.sheet).toBe(file.sheet)
      expect(analysis.detected.mapping).toEqual(file.mapping)
      expect(analysis.detected.dateFormat).toBe(file.dateFormat)
      expectCounts(analysis, streamed, file)
    })
  })

  it('adds up to the totals', async () => {
    let dataRows = 0
    let accepted = 0
    let rejected = 0
    for (const file of expected.files) {
      const { analysis } = await run(file, { mapping: file.mapping, dateFormat: file.dateFormat })
      dataRows += analysis.dataRows
      accepted += analysis.accepted
      rejected += analysis.rejected.length
    }
    expect({ dataRows, accepted, rejected }).toEqual(expected.totals)
  })
})
