// Every row of a file passes here on its way to the analysis: past the row, column or cell limit, the
// import stops with the row and column named (XLSX rows are also checked as they are read).
import type { Cell } from '../../methodology/chronology/cell.js'
import type { ImportLimits } from './import-limits.js'
import { cellTooLong, tooManyColumns, tooManyRows } from './import-limits.js'

/** Columns up to the last one with something in it: trailing empty cells are left by many exports. */
function usedWidth(cells: Cell[]): number {
  let width = cells.length
  while (width > 0) {
    const cell = cells[width - 1]
    if (cell !== null && cell !== undefined && cell !== '') break
    width--
  }
  return width
}

export async function* limitRows(rows: AsyncIterable<Cell[]>, fileName: string, limits: ImportLimits): AsyncGenerator<Cell[]> {
  let row = 0
  for await (const cells of rows) {
    row++
    if (row > limits.maxRows) throw tooManyRows(fileName, limits, row)
    if (cells.length > limits.maxColumns) {
      const width = usedWidth(cells)
      if (width > limits.maxColumns) throw tooManyColumns(fileName, limits, row, width)
    }
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]
      if (typeof cell === 'string' && cell.length > limits.maxCellChars) throw cellTooLong(fileName, limits, row, i, cell.length)
    }
    yield cells
  }
}
