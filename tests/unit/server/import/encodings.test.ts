import iconv from 'iconv-lite'
import { afterAll, describe, expect, it } from 'vitest'
import type { ImportLimits } from '../../../../server/import/import-limits.js'
import { analyseImport } from '../../../../server/import/analyse-import.js'
import { collectingSink, reviewPeriod, tempDir } from './import-test-files.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

// Every character here exists in Windows-1252, so one table can be written in all five encodings.
const table = [
  'Date,Officer,Narrative',
  '14/11/2019 23:40,PC 4471,"Partner pushed her into the door (£40 missing); she said ‘it’s fine’ – café closed"',
  '15/11/2019 10:00,PC 2215,Follow-up: “no further action”. Señora Ñ seen.',
].join('\r\n')

const bytes = {
  'utf-8': Buffer.from(table, 'utf8'),
  'utf-8 with BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table, 'utf8')]),
  'utf-16le with BOM': Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(table, 'utf-16le')]),
  'utf-16be with BOM': Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(table, 'utf-16be')]),
  'utf-16le without BOM': iconv.encode(table, 'utf-16le'),
  'windows-1252': iconv.encode(table, 'windows-1252'),
}

const expectedEncoding: Record<keyof typeof bytes, [string, boolean]> = {
  'utf-8': ['utf-8', false],
  'utf-8 with BOM': ['utf-8', true],
  'utf-16le with BOM': ['utf-16le', true],
  'utf-16be with BOM': ['utf-16be', true],
  'utf-16le without BOM': ['utf-16le', false],
  'windows-1252': ['windows-1252', false],
}

async function analyse(content: Buffer, encoding?: string, limits?: Partial<ImportLimits>) {
  const filePath = tmp.file(`enc-${Math.random().toString(36).slice(2)}.csv`, content)
  const sink = collectingSink()
  const analysis = await analyseImport({ filePath, fileName: 'police.csv', reviewPeriod, options: encoding ? { encoding } : {}, limits }, sink)
  return { analysis, events: sink.events }
}

describe('text encodings', () => {
  it.each(Object.keys(bytes) as (keyof typeof bytes)[])('reads %s to the same events', async (name) => {
    const baseline = await analyse(bytes['utf-8'])
    const { analysis, events } = await analyse(bytes[name])
    const [encoding, bom] = expectedEncoding[name]
    expect(analysis.detected.encoding).toBe(encoding)
    expect(analysis.detected.bom).toBe(bom)
    expect(analysis.headers).toEqual(['Date', 'Officer', 'Narrative'])
    expect(events).toEqual(baseline.events)
    expect(events[0]?.summary).toBe('Partner pushed her into the door (£40 missing); she said ‘it’s fine’ – café closed')
  })

  it('checks the whole file, not just the start, before calling it UTF-8', async () => {
    const padding = Array.from({ length: 40_000 }, (_, i) => `01/01/2020,PC ${i},Routine patrol`).join('\r\n')
    const late = Buffer.concat([Buffer.from(`${table}\r\n${padding}\r\n`, 'utf8'), iconv.encode('02/01/2020,PC 1,Café £5\r\n', 'windows-1252')])
    const { analysis, events } = await analyse(late)
    expect(analysis.detected.encoding).toBe('windows-1252')
    expect(events[events.length - 1]?.summary).toBe('Café £5')
  })

  it('keeps a character split across read chunks as UTF-8', async () => {
    // The read stream hands over 1 MiB at a time: put the two bytes of '£' either side of the boundary.
    const start = Buffer.from('Date,Officer,Narrative\n01/01/2020,PC 1,"', 'utf8')
    const filler = Buffer.alloc(1024 * 1024 - 1 - start.length, 'x')
    const content = Buffer.concat([start, filler, Buffer.from('£ end"\n', 'utf8')])
    expect(content[1024 * 1024 - 1]).toBe(0xc2)
    // One cell of a megabyte is past the cell limit, which is raised here to test the read chunks.
    const { analysis, events } = await analyse(content, undefined, { maxCellChars: 2 * 1024 * 1024 })
    expect(analysis.detected.encoding).toBe('utf-8')
    expect(events[0]?.summary?.endsWith('£ end')).toBe(true)
  })

  it('uses the encoding the reviewer gives, even when detection would differ', async () => {
    const { analysis, events } = await analyse(bytes['windows-1252'], 'UTF-8')
    expect(analysis.detected.encoding).toBe('utf-8')
    expect(events[0]?.summary).toContain('\ufffd')
    const latin = await analyse(bytes['windows-1252'], 'cp1252')
    expect(latin.analysis.detected.encoding).toBe('windows-1252')
    expect(latin.events[0]?.summary).toContain('£40')
  })
})
