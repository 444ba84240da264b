// Counts by any one or two groupings of the current national returns (for two-way tables and the groupings
// of return format 2), the durations behind the timeliness distributions, and which typology versions the
// findings of each year were tagged in. Counts are raw; suppression is the service's job.
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor } from './schema.js'
import { engineOf } from '../db/engine.js'
import { FINDING_FACTS, conditions, countByFromFacts, countTotals, onlyReviewFacts, type CountRow, type ThemeFilters } from './national-themes.js'
import { GROUPINGS, NOT_RECORDED_KEY, grouping, type GroupingName, type GroupingSource } from './national-groupings.js'
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

/** The same cells counted from the findings themselves (any filters). */
export async function countCrossFromFindings(db: Executor, rows: GroupingName, columns: GroupingName, filters: ThemeFilters): Promise<CrossRow[]> {
  const a = grouping(GROUPINGS[rows].source, 0)
  const b = grouping(GROUPINGS[columns].source, 1)
  const result = await sql<{ row_key: unknown; column_key: unknown; reviews: unknown; findings: unknown }>`
    select ${a.key} as row_key, ${b.key} as column_key, count(distinct f.review_id) as reviews, count(distinct f.id) as findings
    from ${sql.table(FINDING_FACTS)} as f ${a.join ?? sql``} ${b.join ?? sql``}
    where ${conditions('f', filters, engineOf(db))}
    group by 1, 2`.execute(db)
  return result.rows.map((r) => ({ row: asKey(r.row_key), column: asKey(r.column_key), reviews: Number(r.reviews), findings: Number(r.findings) }))
}

/** A two-way table's counts: its cells, the two margins, the grand total and, when asked, each year's tagged versions. */
export interface CrossTableCounts {
  cells: CrossRow[]
  rowTotals: CountRow[]
  columnTotals: CountRow[]
  total: { reviews: number; findings: number }
  tagVersions: YearVersion[]
}

/**
 * Everything a two-way table shows. Each part is read from the pre-added counts where they give it; the parts they
 * cannot give are counted from the findings together, in one statement that finds the matching findings once (words
 * searched for, or two filters that are not the reviews' own facts, cost more than any grouping of the matches).
 */
export async function countCrossTable(db: Executor, rows: GroupingName, columns: GroupingName, filters: ThemeFilters, withTagVersions: boolean): Promise<CrossTableCounts> {
  const versionsByYear: Part = { counted: ['year', 'tag_version'], sources: [GROUPINGS.year.source, { kind: 'tag-version' }] }
  const [cells, rowTotals, columnTotals, total, tagVersions = []] = await countEachPart(db, [
    part(rows, columns), part(rows), part(columns), part(), ...(withTagVersions ? [versionsByYear] : []),
  ], filters)
  return {
    cells: cells!.map((r) => ({ row: r.keys[0] ?? null, column: r.keys[1] ?? null, reviews: r.reviews, findings: r.findings })),
    rowTotals: oneKey(rowTotals!),
    columnTotals: oneKey(columnTotals!),
    total: totalOf(total!),
    tagVersions: tagVersions.filter((r) => r.findings > 0).map((r) => ({ year: Number(r.keys[0]), version: r.keys[1]!, findings: r.findings })),
  }
}

/**
 * The totals and the counts by each of these groupings under the filters: from the pre-added counts where they give
 * them, the rest from the findings in one statement (the matching findings found once, not once for each).
 */
export async function countTotalAndBy(db: Executor, names: readonly GroupingName[], filters: ThemeFilters): Promise<{ total: { reviews: number; findings: number }; by: CountRow[][] }> {
  const [total, ...by] = await countEachPart(db, [part(), ...names.map((name) => part(name))], filters)
  return { total: totalOf(total!), by: by.map(oneKey) }
}

/** What a reading counts: reviews and findings by these groupings (none: the totals), as the counts and the findings name them. */
interface Part {
  counted: CountsGrouping[]
  sources: GroupingSource[]
}

const part = (...names: GroupingName[]): Part => ({ counted: names.map(countsGrouping), sources: names.map((name) => GROUPINGS[name].source) })
const oneKey = (cells: CountedCell[]): CountRow[] => cells.map((r) => ({ key: r.keys[0] ?? null, reviews: r.reviews, findings: r.findings }))
const totalOf = (cells: CountedCell[]) => ({ reviews: cells[0]?.reviews ?? 0, findings: cells[0]?.findings ?? 0 })

/** Each part from the pre-added counts where they give it; the others counted from the findings together, in one statement. */
async function countEachPart(db: Executor, parts: readonly Part[], filters: ThemeFilters): Promise<CountedCell[][]> {
  const fromCounts = await Promise.all(parts.map((p) => countsByGroupings(db, p.counted, filters)))
  const asked = parts.filter((_, i) => fromCounts[i] === null).map((p) => p.sources)
  const counted = asked.length === 0 ? [] : await countPartsFromFindings(db, asked, filters)
  let next = 0
  return fromCounts.map((cells) => cells ?? counted[next++]!)
}

interface CountedCell {
  keys: Array<string | null>
  reviews: number
  findings: number
}

/**
 * Reviews and findings by each list of groupings (none: the totals; one; or two), counted from the findings in one
 * statement. The matching findings' facts are found once (m); each grouping kept on other rows (codes, agencies,
 * risk factors, tags, the review's flags) is joined to them once (j0, j1…), and every list is grouped from those.
 */
export async function countPartsFromFindings(db: Executor, parts: ReadonlyArray<readonly GroupingSource[]>, filters: ThemeFilters): Promise<CountedCell[][]> {
  const sourceKey = (s: GroupingSource) => JSON.stringify(s)
  const joined = [...new Map(parts.flat().filter((s) => s.kind !== 'finding').map((s) => [sourceKey(s), s])).values()]
  // The findings' own columns the groupings read (the national attention key reads the finding's flag).
  const columns = [...new Set(parts.flat().flatMap((s) => (s.kind === 'finding' ? [s.column] : s.kind === 'attention' ? ['national_attention'] : [])))]
  const carried = sql.join([sql.ref('f.id'), sql.ref('f.review_id'), ...columns.map((c) => sql.ref(`f.${c}`))])
  const ctes = [
    sql`m as materialized (select ${carried} from ${sql.table(FINDING_FACTS)} as f where ${conditions('f', filters, engineOf(db))})`,
    ...joined.map((s, i) => {
      const g = grouping(s, 0)
      return sql`${sql.raw(`j${i}`)} as materialized (select ${carried}, ${g.key} as k from m as f ${g.join ?? sql``})`
    }),
  ]
  const selects = parts.map((part, p) => {
    const first = part.findIndex((s) => s.kind !== 'finding')
    const at = first < 0 ? -1 : joined.findIndex((s) => sourceKey(s) === sourceKey(part[first]!))
    const from = at < 0 ? sql`m as f` : sql`${sql.raw(`j${at}`)} as f`
    // A second grouping kept on other rows is joined to the first's rows, as the two-way count from the findings does.
    const keys = part.map((s, i) => {
      if (s.kind === 'finding') return { key: sql.ref(`f.${s.column}`), join: null }
      if (i === first) return { key: sql.ref('f.k'), join: null }
      return grouping(s, 1)
    })
    const text = (k: RawBuilder<unknown> | undefined) => (k === undefined ? sql`cast(null as text)` : sql`cast(${k} as text)`)
    const groupBy = part.length === 0 ? sql`` : part.length === 1 ? sql`group by 2` : sql`group by 2, 3`
    return sql`select ${p} as part, ${text(keys[0]?.key)} as k1, ${text(keys[1]?.key)} as k2,
      count(distinct f.review_id) as reviews, count(distinct f.id) as findings
      from ${from} ${sql.join(keys.map((k) => k.join ?? sql``), sql` `)} ${groupBy}`
  })
  const { rows } = await sql<{ part: unknown; k1: string | null; k2: string | null; reviews: unknown; findings: unknown }>`
    with ${sql.join(ctes)} ${sql.join(selects, sql` union all `)}`.execute(db)
  const out: CountedCell[][] = parts.map(() => [])
  for (const r of rows) out[Number(r.part)]!.push({ keys: [r.k1, r.k2].slice(0, parts[Number(r.part)]!.length), reviews: Number(r.reviews), findings: Number(r.findings) })
  return out
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
    from ${sql.table(FINDING_FACTS)} as f inner join national_finding_tags as t on t.finding_id = f.id
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
    : sql`r.id in (select f.review_id from ${sql.table(FINDING_FACTS)} as f where ${conditions('f', filters, engineOf(db))})`
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
