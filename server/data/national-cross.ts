// Counts by any one or two groupings of the current national returns (for two-way tables and the groupings
// of return format 2), the durations behind the timeliness distributions, and which typology versions the
// findings of each year were tagged in. Counts are raw; suppression is the service's job.
import { sql, type RawBuilder } from 'kysely'
import type { Executor } from './schema.js'
import { engineOf } from '../db/engine.js'
import { conditions, countsQuery, onlyReviewFacts, type CountRow, type FindingFactColumn, type ThemeFilters } from './national-themes.js'

/** Where a grouping's key comes from. */
export type GroupingSource =
  /** A column of the findings (one value per finding). */
  | { kind: 'finding'; column: 'year' | 'region' | 'system_level' | FindingFactColumn }
  /** The latest-version code or family (a finding can have several). */
  | { kind: 'code'; column: 'code' | 'family' }
  | { kind: 'agency' }
  /** The review's household risk factors (several, or 'none-identified' or 'not-known'). */
  | { kind: 'risk' }

function grouping(source: GroupingSource, i: number): { join: RawBuilder<unknown> | null; key: RawBuilder<unknown> } {
  const j = sql.raw(`g${i}`)
  switch (source.kind) {
    case 'finding':
      return { join: null, key: sql.ref(`f.${source.column}`) }
    case 'code':
      return { join: sql`inner join national_finding_codes as ${j} on ${j}.finding_id = f.id`, key: sql.ref(`g${i}.${source.column}`) }
    case 'agency':
      return { join: sql`inner join national_finding_agencies as ${j} on ${j}.finding_id = f.id`, key: sql.ref(`g${i}.agency`) }
    case 'risk':
      // Every review has at least one row: a factor, 'none-identified' or 'not-known' (migration 0028).
      return { join: sql`inner join national_review_risk_factors as ${j} on ${j}.review_id = f.review_id`, key: sql.ref(`g${i}.risk_factor`) }
  }
}

const asKey = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** Reviews and findings by one grouping, counted from the findings (for the groupings of format 2). */
export async function countBy(db: Executor, source: GroupingSource, filters: ThemeFilters): Promise<CountRow[]> {
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

/** A review's own fact (one value per review), which the pre-added counts are kept by. */
function reviewFact(source: GroupingSource): 'year' | 'region' | null {
  return source.kind === 'finding' && (source.column === 'year' || source.column === 'region') ? source.column : null
}

/** The pre-added counts' dimension for a grouping, where it has one. */
function countsDimension(source: GroupingSource): string | null {
  switch (source.kind) {
    case 'code': return source.column
    case 'agency': return 'agency'
    case 'finding': return source.column === 'system_level' ? 'level' : source.column === 'year' || source.column === 'region' ? source.column : null
    default: return null
  }
}

/**
 * The cells from national_counts, when that gives them exactly: the filters are on the review's own facts only, and
 * one grouping is the year or region (each review has one, so summing a grouping's rows by it adds up exactly).
 * Null when the findings must be asked.
 */
export async function countCrossFromCounts(db: Executor, rows: GroupingSource, columns: GroupingSource, filters: ThemeFilters): Promise<CrossRow[] | null> {
  if (!onlyReviewFacts(filters)) return null
  const rowFact = reviewFact(rows)
  const columnFact = reviewFact(columns)
  let plan: { dimension: string | null; row: 'key' | 'year' | 'region'; column: 'key' | 'year' | 'region' }
  if (rowFact && columnFact) plan = { dimension: 'total', row: rowFact, column: columnFact }
  else if (columnFact) plan = { dimension: countsDimension(rows), row: 'key', column: columnFact }
  else if (rowFact) plan = { dimension: countsDimension(columns), row: rowFact, column: 'key' }
  else return null
  if (plan.dimension === null) return null
  const found = await countsQuery(db, plan.dimension, filters)
    .select((eb) => [eb.ref(plan.row).as('row_key'), eb.ref(plan.column).as('column_key'), eb.fn.sum<number>('reviews').as('reviews'), eb.fn.sum<number>('findings').as('findings')])
    .groupBy([plan.row, plan.column])
    .execute()
  // The counts keep '' for a region not recorded and 'not-recorded' for a level not recorded; the findings give null.
  const key = (v: unknown) => (v === '' || v === NOT_RECORDED_KEY ? null : asKey(v))
  return found.map((r) => ({ row: key(r.row_key), column: key(r.column_key), reviews: Number(r.reviews), findings: Number(r.findings) }))
}

const NOT_RECORDED_KEY = 'not-recorded'

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
