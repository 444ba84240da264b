// The minimum complement: a view under free filters is withheld when any one of its filters leaves out 1 to 4 of
// the reviews the other filters match. Cell suppression (suppression.ts) protects every table of one set of
// filters; it cannot stop someone subtracting a view from the same view without one filter, which gives the table
// of the reviews that filter leaves out, whose small cells nothing hides. Withholding the filtered view whenever
// that left-out group is small means the plainest difference never shows a small group whole (table builders'
// minimum-population rules do the same). A left-out group of 5 or more can still be subtracted, and its own small
// cells read; only perturbing the counts would stop that.
import { SUPPRESSED_BELOW, isSmall } from './suppression.js'

/** One active filter: what it is, and how many reviews match all the other filters (the view without it). */
export interface FilterReach<F> {
  filter: F
  othersMatch: number
}

export type ComplementVerdict<F> = { withheld: false } | { withheld: true; filter: F }

/** How many reviews the filter leaves out of those the other filters match, 1 to 4 being too few to show apart. */
function leavesOutFew(matching: number, othersMatch: number): boolean {
  const leftOut = othersMatch - matching
  return leftOut > 0 && isSmall(leftOut)
}

/**
 * Whether the view of `matching` reviews (those every filter matches) is withheld, naming the first filter, in the
 * order given, that leaves out 1 to 4 of the reviews the others match.
 */
export function minimumComplement<F>(matching: number, filters: ReadonlyArray<FilterReach<F>>): ComplementVerdict<F> {
  const few = filters.find((f) => leavesOutFew(matching, f.othersMatch))
  return few ? { withheld: true, filter: few.filter } : { withheld: false }
}

/** Why a view is withheld, in words for a national analyst; the filter as the page describes it. */
export function withheldViewReason(filter: string): string {
  return `Not shown: the filter ‘${filter}’ leaves out fewer than ${SUPPRESSED_BELOW} reviews that the other filters match, so this view and the same view without that filter could be subtracted to reveal a small group. Remove or change that filter to see the numbers.`
}
