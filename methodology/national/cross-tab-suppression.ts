// Suppression for two-way tables (rows × columns with row, column and grand totals), so that no hidden cell can
// be worked out from the cells shown and the totals, of this table or of the one-way tables of the same filters.
//
// 1. Primary: a cell counting 1 to 4 reviews is hidden (suppression.ts's threshold). A 0 is shown: it is nobody.
// 2. Totals are the one-way tables'. The row totals are the one-way table of the row grouping under the same
//    filters, which the dashboard and the API show too, so they are hidden exactly where that table hides them
//    (suppression.ts, rules 1 and 4), and never to protect a cell: a total hidden here but shown there would
//    give a hidden cell back. Likewise the column totals; the grand total is the page's, hidden only when small.
// 3. Complementary. Write the table with its totals as an (R+1) × (C+1) grid. Where the column grouping splits
//    the data, every row of the grid adds up (its total taken with a minus sign), and where the row grouping does,
//    every column; rows of an overlapping grouping (typology codes, agencies, risk factors) add up to nothing.
//    Someone who knows the shown numbers knows, for each line that adds up, the sum of its hidden entries. The
//    hidden entries are the edges of a graph between the grid's lines, with the lines that add up to nothing
//    merged into one node (they say nothing); a hidden entry can be worked out from those sums exactly when it
//    lies on no cycle of that graph (a bridge): along a cycle one can add to every other entry and take from the
//    rest without changing any sum, and an entry on no cycle has no such freedom. So more cells are hidden until
//    the graph has no bridge; each bridge is closed by the cheapest path of cells (smallest counts) that makes a
//    cycle through it. Totals that split only the findings (system level) are treated as adding up in reviews
//    too, which gives an observer more than they have, so the rule is safe either way.
// 4. Small sums. The hidden cells of a row or column whose total is shown add up to a number anyone can work
//    out; where the reviews add up, that number must itself not be small (1 to 4), so cells are added until not.
// All hidden entries carry one marker (WITHHELD): a separate marker for cells hidden only to protect others
// would tell an observer those are 5 or more, and with the totals that can pin down a small one.
import { SUPPRESSED_BELOW, WITHHELD, hiddenRows, isSmall, type CountCell, type Splits } from './suppression.js'

export { WITHHELD }
export type CrossShown = number | typeof WITHHELD

export interface CrossTable {
  /** cells[r][c]; every row the same length. */
  cells: CountCell[][]
  rowTotals: CountCell[]
  columnTotals: CountCell[]
  grandTotal: CountCell
}

export interface HiddenPattern {
  cells: boolean[][]
  rowTotals: boolean[]
  columnTotals: boolean[]
  grandTotal: boolean
}

export interface ShownCrossCell {
  reviews: CrossShown
  findings: CrossShown
  withheld: boolean
}

export interface ShownCrossTable {
  cells: ShownCrossCell[][]
  rowTotals: ShownCrossCell[]
  columnTotals: ShownCrossCell[]
  grandTotal: ShownCrossCell
}

/** How the table's groupings split the data (suppression.ts); by default both split the reviews. */
export interface CrossSplits {
  rows: Splits
  columns: Splits
}

/** Primary suppression: 1 to 4 reviews. */
function primary(cell: CountCell): boolean {
  return cell.reviews > 0 && isSmall(cell.reviews)
}

/** The grid with totals: rows 0..R-1 cells, row R the column totals; column C the row totals. */
function grid(table: CrossTable): number[][] {
  const rows = table.cells.map((row, r) => [...row.map((c) => c.reviews), table.rowTotals[r]!.reviews])
  rows.push([...table.columnTotals.map((c) => c.reviews), table.grandTotal.reviews])
  return rows
}

/** Which of the grid's lines add up: its rows where the column grouping splits the data, its columns where the rows do. */
export interface AddingLines {
  rows: boolean
  columns: boolean
}

/** The graph's node for each line: rows 0..R-1, columns R..R+C-1, and every line that adds up to nothing at R+C. */
function nodesOf(R: number, C: number, adding: AddingLines) {
  const ground = R + C
  return { ground, row: (r: number) => (adding.rows ? r : ground), column: (c: number) => (adding.columns ? R + c : ground) }
}

/** Hidden entries of the grid that lie on no cycle of the hidden graph (see the header). */
export function bridges(hidden: boolean[][], adding: AddingLines = { rows: true, columns: true }): Array<[number, number]> {
  const R = hidden.length
  const C = hidden[0]?.length ?? 0
  const nodes = nodesOf(R, C, adding)
  const n = R + C + 1
  const adj: Array<Array<[number, number]>> = Array.from({ length: n }, () => [])
  let edge = 0
  const ends: Array<[number, number]> = []
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    if (!hidden[r]![c]) continue
    const [u, v] = [nodes.row(r), nodes.column(c)]
    adj[u]!.push([v, edge])
    adj[v]!.push([u, edge])
    ends.push([r, c])
    edge++
  }
  const disc = new Array<number>(n).fill(-1)
  const low = new Array<number>(n).fill(0)
  const found: Array<[number, number]> = []
  let time = 0
  // Iterative depth-first search (a table can have a few hundred rows).
  for (let start = 0; start < n; start++) {
    if (disc[start] !== -1) continue
    const stack: Array<{ v: number; via: number; i: number }> = [{ v: start, via: -1, i: 0 }]
    disc[start] = low[start] = time++
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const next = adj[top.v]![top.i++]
      if (next !== undefined) {
        const [w, e] = next
        if (e === top.via) continue
        if (disc[w] === -1) {
          disc[w] = low[w] = time++
          stack.push({ v: w, via: e, i: 0 })
        } else {
          low[top.v] = Math.min(low[top.v]!, disc[w]!)
        }
        continue
      }
      stack.pop()
      const parent = stack[stack.length - 1]
      if (parent !== undefined) {
        low[parent.v] = Math.min(low[parent.v]!, low[top.v]!)
        if (low[top.v]! > disc[parent.v]!) found.push(ends[top.via]!)
      }
    }
  }
  return found
}

/**
 * Closes the bridge (br, bc) with the cheapest path of cells that makes a cycle through it, without the entry
 * itself (Dijkstra; entries already hidden are free, a cell costs its count, a zero a little, and a total that is
 * shown cannot be used: the one-way tables show it). Returns the cells to hide, or null when there is no such path.
 */
function cheapestCycle(values: number[][], hidden: boolean[][], adding: AddingLines, br: number, bc: number): Array<[number, number]> | null {
  const R = values.length
  const C = values[0]!.length
  const nodes = nodesOf(R, C, adding)
  const n = R + C + 1
  const adj: Array<Array<{ to: number; r: number; c: number; cost: number }>> = Array.from({ length: n }, () => [])
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    if (r === br && c === bc) continue
    const isTotal = r === R - 1 || c === C - 1
    if (isTotal && !hidden[r]![c]) continue
    const value = values[r]![c]!
    // A zero costs a little: hiding it loses almost nothing, but it does not help rule 4.
    const cost = hidden[r]![c] ? 0 : value === 0 ? 0.5 : value
    const [u, v] = [nodes.row(r), nodes.column(c)]
    adj[u]!.push({ to: v, r, c, cost })
    adj[v]!.push({ to: u, r, c, cost })
  }
  const source = nodes.column(bc)
  const target = nodes.row(br)
  const dist = new Array<number>(n).fill(Infinity)
  const via = new Array<{ from: number; r: number; c: number } | null>(n).fill(null)
  const done = new Array<boolean>(n).fill(false)
  dist[source] = 0
  for (;;) {
    let u = -1
    for (let v = 0; v < n; v++) if (!done[v] && dist[v]! < Infinity && (u === -1 || dist[v]! < dist[u]!)) u = v
    if (u === -1 || u === target) break
    done[u] = true
    for (const e of adj[u]!) {
      if (dist[u]! + e.cost < dist[e.to]!) {
        dist[e.to] = dist[u]! + e.cost
        via[e.to] = { from: u, r: e.r, c: e.c }
      }
    }
  }
  if (dist[target] === Infinity) return null
  const path: Array<[number, number]> = []
  for (let v = target; v !== source; v = via[v]!.from) {
    const step = via[v]!
    if (!hidden[step.r]![step.c]) path.push([step.r, step.c])
  }
  return path
}

/** Rule 4: in a row or column of cells whose total is shown and whose reviews add up, the hidden cells' sum is 0 or at least 5. */
function smallHiddenSum(values: number[][], hidden: boolean[][], splits: CrossSplits): [number, number] | null {
  const R = values.length - 1
  const C = values[0]!.length - 1
  const lines: Array<{ cells: Array<[number, number]>; total: [number, number] }> = [
    ...(splits.columns === 'reviews' ? Array.from({ length: R }, (_, r) => ({ cells: Array.from({ length: C }, (__, c) => [r, c] as [number, number]), total: [r, C] as [number, number] })) : []),
    ...(splits.rows === 'reviews' ? Array.from({ length: C }, (_, c) => ({ cells: Array.from({ length: R }, (__, r) => [r, c] as [number, number]), total: [R, c] as [number, number] })) : []),
  ]
  for (const { cells, total } of lines) {
    if (hidden[total[0]]![total[1]]) continue
    const sum = cells.filter(([r, c]) => hidden[r]![c]).reduce((s, [r, c]) => s + values[r]![c]!, 0)
    if (sum > 0 && isSmall(sum)) {
      // Hide the smallest shown cell with something in it (there is one: otherwise the hidden sum is the total, shown, so at least 5).
      const candidates = cells.filter(([r, c]) => !hidden[r]![c] && values[r]![c]! > 0).sort(([r1, c1], [r2, c2]) => values[r1]![c1]! - values[r2]![c2]!)
      if (candidates[0]) return candidates[0]
    }
  }
  return null
}

/** Which entries of the table (cells and totals) to hide. */
export function crossTabPattern(table: CrossTable, splits: CrossSplits = { rows: 'reviews', columns: 'reviews' }): HiddenPattern {
  const values = grid(table)
  const R = values.length
  const C = values[0]!.length
  const rowTotals = hiddenRows(table.rowTotals, table.grandTotal, splits.rows).map((h) => h !== null)
  const columnTotals = hiddenRows(table.columnTotals, table.grandTotal, splits.columns).map((h) => h !== null)
  const hidden = values.map((row, r) => row.map((_, c) => {
    if (r < R - 1 && c < C - 1) return primary(table.cells[r]![c]!)
    if (r < R - 1) return rowTotals[r]!
    if (c < C - 1) return columnTotals[c]!
    return primary(table.grandTotal)
  }))
  const adding: AddingLines = { rows: splits.columns !== null, columns: splits.rows !== null }
  // With no rows or no columns there is only the grand total, and nothing to work it out from.
  if (R > 1 && C > 1) {
    // Each round hides at least one more cell, so this ends; the bound is only a guard.
    for (let round = 0; round < R * C + 1; round++) {
      const open = bridges(hidden, adding)
      if (open.length > 0) {
        const [br, bc] = open[0]!
        const path = cheapestCycle(values, hidden, adding, br, bc)
        // Only where the totals do not agree with the cells (they are counted apart): better no table than a leak.
        if (path === null || path.length === 0) throw new Error('No cycle of cells can close a hidden entry: the totals do not agree with the cells')
        for (const [r, c] of path) hidden[r]![c] = true
        continue
      }
      const small = smallHiddenSum(values, hidden, splits)
      if (small === null) break
      hidden[small[0]]![small[1]] = true
    }
  }
  return {
    cells: hidden.slice(0, R - 1).map((row) => row.slice(0, C - 1)),
    rowTotals: hidden.slice(0, R - 1).map((row) => row[C - 1]!),
    columnTotals: hidden[R - 1]!.slice(0, C - 1),
    grandTotal: hidden[R - 1]![C - 1]!,
  }
}

function show(cell: CountCell, hidden: boolean): ShownCrossCell {
  return hidden ? { reviews: WITHHELD, findings: WITHHELD, withheld: true } : { reviews: cell.reviews, findings: cell.findings, withheld: false }
}

/** The table as it may be shown: every hidden entry, cell or total, carries the one marker. */
export function suppressCrossTable(table: CrossTable, splits?: CrossSplits): ShownCrossTable {
  const pattern = crossTabPattern(table, splits)
  return {
    cells: table.cells.map((row, r) => row.map((cell, c) => show(cell, pattern.cells[r]![c]!))),
    rowTotals: table.rowTotals.map((cell, r) => show(cell, pattern.rowTotals[r]!)),
    columnTotals: table.columnTotals.map((cell, c) => show(cell, pattern.columnTotals[c]!)),
    grandTotal: show(table.grandTotal, pattern.grandTotal),
  }
}

export { SUPPRESSED_BELOW }
