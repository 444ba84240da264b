// The running count over the data rows of one file: what was accepted, rejected, duplicated, of
// reduced precision or outside the review period, and the batch of events waiting for the sink.
import type { Cell } from '../../methodology/chronology/cell.js'
import type { ReducedPrecision } from '../../methodology/chronology/dates.js'
import type { NormalisedEvent, NormalisedRow, RowRejection } from '../../methodology/chronology/normalise-row.js'
import { rowFingerprint } from '../../methodology/chronology/normalise-row.js'
import { isBlankRow, isFooterRow } from './detect-layout.js'
import type { ImportedEvent } from './import-types.js'

const PREVIEW_SIZE = 20

export class RowTally {
  dataRows = 0
  accepted = 0
  readonly rejected: RowRejection[] = []
  readonly reducedPrecision: { row: number; precision: ReducedPrecision }[] = []
  readonly outsidePeriod: number[] = []
  readonly preview: NormalisedEvent[] = []
  readonly ignoredRows = { blank: 0, footer: 0, repeatedHeader: 0 }
  /** Accepted events not yet handed to the sink. */
  batch: ImportedEvent[] = []
  // A fingerprint per row rather than the row itself: a few megabytes for 100,000 rows.
  private readonly firstRowOf = new Map<string, number>()
  private readonly duplicates = new Map<string, number[]>()

  constructor(
    private readonly normalise: (row: number, cells: readonly Cell[]) => NormalisedRow,
    private readonly headerCells: readonly Cell[],
  ) {}

  /** One row of the file after the headings. */
  take(cells: Cell[]): void {
    if (isBlankRow(cells)) {
      this.ignoredRows.blank++
      return
    }
    if (isFooterRow(cells)) {
      this.ignoredRows.footer++
      return
    }
    // Page headings repeated down a printed export are not data.
    if (this.isRepeatedHeader(cells)) {
      this.ignoredRows.repeatedHeader++
      return
    }
    const row = ++this.dataRows
    this.noteFingerprint(rowFingerprint(cells), row)
    const result = this.normalise(row, cells)
    if (!result.ok) {
      this.rejected.push(result.rejection)
      return
    }
    this.accepted++
    const event = result.event
    if (event.precision === 'week' || event.precision === 'month' || event.precision === 'year') this.reducedPrecision.push({ row, precision: event.precision })
    if (event.flags.includes('outside-period')) this.outsidePeriod.push(row)
    const imported = event as ImportedEvent
    if (this.preview.length < PREVIEW_SIZE) {
      this.preview.push({ ...event, flags: [...event.flags] })
      imported.cells = cells
    }
    this.batch.push(imported)
  }

  /** The waiting events, leaving the batch empty. */
  drain(): ImportedEvent[] {
    const full = this.batch
    this.batch = []
    return full
  }

  /** Groups of rows whose cells are all identical, in order of their first row. */
  exactDuplicates(): number[][] {
    return [...this.duplicates.values()].sort((a, b) => (a[0] as number) - (b[0] as number))
  }

  private noteFingerprint(fingerprint: string, row: number): void {
    const first = this.firstRowOf.get(fingerprint)
    if (first === undefined) {
      this.firstRowOf.set(fingerprint, row)
      return
    }
    const group = this.duplicates.get(fingerprint)
    if (group) group.push(row)
    else this.duplicates.set(fingerprint, [first, row])
  }

  private isRepeatedHeader(cells: Cell[]): boolean {
    const header = this.headerCells
    if (cells[0] !== header[0] || cells.length < header.length) return false
    for (let i = 1; i < header.length; i++) if (cells[i] !== header[i]) return false
    return true
  }
}
