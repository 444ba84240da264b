// Timeliness across the national returns (the dashboard's timeliness section, its exports and
// GET /api/v1/national/timeliness): for each region and each year, the median and quartiles of each statutory
// duration in working days, from the reviews matching the dashboard's filters (one value per review, not per
// finding). A group of fewer than 5 reviews is hidden, as in every table; so is a duration known for fewer than 5
// of a group's reviews or unknown for 1 to 4 (duration-distribution.ts); and the "all reviews" row only shows
// what no hidden group could be worked out from.
import { shownDistribution, type ShownDistribution } from '../../methodology/national/duration-distribution.js'
import { SUPPRESSED, SUPPRESSED_BELOW, WITHHELD, hiddenRows, isSmall, type Shown } from '../../methodology/national/suppression.js'
import type { TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { reviewDurations, type DurationColumn, type ReviewDurations } from '../data/national-cross.js'
import { NotPermitted } from '../errors.js'
import { recordAuditAlone } from './audit.js'
import type { Actor, ServiceContext } from './context.js'
import { NOT_RECORDED, auditedFilters, orderOf, rowLabel, type ThemeQuery } from './national-themes.js'
import { withheldView, type WithheldView } from './national-complement.js'
import { loadTypology } from './typology.js'

export const DURATIONS: ReadonlyArray<{ key: DurationKey; column: DurationColumn; label: string; short: string }> = [
  { key: 'awarenessToNotification', column: 'days_to_notification', label: 'Awareness to notification', short: 'Aware to notified' },
  { key: 'notificationToRapidReview', column: 'days_to_rapid_review', label: 'Notification to rapid review', short: 'Notified to rapid review' },
  { key: 'decisionToPublication', column: 'days_to_publication', label: 'Decision to publication', short: 'Decision to published' },
]
export type DurationKey = 'awarenessToNotification' | 'notificationToRapidReview' | 'decisionToPublication'

export const TIMELINESS_GROUPINGS = ['region', 'year'] as const
export type TimelinessGrouping = (typeof TIMELINESS_GROUPINGS)[number]

export interface TimelinessRow {
  key: string
  label: string
  reviews: Shown
  suppressed: boolean
  durations: Record<DurationKey, ShownDistribution>
}

export interface Timeliness {
  suppressedBelow: number
  unit: 'working days'
  durations: Array<{ key: DurationKey; label: string }>
  tables: Record<TimelinessGrouping, TimelinessRow[]>
  /** Every matching review; a duration (or the whole row) withheld where a hidden group could be worked out from it. */
  all: TimelinessRow | null
  /** Set (and no group shown) when the minimum complement withholds the view under these filters. */
  viewWithheld: WithheldView | null
}

const HIDDEN: ShownDistribution = { known: SUPPRESSED, quartiles: null, suppressed: true }

const WITHHELD_DURATION: ShownDistribution = { known: WITHHELD, quartiles: null, suppressed: true }

function rowOf(key: string, label: string, reviews: readonly ReviewDurations[], withheld = false): TimelinessRow {
  if (withheld) return { key, label, reviews: WITHHELD, suppressed: true, durations: Object.fromEntries(DURATIONS.map((d) => [d.key, WITHHELD_DURATION])) as Record<DurationKey, ShownDistribution> }
  const small = isSmall(reviews.length)
  const durations = Object.fromEntries(DURATIONS.map((d) => [d.key, small ? HIDDEN : shownDistribution(
    reviews.length, reviews.map((r) => r.durations[d.column]).filter((v): v is number => v !== null),
  )])) as Record<DurationKey, ShownDistribution>
  return { key, label, reviews: small ? SUPPRESSED : reviews.length, suppressed: small, durations }
}

function groupRows(by: TimelinessGrouping, reviews: readonly ReviewDurations[], latest: TypologyVersion): TimelinessRow[] {
  const groups = new Map<string, ReviewDurations[]>()
  for (const r of reviews) {
    const key = by === 'year' ? String(r.year) : r.region ?? NOT_RECORDED
    const group = groups.get(key)
    if (group) group.push(r)
    else groups.set(key, [r])
  }
  const order = orderOf(by, latest)
  const sorted = [...groups.entries()].sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
  // Each review is in one region and one year, so the groups add up to the number of reviews (known, as the themes'
  // tables add up to it): a group that would give a hidden one back is withheld with it (suppression.ts, rule 4).
  const hidden = hiddenRows(sorted.map(([, m]) => ({ reviews: m.length, findings: m.length })), { reviews: reviews.length, findings: reviews.length }, 'reviews')
  return sorted.map(([key, members], i) => rowOf(key, rowLabel(by, key, latest), members, hidden[i] === WITHHELD))
}

/**
 * The timeliness tables for the filters in `query`. National analysts only; each read is audited with the filters
 * (never the words searched), like the drill-down, since the durations are facts of individual reviews.
 */
export async function nationalTimeliness(ctx: ServiceContext, actor: Actor, query: ThemeQuery, latest: TypologyVersion): Promise<Timeliness> {
  const timeliness = await timelinessTables(ctx, actor, query, latest)
  await recordAuditAlone(ctx.db, ctx.clock, actor, { action: 'national.timeliness.read', objectType: 'national-timeliness', details: auditedFilters(query.values) })
  return timeliness
}

/** The same tables for a download, which the export audits as such. */
export async function timelinessTables(ctx: ServiceContext, actor: Actor, query: ThemeQuery, latest: TypologyVersion): Promise<Timeliness> {
  if (actor.role !== 'national') throw new NotPermitted('Only national analysts see timeliness across the returns')
  const { versions } = await loadTypology(ctx.db)
  const [withheld, reviews] = await Promise.all([withheldView(ctx, query, latest, versions), reviewDurations(ctx.db, query.filters)])
  const durations = DURATIONS.map((d) => ({ key: d.key, label: d.label }))
  if (withheld) return { suppressedBelow: SUPPRESSED_BELOW, unit: 'working days', durations, tables: { region: [], year: [] }, all: null, viewWithheld: withheld }
  const tables = { region: groupRows('region', reviews, latest), year: groupRows('year', reviews, latest) }
  const everyRow = [...tables.region, ...tables.year]
  let all: TimelinessRow | null = null
  // Each review is in one region and one year, so a total beside a hidden group would give it back.
  if (!isSmall(reviews.length) && everyRow.every((r) => !r.suppressed)) {
    const row = rowOf('all', 'All matching reviews', reviews)
    for (const d of DURATIONS) if (everyRow.some((r) => r.durations[d.key].suppressed)) row.durations[d.key] = HIDDEN
    all = row
  }
  return {
    suppressedBelow: SUPPRESSED_BELOW, unit: 'working days',
    durations, tables, all, viewWithheld: null,
  }
}
