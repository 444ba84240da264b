// Small-number suppression for everything national users see, so that no count points at one review.
//
// The rule, applied alike in the API, the dashboard's tables and charts, and CSV and XLSX exports:
//
// 1. Cells. A cell that counts fewer than 5 reviews shows "<5" for its reviews AND its findings (the number
//    of findings would say something about those few reviews too).
//
// 2. Totals. A suppressed cell could be worked out by subtracting the cells shown from a total, wherever the
//    rows of a table split the data: each review falls in exactly one region and one year, and each finding
//    at exactly one system level. So the number of reviews and findings matching the filters (the page's
//    total, and each of those tables' total row) is shown only when none of those tables hides a row; when
//    one does, the totals are withheld rather than rounded, because a rounded total next to exact cells can
//    still pin a hidden cell down to one value. Proportions are withheld with them, since a count and its
//    share give the total back.
//    Tables whose rows overlap are not totals of anything: a finding can carry several codes and name several
//    agencies, and a review or finding counts once in a family however many of its codes it has, so a family
//    row is a cell in its own right and a hidden code cannot be found by subtracting the others from it.
//    The API returns cells only, never totals.
//
// 3. Lists. A list of findings is shown only when the findings listed come from at least 5 reviews. A list
//    shows how many findings match (they can be counted) but never how many reviews they come from, nor any
//    review's facts, so a listed finding cannot be placed in a small cell.
//
// 4. Tables that split the data, across tables. Withholding the page's total does not keep it secret: any table
//    whose rows split the reviews (or the findings) and hides no row adds up to it, and a filter that pins such
//    a grouping to one value shows it as that row. So the total of the matching data is taken as known wherever
//    it counts 5 or more, and a table that splits the data hides more rows until its hidden rows cannot be worked
//    out from it: at least two, together at least 5 reviews, and none of them pinned to one value by the bounds
//    an observer has ("<5" is 1 to 4; a row withheld for the others' sake, WITHHELD, is at least 1). Two-way
//    tables take their row and column totals from these same one-way tables (cross-tab-suppression.ts), so every
//    table of the same filters shows the same margins.

export const SUPPRESSED_BELOW = 5
export const SUPPRESSED = '<5' as const
/** A number withheld so that others cannot be worked out (rule 4, and every hidden entry of a two-way table). */
export const WITHHELD = '[c]' as const

export type Shown = number | typeof SUPPRESSED | typeof WITHHELD

/**
 * How a grouping's rows relate to the matching data: each review in exactly one row ('reviews', e.g. region),
 * each finding in exactly one row but a review possibly in several ('findings', e.g. system level), or rows that
 * overlap (null, e.g. typology codes), whose counts add up to nothing.
 */
export type Splits = 'reviews' | 'findings' | null

export interface CountCell {
  reviews: number
  findings: number
}

export interface ShownCell {
  reviews: Shown
  findings: Shown
  suppressed: boolean
}

export function isSmall(reviews: number): boolean {
  return reviews < SUPPRESSED_BELOW
}

export function suppressCell(cell: CountCell): ShownCell {
  return isSmall(cell.reviews)
    ? { reviews: SUPPRESSED, findings: SUPPRESSED, suppressed: true }
    : { reviews: cell.reviews, findings: cell.findings, suppressed: false }
}

type HiddenAs = typeof SUPPRESSED | typeof WITHHELD | null

/** Rule 4: whether the hidden rows of a table that splits the data, with its total known, give nothing away. */
function hiddenRowsSafe(rows: readonly CountCell[], hidden: readonly HiddenAs[], total: CountCell, splits: 'reviews' | 'findings'): boolean {
  const at = hidden.flatMap((h, i) => (h === null ? [] : [i]))
  if (at.length === 0) return true
  if (at.length === 1) return false
  const shownSum = (pick: (c: CountCell) => number) => rows.reduce((s, r, i) => s + (hidden[i] === null ? pick(r) : 0), 0)
  // Findings add up in both kinds of table; each hidden row has at least one, with no upper bound.
  const findings = total.findings - shownSum((c) => c.findings)
  if (findings <= at.length) return false
  if (splits === 'findings') return true
  const reviews = total.reviews - shownSum((c) => c.reviews)
  if (isSmall(reviews)) return false
  const bounds = at.map((i) => (hidden[i] === SUPPRESSED ? [1, SUPPRESSED_BELOW - 1] : [1, Infinity]) as [number, number])
  // Each hidden row lies between its bounds and what the others' bounds leave of the hidden sum: two values at least.
  return bounds.every(([lo, hi], i) => {
    const others = bounds.filter((_, j) => j !== i)
    const least = Math.max(lo, reviews - others.reduce((s, [, h]) => s + h, 0))
    const most = Math.min(hi, reviews - others.reduce((s, [l]) => s + l, 0))
    return most > least
  })
}

/**
 * Which rows of a table to hide, and how (rule 1, and rule 4 for a table whose rows split the data). Rows are
 * taken in the order shown; a row with no reviews is shown as 0. The same rows, in the same order and with the
 * same total, always give the same answer, so a one-way table and the margins of a two-way table agree.
 */
export function hiddenRows(rows: readonly CountCell[], total: CountCell, splits: Splits): HiddenAs[] {
  const hidden: HiddenAs[] = rows.map((r) => (r.reviews > 0 && isSmall(r.reviews) ? SUPPRESSED : null))
  // An overlapping grouping's rows add up to nothing; a small total is hidden everywhere, so nothing adds up to it.
  if (splits === null || isSmall(total.reviews)) return hidden
  while (!hiddenRowsSafe(rows, hidden, total, splits)) {
    let next = -1
    rows.forEach((r, i) => {
      if (hidden[i] !== null || r.reviews === 0) return
      if (next === -1 || r.reviews < rows[next]!.reviews || (r.reviews === rows[next]!.reviews && r.findings < rows[next]!.findings)) next = i
    })
    if (next === -1) {
      // Every row is hidden and the bounds of "<5" still pin one: say only that they are withheld.
      return hidden.map((h) => (h === null ? null : WITHHELD))
    }
    hidden[next] = WITHHELD
  }
  return hidden
}

/** A table's rows as they may be shown (rules 1 and 4). */
export function suppressRows(rows: readonly CountCell[], total: CountCell, splits: Splits): ShownCell[] {
  const hidden = hiddenRows(rows, total, splits)
  return rows.map((r, i) => {
    const as = hidden[i]!
    return as === null ? { reviews: r.reviews, findings: r.findings, suppressed: false } : { reviews: as, findings: as, suppressed: true }
  })
}

/**
 * Whether the totals of the matching data may be shown (rule 2): the total itself counts at least 5 reviews
 * and no table whose rows split the data hides a row.
 */
export function totalsMayShow(total: CountCell, splittingTables: ReadonlyArray<ReadonlyArray<{ suppressed: boolean }>>): boolean {
  return !isSmall(total.reviews) && splittingTables.every((rows) => rows.every((row) => !row.suppressed))
}

/** A share of a total as a whole percentage; "less than 1%" rather than 0% for a real but small share. */
export function proportionText(part: number, whole: number): string {
  if (whole <= 0) return ''
  const percent = (part / whole) * 100
  if (part > 0 && percent < 1) return 'less than 1%'
  return `${Math.round(percent)}%`
}
