import fc from 'fast-check'
import { stringify } from 'csv-stringify/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { analyseImport } from '../../../../server/import/analyse-import.js'
import { collectingSink, reviewPeriod, tempDir } from './import-test-files.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

// Text full of what breaks naive CSV handling: quotes, separators, line breaks, formula prefixes.
const awkwardText = fc
  .tuple(
    fc.constantFrom('', '=', '+', '-', '@'),
    fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '"', ',', ';', '\t', '|', '\n', '\r\n', '=', '+', '-', '@', '(', ')', '£', 'é', '’', '—'), maxLength: 12 }),
  )
  .map(([prefix, text]) => prefix + text)

const date = fc
  .record({ y: fc.integer({ min: 2019, max: 2020 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`)

const row = fc.tuple(date, awkwardText, awkwardText, awkwardText)

describe('CSV text round trip', () => {
  it('gives back every cell as the identical text, whatever the separator and line ending', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        async (rows, delimiter, lineEnd) => {
          // csv-stringify quotes only the record delimiter itself; quote any line break, as Excel does.
          const csv = stringify([['Date', 'Author', 'Summary', 'Outcome'], ...rows], {
            delimiter,
            record_delimiter: lineEnd === '\n' ? 'unix' : 'windows',
            quoted_match: /[\r\n]/,
          })
          const filePath = tmp.file(`round-trip-${++n}.csv`, csv)
          const sink = collectingSink()
          const analysis = await analyseImport(
            { filePath, fileName: 'round-trip.csv', reviewPeriod, options: { mapping: { occurredAt: 'Date', author: 'Author', summary: 'Summary', outcome: 'Outcome' } } },
            sink,
          )
          expect(analysis.detected.delimiter).toBe(delimiter)
          expect(analysis.dataRows).toBe(rows.length)
          expect(sink.events.map((e) => e.cells)).toEqual(rows)
          const asText = (cell: string) => (cell === '' ? null : cell)
          expect(sink.events.map((e) => [e.author, e.summary, e.outcome])).toEqual(rows.map(([, a, s, o]) => [asText(a), asText(s), asText(o)]))
        },
      ),
      { numRuns: 150 },
    )
  })
})
