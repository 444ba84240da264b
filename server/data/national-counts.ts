// Reading the pre-added counts (national_counts): cells by up to two groupings, with the review's own facts as
// filters and at most one other filter, read by summing a few rows instead of counting distinct reviews over the
// findings. Whatever the counts cannot give exactly (words searched for, or more groupings and filters than one
// two-way dimension holds) is left to the findings (null here).
import { sql, type RawBuilder, type SqlBool } from 'kysely'
import type { Executor } from './schema.js'
import type { FindingFactColumn, ThemeFilters } from './national-themes.js'
import { GROUPINGS, KEY_SEPARATOR, NOT_RECORDED_KEY, onePerFinding, pairDimension, type CountedName } from './national-groupings.js'

const AFTER_SEPARATOR = String.fromCharCode(KEY_SEPARATOR.charCodeAt(0) + 1)

/** A grouping read from the counts: a counted one, or a review fact kept as a column of every count row. */
export type CountsGrouping = CountedName | 'year' | 'region'

export interface CountedCell {
  /** One key per grouping asked for, null for not recorded. */
  keys: Array<string | null>
  reviews: number
  findings: number
}

export function countsQuery(db: Executor, dimension: string, f: ThemeFilters) {
  let query = db.selectFrom('national_counts').where('dimension', '=', dimension)
  if (f.from !== null) query = query.where('year', '>=', f.from)
  if (f.to !== null) query = query.where('year', '<=', f.to)
  if (f.region !== null) query = query.where('region', '=', f.region === NOT_RECORDED_KEY ? '' : f.region)
  if (f.methodology !== null) query = query.where('methodology', '=', f.methodology)
  if (f.ageBand !== null) query = query.where('age_band', '=', f.ageBand)
  if (f.harm !== null) query = query.where('harm', '=', f.harm)
  return query
}

/** Each format 2 fact column filtered on, as its counted dimension. */
const FACT_DIMENSIONS: Record<FindingFactColumn, CountedName> = {
  sin_age_band: GROUPINGS.ageBand.counted, sex: GROUPINGS.sex.counted, ethnicity: GROUPINGS.ethnicity.counted, harm_type: GROUPINGS.harmType.counted,
  social_care_status: GROUPINGS.socialCareStatus.counted, finding_type: GROUPINGS.findingType.counted,
}

/** The filters that are not the review's own facts, as counted groupings and keys; null when one cannot be. */
function groupFilters(f: ThemeFilters): Array<{ name: CountedName; key: string }> | null {
  // Words are not among the counted groupings.
  if (f.search !== null) return null
  return [
    ...f.codes.map((c) => ({ name: c.isFamily ? 'family' as const : 'code' as const, key: c.code })),
    ...(f.level !== null ? [{ name: 'level' as const, key: f.level }] : []),
    ...(f.agency !== null ? [{ name: 'agency' as const, key: f.agency }] : []),
    ...(f.facts ?? []).map((fact) => ({ name: FACT_DIMENSIONS[fact.column], key: fact.value ?? NOT_RECORDED_KEY })),
    ...(f.riskFactor ? [{ name: 'risk_factor' as const, key: f.riskFactor }] : []),
    ...(f.nationalAttention ? [{ name: 'national_attention' as const, key: f.nationalAttention }] : []),
    ...(f.published ? [{ name: 'published' as const, key: f.published }] : []),
  ]
}

/** Where in the counts a question's cells are: the dimension, its parts in key order, and the conditions on its key. */
interface CountsPlan {
  parts: CountedName[]
  dimension: string
  conditions: RawBuilder<SqlBool>[]
}

/**
 * Where the counts hold the cells by `counted` under the filters: null when they cannot give them exactly, 'beside'
 * for the one case read by codesBesideCode (a code filter beside the codes).
 */
function planCounts(counted: readonly CountedName[], f: ThemeFilters): CountsPlan | 'beside' | null {
  const filters = groupFilters(f)
  if (filters === null) return null
  // A filter on a grouping that is asked for only chooses its key when each finding has one value of it; a code
  // beside the codes is the one other case the counts hold (the pairs of codes on the same finding).
  if (filters.some((filter) => counted.includes(filter.name) && !onePerFinding(filter.name))) {
    return filters.length === 1 && filters[0]!.name === 'code' && counted.length === 1 ? 'beside' : null
  }
  if (new Set(filters.map((filter) => filter.name)).size < filters.length) return null
  const names = [...new Set([...counted, ...filters.map((filter) => filter.name)])]
  if (names.length > 2) return null
  const parts: CountedName[] = names.length === 2 ? (() => { const p = pairDimension(names[0]!, names[1]!); return [p.first, p.second] })() : names
  const dimension = parts.length === 0 ? 'total' : parts.length === 1 ? parts[0]! : pairDimension(parts[0]!, parts[1]!).dimension
  const conditions: RawBuilder<SqlBool>[] = filters.map((filter) => {
    if (parts.length === 1) return sql<SqlBool>`key = ${filter.key}`
    // The first key as a range of whole keys, so the (dimension, key, …) primary key finds them: no key holds the
    // separator or a character below the next one, and both engines compare keys character by character (binary, "C").
    return parts[0] === filter.name
      ? sql<SqlBool>`key >= ${filter.key + KEY_SEPARATOR} and key < ${filter.key + AFTER_SEPARATOR}`
      : sql<SqlBool>`substr(key, length(key) - ${filter.key.length}) = ${KEY_SEPARATOR + filter.key}`
  })
  return { parts, dimension, conditions }
}

/**
 * The reviews matching the filters, as a query summing the counts (one row, `reviews`), or null when the counts
 * cannot give it exactly. A query rather than its answer, so several can be put into one statement.
 */
export function reviewsFromCountsQuery(db: Executor, f: ThemeFilters) {
  const plan = planCounts([], f)
  if (plan === null || plan === 'beside') return null
  let query = countsQuery(db, plan.dimension, f).select(sql<number>`coalesce(sum(reviews), 0)`.as('reviews'))
  for (const condition of plan.conditions) query = query.where(condition)
  return query
}

/**
 * Reviews and findings by the groupings asked for (none: the totals), or null when the counts cannot give them.
 * A filter on a counted grouping is the other half of a two-way dimension, or, for a grouping with one value per
 * finding, a choice of its key; a review counts once in a cell because it adds 1 to each key it has.
 */
export async function countsByGroupings(db: Executor, groupings: readonly CountsGrouping[], f: ThemeFilters): Promise<CountedCell[] | null> {
  const counted = groupings.filter((g): g is CountedName => g !== 'year' && g !== 'region')
  const plan = planCounts(counted, f)
  if (plan === null) return null
  if (plan === 'beside') return codesBesideCode(db, groupFilters(f)![0]!.key, groupings, f)
  const { parts, dimension, conditions } = plan
  const facts = groupings.filter((g): g is 'year' | 'region' => g === 'year' || g === 'region')
  let query = countsQuery(db, dimension, f)
    .select((eb) => ['key', ...facts, eb.fn.sum<number>('reviews').as('reviews'), eb.fn.sum<number>('findings').as('findings')])
    .groupBy(['key', ...facts])
  for (const condition of conditions) query = query.where(condition)
  const rows = await query.execute()
  return rows.map((r) => {
    const keyParts = parts.length === 0 ? [] : parts.length === 1 ? [r.key] : r.key.split(KEY_SEPARATOR)
    const keyOf = (g: CountsGrouping): string | null => {
      if (g === 'year') return String(r.year)
      if (g === 'region') return r.region === '' ? null : r.region
      const key = keyParts[parts.indexOf(g)]!
      return key === NOT_RECORDED_KEY ? null : key
    }
    return { keys: groupings.map(keyOf), reviews: Number(r.reviews), findings: Number(r.findings) }
  })
}

/**
 * The codes, with a filter on one code (and the reviews' own facts): in each code's cell, the findings carrying both.
 * The filtered code's own cell is its line of the 'code' dimension, every other code's the pair of the two ('pair',
 * keyed "first second" in code order), which counts each review and finding having both once.
 */
async function codesBesideCode(db: Executor, code: string, groupings: readonly CountsGrouping[], f: ThemeFilters): Promise<CountedCell[]> {
  const facts = groupings.filter((g): g is 'year' | 'region' => g === 'year' || g === 'region')
  const read = (dimension: string, condition: RawBuilder<SqlBool>) => countsQuery(db, dimension, f).where(condition)
    .select((eb) => ['key', ...facts, eb.fn.sum<number>('reviews').as('reviews'), eb.fn.sum<number>('findings').as('findings')])
    .groupBy(['key', ...facts])
    .execute()
  // Codes hold no space, and '!' is the character after it: the range is the pairs whose first code is this one.
  const [itself, first, second] = await Promise.all([
    read('code', sql<SqlBool>`key = ${code}`),
    read('pair', sql<SqlBool>`key >= ${`${code} `} and key < ${`${code}!`}`),
    read('pair', sql<SqlBool>`substr(key, length(key) - ${code.length}) = ${` ${code}`}`),
  ])
  const cell = (r: (typeof itself)[number], other: string): CountedCell => ({
    keys: groupings.map((g) => (g === 'year' ? String(r.year) : g === 'region' ? (r.region === '' ? null : r.region) : other)),
    reviews: Number(r.reviews), findings: Number(r.findings),
  })
  return [
    ...itself.map((r) => cell(r, code)),
    ...first.map((r) => cell(r, r.key.slice(code.length + 1))),
    ...second.map((r) => cell(r, r.key.slice(0, r.key.length - code.length - 1))),
  ]
}
