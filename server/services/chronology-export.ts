// The chronology as a CSV or XLSX file, written a page of events at a time. Every text cell is neutralised
// so a spreadsheet never runs an agency's text as a formula.
import { once } from 'node:events'
import { PassThrough, Readable, pipeline, type Readable as ReadableStream } from 'node:stream'
import { stringify } from 'csv-stringify'
import ExcelJS from 'exceljs'
import { neutraliseRow } from '../export/cell-safety.js'
import type { EventRow } from '../data/chronology-events.js'
import { auditChronologyExport, chronologyEventPages, type ChronologyQuery } from './chronology.js'
import type { ServiceContext } from './context.js'
import { requireReview } from './reviews.js'
import type { ReviewViewer } from './viewer.js'

export type ExportFormat = 'csv' | 'xlsx'

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

const PRECISION_WORDS: Record<string, string> = { minute: 'Date and time', day: 'Day', week: 'Week', month: 'Month', year: 'Year' }

function columns(withNotes: boolean): string[] {
  return [
    'Date', 'Time', 'Date precision', 'Agency', 'Category', 'Recorded by', 'What happened', 'Outcome', 'Source file', 'Source row',
    'Flags', 'Significant', ...(withNotes ? ['Reviewer note'] : []), 'Event id',
  ]
}

function cells(e: EventRow, withNotes: boolean): (string | number)[] {
  const flags = (JSON.parse(e.flags) as string[]).join(', ')
  return neutraliseRow([
    e.occurred_at.slice(0, 10), e.time ?? '', PRECISION_WORDS[e.precision] ?? e.precision, e.agency, e.category ?? '', e.author ?? '',
    e.summary ?? '', e.outcome ?? '', e.source_file, e.source_row, flags, e.significant ? 'Yes' : 'No',
    ...(withNotes ? [e.annotation ?? ''] : []), e.id,
  ]) as (string | number)[]
}

export interface ChronologyFile {
  fileName: string
  contentType: string
  /** Rows are read from the database as the stream is consumed. */
  stream: ReadableStream
}

/**
 * The chronology as the viewer may see it (their agencies, their name form, notes only for reviewers) as a
 * file. The export is audited before anything is read.
 */
export async function exportChronology(ctx: ServiceContext, viewer: ReviewViewer, query: ChronologyQuery, format: ExportFormat): Promise<ChronologyFile> {
  const review = await requireReview(ctx.db, viewer.reviewId)
  await auditChronologyExport(ctx, viewer, format, query)
  const withNotes = viewer.can('chronology.annotate')
  const pages = chronologyEventPages(ctx, viewer, { ...query, page: 1 })
  const fileName = `${review.subject_pseudonym.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'review'}-chronology.${format}`
  return { fileName, contentType: EXPORT_TYPES[format], stream: format === 'csv' ? csvStream(pages, withNotes) : xlsxStream(pages, withNotes) }
}

function csvStream(pages: AsyncGenerator<EventRow[]>, withNotes: boolean): ReadableStream {
  async function* records() {
    for await (const page of pages) for (const e of page) yield cells(e, withNotes)
  }
  // A byte order mark, so spreadsheet programs read the file as UTF-8.
  const stringifier = stringify({ header: true, columns: columns(withNotes), bom: true })
  pipeline(Readable.from(records()), stringifier, () => undefined)
  return stringifier
}

function xlsxStream(pages: AsyncGenerator<EventRow[]>, withNotes: boolean): ReadableStream {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  const sheet = workbook.addWorksheet('Chronology')
  const write = async () => {
    sheet.addRow(columns(withNotes)).commit()
    for await (const page of pages) {
      for (const e of page) sheet.addRow(cells(e, withNotes)).commit()
      if (out.writableNeedDrain) await once(out, 'drain')
    }
    sheet.commit()
    await workbook.commit()
  }
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return out
}
