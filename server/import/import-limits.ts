// How much one uploaded chronology may hold. Far above any real agency chronology, far below what would
// let one file take the server's memory or time: a file past a limit is refused with the limit named.
import { BadInput } from '../errors.js'

export interface ImportLimits {
  /** Rows of the file, blank rows included (a worksheet row number counts, so gaps count). */
  maxRows: number
  maxColumns: number
  /** Characters in one cell. */
  maxCellChars: number
  /** Distinct strings in an XLSX workbook's shared string table. */
  maxSharedStrings: number
  /** Declared unpacked size of any one part of an XLSX workbook, and of all its parts together. */
  maxUnzippedBytes: number
  /** Parts (files) inside an XLSX workbook. */
  maxZipEntries: number
  /** Heap for the worker that reads the file. */
  maxMemoryMb: number
  /** Time for reading the whole file. */
  maxSeconds: number
}

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxRows: 250_000,
  maxColumns: 500,
  maxCellChars: 100_000,
  maxSharedStrings: 1_000_000,
  maxUnzippedBytes: 500 * 1024 * 1024,
  maxZipEntries: 1000,
  maxMemoryMb: 256,
  maxSeconds: 120,
})

export function importLimits(given?: Partial<ImportLimits>): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...given }
}

const number = (n: number) => n.toLocaleString('en-GB')

function tooBig(fileName: string, path: string, message: string): BadInput {
  return new BadInput(`'${fileName}' is larger than a chronology can be`, [{ path, message }], 'file-too-large')
}

export function tooManyRows(fileName: string, limits: ImportLimits, row: number): BadInput {
  return tooBig(fileName, `row ${number(row)}`, `The file goes on to row ${number(row)}; a chronology may have at most ${number(limits.maxRows)} rows. Remove empty rows at the end, or split the file by year and upload each part`)
}

export function tooManyColumns(fileName: string, limits: ImportLimits, row: number, columns: number): BadInput {
  return tooBig(fileName, `row ${number(row)}`, `Row ${number(row)} has ${number(columns)} columns; a chronology may have at most ${number(limits.maxColumns)}. Delete the unused columns and upload it again`)
}

export function cellTooLong(fileName: string, limits: ImportLimits, row: number, column: number, chars: number): BadInput {
  return tooBig(fileName, `row ${number(row)}, column ${columnName(column)}`, `The cell in row ${number(row)}, column ${columnName(column)} holds ${number(chars)} characters; a cell may hold at most ${number(limits.maxCellChars)}. Shorten it or split it over several rows`)
}

export function tooManySharedStrings(fileName: string, limits: ImportLimits): BadInput {
  return tooBig(fileName, 'file', `The workbook holds more than ${number(limits.maxSharedStrings)} different pieces of text; a chronology may hold at most ${number(limits.maxSharedStrings)}. Save it as CSV, or split it, and upload that`)
}

export function zipTooLarge(fileName: string, limits: ImportLimits, part: string | null): BadInput {
  const mb = number(Math.round(limits.maxUnzippedBytes / 1024 / 1024))
  return tooBig(fileName, 'file', part === null
    ? `Unpacked, the workbook would take more than ${mb} MB; a chronology may take at most ${mb} MB. Save it as CSV, or split it, and upload that`
    : `Unpacked, the part '${part.slice(0, 100)}' of the workbook would take more than ${mb} MB; a chronology may take at most ${mb} MB. Save it as CSV, or split it, and upload that`)
}

export function tooManyZipEntries(fileName: string, limits: ImportLimits, entries: number): BadInput {
  return tooBig(fileName, 'file', `The workbook is made of ${number(entries)} parts; a chronology workbook may have at most ${number(limits.maxZipEntries)}. Save it as CSV and upload that`)
}

export function outOfMemory(fileName: string, limits: ImportLimits): BadInput {
  return tooBig(fileName, 'file', `Reading the file needed more than the ${number(limits.maxMemoryMb)} MB of memory an import may use. Save it as CSV, or split it by year, and upload each part`)
}

export function outOfTime(fileName: string, limits: ImportLimits): BadInput {
  return tooBig(fileName, 'file', `Reading the file took longer than the ${number(limits.maxSeconds)} seconds an import may take. Split it by year and upload each part`)
}

/** Spreadsheet letters for a 0-based column: 0 is A, 26 is AA. */
export function columnName(index: number): string {
  let n = index + 1
  let name = ''
  while (n > 0) {
    const r = (n - 1) % 26
    name = String.fromCharCode(65 + r) + name
    n = Math.floor((n - 1) / 26)
  }
  return name
}
