// One data row of an agency extract becomes an event of the chronology, or a rejection that names
// the row, the column and the reason. Nothing is invented: a row whose date is missing or impossible
// is rejected, never dated 1 January or today.
import type { Cell } from './cell.js'
import { cellText } from './cell.js'
import type { DateFormat, DateProblem, EventDate, Precision } from './dates.js'
import { compileDateFormat, dateInterval, parseTime, sortKey, toOccurredAt, withTime } from './dates.js'
import type { ColumnMapping } from './mapping.js'
import { resolveColumn } from './mapping.js'

export interface ReviewPeriod {
  /** YYYY-MM-DD, inclusive. */
  from: string
  /** YYYY-MM-DD, inclusive. */
  to: string
}

export type EventFlag = 'outside-period' | 'reduced-precision'

export interface NormalisedEvent {
  /** 1-based data row of the source file (the header is not counted). */
  row: number
  /** As the API gives it: YYYY-MM-DDTHH:mm, YYYY-MM-DD, YYYY-MM or YYYY. */
  occurredAt: string
  date: string
  time: string | null
  precision: Precision
  sortKey: string
  author: string | null
  category: string | null
  summary: string | null
  outcome: string | null
  /** When the entry was written, as occurredAt gives a date; null when the file has no such column or the cell is blank. */
  recordedAt: string | null
  flags: EventFlag[]
}

export interface RowRejection {
  row: number
  reason: DateProblem
  /** The heading of the column at fault. */
  column: string
  message: string
}

export type NormalisedRow = { ok: true; event: NormalisedEvent } | { ok: false; rejection: RowRejection }

export interface RowNormaliserOptions {
  headers: readonly string[]
  mapping: ColumnMapping
  /** A pattern, or a format compiled once with compileDateFormat. */
  dateFormat: string | DateFormat
  reviewPeriod: ReviewPeriod
}

/**
 * Set up once per file (columns looked up, date format compiled), then call for every row.
 * Throws a RangeError when the mapping has no date column or names a missing one: check it with
 * validateMapping first.
 */
export function createRowNormaliser(options: RowNormaliserOptions): (row: number, cells: readonly Cell[]) => NormalisedRow {
  const { headers, mapping, reviewPeriod } = options
  const format = typeof options.dateFormat === 'string' ? compileDateFormat(options.dateFormat) : options.dateFormat
  const column = (header: string | undefined): number => {
    if (header === undefined || header === '') return -1
    const index = resolveColumn(header, headers)
    if (index < 0) throw new RangeError(`There is no column called '${header}'`)
    return index
  }
  const dateCol = column(mapping.occurredAt)
  if (dateCol < 0) throw new RangeError('The mapping has no date column')
  const dateHeading = headers[dateCol] as string
  const timeCol = column(mapping.time)
  const timeHeading = timeCol < 0 ? '' : (headers[timeCol] as string)
  const authorCol = column(mapping.author)
  const categoryCol = column(mapping.category)
  const summaryCol = column(mapping.summary)
  const outcomeCol = column(mapping.outcome)
  const recordedCol = column(mapping.recordedAt)
  const recordedHeading = recordedCol < 0 ? '' : (headers[recordedCol] as string)
  const { from, to } = reviewPeriod
  const text = (cells: readonly Cell[], col: number): string | null => (col < 0 ? null : cellText(cells[col]))

  return (row, cells) => {
    const parsed = format.parse(cells[dateCol])
    if (!parsed.ok) {
      return { ok: false, rejection: { row, reason: parsed.reason, column: dateHeading, message: `Row ${row}, column '${dateHeading}': ${parsed.message}` } }
    }
    let value: EventDate = parsed.value
    if (timeCol >= 0) {
      const time = parseTime(cells[timeCol])
      if (!time.ok) {
        return { ok: false, rejection: { row, reason: 'invalid-date', column: timeHeading, message: `Row ${row}, column '${timeHeading}': ${time.message}` } }
      }
      value = withTime(value, time.value)
    }
    let recordedAt: string | null = null
    if (recordedCol >= 0 && (cellText(cells[recordedCol]) ?? '').trim() !== '') {
      const recorded = format.parse(cells[recordedCol])
      if (!recorded.ok) {
        return { ok: false, rejection: { row, reason: recorded.reason, column: recordedHeading, message: `Row ${row}, column '${recordedHeading}': ${recorded.message}` } }
      }
      recordedAt = toOccurredAt(recorded.value)
    }
    const flags: EventFlag[] = []
    const exact = value.precision === 'day' || value.precision === 'minute'
    if (exact) {
      if (value.date < from || value.date > to) flags.push('outside-period')
    } else {
      // Flag only when the whole interval is outside: "2019" may still be inside a period from March.
      const { start, end } = dateInterval(value)
      if (end < from || start > to) flags.push('outside-period')
      flags.push('reduced-precision')
    }
    return {
      ok: true,
      event: {
        row,
        occurredAt: toOccurredAt(value),
        date: value.date,
        time: value.time,
        precision: value.precision,
        sortKey: sortKey(value),
        author: text(cells, authorCol),
        category: text(cells, categoryCol),
        summary: text(cells, summaryCol),
        outcome: text(cells, outcomeCol),
        recordedAt,
        flags,
      },
    }
  }
}

/** One row on its own. For a whole file, create the normaliser once with createRowNormaliser. */
export function normaliseRow(input: RowNormaliserOptions & { row: number; cells: readonly Cell[] }): NormalisedRow {
  return createRowNormaliser(input)(input.row, input.cells)
}

/**
 * A fingerprint of a row's cells for finding rows exported twice: equal for rows whose cells are all
 * identical (trailing empty cells aside). Opaque: compare it, do not show it. A 64-bit hash rather than the text itself, so that finding
 * duplicates in a 100,000-row file holds a few megabytes, not the whole file.
 */
export function rowFingerprint(cells: readonly Cell[]): string {
  let end = cells.length
  while (end > 0 && isBlank(cells[end - 1])) end--
  let h1 = 0xdeadbeef ^ end
  let h2 = 0x41c6ce57 ^ end
  for (let i = 0; i < end; i++) {
    const cell = cells[i] ?? null
    let textOf: string
    let tag: number
    if (cell === null || cell === '') {
      textOf = ''
      tag = 0
    } else if (typeof cell === 'string') {
      textOf = cell
      tag = 1
    } else if (typeof cell === 'number') {
      textOf = String(cell)
      tag = 2
    } else {
      textOf = String(cell.getTime())
      tag = 3
    }
    // Cell boundaries and kinds are part of the hash, so ["ab", ""] and ["a", "b"] differ.
    h1 = Math.imul(h1 ^ (tag + 0x9e37), -1640531535)
    h2 = Math.imul(h2 ^ (textOf.length + 0x79b9), 1597334677)
    // Two UTF-16 code units per step: half the multiplications of one at a time.
    const length = textOf.length
    let j = 0
    for (; j + 1 < length; j += 2) {
      const pair = textOf.charCodeAt(j) | (textOf.charCodeAt(j + 1) << 16)
      h1 = Math.imul(h1 ^ pair, -1640531535)
      h2 = Math.imul(h2 ^ pair, 1597334677)
    }
    if (j < length) {
      const last = textOf.charCodeAt(j)
      h1 = Math.imul(h1 ^ last, -1640531535)
      h2 = Math.imul(h2 ^ last, 1597334677)
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  // Four UTF-16 code units: an opaque key, cheap to build and small to keep in a Map.
  return String.fromCharCode(h1 & 0xffff, h1 >>> 16, h2 & 0xffff, h2 >>> 16)
}

function isBlank(cell: Cell | undefined): boolean {
  return cell === null || cell === undefined || cell === ''
}
