// Suppression for two-way tables (rows × columns with row, column and grand totals), so that no hidden cell can
// be worked out from the cells shown and the totals of the same table.
//
// 1. Primary: a cell or total counting 1 to 4 reviews is hidden (suppression.ts's threshold). A 0 is shown: it
//    is nobody.
// 2. Complementary. Write the table with its totals as an (R+1) × (C+1) grid in which every row and every
//    column adds up (the total taken with a minus sign). Someone who knows the shown numbers knows, for each row
//    and column, the sum of its hidden entries. The hidden entries are the edges of a bipartite graph between
//    the grid's rows and columns; a hidden entry can be worked out from those sums exactly when it lies on no
//    cycle of that graph (a bridge): along a cycle one can add to every other entry and take from the rest
//    without changing any sum, and an entry on no cycle has no such freedom. So more entries are hidden until
//    the graph has no bridge; each bridge is closed by the cheapest path (smallest counts, totals last) that
//    makes a cycle through it.
//    Totals are treated as if they were sums of their row or column even where a review can fall in several
//    rows (typology families): that gives an observer more than they really have, so the rule is safe either way.
// 3. Small sums. The hidden entries of a row or column whose total is shown add up to a number anyone can
//    work out; that number must itself not be small (1 to 4), so hidden entries are added until it is not.
// All hidden entries carry one marker (WITHHELD): a separate marker for cells hidden only to protect others
// would tell an observer those are 5 or more, and with the totals that can pin down a small one.
import { SUPPRESSED_BELOW, isSmall, type CountCell } from './suppression.js'

export const WITHHELD = '[c]' as const
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

/** Hidden entries of the grid that lie on no cycle of the hidden graph (rows 0..R, columns R+1..R+C+1). */
export function bridges(hidden: boolean[][]): Array<[number, number]> {
  const R = hidden.length
  const C = hidden[0]?.length ?? 0
  const n = R + C
  const adj: Array<Array<[number, number]>> = Array.from({ length: n }, () => [])
  let edge = 0
  const ends: Array<[number, number]> = []
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) {
    if (!hidden[r]![c]) continue
    adj[r]!.push([R + c, edge])
    adj[R + c]!.push([r, edge])
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

/** How much hiding an entry costs: its count, with totals (and most of all the grand total) last. */
function costOf(values: number[][], r: number, c: number): number {
  const R = values.length - 1
  const C = values[0]!.length - 1
  const value = values[r]![c]!
  if (r === R && c === C) return 1e9
  if (r === R || c === C) return 1e6 + value
  // A zero costs a little: hiding it loses almost nothing, but it does not help rule 3.
  return value === 0 ? 0.5 : value
}

/**
 * Closes the bridge (br, bc) with the cheapest path from column bc to row br that does not use the entry itself
 * (Dijkstra over the complete bipartite graph; entries already hidden are free). Returns the entries to hide.
 */
function cheapestCycle(values: number[][], hidden: boolean[][], br: number, bc: number): Array<[number, number]> {
  const R = values.length
  const C = values[0]!.length
  const n = R + C
  const dist = new Array<number>(n).fill(Infinity)
  const prev = new Array<number>(n).fill(-1)
  const done = new Array<boolean>(n).fill(false)
  const source = R + bc
  dist[source] = 0
  for (;;) {
    let u = -1
    for (let v = 0; v < n; v++) if (!done[v] && dist[v]! < Infinity && (u === -1 || dist[v]! < dist[u]!)) u = v
    if (u === -1 || u === br) break
    done[u] = true
    const isRow = u < R
    for (let k = 0; k < (isRow ? C : R); k++) {
      const v = isRow ? R + k : k
      const r = isRow ? u : k
      const c = isRow ? k : u - R
      if (r === br && c === bc) continue
      const w = hidden[r]![c] ? 0 : costOf(values, r, c)
      if (dist[u]! + w < dist[v]!) {
        dist[v] = dist[u]! + w
        prev[v] = u
      }
    }
  }
  const path: Array<[number, number]> = []
  if (dist[br] === Infinity) return path
  for (let v = br; prev[v] !== -1; v = prev[v]!) {
    const u = prev[v]!
    const [r, c] = v < R ? [v, u - R] : [u, v - R]
    if (!hidden[r]![c]) path.push([r, c])
  }
  return path
}

/** Rule 3: in a row or column whose total is shown, the hidden entries' sum is 0 or at least 5. */
function smallHiddenSum(values: number[][], hidden: boolean[][]): Array<[number, number]> | null {
  const R = values.length - 1
  const C = values[0]!.length - 1
  const lines: Array<Array<[number, number]>> = [
    ...Array.from({ length: R + 1 }, (_, r) => Array.from({ length: C }, (_, c) => [r, c] as [number, number])),
    ...Array.from({ length: C + 1 }, (_, c) => Array.from({ length: R }, (_, r) => [r, c] as [number, number])),
  ]
  for (const [index, line] of lines.entries()) {
    const total: [number, number] = index <= R ? [index, C] : [R, index - R - 1]
    if (hidden[total[0]]![total[1]]) continue
    const sum = line.filter(([r, c]) => hidden[r]![c]).reduce((s, [r, c]) => s + values[r]![c]!, 0)
    if (sum > 0 && isSmall(sum)) {
      // Hide the smallest shown entry with something in it; failing that, the total.
      const candidates = line.filter(([r, c]) => !hidden[r]![c] && values[r]![c]! > 0).sort(([r1, c1], [r2, c2]) => values[r1]![c1]! - values[r2]![c2]!)
      return [candidates[0] ?? total]
    }
  }
  return null
}

/** Which entries of the table (cells and totals) to hide. */
export function crossTabPattern(table: CrossTable): HiddenPattern {
  const values = grid(table)
  const R = values.length
  const C = values[0]!.length
  const hidden = values.map((row, r) => row.map((_, c) => {
    const cell = r < R - 1 ? (c < C - 1 ? table.cells[r]![c]! : table.rowTotals[r]!) : (c < C - 1 ? table.columnTotals[c]! : table.grandTotal)
    return primary(cell)
  }))
  // With no rows or no columns there is only the grand total, and nothing to work it out from.
  if (R === 1 || C === 1) return { cells: hidden.slice(0, R - 1).map(() => []), rowTotals: hidden.slice(0, R - 1).map((row) => row[0]!), columnTotals: hidden[R - 1]!.slice(0, C - 1), grandTotal: hidden[R - 1]![C - 1]! }
  // Each round hides at least one more entry, so this ends; the bound is only a guard.
  for (let round = 0; round < R * C + 1; round++) {
    const open = bridges(hidden)
    if (open.length > 0) {
      const [br, bc] = open[0]!
      const path = cheapestCycle(values, hidden, br, bc)
      if (path.length === 0) throw new Error('No cycle can close a hidden entry: the table has a single row or column of entries')
      for (const [r, c] of path) hidden[r]![c] = true
      continue
    }
    const small = smallHiddenSum(values, hidden)
    if (small === null) break
    for (const [r, c] of small) hidden[r]![c] = true
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
export function suppressCrossTable(table: CrossTable): ShownCrossTable {
  const pattern = crossTabPattern(table)
  return {
    cells: table.cells.map((row, r) => row.map((cell, c) => show(cell, pattern.cells[r]![c]!))),
    rowTotals: table.rowTotals.map((cell, r) => show(cell, pattern.rowTotals[r]!)),
    columnTotals: table.columnTotals.map((cell, c) => show(cell, pattern.columnTotals[c]!)),
    grandTotal: show(table.grandTotal, pattern.grandTotal),
  }
}

export { SUPPRESSED_BELOW }
