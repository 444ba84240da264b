// Test-only reader for the shared "Child D" fixture: raw text of every extract, and simply parsed rows.
// Kept deliberately small and independent of the importer so the conformance tests check our modules, not it.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import ExcelJS from 'exceljs'
import { sharedDemoCaseDir } from '../support/shared-fixtures.js'

export const demoCaseDir = sharedDemoCaseDir
export const hasDemoCase = existsSync(path.join(demoCaseDir, 'expected.json'))

export interface FixtureFile {
  file: string
  agency: string
  format: 'csv' | 'xlsx'
  encoding: 'utf-8' | 'windows-1252' | null
  delimiter: string | null
  sheet?: string
  mapping: Partial<Record<'occurredAt' | 'time' | 'author' | 'category' | 'summary' | 'outcome', string>>
  dateFormat: string
}

export interface ExpectedEpisode {
  date: string
  label: string
  records: { file: string; row: number }[]
}

export interface Expected {
  files: FixtureFile[]
  crossAgencyEpisodes: ExpectedEpisode[]
  identifiers: Record<'names' | 'nhsNumbers' | 'postcodes' | 'phones' | 'datesOfBirth' | 'addresses' | 'givenNames' | 'emails', string[]>
}

export type Cell = string | Date | null

export function readExpected(): Expected {
  return JSON.parse(readFileSync(path.join(demoCaseDir, 'expected.json'), 'utf8')) as Expected
}

function decodeCsv(file: FixtureFile): string {
  const bytes = readFileSync(path.join(demoCaseDir, file.file))
  const text = file.encoding === 'windows-1252' ? iconv.decode(bytes, 'windows-1252') : bytes.toString('utf8')
  return text.replace(/^\uFEFF/, '')
}

function cellValue(cell: ExcelJS.Cell): Cell {
  const value = cell.value
  if (value === null || value === undefined) return null
  if (value instanceof Date) return value
  return cell.text
}

async function readSheet(file: FixtureFile): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path.join(demoCaseDir, file.file))
  const sheet = (file.sheet ? workbook.getWorksheet(file.sheet) : undefined) ?? workbook.worksheets[0]
  if (!sheet) throw new Error(`${file.file} has no worksheet`)
  const rows: Cell[][] = []
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: Cell[] = []
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellValue(row.getCell(c)))
    rows.push(cells)
  }
  return rows
}

/** The extract as a reader would see it: decoded CSV text, or every workbook cell's text. */
export async function extractText(file: FixtureFile): Promise<string> {
  if (file.format === 'csv') return decodeCsv(file)
  const rows = await readSheet(file)
  return rows
    .map((cells) => cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : (c ?? ''))).join('\t'))
    .join('\n')
}

/** Data rows keyed by header, numbered from 1 (header not counted, blank lines skipped). */
export async function extractRows(file: FixtureFile): Promise<{ row: number; cells: Record<string, Cell> }[]> {
  if (file.format === 'csv') {
    const records = parse(decodeCsv(file), {
      columns: true,
      delimiter: file.delimiter ?? ',',
      skip_empty_lines: true,
      relax_column_count: true,
    }) as Record<string, string>[]
    return records.map((cells, i) => ({ row: i + 1, cells }))
  }
  const [header, ...data] = await readSheet(file)
  const names = (header ?? []).map((c) => String(c ?? ''))
  return data.map((cells, i) => ({
    row: i + 1,
    cells: Object.fromEntries(names.map((name, c) => [name, cells[c] ?? null])),
  }))
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

function iso(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return date.toISOString().slice(0, 10)
}

/** Day-precision dates in the fixture's formats only; anything else (reduced precision, impossible) is null. */
export function fixtureDay(value: Cell, dateFormat: string): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (!value) return null
  const text = value.trim()
  let m: RegExpExecArray | null
  switch (dateFormat) {
    case 'DD/MM/YYYY':
    case 'DD/MM/YYYY HH:mm':
      m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2})?$/.exec(text)
      return m ? iso(Number(m[3]), Number(m[2]), Number(m[1])) : null
    case 'DD-MM-YYYY':
      m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(text)
      return m ? iso(Number(m[3]), Number(m[2]), Number(m[1])) : null
    case 'YYYY-MM-DD':
      m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
      return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : null
    case 'D MMM YYYY': {
      m = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})(?:\s+\d{1,2}:\d{2})?$/.exec(text)
      const month = m ? MONTHS.indexOf((m[2] ?? '').slice(0, 3).toLowerCase()) + 1 : 0
      return m && month > 0 ? iso(Number(m[3]), month, Number(m[1])) : null
    }
    default:
      return null
  }
}

export function readPersonRows(): Record<string, string>[] {
  return parse(readFileSync(path.join(demoCaseDir, 'persons.csv'), 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[]
}

export function conversationTexts(): { name: string; text: string }[] {
  const dir = path.join(demoCaseDir, 'conversations')
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }))
}
