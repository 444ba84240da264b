// Shapes shared by the chronology import modules and the services that call them.
import type { Cell } from '../../methodology/chronology/cell.js'
import type { ColumnMapping } from '../../methodology/chronology/mapping.js'
import type { NormalisedEvent, ReviewPeriod, RowRejection } from '../../methodology/chronology/normalise-row.js'
import type { ReducedPrecision } from '../../methodology/chronology/dates.js'
import type { ImportLimits } from './import-limits.js'
import { BadInput, type ErrorDetail } from '../errors.js'

/** What the reviewer may fix on the preview page; anything left out is detected. */
export interface ImportOptions {
  /** A name iconv-lite knows, e.g. 'utf-8', 'windows-1252', 'utf-16le'. CSV only. */
  encoding?: string
  /** One character; 'tab', 'comma', 'semicolon' and 'pipe' are accepted too. CSV only. */
  delimiter?: string
  /** 1-based row of the file holding the column headings (a worksheet row for XLSX). */
  headerRow?: number
  mapping?: ColumnMapping
  /** A pattern such as DD/MM/YYYY, or 'ISO', or 'excel'. */
  dateFormat?: string
  /** XLSX only: the worksheet to read (otherwise the first with data). */
  sheet?: string
}

export interface ImportInput {
  filePath: string
  /** The name the file was uploaded with, for messages. */
  fileName: string
  options?: ImportOptions
  reviewPeriod: ReviewPeriod
  /** Lower limits than the defaults (tests); see import-limits.ts. */
  limits?: Partial<ImportLimits>
}

/** An accepted event with the source row it came from, ready to store. */
export interface ImportedEvent extends NormalisedEvent {
  /**
   * The row's cells as read (text from CSV; text, numbers and dates from XLSX), for the first events only (the
   * preview shows their dates as written): copying every row's cells to the main thread doubled what a batch carried.
   */
  cells?: Cell[]
}

export interface ImportSink {
  /** Called with accepted events in file order, in batches of about 500. Awaited before reading on. */
  onEvents(batch: ImportedEvent[]): void | Promise<void>
  /** Called every 1,000 data rows and at the end. */
  onProgress?(rowsRead: number): void
}

export interface DetectedLayout {
  /** 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252' (or the encoding asked for); null for XLSX. */
  encoding: string | null
  /** Whether the text file starts with a byte order mark; false for XLSX. */
  bom: boolean
  /** The field separator; null for XLSX. */
  delimiter: string | null
  /** 1-based row of the file holding the headings. */
  headerRow: number
  mapping: ColumnMapping
  dateFormat: string
  format: 'csv' | 'xlsx'
  sheet?: string
}

export interface ImportWarning {
  code: 'all-rows-rejected'
  message: string
}

/** The preview: what would be imported, with every problem row listed. Nothing is stored yet. */
export interface ImportAnalysis {
  detected: DetectedLayout
  headers: string[]
  /** Rows of data after the heading row; blank rows and footer lines are not counted. */
  dataRows: number
  accepted: number
  rejected: RowRejection[]
  /** Groups of data rows whose cells are all identical, each in row order. */
  exactDuplicates: number[][]
  reducedPrecision: { row: number; precision: ReducedPrecision }[]
  outsidePeriod: number[]
  /** The first 20 accepted events. */
  preview: NormalisedEvent[]
  /** Rows of the file after the headings that are not data. */
  ignoredRows: { blank: number; footer: number; repeatedHeader: number }
  warnings: ImportWarning[]
}

/** Rows of one file, in order: row n of the iterable is row n of the file (blank rows included). */
export interface RowSource {
  format: 'csv' | 'xlsx'
  encoding: string | null
  bom: boolean
  delimiter: string | null
  sheet?: string
  rows: AsyncIterable<Cell[]>
  close(): void
}

/** The columns could not be matched to event fields: carries the file's headings so the reviewer can choose. */
export class MappingProblem extends BadInput {
  constructor(message: string, details: ErrorDetail[], code: 'mapping-needed' | 'mapping-mismatch', readonly headers: string[]) {
    super(message, details, code)
  }
}
