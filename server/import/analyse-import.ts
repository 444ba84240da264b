// Reads an uploaded agency chronology once, from start to end, and returns the preview the reviewer
// confirms: what was detected, every rejected row with its reason, duplicates, reduced precision and
// events outside the review period. Accepted events go to the sink in batches as they are read, so a
// large file is never held in memory.
import fs from 'node:fs/promises'
import type { Cell } from '../../methodology/chronology/cell.js'
import { canonicalPattern, checkDateFormat, compileDateFormat, detectDateFormat } from '../../methodology/chronology/dates.js'
import type { ColumnMapping } from '../../methodology/chronology/mapping.js'
import { dateFormatInWords } from '../../methodology/chronology/date-format-words.js'
import { EVENT_FIELDS, detectMapping, resolveColumn, validateMapping } from '../../methodology/chronology/mapping.js'
import { createRowNormaliser } from '../../methodology/chronology/normalise-row.js'
import { BadInput } from '../errors.js'
import { decodeHead, detectEncoding } from './detect-encoding.js'
import { detectDelimiter, normaliseDelimiter } from './detect-delimiter.js'
import { findHeaderRow, headingsOf, isBlankRow, isFooterRow } from './detect-layout.js'
import { RowTally } from './tally-rows.js'
import { MappingProblem, type ImportAnalysis, type ImportInput, type ImportOptions, type ImportSink, type ImportWarning, type RowSource } from './import-types.js'
import { delimitedReadError, openDelimitedRows } from './read-delimited.js'
import { openXlsxRows } from './read-xlsx.js'
import { HEAD_BYTES, readHead, sniffFileKind } from './sniff-file.js'
import { importLimits, type ImportLimits } from './import-limits.js'
import { limitRows } from './limit-rows.js'
import { checkZipSizes } from './check-zip.js'

export type { ImportAnalysis, ImportedEvent, ImportInput, ImportOptions, ImportSink } from './import-types.js'

/** Data rows read before deciding the mapping and date format. */
const SAMPLE_ROWS = 200
/** Rows searched for the headings when the reviewer has not said where they are. */
const HEAD_ROWS = 300
const BATCH_SIZE = 500
const PROGRESS_EVERY = 1000
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

function emptyFile(fileName: string): BadInput {
  return new BadInput(`'${fileName}' is empty`, [{ path: 'file', message: 'The file has no rows. Check you chose the right file' }], 'empty-file')
}

interface CheckedOptions {
  encoding?: string
  delimiter?: string
  headerRow?: number
  mapping?: ColumnMapping
  dateFormat?: string
  sheet?: string
}

function checkOptions(input: ImportInput): CheckedOptions {
  const options: ImportOptions = input.options ?? {}
  const problems: { path: string; message: string }[] = []
  const checked: CheckedOptions = {}
  if (options.encoding !== undefined && options.encoding.trim() !== '') checked.encoding = options.encoding
  if (options.delimiter !== undefined && options.delimiter !== '') {
    const delimiter = normaliseDelimiter(options.delimiter)
    if (delimiter === null) problems.push({ path: 'delimiter', message: 'Give the separator as one character, such as , or ; or tab' })
    else checked.delimiter = delimiter
  }
  if (options.headerRow !== undefined) {
    if (!Number.isInteger(options.headerRow) || options.headerRow < 1) problems.push({ path: 'headerRow', message: 'The heading row must be a whole number, 1 or more' })
    else checked.headerRow = options.headerRow
  }
  if (options.dateFormat !== undefined && options.dateFormat.trim() !== '') {
    const problem = checkDateFormat(options.dateFormat)
    if (problem) problems.push({ path: 'dateFormat', message: problem })
    else checked.dateFormat = canonicalPattern(options.dateFormat)
  }
  if (options.mapping !== undefined) {
    if (typeof options.mapping !== 'object' || options.mapping === null || Array.isArray(options.mapping)) {
      problems.push({ path: 'mapping', message: 'Give the mapping as event fields and column headings' })
    } else {
      checked.mapping = options.mapping
    }
  }
  if (options.sheet !== undefined && options.sheet.trim() !== '') checked.sheet = options.sheet
  const { from, to } = input.reviewPeriod
  if (!ISO_DAY.test(from) || !ISO_DAY.test(to) || from > to) {
    problems.push({ path: 'reviewPeriod', message: 'The review period must run from one YYYY-MM-DD date to a later one' })
  }
  if (problems.length > 0) throw new BadInput('Some import settings cannot be used', problems)
  return checked
}

async function openSource(input: ImportInput, options: CheckedOptions, limits: ImportLimits): Promise<RowSource> {
  const stat = await fs.stat(input.filePath)
  if (stat.size === 0) throw emptyFile(input.fileName)
  const head = await readHead(input.filePath)
  if (sniffFileKind(head, input.fileName) === 'zip') {
    // The sizes the archive declares are checked before anything is unpacked (a zip bomb stops here).
    await checkZipSizes(input.filePath, input.fileName, limits)
    const xlsx = await openXlsxRows(input.filePath, input.fileName, { sheet: options.sheet, limits })
    return { format: 'xlsx', encoding: null, bom: false, delimiter: null, sheet: xlsx.sheet, rows: limitRows(xlsx.rows, input.fileName, limits), close: xlsx.close }
  }
  const { encoding, bom } = await detectEncoding(input.filePath, input.fileName, head, options.encoding)
  const delimiter = options.delimiter ?? detectDelimiter(decodeHead(head, encoding), head.length === HEAD_BYTES)
  const delimited = openDelimitedRows(input.filePath, { encoding, delimiter })
  return { format: 'csv', encoding, bom, delimiter, rows: limitRows(delimited.rows, input.fileName, limits), close: delimited.close }
}

/** The mapping with each heading as the file writes it (a mapping may match ignoring case). */
function mappingForFile(mapping: ColumnMapping, headers: readonly string[]): ColumnMapping {
  const out: ColumnMapping = {}
  for (const field of EVENT_FIELDS) {
    const header = mapping[field]
    if (header === undefined || header === '') continue
    out[field] = headers[resolveColumn(header, headers)] as string
  }
  return out
}

/**
 * Analyse an uploaded chronology: detect what was not given, normalise every row, pass accepted
 * events to the sink, and return the preview. Throws BadInput (with details naming what is wrong)
 * for an empty file, headings without data, a mapping naming a missing column, an unknown encoding
 * or a file that is not a spreadsheet. A file whose every row is rejected is not an error: the
 * analysis lists the rejections and carries a warning.
 */
export async function analyseImport(input: ImportInput, sink: ImportSink): Promise<ImportAnalysis> {
  const options = checkOptions(input)
  const source = await openSource(input, options, importLimits(input.limits))
  try {
    return await analyseRows(source, input, options, sink)
  } catch (error) {
    throw delimitedReadError(error, input.fileName) ?? error
  } finally {
    source.close()
  }
}

async function analyseRows(source: RowSource, input: ImportInput, options: CheckedOptions, sink: ImportSink): Promise<ImportAnalysis> {
  const rows = source.rows[Symbol.asyncIterator]()

  // The first rows: enough to find the headings and decide the mapping and date format.
  const head: Cell[][] = []
  let exhausted = false
  const headLimit = options.headerRow === undefined ? HEAD_ROWS : options.headerRow + SAMPLE_ROWS
  while (head.length < headLimit) {
    const next = await rows.next()
    if (next.done) {
      exhausted = true
      break
    }
    head.push(next.value)
  }

  let headerIndex: number
  if (options.headerRow !== undefined) {
    headerIndex = options.headerRow - 1
    const row = head[headerIndex]
    if (row === undefined || isBlankRow(row)) {
      throw new BadInput(`Row ${options.headerRow} of '${input.fileName}' has no headings`, [
        { path: 'headerRow', message: row === undefined ? `The file has only ${head.length} rows` : `Row ${options.headerRow} is blank. Give the row that holds the column headings` },
      ])
    }
  } else {
    headerIndex = findHeaderRow(head)
    if (headerIndex < 0) throw emptyFile(input.fileName)
  }
  const headerCells = head[headerIndex] as Cell[]
  const headers = headingsOf(headerCells)
  const sample: Cell[][] = []
  for (let i = headerIndex + 1; i < head.length && sample.length < SAMPLE_ROWS; i++) {
    const row = head[i] as Cell[]
    if (!isBlankRow(row) && !isFooterRow(row)) sample.push(row)
  }
  if (sample.length === 0 && exhausted) {
    throw new BadInput(
      `'${input.fileName}' has column headings but no rows of data`,
      [{ path: 'file', message: `The file has headings (${headers.map((h) => `'${h}'`).join(', ')}) but no rows below them` }],
      'no-data-rows',
    )
  }

  let mapping: ColumnMapping
  if (options.mapping !== undefined) {
    const problems = validateMapping(options.mapping, headers)
    if (problems.length > 0) throw new MappingProblem(`The column mapping does not match '${input.fileName}'`, problems, 'mapping-mismatch', headers)
    mapping = mappingForFile(options.mapping, headers)
  } else {
    mapping = detectMapping(headers, sample)
    const problems = validateMapping(mapping, headers)
    if (problems.length > 0) {
      throw new MappingProblem(`We could not tell which columns of '${input.fileName}' hold the date and what happened`, problems, 'mapping-needed', headers)
    }
  }
  const dateCol = resolveColumn(mapping.occurredAt as string, headers)
  const dateFormat = options.dateFormat ?? detectDateFormat(sample.map((row) => row[dateCol] ?? null))
  const normalise = createRowNormaliser({ headers, mapping, dateFormat: compileDateFormat(dateFormat), reviewPeriod: input.reviewPeriod })

  // Every row, once. Rows are taken synchronously; the loop awaits only for the next row or the sink.
  const tally = new RowTally(normalise, headerCells)
  let sinceProgress = 0
  /** Takes a row; true when a full batch is waiting for the sink. */
  const step = (cells: Cell[]): boolean => {
    tally.take(cells)
    if (++sinceProgress >= PROGRESS_EVERY) {
      sinceProgress = 0
      sink.onProgress?.(tally.dataRows)
    }
    return tally.batch.length >= BATCH_SIZE
  }
  for (let i = headerIndex + 1; i < head.length; i++) if (step(head[i] as Cell[])) await sink.onEvents(tally.drain())
  head.length = 0
  if (!exhausted) {
    for (;;) {
      const next = await rows.next()
      if (next.done) break
      if (step(next.value)) await sink.onEvents(tally.drain())
    }
  }
  if (tally.batch.length > 0) await sink.onEvents(tally.drain())
  sink.onProgress?.(tally.dataRows)

  if (tally.dataRows === 0) {
    throw new BadInput(
      `'${input.fileName}' has column headings but no rows of data`,
      [{ path: 'file', message: `The file has headings (${headers.map((h) => `'${h}'`).join(', ')}) but no rows below them` }],
      'no-data-rows',
    )
  }
  const warnings: ImportWarning[] = []
  if (tally.accepted === 0) {
    warnings.push({
      code: 'all-rows-rejected',
      message: `No row has a date that can be read. Check that '${mapping.occurredAt}' is the date column and that the date format (${dateFormatInWords(dateFormat)}) is right`,
    })
  }

  return {
    detected: {
      encoding: source.encoding,
      bom: source.bom,
      delimiter: source.delimiter,
      headerRow: headerIndex + 1,
      mapping,
      dateFormat,
      format: source.format,
      ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
    },
    headers,
    dataRows: tally.dataRows,
    accepted: tally.accepted,
    rejected: tally.rejected,
    exactDuplicates: tally.exactDuplicates(),
    reducedPrecision: tally.reducedPrecision,
    outsidePeriod: tally.outsidePeriod,
    preview: tally.preview,
    ignoredRows: tally.ignoredRows,
    warnings,
  }
}
