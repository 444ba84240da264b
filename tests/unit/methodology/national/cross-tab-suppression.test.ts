import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { recoverable } from '../../../support/recoverable.js'
import { WITHHELD, crossTabPattern, suppressCrossTable, type CrossTable, type HiddenPattern } from '../../../../methodology/national/cross-tab-suppression.js'

/** A table whose totals are the sums of its cells (the case where an observer learns most from them). */
function tableOf(values: number[][]): CrossTable {
  const cell = (reviews: number) => ({ reviews, findings: reviews * 3 })
  const columns = values[0]?.length ?? 0
  const rowTotals = values.map((row) => row.reduce((s, v) => s + v, 0))
  const columnTotals = Array.from({ length: columns }, (_, c) => values.reduce((s, row) => s + row[c]!, 0))
  return {
    cells: values.map((row) => row.map(cell)),
    rowTotals: rowTotals.map(cell),
    columnTotals: columnTotals.map(cell),
    grandTotal: cell(rowTotals.reduce((s, v) => s + v, 0)),
  }
}

/** The table with totals as one grid, and which of its entries are hidden. */
function gridOf(table: CrossTable, pattern: HiddenPattern): { values: number[][]; hidden: boolean[][] } {
  return {
    values: [...table.cells.map((row, r) => [...row.map((c) => c.reviews), table.rowTotals[r]!.reviews]), [...table.columnTotals.map((c) => c.reviews), table.grandTotal.reviews]],
    hidden: [...pattern.cells.map((row, r) => [...row, pattern.rowTotals[r]!]), [...pattern.columnTotals, pattern.grandTotal]],
  }
}

const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 4, arbitrary: fc.integer({ min: 5, max: 60 }) },
)
const tables = fc.integer({ min: 1, max: 6 }).chain((columns) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 7 }))

describe('two-way tables: primary and complementary suppression', () => {
  it('hides every cell and total counting 1 to 4 reviews, and shows 0', () => {
    fc.assert(fc.property(tables, (values) => {
      const table = tableOf(values)
      const { values: g, hidden } = gridOf(table, crossTabPattern(table))
      g.forEach((row, r) => row.forEach((v, c) => { if (v >= 1 && v <= 4) expect(hidden[r]![c], `entry ${r},${c} = ${v}`).toBe(true) }))
    }), { numRuns: 500 })
  })

  it('leaves no hidden cell or total that can be worked out exactly from the shown cells and the totals', () => {
    fc.assert(fc.property(tables, (values) => {
      const table = tableOf(values)
      const { values: g, hidden } = gridOf(table, crossTabPattern(table))
      expect(recoverable(g, hidden)).toEqual([])
    }), { numRuns: 500 })
  })

  it('in every row and column whose total is shown, the hidden entries add up to 0 or at least 5', () => {
    fc.assert(fc.property(tables, (values) => {
      const table = tableOf(values)
      const { values: g, hidden } = gridOf(table, crossTabPattern(table))
      const R = g.length - 1
      const C = g[0]!.length - 1
      for (let r = 0; r <= R; r++) {
        if (hidden[r]![C]) continue
        const sum = g[r]!.slice(0, C).reduce((s, v, c) => s + (hidden[r]![c] ? v : 0), 0)
        expect(sum === 0 || sum >= 5, `row ${r}: hidden sum ${sum}`).toBe(true)
      }
      for (let c = 0; c <= C; c++) {
        if (hidden[R]![c]) continue
        const sum = g.slice(0, R).reduce((s, row, r) => s + (hidden[r]![c] ? row[c]! : 0), 0)
        expect(sum === 0 || sum >= 5, `column ${c}: hidden sum ${sum}`).toBe(true)
      }
    }), { numRuns: 500 })
  })

  it('the reasoning used by the check finds the hidden cell that primary suppression alone leaves open', () => {
    // One small cell in a row and column otherwise shown: row total minus the others gives it back.
    const table = tableOf([[3, 20], [30, 40]])
    const primaryOnly: HiddenPattern = { cells: [[true, false], [false, false]], rowTotals: [false, false], columnTotals: [false, false], grandTotal: false }
    const { values, hidden } = gridOf(table, primaryOnly)
    expect(recoverable(values, hidden)).toEqual([[0, 0]])
  })

  it('hides nothing in a table without small numbers, and hides a rectangle around a lone small cell', () => {
    expect(crossTabPattern(tableOf([[10, 20], [30, 40]]))).toEqual({ cells: [[false, false], [false, false]], rowTotals: [false, false], columnTotals: [false, false], grandTotal: false })
    const shown = suppressCrossTable(tableOf([[3, 20, 6], [30, 40, 50], [7, 8, 9]]))
    expect(shown.cells.map((row) => row.map((c) => c.reviews))).toEqual([[WITHHELD, 20, WITHHELD], [30, 40, 50], [WITHHELD, 8, WITHHELD]])
    expect(shown.rowTotals.map((c) => c.reviews)).toEqual([29, 120, 24])
    expect(shown.grandTotal).toEqual({ reviews: 173, findings: 519, withheld: false })
  })

  it('hides the findings of a cell with its reviews', () => {
    const shown = suppressCrossTable(tableOf([[2, 9], [9, 9]]))
    for (const row of shown.cells) for (const c of row) expect(c.findings === WITHHELD).toBe(c.reviews === WITHHELD)
  })
})
