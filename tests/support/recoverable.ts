// The observer of a table with its totals, by brute linear algebra: which hidden entries can be worked out exactly
// from the shown ones. Used to check suppression (cross-tab-suppression.ts) and the drill-downs that must not undo it.

/**
 * `values` is the table with its totals as one grid (last row the column totals, last column the row totals);
 * `hidden` marks the entries not shown. Unknowns are the hidden entries; each row and column gives one equation,
 * "its cells add up to its total", with the shown entries moved to the right. An unknown can be worked out exactly
 * when the unit vector for it lies in the span of the equations, i.e. adding it as an equation does not raise the rank.
 * `adding` says which lines are equations: the grid's rows add up only where the columns split the data, and its
 * columns only where the rows do (a grouping whose rows overlap adds up to nothing).
 */
export function recoverable(values: number[][], hidden: boolean[][], adding: { rows: boolean; columns: boolean } = { rows: true, columns: true }): Array<[number, number]> {
  const R = values.length
  const C = values[0]!.length
  const unknowns: Array<[number, number]> = []
  const index = new Map<string, number>()
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) if (hidden[r]![c]) { index.set(`${r},${c}`, unknowns.length); unknowns.push([r, c]) }
  const equations: number[][] = []
  const sign = (r: number, c: number, lineIsRow: boolean) => (lineIsRow ? (c === C - 1 ? -1 : 1) : (r === R - 1 ? -1 : 1))
  for (let r = 0; r < R && adding.rows; r++) {
    const eq = new Array<number>(unknowns.length).fill(0)
    for (let c = 0; c < C; c++) { const i = index.get(`${r},${c}`); if (i !== undefined) eq[i] = sign(r, c, true) }
    equations.push(eq)
  }
  for (let c = 0; c < C && adding.columns; c++) {
    const eq = new Array<number>(unknowns.length).fill(0)
    for (let r = 0; r < R; r++) { const i = index.get(`${r},${c}`); if (i !== undefined) eq[i] = sign(r, c, false) }
    equations.push(eq)
  }
  const base = rank(equations)
  return unknowns.filter((_, i) => rank([...equations, unknowns.map((__, j) => (j === i ? 1 : 0))]) === base)
}

export function rank(matrix: number[][]): number {
  const m = matrix.map((row) => [...row])
  let rank = 0
  const columns = m[0]?.length ?? 0
  for (let col = 0; col < columns && rank < m.length; col++) {
    let pivot = -1
    for (let r = rank; r < m.length; r++) if (Math.abs(m[r]![col]!) > 1e-9 && (pivot === -1 || Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!))) pivot = r
    if (pivot === -1) continue
    ;[m[rank], m[pivot]] = [m[pivot]!, m[rank]!]
    for (let r = 0; r < m.length; r++) {
      if (r === rank) continue
      const factor = m[r]![col]! / m[rank]![col]!
      if (factor !== 0) for (let k = col; k < columns; k++) m[r]![k]! -= factor * m[rank]![k]!
    }
    rank++
  }
  return rank
}
