// Counts over the current national returns: reviews and findings by typology family and code (in the
// latest version), system level, agency, region and year; pairs of codes on the same finding; and the
// findings themselves. Every query takes the same filters. Counts are raw here; suppression is the
// service's job (methodology/national/suppression.ts).
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor, NationalFindingRow } from './schema.js'
import { engineOf, type Engine } from '../db/engine.js'
import { fullTextMatch, type FullTextIndex, type TextSearch } from './fts-query.js'
import { countsByGroupings, countsQuery, reviewsFromCountsQuery, type CountsGrouping } from './national-counts.js'
import { flagConditions, type FlagFilters } from './national-flags.js'
import { grouping, type GroupingSource } from './national-groupings.js'

export interface CodeFilter {
  code: string
  /** A family code matches every code in the family. */
  isFamily: boolean
}

export interface ThemeFilters extends FlagFilters {
  from: number | null
  to: number | null
  /** Codes or families in the latest typology version; a finding must carry every one. */
  codes: readonly CodeFilter[]
  /** A region, or 'not-recorded'. */
  region: string | null
  /** A system level, or 'not-recorded'. */
  level: string | null
  agency: string | null
  methodology: string | null
  ageBand: string | null
  harm: string | null
  /** Words searched for (read by textSearch, never raw user input). */
  search: TextSearch | null
  /**
   * Facts of return format 2 copied onto every finding (child's characteristics, harm type, finding type):
   * the column (from our code, never the user) and the value, or null for "not recorded".
   */
  facts?: ReadonlyArray<{ column: FindingFactColumn; value: string | null }>
  /** A household risk factor the review recorded. */
  riskFactor?: string | null
}

/** Columns of national_findings that hold one value per finding (format 2's facts, copied from the review). */
export const FINDING_FACT_COLUMNS = ['sin_age_band', 'sex', 'ethnicity', 'harm_type', 'social_care_status', 'finding_type'] as const
export type FindingFactColumn = (typeof FINDING_FACT_COLUMNS)[number]

export interface CountRow {
  key: string | null
  reviews: number
  findings: number
}

export interface PairRow {
  first: string
  second: string
  reviews: number
  findings: number
}

const NOT_RECORDED = 'not-recorded'

/**
 * Filters on the review's own facts only: the code pairs can be answered from national_counts, where the cells
 * add up exactly (each review has one year, region, methodology, age band and harm).
 */
export function onlyReviewFacts(f: ThemeFilters): boolean {
  return f.codes.length === 0 && f.level === null && f.agency === null && f.search === null && (f.facts ?? []).length === 0 && (f.riskFactor ?? null) === null && !f.nationalAttention && !f.published
}

// ---- From the pre-added counts (national-counts.ts), where they give the answer exactly ----

async function fromCounts(db: Executor, grouping: CountsGrouping, f: ThemeFilters): Promise<CountRow[] | null> {
  const cells = await countsByGroupings(db, [grouping], f)
  return cells && cells.map((c) => ({ key: c.keys[0] ?? null, reviews: c.reviews, findings: c.findings }))
}

// ---- From the findings ----

type Alias = 'f' | 'c' | 'a'

/**
 * What the counts over the findings read as `f`: each finding's countable facts under the findings' own column
 * names (migration 0039), a tenth of the findings' size, so a search's or a filter's matches fetch few pages.
 */
export const FINDING_FACTS = 'national_finding_facts'

/** The findings' words (migration 0008 and its PostgreSQL counterpart). */
const FINDINGS_INDEX: FullTextIndex = {
  table: 'national_findings_fts',
  weights: { title: 'A', pattern: 'A', how_widespread: 'A', why_it_matters: 'A', board_questions: 'A' },
}

export function conditions(alias: Alias, f: ThemeFilters, engine: Engine): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`)
  const id = col(alias === 'f' ? 'id' : 'finding_id')
  const all: RawBuilder<SqlBool>[] = []
  if (f.from !== null) all.push(sql<SqlBool>`${col('year')} >= ${f.from}`)
  if (f.to !== null) all.push(sql<SqlBool>`${col('year')} <= ${f.to}`)
  if (f.region !== null) all.push(f.region === NOT_RECORDED ? sql<SqlBool>`${col('region')} is null` : sql<SqlBool>`${col('region')} = ${f.region}`)
  if (f.level !== null) all.push(f.level === NOT_RECORDED ? sql<SqlBool>`${col('system_level')} is null` : sql<SqlBool>`${col('system_level')} = ${f.level}`)
  if (f.methodology !== null) all.push(sql<SqlBool>`${col('methodology')} = ${f.methodology}`)
  if (f.ageBand !== null) all.push(sql<SqlBool>`${col('age_band')} = ${f.ageBand}`)
  if (f.harm !== null) all.push(sql<SqlBool>`${col('harm')} = ${f.harm}`)
  // IN (subquery) rather than EXISTS: the planner then starts from the few findings the index gives.
  for (const code of f.codes) {
    all.push(code.isFamily
      ? sql<SqlBool>`${id} in (select finding_id from national_finding_codes where family = ${code.code})`
      : sql<SqlBool>`${id} in (select finding_id from national_finding_codes where code = ${code.code})`)
  }
  if (f.agency !== null) all.push(sql<SqlBool>`${id} in (select finding_id from national_finding_agencies where agency = ${f.agency})`)
  if (f.search) all.push(fullTextMatch(engine, FINDINGS_INDEX, f.search, { alias, column: alias === 'f' ? 'id' : 'finding_id' }))
  for (const fact of f.facts ?? []) {
    const test = fact.value === null ? sql<SqlBool>`${sql.ref(fact.column)} is null` : sql<SqlBool>`${sql.ref(fact.column)} = ${fact.value}`
    // The code rows carry the facts too; the agency rows do not, so they ask the findings.
    all.push(alias === 'a'
      ? sql<SqlBool>`${id} in (select id from ${sql.table(FINDING_FACTS)} where ${test})`
      : fact.value === null ? sql<SqlBool>`${col(fact.column)} is null` : sql<SqlBool>`${col(fact.column)} = ${fact.value}`)
  }
  if (f.riskFactor) all.push(sql<SqlBool>`${col('review_id')} in (select review_id from national_review_risk_factors where risk_factor = ${f.riskFactor})`)
  all.push(...flagConditions(id, col('review_id'), f))
  return all.length === 0 ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.join(all, sql` and `)}`
}

const toRows = (rows: Array<{ key: unknown; reviews: unknown; findings: unknown }>): CountRow[] =>
  rows.map((r) => ({ key: r.key === null || r.key === undefined ? null : String(r.key), reviews: Number(r.reviews), findings: Number(r.findings) }))

export async function countTotals(db: Executor, filters: ThemeFilters): Promise<{ reviews: number; findings: number }> {
  const counted = await countsByGroupings(db, [], filters)
  if (counted) return { reviews: counted[0]?.reviews ?? 0, findings: counted[0]?.findings ?? 0 }
  return countTotalsFromFindings(db, filters)
}

/** The same totals counted from the findings themselves (any filters). */
export async function countTotalsFromFindings(db: Executor, filters: ThemeFilters): Promise<{ reviews: number; findings: number }> {
  const row = await db.selectFrom('national_finding_facts as f')
    .select((eb) => [eb.fn.count('f.review_id').distinct().as('reviews'), eb.fn.countAll().as('findings')])
    .where(conditions('f', filters, engineOf(db)))
    .executeTakeFirstOrThrow()
  return { reviews: Number(row.reviews), findings: Number(row.findings) }
}

/**
 * The distinct reviews matching each of several sets of filters (the minimum complement asks for a view's filters and
 * each set with one of them left out), in two statements at most: the sets the pre-added counts can give, summed in
 * one union of their few rows; the others counted together over the findings' facts, a count for each set over the
 * rows matching any of them, so the findings are read once however many sets there are.
 */
export async function countReviewsEach(db: Executor, sets: readonly ThemeFilters[]): Promise<number[]> {
  const counts = sets.map((f, at) => ({ at, query: reviewsFromCountsQuery(db, f) }))
  const summed = counts.flatMap(({ at, query }) => (query ? [query.select(sql.lit(at).as('at'))] : []))
  const counted = counts.filter((c) => c.query === null).map(({ at }) => ({ at, where: conditions('f', sets[at]!, engineOf(db)) }))
  const answers = sets.map(() => 0)
  const fromCounts = async () => {
    if (summed.length === 0) return
    const rows = await summed.slice(1).reduce((union, query) => union.unionAll(query), summed[0]!).execute()
    for (const r of rows) answers[Number(r.at)] = Number(r.reviews)
  }
  const fromFacts = async () => {
    if (counted.length === 0) return
    const { rows } = await sql<Record<string, unknown>>`
      select ${sql.join(counted.map(({ at, where }) => sql`count(distinct case when ${where} then f.review_id end) as ${sql.ref(`reviews_${at}`)}`))}
      from ${sql.table(FINDING_FACTS)} as f
      where ${sql.join(counted.map(({ where }) => sql`(${where})`), sql` or `)}`.execute(db)
    for (const { at } of counted) answers[at] = Number(rows[0]?.[`reviews_${at}`] ?? 0)
  }
  await Promise.all([fromCounts(), fromFacts()])
  return answers
}

const COLUMN_GROUPING = { year: 'year', region: 'region', system_level: 'level' } as const

/** By a column of the findings themselves: year, region or system level (each finding has one value). */
export async function countByFindingColumn(db: Executor, column: 'year' | 'region' | 'system_level', filters: ThemeFilters): Promise<CountRow[]> {
  const counted = await fromCounts(db, COLUMN_GROUPING[column], filters)
  if (counted) return counted
  const rows = await db.selectFrom('national_finding_facts as f')
    .select((eb) => [eb.ref(`f.${column}`).as('key'), eb.fn.count('f.review_id').distinct().as('reviews'), eb.fn.countAll().as('findings')])
    .where(conditions('f', filters, engineOf(db)))
    .groupBy(`f.${column}`)
    .execute()
  return toRows(rows)
}

/** By typology code or family, in the latest version. A finding counts once per code or family. */
export async function countByCode(db: Executor, level: 'code' | 'family', filters: ThemeFilters): Promise<CountRow[]> {
  return (await fromCounts(db, level, filters)) ?? countByFromFacts(db, { kind: 'code', column: level }, filters)
}

export async function countByAgency(db: Executor, filters: ThemeFilters): Promise<CountRow[]> {
  return (await fromCounts(db, 'agency', filters)) ?? countByFromFacts(db, { kind: 'agency' }, filters)
}

/**
 * Reviews and findings by one grouping, counted from the findings themselves (any filters): the matching findings'
 * facts, each joined to its keys of the grouping by the finding (a code or agency row's key is its first column).
 */
export async function countByFromFacts(db: Executor, source: GroupingSource, filters: ThemeFilters): Promise<CountRow[]> {
  const g = grouping(source, 0)
  const { rows } = await sql<{ key: unknown; reviews: unknown; findings: unknown }>`
    select ${g.key} as key, count(distinct f.review_id) as reviews, count(distinct f.id) as findings
    from ${sql.table(FINDING_FACTS)} as f ${g.join ?? sql``}
    where ${conditions('f', filters, engineOf(db))}
    group by 1`.execute(db)
  return toRows(rows)
}

function pairsDetail(db: Executor, filters: ThemeFilters) {
  // The findings chosen first, through their indexes (a system level, a region…): the code rows have none on the
  // facts they carry, so filtering them would read every code row.
  return db.selectFrom('national_finding_codes as c1')
    .innerJoin('national_finding_codes as c2', (join) => join.onRef('c2.finding_id', '=', 'c1.finding_id').onRef('c2.code', '>', 'c1.code'))
    .where(sql<SqlBool>`c1.finding_id in (select f.id from national_findings as f where ${conditions('f', filters, engineOf(db))})`)
    .groupBy(['c1.code', 'c2.code'])
}

/** Pairs of codes carried by the same finding, most frequent (by reviews) first. */
export async function countCodePairs(db: Executor, filters: ThemeFilters, limit: number): Promise<PairRow[]> {
  if (onlyReviewFacts(filters)) {
    const rows = await countsQuery(db, 'pair', filters)
      .select((eb) => ['key', eb.fn.sum<number>('reviews').as('reviews'), eb.fn.sum<number>('findings').as('findings')])
      .groupBy('key')
      .orderBy('reviews', 'desc').orderBy('findings', 'desc').orderBy('key')
      .limit(limit)
      .execute()
    return rows.map((r) => {
      const [first = '', second = ''] = r.key.split(' ')
      return { first, second, reviews: Number(r.reviews), findings: Number(r.findings) }
    })
  }
  const rows = await pairsDetail(db, filters)
    .select((eb) => ['c1.code as first', 'c2.code as second', eb.fn.count('c1.review_id').distinct().as('reviews'), eb.fn.countAll().as('findings')])
    .orderBy('reviews', 'desc').orderBy('findings', 'desc').orderBy('c1.code').orderBy('c2.code')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ first: r.first, second: r.second, reviews: Number(r.reviews), findings: Number(r.findings) }))
}

/** How many distinct pairs occur at all, for saying how many are not listed. */
export async function countDistinctPairs(db: Executor, filters: ThemeFilters): Promise<number> {
  const row = onlyReviewFacts(filters)
    ? await db.selectFrom(countsQuery(db, 'pair', filters).select('key').groupBy('key').as('pairs')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    : await db.selectFrom(pairsDetail(db, filters).select(['c1.code as first', 'c2.code as second']).as('pairs')).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export interface ListedFinding extends NationalFindingRow {
  codes: string[]
  agencies: string[]
}

/** A page of findings, newest year first, with their latest codes and agencies. */
export async function listFindings(db: Executor, filters: ThemeFilters, limit: number, offset: number): Promise<ListedFinding[]> {
  const findings = await db.selectFrom('national_findings as f').selectAll('f')
    .where(conditions('f', filters, engineOf(db)))
    .orderBy('f.year', 'desc').orderBy('f.id')
    .limit(limit).offset(offset)
    .execute()
  if (findings.length === 0) return []
  const ids = findings.map((f) => f.id)
  const [codes, agencies] = await Promise.all([
    db.selectFrom('national_finding_codes').select(['finding_id', 'code']).where('finding_id', 'in', ids).orderBy('code').execute(),
    db.selectFrom('national_finding_agencies').select(['finding_id', 'agency']).where('finding_id', 'in', ids).orderBy('agency').execute(),
  ])
  return findings.map((f) => ({
    ...f,
    codes: codes.filter((c) => c.finding_id === f.id).map((c) => c.code),
    agencies: agencies.filter((a) => a.finding_id === f.id).map((a) => a.agency),
  }))
}

/** The years the store holds, for the filter's choices. */
export async function yearRange(db: Executor): Promise<{ first: number | null; last: number | null }> {
  const row = await db.selectFrom('national_reviews').select((eb) => [eb.fn.min('year').as('first'), eb.fn.max('year').as('last')]).executeTakeFirstOrThrow()
  return { first: row.first === null ? null : Number(row.first), last: row.last === null ? null : Number(row.last) }
}
