// Counts by any one or two groupings of the current national returns (for two-way tables and the groupings
// of return format 2), the durations behind the timeliness distributions, and which typology versions the
// findings of each year were tagged in. Counts are raw; suppression is the service's job.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor } from './schema.js'
import { engineOf } from '../db/engine.js'
import { conditions, countByFromFacts, countTotals, onlyReviewFacts, type CountRow, type ThemeFilters } from './national-themes.js'
import { GROUPINGS, NOT_RECORDED_KEY, grouping, type GroupingName } from './national-groupings.js'
import { countsByGroupings, type CountsGrouping } from './national-counts.js'

export type { GroupingName }

/** A grouping's name in the pre-added counts (year and region are columns there). */
function countsGrouping(name: GroupingName): CountsGrouping {
  const counted = GROUPINGS[name].counted
  return counted ?? (name as 'year' | 'region')
}

const asKey = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/** Reviews and findings by one grouping (the themes API's groupings of format 2), from the counts where they can give it. */
export async function countBy(db: Executor, name: GroupingName, filters: ThemeFilters): Promise<CountRow[]> {
  const counted = await countsByGroupings(db, [countsGrouping(name)], filters)
  if (counted) return counted.map((c) => ({ key: c.keys[0] ?? null, reviews: c.reviews, findings: c.findings }))
  return countByFromFindings(db, name, filters)
}

/** The same counted from the findings themselves (any filters). */
export async function countByFromFindings(db: Executor, name: GroupingName, filters: ThemeFilters): Promise<CountRow[]> {
  return countByFromFacts(db, GROUPINGS[name].source, filters)
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
export async function countCrossFromCounts(db: Executor, rows: GroupingName, columns: GroupingName, filters: ThemeFilters): Promise<CrossRow[] | null> {
  const cells = await countsByGroupings(db, [countsGrouping(rows), countsGrouping(columns)], filters)
  return cells && cells.map((c) => ({ row: c.keys[0] ?? null, column: c.keys[1] ?? null, reviews: c.reviews, findings: c.findings }))
}

/** Reviews and findings in each combination of two groupings (cells only; the totals are one-way counts). */
export async function countCross(db: Executor, rows: GroupingName, columns: GroupingName, filters: ThemeFilters): Promise<CrossRow[]> {
  return (await countCrossFromCounts(db, rows, columns, filters)) ?? countCrossFromFindings(db, rows, columns, filters)
}

/** The same cells counted from the findings themselves (any filters). */
export async function countCrossFromFindings(db: Executor, rows: GroupingName, columns: GroupingName, filters: ThemeFilters): Promise<CrossRow[]> {
  const a = grouping(GROUPINGS[rows].source, 0)
  const b = grouping(GROUPINGS[columns].source, 1)
  const result = await sql<{ row_key: unknown; column_key: unknown; reviews: unknown; findings: unknown }>`
    select ${a.key} as row_key, ${b.key} as column_key, count(distinct f.review_id) as reviews, count(distinct f.id) as findings
    from national_finding_facts as f ${a.join ?? sql``} ${b.join ?? sql``}
    where ${conditions('f', filters, engineOf(db))}
    group by 1, 2`.execute(db)
  return result.rows.map((r) => ({ row: asKey(r.row_key), column: asKey(r.column_key), reviews: Number(r.reviews), findings: Number(r.findings) }))
}

/**
 * For each year, the typology versions its findings were tagged in (as sent) and how many findings each: from the
 * pre-added counts where they give it (the filters are the reviews' own facts and at most one other).
 */
export async function tagVersionsByYear(db: Executor, filters: ThemeFilters): Promise<YearVersion[]> {
  return (await tagVersionsByYearFromCounts(db, filters)) ?? tagVersionsByYearFromFindings(db, filters)
}

export interface YearVersion {
  year: number
  version: string
  findings: number
}

/** The same from national_counts, or null when the counts cannot give it. */
export async function tagVersionsByYearFromCounts(db: Executor, filters: ThemeFilters): Promise<YearVersion[] | null> {
  const counted = await countsByGroupings(db, ['year', 'tag_version'], filters)
  return counted && counted.filter((c) => c.findings > 0).map((c) => ({ year: Number(c.keys[0]), version: c.keys[1]!, findings: c.findings }))
}

/** The same counted from the findings themselves (any filters). */
export async function tagVersionsByYearFromFindings(db: Executor, filters: ThemeFilters): Promise<YearVersion[]> {
  const { rows } = await sql<{ year: unknown; version: string; findings: unknown }>`
    select f.year as year, t.typology_version as version, count(distinct f.id) as findings
    from national_finding_facts as f inner join national_finding_tags as t on t.finding_id = f.id
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
 * words…) keep a review when any of its findings matches; filters on the reviews' own facts alone are asked of the
 * reviews, each kept when it has a finding at all (as the findings would give it), not by reading every finding.
 */
export async function reviewDurations(db: Executor, filters: ThemeFilters): Promise<ReviewDurations[]> {
  const matching = onlyReviewFacts(filters)
    ? ((await everyReviewHasFindings(db, filters)) ? reviewFactConditions(filters) : sql`${reviewFactConditions(filters)} and exists (select 1 from national_findings as f where f.review_id = r.id)`)
    : sql`r.id in (select f.review_id from national_finding_facts as f where ${conditions('f', filters, engineOf(db))})`
  const { rows } = await sql<{ region: string | null; year: unknown } & Record<DurationColumn, unknown>>`
    select r.region, r.year, ${sql.join(DURATION_COLUMNS.map((c) => sql.ref(`r.${c}`)))}
    from national_reviews as r
    where ${matching}`.execute(db)
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  // One review a row, 20,000 at national scale: each built directly.
  return rows.map((r) => ({
    region: r.region, year: Number(r.year),
    durations: { days_to_notification: num(r.days_to_notification), days_to_rapid_review: num(r.days_to_rapid_review), days_to_publication: num(r.days_to_publication) },
  }))
}

/**
 * Whether every review with these facts has a finding: the pre-added totals count the reviews that have one, so when
 * they hold as many as national_reviews does, asking each review for a finding (20,000 probes) can be left out.
 */
async function everyReviewHasFindings(db: Executor, filters: ThemeFilters): Promise<boolean> {
  const [held, counted] = await Promise.all([
    sql<{ n: unknown }>`select count(*) as n from national_reviews as r where ${reviewFactConditions(filters)}`.execute(db),
    countTotals(db, filters),
  ])
  return Number(held.rows[0]?.n ?? 0) === counted.reviews
}

/** The reviews' own facts as SQL on national_reviews (r), as conditions() puts them on the findings' copies. */
function reviewFactConditions(f: ThemeFilters): RawBuilder<SqlBool> {
  const all: RawBuilder<SqlBool>[] = [sql<SqlBool>`1 = 1`]
  if (f.from !== null) all.push(sql<SqlBool>`r.year >= ${f.from}`)
  if (f.to !== null) all.push(sql<SqlBool>`r.year <= ${f.to}`)
  if (f.region !== null) all.push(f.region === NOT_RECORDED_KEY ? sql<SqlBool>`r.region is null` : sql<SqlBool>`r.region = ${f.region}`)
  if (f.methodology !== null) all.push(sql<SqlBool>`r.methodology = ${f.methodology}`)
  if (f.ageBand !== null) all.push(sql<SqlBool>`r.age_band = ${f.ageBand}`)
  if (f.harm !== null) all.push(sql<SqlBool>`r.harm = ${f.harm}`)
  return sql<SqlBool>`${sql.join(all, sql` and `)}`
}
