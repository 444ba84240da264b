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

export const SUPPRESSED_BELOW = 5
export const SUPPRESSED = '<5' as const

export type Shown = number | typeof SUPPRESSED

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
