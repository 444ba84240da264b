// One cell of an agency extract as a reader hands it over: text from CSV, and from XLSX also numbers
// and real date cells (exceljs gives those as a Date holding the wall-clock value in UTC).

export type Cell = string | number | Date | null

export function isEmptyCell(cell: Cell | undefined): boolean {
  if (cell === null || cell === undefined) return true
  if (typeof cell !== 'string') return false
  if (cell.length === 0) return true
  // Most cells start with a visible ASCII character: decide without trimming (which copies).
  const first = cell.charCodeAt(0)
  if (first > 32 && first < 127) return false
  return cell.trim().length === 0
}

/**
 * A cell as text for a text field of an event. Strings are kept exactly as written (a cell holding
 * `=HYPERLINK(...)` stays that string); an empty cell is null.
 */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null
  if (typeof cell === 'string') return cell.length === 0 ? null : cell
  if (typeof cell === 'number') return String(cell)
  const ms = cell.getTime()
  if (Number.isNaN(ms)) return null
  const iso = cell.toISOString()
  // A date cell with no time of day reads as its date alone.
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ')
}
