// Rows of an XLSX worksheet with exceljs's streaming reader, so memory stays bounded however long
// the sheet. The sheet is the one asked for, else the first with a row of two or more filled cells.
import fs from 'node:fs'
import ExcelJS from 'exceljs'
import type { Cell } from '../../methodology/chronology/cell.js'
import { isEmptyCell } from '../../methodology/chronology/cell.js'
import { BadInput } from '../errors.js'
import type { ImportLimits } from './import-limits.js'
import { cellTooLong, tooManyColumns, tooManyRows, tooManySharedStrings } from './import-limits.js'

export interface XlsxRows {
  sheet: string
  /** Row n of the iterable is worksheet row n; rows absent from the file come back empty. */
  rows: AsyncIterable<Cell[]>
  close(): void
}

interface StreamedRow {
  number: number
  values: unknown
}

const EMPTY_ROW: Cell[] = []

/** A cell value from exceljs as text, a number or a date. Formulas give their last calculated value. */
export function xlsxCellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>
    if (Array.isArray(v.richText)) return (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('')
    if ('formula' in v || 'sharedFormula' in v) {
      if (v.result !== undefined && v.result !== null) return xlsxCellValue(v.result)
      return typeof v.formula === 'string' ? `=${v.formula}` : null
    }
    if ('text' in v) return xlsxCellValue(v.text)
    if ('error' in v) return String(v.error)
  }
  return String(value)
}

interface SheetContext {
  fileName: string
  limits: ImportLimits
}

function rowCells(row: StreamedRow, ctx: SheetContext): Cell[] {
  const values = row.values
  if (!Array.isArray(values) || values.length <= 1) return EMPTY_ROW
  // exceljs puts column A at index 1. A cell far to the right makes a sparse array: find the last
  // filled column without walking the holes, and refuse the row before building it.
  let width = values.length - 1
  if (width > ctx.limits.maxColumns) {
    width = 0
    values.forEach((value: unknown, i: number) => {
      if (i > width && value !== null && value !== undefined && value !== '') width = i
    })
    if (width > ctx.limits.maxColumns) throw tooManyColumns(ctx.fileName, ctx.limits, row.number, width)
  }
  const cells: Cell[] = new Array<Cell>(width)
  for (let i = 1; i <= width; i++) {
    const cell = xlsxCellValue(values[i])
    if (typeof cell === 'string' && cell.length > ctx.limits.maxCellChars) throw cellTooLong(ctx.fileName, ctx.limits, row.number, i - 1, cell.length)
    cells[i - 1] = cell
  }
  return cells
}

/**
 * exceljs keeps the workbook's shared strings in an array it creates itself. Swap in one that refuses the
 * string past the limit (and any string past the cell limit), so a flood of tiny strings stops early.
 */
function capSharedStrings(reader: object, ctx: SheetContext): void {
  const { maxSharedStrings, maxCellChars } = ctx.limits
  let table: unknown[] | undefined
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => table,
    set(value: unknown) {
      if (!Array.isArray(value)) {
        table = value as undefined
        return
      }
      const capped: unknown[] = value
      const push = capped.push.bind(capped)
      capped.push = (...items: unknown[]) => {
        if (capped.length + items.length > maxSharedStrings) throw tooManySharedStrings(ctx.fileName, ctx.limits)
        for (const item of items) {
          if (typeof item === 'string' && item.length > maxCellChars) {
            throw new BadInput(`'${ctx.fileName}' is larger than a chronology can be`, [{ path: 'file', message: `The workbook holds a piece of text of ${item.length.toLocaleString('en-GB')} characters; a cell may hold at most ${maxCellChars.toLocaleString('en-GB')}. Shorten it or split it over several rows` }], 'file-too-large')
          }
        }
        return push(...items)
      }
      table = capped
    },
  })
}

function filled(cells: Cell[]): number {
  let n = 0
  for (const cell of cells) if (!isEmptyCell(cell)) n++
  return n
}

/** A failure of the machine (file handles, disk), not of the file: it must not be reported as a bad workbook. */
function isSystemError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^E[A-Z]+$/.test(code)
}

function notAWorkbook(fileName: string): BadInput {
  return new BadInput(
    `'${fileName}' is not an Excel workbook we can read`,
    [{ path: 'file', message: 'The file is a zip archive but not a readable .xlsx workbook. Open it in Excel and save it as Excel Workbook (.xlsx) or CSV' }],
    'not-a-spreadsheet',
  )
}

export async function openXlsxRows(filePath: string, fileName: string, options: { sheet?: string; limits: ImportLimits }): Promise<XlsxRows> {
  const ctx: SheetContext = { fileName, limits: options.limits }
  const input = fs.createReadStream(filePath)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    // Styles say which numbers are dates.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  })
  capSharedStrings(reader, ctx)
  const sheets = reader[Symbol.asyncIterator]()
  const close = () => {
    input.destroy()
  }
  const wanted = options.sheet?.trim().toLowerCase()
  const seen: string[] = []
  try {
    for (;;) {
      const next = await sheets.next()
      if (next.done) break
      const worksheet = next.value as unknown as AsyncIterable<StreamedRow> & { name?: string }
      const name = worksheet.name ?? `Sheet${seen.length + 1}`
      seen.push(name)
      if (wanted !== undefined && name.trim().toLowerCase() !== wanted) continue
      const rows = worksheet[Symbol.asyncIterator]()
      // Read up to the first row with two filled cells; a cover sheet with only a title is passed over.
      const lead: StreamedRow[] = []
      let hasData = false
      for (;;) {
        const r = await rows.next()
        if (r.done) break
        if (r.value.number > ctx.limits.maxRows) throw tooManyRows(fileName, ctx.limits, r.value.number)
        lead.push({ number: r.value.number, values: rowCells(r.value, ctx) })
        if (filled(lead[lead.length - 1]?.values as Cell[]) >= 2 || lead.length >= 1000) {
          hasData = true
          break
        }
      }
      if (!hasData && wanted === undefined) continue
      return { sheet: name, rows: sheetRows(lead, rows, ctx, close), close }
    }
  } catch (error) {
    close()
    if (error instanceof BadInput || isSystemError(error)) throw error
    throw notAWorkbook(fileName)
  }
  close()
  if (wanted !== undefined && seen.length > 0) {
    throw new BadInput(
      `'${fileName}' has no worksheet called '${options.sheet}'`,
      [{ path: 'sheet', message: `There is no worksheet called '${options.sheet}'. The worksheets are: ${seen.map((s) => `'${s}'`).join(', ')}` }],
      'sheet-not-found',
    )
  }
  if (seen.length === 0) throw notAWorkbook(fileName)
  throw new BadInput(
    `'${fileName}' has no data`,
    [{ path: 'file', message: 'No worksheet in the workbook has a row with two or more filled cells' }],
    'empty-file',
  )
}

async function* sheetRows(lead: StreamedRow[], rows: AsyncIterator<StreamedRow>, ctx: SheetContext, close: () => void): AsyncGenerator<Cell[]> {
  const { fileName, limits } = ctx
  let expected = 1
  try {
    for (const row of lead) {
      for (; expected < row.number; expected++) yield EMPTY_ROW
      yield row.values as Cell[]
      expected++
    }
    for (;;) {
      let r: IteratorResult<StreamedRow>
      try {
        r = await rows.next()
      } catch (error) {
        throw error instanceof BadInput || isSystemError(error) ? error : notAWorkbook(fileName)
      }
      if (r.done) return
      // A row numbered two billion would otherwise mean two billion empty rows before it.
      if (r.value.number > limits.maxRows) throw tooManyRows(fileName, limits, r.value.number)
      for (; expected < r.value.number; expected++) yield EMPTY_ROW
      yield rowCells(r.value, ctx)
      expected++
    }
  } finally {
    close()
  }
}
