// How the reading worker hands a batch of accepted rows (about 500) to the main thread, which writes them as preview
// rows (migration 0040): one JSON text of the rows' values side by side, in PREVIEW_ROW_COLUMNS order, with a place
// left at the head of each row for what the main thread knows and the worker does not (the event id, the review,
// the import). The main thread parses the text, fills those places and binds the array as it is: no object per
// row, no copying value by value (BENCHMARKS.md, issue 17). The exact-duplicate flag is added once the whole file
// is read: duplicates are known only then.
import { dateInterval } from '../../methodology/chronology/dates.js'
import type { NormalisedEvent } from '../../methodology/chronology/normalise-row.js'

/** Filled by the main thread, the same for every row of an import but the id. */
export const PREVIEW_ROW_HEAD = ['id', 'review_id', 'import_id', 'agency', 'agency_key', 'source_file', 'created_at'] as const
/** Read from the file by the worker. `flags` is a JSON array (text). */
export const PREVIEW_ROW_BODY = [
  'source_row', 'occurred_at', 'date_start', 'date_end', 'time', 'precision', 'sort_key', 'author', 'category', 'summary', 'outcome', 'recorded_at', 'flags',
] as const
export const PREVIEW_ROW_COLUMNS = [...PREVIEW_ROW_HEAD, ...PREVIEW_ROW_BODY] as const

export interface PreviewBatch {
  /** JSON: the batch's rows × PREVIEW_ROW_COLUMNS.length values, the head of each row null. */
  values: string
}

export function encodePreviewBatch(events: readonly NormalisedEvent[]): PreviewBatch {
  const head = PREVIEW_ROW_HEAD.length
  const width = PREVIEW_ROW_COLUMNS.length
  const values: unknown[] = new Array(events.length * width).fill(null)
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as NormalisedEvent
    let p = i * width + head
    values[p++] = e.row
    values[p++] = e.occurredAt
    values[p++] = e.date
    values[p++] = dateInterval({ date: e.date, time: e.time, precision: e.precision }).end
    values[p++] = e.time
    values[p++] = e.precision
    values[p++] = e.sortKey
    values[p++] = e.author
    values[p++] = e.category
    values[p++] = e.summary
    values[p++] = e.outcome
    values[p++] = e.recordedAt
    values[p] = JSON.stringify(e.flags)
  }
  return { values: JSON.stringify(values) }
}

/** What the main thread fills in besides the id: the same for every row of one import. */
export type PreviewRowHead = Record<Exclude<(typeof PREVIEW_ROW_HEAD)[number], 'id'>, string>

/**
 * The batch's values ready to bind: its text parsed (written by encodePreviewBatch, never user input as such) and
 * each row's head filled, with a new id from `newId`.
 */
export function previewBatchValues(batch: PreviewBatch, head: PreviewRowHead, newId: () => string): unknown[] {
  const values = JSON.parse(batch.values) as unknown[]
  const width = PREVIEW_ROW_COLUMNS.length
  const shared = PREVIEW_ROW_HEAD.slice(1).map((column) => head[column as keyof PreviewRowHead])
  for (let p = 0; p < values.length; p += width) {
    values[p] = newId()
    for (let c = 0; c < shared.length; c++) values[p + 1 + c] = shared[c]
  }
  return values
}
