// How a preview's accepted rows wait for the commit: one compact record per batch of about 500 rows (a JSON array
// of row arrays, written by the reading worker), instead of one database row each. The preview then writes a few
// records, the commit reads them back in file order, and nothing is written twice (BENCHMARKS.md, issue 17).
// Event ids and the exact-duplicate flag are added at commit: duplicates are known only once the whole file is read.
import { dateInterval, type Precision } from '../../methodology/chronology/dates.js'
import type { NormalisedEvent } from '../../methodology/chronology/normalise-row.js'

/** One staged row: [row, occurredAt, dateStart, dateEnd, time, precision, sortKey, author, category, summary, outcome, recordedAt, flags]. */
export type StagedRow = [
  row: number, occurredAt: string, dateStart: string, dateEnd: string, time: string | null, precision: Precision, sortKey: string,
  author: string | null, category: string | null, summary: string | null, outcome: string | null, recordedAt: string | null, flags: string[],
]

export interface StagedBatch {
  /** The first row of the batch: batches are committed in this order. */
  firstRow: number
  count: number
  /** The rows as JSON (StagedRow[]). */
  rows: string
}

export function encodeStagedBatch(events: readonly NormalisedEvent[]): StagedBatch {
  const rows: StagedRow[] = new Array(events.length)
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as NormalisedEvent
    rows[i] = [
      e.row, e.occurredAt, e.date, dateInterval({ date: e.date, time: e.time, precision: e.precision }).end, e.time, e.precision, e.sortKey,
      e.author, e.category, e.summary, e.outcome, e.recordedAt, e.flags,
    ]
  }
  return { firstRow: events[0]?.row ?? 0, count: events.length, rows: JSON.stringify(rows) }
}

/** The rows of a stored batch. The text was written by encodeStagedBatch (never user input as such). */
export function decodeStagedBatch(rows: string): StagedRow[] {
  return JSON.parse(rows) as StagedRow[]
}
