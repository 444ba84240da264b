// The minimum complement for a national view (methodology/national/minimum-complement.ts): whether the view under
// these filters is withheld because one of them leaves out 1 to 4 of the reviews the others match. Every national
// read (themes, two-way tables, the dashboard, timeliness, drill-downs and every download) asks this first.
import { minimumComplement, withheldViewReason } from '../../methodology/national/minimum-complement.js'
import type { TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { countReviewsEach } from '../data/national-themes.js'
import type { ServiceContext } from './context.js'
import { filterParts, filtersOf, type ThemeQuery } from './national-themes.js'

/** A view withheld: the filter (in the page's words) and why, for the API's `viewWithheld` and the page. */
export interface WithheldView {
  filter: string
  reason: string
}

/**
 * Null when the view may be shown; with no filters there is nothing to subtract and nothing is counted. `matching`
 * is the reviews all the filters match where the caller counts them anyway (its table's total): then only the
 * filter sets with one filter left out are counted, and a view with one filter counts nothing over the findings.
 */
export async function withheldView(
  ctx: ServiceContext, query: ThemeQuery, latest: TypologyVersion, versions: readonly TypologyVersion[], matching?: Promise<number>,
): Promise<WithheldView | null> {
  const parts = filterParts(query.values, latest)
  if (parts.length === 0) {
    // Not needed; its failure is the caller's to report, where it awaits the count itself.
    matching?.catch(() => undefined)
    return null
  }
  const leftOut = parts.map((p) => filtersOf(p.without, latest, versions))
  const [all, others] = matching
    ? await Promise.all([matching, countReviewsEach(ctx.db, leftOut)])
    : await countReviewsEach(ctx.db, [query.filters, ...leftOut]).then(([first = 0, ...rest]) => [first, rest] as const)
  const verdict = minimumComplement(all, parts.map((p, i) => ({ filter: p.label, othersMatch: others[i]! })))
  return verdict.withheld ? { filter: verdict.filter, reason: withheldViewReason(verdict.filter) } : null
}
