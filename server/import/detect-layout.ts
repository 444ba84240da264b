// Where the data starts and stops: title rows and blank rows above the headings are skipped, and
// footer lines such as "Total records: 12" or "End of report" are not data.
import type { Cell } from '../../methodology/chronology/cell.js'
import { cellText, isEmptyCell } from '../../methodology/chronology/cell.js'
import { looksLikeDate } from '../../methodology/chronology/dates.js'

export function isBlankRow(cells: readonly Cell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isEmptyCell(cells[i])) return false
  return true
}

/** Filled cells, counting no further than `limit`. */
function filledCells(cells: readonly Cell[], limit = Infinity): number {
  let n = 0
  for (let i = 0; i < cells.length && n < limit; i++) if (!isEmptyCell(cells[i])) n++
  return n
}

const FOOTER = new RegExp(
  [
    '^\\s*(?:grand\\s+)?totals?\\b',
    '^\\s*(?:number|count|no\\.?)\\s+of\\s+(?:records|rows|entries|events|contacts)\\b',
    '^\\s*(?:records|rows|entries|events|contacts)\\s*(?::|=|\\btotal\\b|\\breturned\\b)',
    '^\\s*end\\s+of\\s+(?:the\\s+)?(?:report|extract|file|data|records?|chronology)\\b',
    '^\\s*(?:report|extract)\\s+(?:ends|complete|completed|generated|produced|run)\\b',
    '^\\s*(?:printed|generated|produced|extracted|exported)\\s+(?:on|by|at)\\b',
    '^\\s*page\\s+\\d+(?:\\s+of\\s+\\d+)?\\s*$',
    '^\\s*[*=_~-]{3,}',
  ].join('|'),
  'i',
)

/** A footer line: text in the first cell such as "Total records: 12", with at most one other cell filled. */
export function isFooterRow(cells: readonly Cell[]): boolean {
  const first = cells[0]
  if (typeof first !== 'string' || first === '') return false
  return FOOTER.test(first) && filledCells(cells, 3) <= 2
}

/** Headings are words: a row holding a date (say "Extract run, 01/07/2020") is not the heading row. */
function looksLikeHeading(cells: readonly Cell[]): boolean {
  let filled = 0
  let numbers = 0
  for (const cell of cells) {
    if (isEmptyCell(cell)) continue
    filled++
    if (typeof cell !== 'string' || looksLikeDate(cell)) return false
    if (/^\s*-?\d+(?:[.,]\d+)?\s*$/.test(cell)) numbers++
  }
  return filled > 0 && numbers * 2 < filled
}

/**
 * The index of the heading row among the first rows of a file: the first row about as wide as the
 * data (so a one-cell title such as "Eastbury Police — extract for review" is passed over) whose
 * cells read as headings rather than values. -1 when every row is blank.
 */
export function findHeaderRow(rows: readonly (readonly Cell[])[]): number {
  const widths = rows.map((cells) => filledCells(cells))
  const frequency = new Map<number, number>()
  for (const w of widths) if (w > 0) frequency.set(w, (frequency.get(w) ?? 0) + 1)
  if (frequency.size === 0) return -1
  let typical = 0
  let seen = 0
  for (const [w, n] of frequency) {
    if (n > seen || (n === seen && w > typical)) {
      typical = w
      seen = n
    }
  }
  const needed = typical <= 1 ? 1 : Math.max(2, Math.ceil(typical * 0.6))
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i] as readonly Cell[]
    if ((widths[i] as number) >= needed && looksLikeHeading(cells) && !isFooterRow(cells)) return i
  }
  return widths.findIndex((w) => w > 0)
}

/**
 * Column headings as text: trimmed; a blank heading becomes "Column 3"; a repeated heading gets
 * " (2)" so that each column can be named in a mapping. Blank headings after the last named column
 * are dropped.
 */
export function headingsOf(cells: readonly Cell[]): string[] {
  let last = cells.length - 1
  while (last >= 0 && isEmptyCell(cells[last])) last--
  const headings: string[] = []
  const seen = new Map<string, number>()
  for (let i = 0; i <= last; i++) {
    const text = (cellText(cells[i]) ?? '').trim()
    let heading = text === '' ? `Column ${i + 1}` : text
    const key = heading.toLowerCase()
    const count = (seen.get(key) ?? 0) + 1
    seen.set(key, count)
    if (count > 1) heading = `${heading} (${count})`
    headings.push(heading)
  }
  return headings
}
