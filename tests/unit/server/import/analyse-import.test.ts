import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { BadInput } from '../../../../server/errors.js'
import type { ImportOptions } from '../../../../server/import/analyse-import.js'
import { analyseImport } from '../../../../server/import/analyse-import.js'
import { collectingSink, reviewPeriod, storedZip, tempDir } from './import-test-files.js'

const tmp = tempDir()
afterAll(() => tmp.remove())

let fileCount = 0
async function analyse(content: string | Buffer, options?: ImportOptions, name = 'extract.csv') {
  const filePath = tmp.file(`${++fileCount}-${name}`, content)
  const sink = collectingSink()
  const analysis = await analyseImport({ filePath, fileName: name, options, reviewPeriod }, sink)
  return { analysis, sink }
}

async function badInput(content: string | Buffer, options?: ImportOptions, name = 'extract.csv'): Promise<BadInput> {
  const error = await analyse(content, options, name).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BadInput)
  return error as BadInput
}

describe('layout of delimited files', () => {
  it('skips title and blank rows above the headings and footer lines below the data', async () => {
    const csv = [
      'Eastbury Police — extract for review,,,',
      'Produced for the review panel,,,',
      ',,,',
      'Date,Officer,Incident type,Narrative',
      '14/04/2019,PC 2215,Concern for welfare,Baby crying; attended.',
      '18/05/2019,PC 4471,Domestic,Words of advice.',
      '',
      '02/07/2019,DC 0812,Intelligence,Intel log entry.',
      'Total records: 3,,,',
      'End of report',
      '',
    ].join('\r\n')
    const { analysis, sink } = await analyse(csv)
    expect(analysis.detected.headerRow).toBe(4)
    expect(analysis.headers).toEqual(['Date', 'Officer', 'Incident type', 'Narrative'])
    expect(analysis.dataRows).toBe(3)
    expect(analysis.accepted).toBe(3)
    expect(sink.events.map((e) => [e.row, e.date])).toEqual([
      [1, '2019-04-14'],
      [2, '2019-05-18'],
      [3, '2019-07-02'],
    ])
    expect(analysis.ignoredRows).toEqual({ blank: 1, footer: 2, repeatedHeader: 0 })
  })

  it('keeps empty lines as rows: the heading row and the blank rows counted are the file’s', async () => {
    // The parser skips empty lines; they are put back from its count, before the row that follows them.
    const csv = '\n\nDate,Summary\n01/04/2019,A\n\n\n31/02/2019,B\r\n\r\n03/04/2019,C\n\n\n'
    const { analysis, sink } = await analyse(csv)
    expect(analysis.detected.headerRow).toBe(3)
    expect(analysis.dataRows).toBe(3)
    expect(analysis.ignoredRows.blank).toBe(3)
    expect(analysis.rejected.map((r) => r.row)).toEqual([2])
    expect(sink.events.map((e) => [e.row, e.summary])).toEqual([[1, 'A'], [3, 'C']])
  })

  it('passes over a title row as wide as the data when it holds a date', async () => {
    const csv = 'Extract run,01/07/2020,prepared by,Data team\nDate,Worker,Type,Notes\n01/04/2019,HV,Visit,Seen at home\n'
    const { analysis } = await analyse(csv)
    expect(analysis.detected.headerRow).toBe(2)
    expect(analysis.dataRows).toBe(1)
  })

  it('counts a quoted field spanning lines as one row and a blank line as no row', async () => {
    const csv = 'Date,Summary\n01/04/2019,"First line\nsecond line, with a comma\nand ""quotes"""\n\n02/04/2019,Next\n'
    const { analysis, sink } = await analyse(csv)
    expect(analysis.dataRows).toBe(2)
    expect(sink.events[0]?.summary).toBe('First line\nsecond line, with a comma\nand "quotes"')
    expect(sink.events[1]?.row).toBe(2)
  })

  it('uses the heading row the reviewer gives', async () => {
    const csv = 'Section,Section,Section\nWhen,Who,What happened\n01/04/2019,HV,Visit\n'
    const detected = await analyse(csv, { mapping: { occurredAt: 'When', summary: 'What happened' } }).catch((e: unknown) => e)
    expect(detected).toBeInstanceOf(BadInput)
    const { analysis } = await analyse(csv, { headerRow: 2 })
    expect(analysis.detected.headerRow).toBe(2)
    expect(analysis.detected.mapping).toEqual({ occurredAt: 'When', author: 'Who', summary: 'What happened' })
    expect(analysis.dataRows).toBe(1)
  })

  it.each([
    [';', 'semicolon'],
    ['\t', 'tab'],
    ['|', 'pipe'],
    [',', 'comma'],
  ])('detects the %j separator (%s)', async (delimiter) => {
    const rows = [
      ['Date', 'Worker', 'Notes'],
      ['01/04/2019', 'HV', 'Visit, with a comma; and a semicolon'],
      ['02/04/2019', 'GP', 'Seen | reviewed'],
    ]
    const csv = rows.map((r) => r.map((c) => (c.includes(delimiter) ? `"${c}"` : c)).join(delimiter)).join('\n')
    const { analysis, sink } = await analyse(csv)
    expect(analysis.detected.delimiter).toBe(delimiter)
    expect(sink.events.map((e) => e.summary)).toEqual(['Visit, with a comma; and a semicolon', 'Seen | reviewed'])
  })

  it('does not count a heading row repeated down the file as data', async () => {
    const csv = 'Date,Notes\n01/04/2019,One\nDate,Notes\n02/04/2019,Two\n'
    const { analysis } = await analyse(csv)
    expect(analysis.dataRows).toBe(2)
    expect(analysis.ignoredRows.repeatedHeader).toBe(1)
  })
})

describe('the analysis', () => {
  it('lists exact duplicates, reduced precision and rows outside the review period, and accepts them all', async () => {
    const csv = [
      'Date,Staff,Observation',
      '05/11/2018,Manager,Before the period',
      'Sept 2019,Key worker,Settling in',
      '30/09/2019,Key worker,"Arrived late, nappy soiled"',
      '30/09/2019,Key worker,"Arrived late, nappy soiled"',
      '2019,Manager,Undated note',
      'w/c 07/10/2019,Room leader,Attendance poor',
      '31/02/2020,Manager,Impossible',
      ',Manager,No date',
      '30/09/2019,Key worker,"Arrived late, nappy soiled"',
    ].join('\n')
    const { analysis } = await analyse(csv)
    expect(analysis.dataRows).toBe(9)
    expect(analysis.accepted).toBe(7)
    expect(analysis.rejected.map((r) => [r.row, r.reason])).toEqual([
      [7, 'invalid-date'],
      [8, 'missing-date'],
    ])
    expect(analysis.exactDuplicates).toEqual([[3, 4, 9]])
    expect(analysis.reducedPrecision).toEqual([
      { row: 2, precision: 'month' },
      { row: 5, precision: 'year' },
      { row: 6, precision: 'week' },
    ])
    expect(analysis.outsidePeriod).toEqual([1])
    expect(analysis.warnings).toEqual([])
  })

  it('passes accepted events to the sink in batches, with their row (and the first events their cells), and reports progress', async () => {
    const lines = ['Date,Notes']
    for (let i = 1; i <= 1234; i++) lines.push(`${String((i % 28) + 1).padStart(2, '0')}/05/2019,Entry ${i}`)
    const { analysis, sink } = await analyse(lines.join('\n'))
    expect(sink.batchSizes).toEqual([500, 500, 234])
    expect(sink.events.map((e) => e.row)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1))
    expect(sink.events[19]?.cells).toEqual([lines[20]?.split(',')[0], 'Entry 20'])
    // Only the preview's rows carry their cells to the main thread (to show dates as written).
    expect(sink.events[20]?.cells).toBeUndefined()
    expect(sink.progress).toEqual([1000, 1234])
    expect(analysis.preview).toHaveLength(20)
    expect(analysis.preview[0]).not.toHaveProperty('cells')
  })

  it('says so, without failing, when every row is rejected', async () => {
    const { analysis, sink } = await analyse('Date,Notes\nsoon,One\nlater,Two\n', { dateFormat: 'DD/MM/YYYY', mapping: { occurredAt: 'Date', summary: 'Notes' } })
    expect(analysis.accepted).toBe(0)
    expect(analysis.rejected.map((r) => r.row)).toEqual([1, 2])
    expect(analysis.warnings.map((w) => w.code)).toEqual(['all-rows-rejected'])
    expect(sink.events).toEqual([])
  })

  it('uses the date format and mapping the reviewer gives over detection', async () => {
    const csv = 'Date,Notes,Other\n02/03/2020,Visit,x\n'
    const { analysis, sink } = await analyse(csv, { dateFormat: 'mm/dd/yyyy', mapping: { occurredAt: 'date', summary: 'Other' } })
    expect(analysis.detected.dateFormat).toBe('MM/DD/YYYY')
    expect(analysis.detected.mapping).toEqual({ occurredAt: 'Date', summary: 'Other' })
    expect(sink.events[0]).toMatchObject({ date: '2020-02-03', summary: 'x' })
  })
})

describe('XLSX workbooks', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook()
    build(wb)
    return Buffer.from(await wb.xlsx.writeBuffer())
  }

  const contacts = (wb: ExcelJS.Workbook, name = 'Contacts') => {
    const ws = wb.addWorksheet(name)
    ws.addRow(['GP extract for review'])
    ws.addRow([])
    ws.addRow(['Consultation date', 'Clinician', 'Problem', 'Notes'])
    ws.addRow([new Date(Date.UTC(2020, 1, 3)), 'Dr A', 'Head injury', 'Seen with mother.'])
    ws.addRow([new Date(Date.UTC(2020, 1, 5, 14, 30)), 'Admin', 'Correspondence', { richText: [{ text: 'ED letter ' }, { font: { bold: true }, text: 'filed' }] }])
    ws.addRow([43868, 'Dr A', 'Review', { formula: 'CONCATENATE("Follow","-up")', result: 'Follow-up' }])
    ws.addRow(['12/02/2020', 'Nurse', 'Weight', 'Typed date.'])
    ws.addRow([null, 'Dr A', 'Safeguarding', 'No date recorded.'])
    ws.addRow(['=SUM(1,2)', 'Dr A', '', '+44 text'])
    ws.getColumn(1).numFmt = 'dd/mm/yyyy'
    // A serial number with no date format: exceljs gives a plain number.
    ws.getRow(6).getCell(1).numFmt = '0'
  }

  it('reads date cells, serials, typed dates, rich text and formula results, skipping title rows', async () => {
    const { analysis, sink } = await analyse(await workbook((wb) => contacts(wb)), undefined, 'gp.xlsx')
    expect(analysis.detected).toMatchObject({ format: 'xlsx', sheet: 'Contacts', encoding: null, delimiter: null, headerRow: 3, dateFormat: 'excel' })
    expect(analysis.detected.mapping).toEqual({ occurredAt: 'Consultation date', author: 'Clinician', category: 'Problem', summary: 'Notes' })
    expect(analysis.dataRows).toBe(6)
    expect(sink.events.map((e) => [e.row, e.occurredAt, e.summary])).toEqual([
      [1, '2020-02-03', 'Seen with mother.'],
      [2, '2020-02-05T14:30', 'ED letter filed'],
      [3, '2020-02-07', 'Follow-up'],
      [4, '2020-02-12', 'Typed date.'],
    ])
    expect(analysis.rejected.map((r) => [r.row, r.reason])).toEqual([
      [5, 'missing-date'],
      [6, 'invalid-date'],
    ])
    expect(analysis.rejected[1]?.message).toMatch(/^Row 6, column 'Consultation date': '=SUM\(1,2\)'/)
  })

  it('passes over a cover sheet and reads the first sheet with data', async () => {
    const buffer = await workbook((wb) => {
      wb.addWorksheet('Cover').addRow(['Chronology for review'])
      contacts(wb)
    })
    const { analysis } = await analyse(buffer, undefined, 'gp.xlsx')
    expect(analysis.detected.sheet).toBe('Contacts')
  })

  it('stops reading and passes on an error from the sink, for CSV and XLSX alike', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [new Date(Date.UTC(2019, 5, 1 + (i % 28))), 'Dr A', 'Review', `Entry ${i}`])
    const xlsx = await workbook((wb) => {
      const ws = wb.addWorksheet('Big')
      ws.addRow(['Consultation date', 'Clinician', 'Problem', 'Notes'])
      ws.addRows(rows)
    })
    const csv = ['Date,Notes', ...rows.map((r, i) => `01/06/2019,Entry ${i}`)].join('\n')
    for (const [name, content] of [['big.xlsx', xlsx], ['big.csv', csv]] as const) {
      const filePath = tmp.file(`${++fileCount}-${name}`, content)
      let batches = 0
      const failing = {
        onEvents() {
          batches++
          throw new Error('database is locked')
        },
      }
      await expect(analyseImport({ filePath, fileName: name, reviewPeriod }, failing)).rejects.toThrow('database is locked')
      expect(batches).toBe(1)
    }
  })

  it('reads the worksheet the reviewer names, and lists the worksheets when there is no such sheet', async () => {
    const buffer = await workbook((wb) => {
      contacts(wb, 'Old')
      contacts(wb, 'New')
    })
    const { analysis } = await analyse(buffer, { sheet: 'new' }, 'gp.xlsx')
    expect(analysis.detected.sheet).toBe('New')
    const error = await badInput(buffer, { sheet: 'Missing' }, 'gp.xlsx')
    expect(error.code).toBe('sheet-not-found')
    expect(error.details[0]?.message).toMatch(/'Old', 'New'/)
  })
})

describe('bad input', () => {
  it('refuses an empty file', async () => {
    expect((await badInput('')).code).toBe('empty-file')
    expect((await badInput('\r\n\r\n  \n')).code).toBe('empty-file')
  })

  it('refuses a file with headings but no data', async () => {
    const error = await badInput('Date,Officer,Details\r\n')
    expect(error.code).toBe('no-data-rows')
    expect(error.message).toMatch(/column headings but no rows of data/)
    expect(error.details[0]?.message).toMatch(/'Date', 'Officer', 'Details'/)
    expect((await badInput('Date,Officer,Details\r\n\r\nTotal records: 0\r\n')).code).toBe('no-data-rows')
  })

  it('refuses a zip archive that is not a workbook', async () => {
    const error = await badInput(storedZip({ 'readme.txt': 'Not a spreadsheet' }), undefined, 'extract.xlsx')
    expect(error.code).toBe('not-a-spreadsheet')
    expect(error.message).toMatch(/not an Excel workbook/)
  })

  it('refuses a damaged zip archive', async () => {
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)])
    expect((await badInput(damaged, undefined, 'extract.xlsx')).code).toBe('not-a-spreadsheet')
  })

  it('refuses binary data, PDFs and old Excel files', async () => {
    let seed = 42
    const random = Buffer.alloc(4096)
    for (let i = 0; i < random.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0
      random[i] = seed >>> 24
    }
    expect((await badInput(random, undefined, 'extract.csv')).code).toBe('not-a-spreadsheet')
    expect((await badInput(Buffer.from('%PDF-1.7\n...'), undefined, 'extract.pdf')).code).toBe('not-a-spreadsheet')
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500)])
    const error = await badInput(ole, undefined, 'extract.xls')
    expect(error.code).toBe('not-a-spreadsheet')
    expect(error.details[0]?.message).toMatch(/\.xlsx\) or CSV/)
  })

  it('names a mapped column that is missing and lists the columns there are', async () => {
    const error = await badInput('Date,Notes\n01/04/2019,Visit\n', { mapping: { occurredAt: 'Date', summary: 'Narrative' } })
    expect(error.code).toBe('mapping-mismatch')
    expect(error.details).toEqual([{ path: 'mapping.summary', message: "There is no column called 'Narrative' in the file. The columns are: 'Date', 'Notes'" }])
  })

  it('asks for a mapping when it cannot tell which column is the date', async () => {
    const error = await badInput('Alpha,Beta\nx,y\n')
    expect(error.code).toBe('mapping-needed')
    expect(error.details.map((d) => d.path)).toEqual(['mapping.occurredAt', 'mapping.summary'])
  })

  it('refuses an encoding it cannot read', async () => {
    const error = await badInput('Date,Notes\n01/04/2019,Visit\n', { encoding: 'klingon-8' })
    expect(error.code).toBe('unsupported-encoding')
    expect(error.details[0]).toMatchObject({ path: 'encoding' })
  })

  it('refuses an unusable date format or separator, naming the setting', async () => {
    const error = await badInput('Date,Notes\n01/04/2019,Visit\n', { dateFormat: 'DD/MM', delimiter: ',,' })
    expect(error.details.map((d) => d.path)).toEqual(['delimiter', 'dateFormat'])
  })

  it('refuses a file whose quotation mark is never closed', async () => {
    const error = await badInput('Date,Notes\n01/04/2019,"Visit\n02/04/2019,Call\n')
    expect(error.code).toBe('unreadable-file')
    expect(error.details[0]?.message).toMatch(/never closed/)
  })
})
