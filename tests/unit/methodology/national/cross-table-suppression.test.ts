// Suppression across the tables of one set of filters: the one-way tables of two groupings, the two-way table of
// them, and the page's total. An observer holds all of them at once, so what one table hides must not come back
// from what another shows.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { recoverable } from '../../../support/recoverable.js'
import { crossTabPattern, type CrossSplits, type CrossTable } from '../../../../methodology/national/cross-tab-suppression.js'
import { SUPPRESSED, WITHHELD, hiddenRows, suppressRows, type CountCell, type Splits } from '../../../../methodology/national/suppression.js'

const cell = (reviews: number): CountCell => ({ reviews, findings: reviews * 2 + (reviews > 0 ? 1 : 0) })
const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0)

/** A two-way table of two groupings that each split the reviews: every total the sum of its cells. */
function tableOf(values: number[][]): CrossTable {
  const columns = values[0]?.length ?? 0
  const rowTotals = values.map(sum)
  const columnTotals = Array.from({ length: columns }, (_, c) => sum(values.map((row) => row[c]!)))
  return { cells: values.map((row) => row.map(cell)), rowTotals: rowTotals.map(cell), columnTotals: columnTotals.map(cell), grandTotal: cell(sum(rowTotals)) }
}

/**
 * What an observer of every table of the filters knows, as one grid (last row the column totals, last column the
 * row totals): a cell is hidden where the two-way table hides it; a row or column total only where the two-way
 * table AND the one-way table of its grouping hide it; the grand total only when it is small (any one-way table
 * of a grouping that splits the data and hides no row adds up to it, so it is taken as known).
 */
function observed(table: CrossTable, splits: CrossSplits): { values: number[][]; hidden: boolean[][] } {
  const pattern = crossTabPattern(table, splits)
  const oneWayRows = hiddenRows(table.rowTotals, table.grandTotal, splits.rows)
  const oneWayColumns = hiddenRows(table.columnTotals, table.grandTotal, splits.columns)
  return {
    values: [...table.cells.map((row, r) => [...row.map((c) => c.reviews), table.rowTotals[r]!.reviews]), [...table.columnTotals.map((c) => c.reviews), table.grandTotal.reviews]],
    hidden: [
      ...pattern.cells.map((row, r) => [...row, pattern.rowTotals[r]! && oneWayRows[r] !== null]),
      [...pattern.columnTotals.map((h, c) => h && oneWayColumns[c] !== null), pattern.grandTotal && table.grandTotal.reviews < 5],
    ],
  }
}

const BOTH: CrossSplits = { rows: 'reviews', columns: 'reviews' }

const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) },
  { weight: 4, arbitrary: fc.integer({ min: 5, max: 60 }) },
)
const tables = fc.integer({ min: 1, max: 6 }).chain((columns) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: 1, maxLength: 7 }))
/** The rows of a one-way table of a grouping that splits the reviews, with at least one review. */
const oneWayRows = fc.array(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 80 })), { minLength: 1, maxLength: 12 })

describe('one-way tables whose rows split the data, with the total known', () => {
  it('a lone "<5" row comes back from the total, which a table that hides nothing adds up to, so another row is withheld with it', () => {
    // By region nothing is hidden (so the total is 53); by year one row is small.
    const years = [30, 3, 20].map(cell)
    const total = cell(53)
    expect(suppressRows(years, total, 'reviews').map((r) => r.reviews)).toEqual([30, SUPPRESSED, WITHHELD])
  })

  it('leaves no hidden row that the total and the shown rows pin to one value, bounds included', () => {
    fc.assert(fc.property(oneWayRows, (values) => {
      const rows = values.map(cell)
      const total = cell(sum(values))
      const hidden = hiddenRows(rows, total, 'reviews')
      values.forEach((v, i) => { if (v < 5) expect(hidden[i], `row ${i} = ${v}`).not.toBeNull() })
      const at = hidden.flatMap((h, i) => (h === null ? [] : [i]))
      // A total under 5 is hidden everywhere (and every row is small): nothing adds up to it.
      if (at.length === 0 || sum(values) < 5) return
      // Brute force over the values the bounds allow (a "<5" row is 1 to 4; a withheld row at least 1): every
      // hidden row must have two possible values that fit the total.
      const left = sum(values) - sum(values.filter((_, i) => hidden[i] === null))
      expect(at.length).toBeGreaterThanOrEqual(2)
      for (const i of at) {
        const possible = new Set<number>()
        const others = at.filter((j) => j !== i)
        const hi = (j: number) => (hidden[j] === SUPPRESSED ? 4 : left)
        for (let v = 1; v <= hi(i); v++) {
          const rest = left - v
          if (rest >= others.length && rest <= sum(others.map(hi))) possible.add(v)
        }
        expect(possible.size, `row ${i} of ${JSON.stringify(values)} hidden as ${JSON.stringify(hidden)}`).toBeGreaterThanOrEqual(2)
      }
      // The hidden rows together are not a small group.
      expect(left).toBeGreaterThanOrEqual(5)
    }), { numRuns: 1000 })
  })

  it('hides only the small rows of a grouping whose rows overlap (they add up to nothing)', () => {
    expect(suppressRows([30, 3, 20].map(cell), cell(40), null).map((r) => r.reviews)).toEqual([30, SUPPRESSED, 20])
  })
})

describe('a two-way table beside the one-way tables of the same filters', () => {
  it('never hides a row or column total that the one-way table shows, so no total is hidden in one place and shown in another', () => {
    fc.assert(fc.property(tables, (values) => {
      const table = tableOf(values)
      const pattern = crossTabPattern(table, BOTH)
      expect(pattern.rowTotals).toEqual(hiddenRows(table.rowTotals, table.grandTotal, 'reviews').map((h) => h !== null))
      expect(pattern.columnTotals).toEqual(hiddenRows(table.columnTotals, table.grandTotal, 'reviews').map((h) => h !== null))
      expect(pattern.grandTotal).toBe(table.grandTotal.reviews > 0 && table.grandTotal.reviews < 5)
    }), { numRuns: 500 })
  })

  it('a single-row table (its grouping pinned by a filter) keeps its cells hidden with the one-way totals known', () => {
    // Region pinned to one value: one row. Sex by itself shows 20 for the second column; the cell 3 must not come back.
    const table = tableOf([[3, 20, 9]])
    const { values, hidden } = observed(table, BOTH)
    expect(hidden[0]![0]).toBe(true)
    expect(recoverable(values, hidden)).toEqual([])
  })

  it('leaves no hidden cell or total that can be worked out from all the tables together', () => {
    fc.assert(fc.property(tables, (values) => {
      const { values: g, hidden } = observed(tableOf(values), BOTH)
      g.forEach((row, r) => row.forEach((v, c) => { if (v >= 1 && v <= 4) expect(hidden[r]![c], `entry ${r},${c} = ${v}`).toBe(true) }))
      expect(recoverable(g, hidden)).toEqual([])
    }), { numRuns: 1000 })
  })

  /**
   * Rows of an overlapping grouping (typology codes): each review counts in one column but may count in several
   * rows, so each row adds up across the columns and the columns add up to nothing. Generated as such.
   */
  const overlapping = fc.tuple(tables, fc.array(fc.nat({ max: 30 }), { minLength: 6, maxLength: 6 })).map(([values, overlap]) => {
    const columns = values[0]!.length
    const columnSums = Array.from({ length: columns }, (_, c) => sum(values.map((row) => row[c]!)))
    // A review in several rows of a column counts once in its total: at least the largest cell, at most the sum.
    const columnTotals = columnSums.map((s, c) => Math.max(Math.max(...values.map((row) => row[c]!)), s - overlap[c]!))
    const table: CrossTable = {
      cells: values.map((row) => row.map(cell)), rowTotals: values.map((row) => cell(sum(row))),
      columnTotals: columnTotals.map(cell), grandTotal: cell(sum(columnTotals)),
    }
    return table
  })

  it('with rows that overlap, nothing hidden can be worked out from the rows, which alone add up', () => {
    const splits: CrossSplits = { rows: null, columns: 'reviews' }
    fc.assert(fc.property(overlapping, (table) => {
      const { values, hidden } = observed(table, splits)
      values.forEach((row, r) => row.forEach((v, c) => { if (v >= 1 && v <= 4) expect(hidden[r]![c], `entry ${r},${c} = ${v}`).toBe(true) }))
      expect(recoverable(values, hidden, { rows: true, columns: false })).toEqual([])
    }), { numRuns: 500 })
  })

  it('with groupings that split only the findings (system level), still nothing comes back as if they split the reviews', () => {
    const kinds: Splits[] = ['reviews', 'findings']
    fc.assert(fc.property(tables, fc.constantFrom(...kinds), fc.constantFrom(...kinds), (values, rows, columns) => {
      const { values: g, hidden } = observed(tableOf(values), { rows, columns })
      expect(recoverable(g, hidden)).toEqual([])
    }), { numRuns: 300 })
  })
})
