// Counts by any one or two groupings of the current national returns (for two-way tables and the groupings
// of return format 2), the durations behind the timeliness distributions, and which typology versions the
// findings of each year were tagged in. Counts are raw; suppression is the service's job.
import { sql } from 'kysely'
import type { Executor } from './schema.js'
import { engineOf } from '../db/engine.js'
import { conditions, type CountRow, type ThemeFilters } from './national-themes.js'
import { countedName, grouping, type GroupingSource } from './national-groupings.js'
import { countsByGroupings, type CountsGrouping } from './national-counts.js'

export type { GroupingSource }

/** A grouping's name in the pre-added counts (year and region are columns there). */
function countsGrouping(source: GroupingSource): CountsGrouping | null {
  if (source.kind === 'finding' && (source.column === 'year' || source.column === 'region')) return source.column
  return countedName(source)
}

const asKey = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** Reviews and findings by one grouping (the themes API's groupings of format 2), from the counts where they can give it. */
export async function countBy(db: Executor, source: GroupingSource, filters: ThemeFilters): Promise<CountRow[]> {
  const name = countsGrouping(source)
  const counted = name === null ? null : await countsByGroupings(db, [name], filters)
  if (counted) return counted.map((c) => ({ key: c.keys[0] ?? null, reviews: c.reviews, findings: c.findings }))
  return countByFromFindings(db, source, filters)
}

/** The same counted from the findings themselves (any filters). */
export async function countByFromFindings(db: Executor, source: GroupingSource, filters: ThemeFilters): Promise<CountRow[]> {
  const g = grouping(source, 0)
  const { rows } = await sql<{ key: unknown; reviews: unknown; findings: unknown }>`
    select ${g.key} as key, count(distinct f.review_id) as reviews, count(distinct f.id) as findings
    from national_findings as f ${g.join ?? sql``}
    where ${conditions('f', filters, engineOf(db))}
    group by 1`.execute(db)
  return rows.map((r) => ({ key: asKey(r.key), reviews: Number(r.reviews), findings: Number(r.findings) }))
}

export interface CrossRow {
  row: string | null
  column: string | null
  reviews: number
  findings: number
}

/**
 * The cells from national_counts, when it gives them exactly (national-counts.ts: the filters are the review's own
 * facts and at most one other, and the two groupings and that filter make at most one two-way dimension besides
 * the year and region). Null when the findings must be asked.
 */
export async function countCrossFromCounts(db: Executor, rows: GroupingSource, columns: GroupingSource, filters: ThemeFilters): Promise<CrossRow[] | null> {
  const row = countsGrouping(rows)
  const column = countsGrouping(columns)
  if (row === null || column === null) return null
  const cells = await countsByGroupings(db, [row, column], filters)
  return cells && cells.map((c) => ({ row: c.keys[0] ?? null, column: c.keys[1] ?? null, reviews: c.reviews, findings: c.findings }))
}

/** Reviews and findings in each combination of two groupings (cells only; the totals are one-way counts). */
export async function countCross(db: Executor, rows: GroupingSource, columns: GroupingSource, filters: ThemeFilters): Promise<CrossRow[]> {
  return (await countCrossFromCounts(db, rows, columns, filters)) ?? countCrossFromFindings(db, rows, columns, filters)
}

/** The same cells counted from the findings themselves (any filters). */
export async function countCrossFromFindings(db: Executor, rows: GroupingSource, columns: GroupingSource, filters: ThemeFilters): Promise<CrossRow[]> {
  const a = grouping(rows, 0)
  const b = grouping(columns, 1)
  const result = await sql<{ row_key: unknown; column_key: unknown; reviews: unknown; findings: unknown }>`
    select ${a.key} as row_key, ${b.key} as column_key, count(distinct f.review_id) as reviews, count(distinct f.id) as findings
    from national_findings as f ${a.join ?? sql``} ${b.join ?? sql``}
    where ${conditions('f', filters, engineOf(db))}
    group by 1, 2`.execute(db)
  return result.rows.map((r) => ({ row: asKey(r.row_key), column: asKey(r.column_key), reviews: Number(r.reviews), findings: Number(r.findings) }))
}

/** For each year, the typology versions its findings were tagged in (as sent) and how many findings each. */
export async function tagVersionsByYear(db: Executor, filters: ThemeFilters): Promise<Array<{ year: number; version: string; findings: number }>> {
  const { rows } = await sql<{ year: unknown; version: string; findings: unknown }>`
    select f.year as year, t.typology_version as version, count(distinct f.id) as findings
    from national_findings as f inner join national_finding_tags as t on t.finding_id = f.id
    where ${conditions('f', filters, engineOf(db))}
    group by 1, 2`.execute(db)
  return rows.map((r) => ({ year: Number(r.year), version: r.version, findings: Number(r.findings) }))
}

export const DURATION_COLUMNS = ['days_to_notification', 'days_to_rapid_review', 'days_to_publication'] as const
export type DurationColumn = (typeof DURATION_COLUMNS)[number]

export interface ReviewDurations {
  region: string | null
  year: number
  durations: Record<DurationColumn, number | null>
}

/**
 * Each matching review's durations (one row per review, not per finding). Filters on the findings (codes,
 * words…) keep a review when any of its findings matches.
 */
export async function reviewDurations(db: Executor, filters: ThemeFilters): Promise<ReviewDurations[]> {
  const { rows } = await sql<{ region: string | null; year: unknown } & Record<DurationColumn, unknown>>`
    select r.region, r.year, ${sql.join(DURATION_COLUMNS.map((c) => sql.ref(`r.${c}`)))}
    from national_reviews as r
    where r.id in (select f.review_id from national_findings as f where ${conditions('f', filters, engineOf(db))})`.execute(db)
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return rows.map((r) => ({
    region: r.region, year: Number(r.year),
    durations: Object.fromEntries(DURATION_COLUMNS.map((c) => [c, num(r[c])])) as Record<DurationColumn, number | null>,
  }))
}
