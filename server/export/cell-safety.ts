// Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one) as a
// formula. Text from agency records is never meant as a formula, so every exported text cell that could be
// read as one gets a leading apostrophe: it then shows as the text it is.

const FORMULA_START = /^[=+\-@\t\r\n]/

/** The text to write into a CSV or XLSX cell. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** Text cells neutralised; numbers, booleans and empty cells as they are. */
export function neutraliseRow<T extends string | number | boolean | null | undefined>(cells: readonly T[]): (T | string)[] {
  return cells.map((cell) => (typeof cell === 'string' ? neutraliseCell(cell) : cell))
}
