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

/** Null when the view may be shown; with no filters there is nothing to subtract and nothing is counted. */
export async function withheldView(ctx: ServiceContext, query: ThemeQuery, latest: TypologyVersion, versions: readonly TypologyVersion[]): Promise<WithheldView | null> {
  const parts = filterParts(query.values, latest)
  if (parts.length === 0) return null
  const [matching = 0, ...others] = await countReviewsEach(ctx.db, [query.filters, ...parts.map((p) => filtersOf(p.without, latest, versions))])
  const verdict = minimumComplement(matching, parts.map((p, i) => ({ filter: p.label, othersMatch: others[i]! })))
  return verdict.withheld ? { filter: verdict.filter, reason: withheldViewReason(verdict.filter) } : null
}
