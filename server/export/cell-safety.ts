// Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one) as a
// formula, and some do so after leading spaces, no-break spaces or invisible characters too. Text from agency
// records is never meant as a formula, so every exported text cell that could be read as one gets a leading
// apostrophe: it then shows as the text it is.

// A tab or line break as the very first character, or any run of white space (ordinary, no-break, ideographic),
// control, zero-width, bidi or other invisible characters followed by a formula sign, ASCII or full-width. (A line
// break after a leading space is ordinary text, not a formula start.)
const FORMULA_START = /^(?:[\t\r\n]|[\s\p{Zs}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*[=+\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66])/u

/** The text to write into a CSV or XLSX cell. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** Text cells neutralised; numbers, booleans and empty cells as they are. */
export function neutraliseRow<T extends string | number | boolean | null | undefined>(cells: readonly T[]): (T | string)[] {
  return cells.map((cell) => (typeof cell === 'string' ? neutraliseCell(cell) : cell))
}
