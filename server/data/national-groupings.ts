// The groupings of the national findings as SQL (where each grouping's key comes from), and which of them the
// pre-added counts (national_counts) keep: each one alone, and every two of them together, by the review's own
// facts (year, region, methodology, age band and harm as sent). Shared by the counting from the findings
// (national-cross.ts) and the keeping of the counts (national-store.ts), so both count by the same SQL.
import { sql, type RawBuilder } from 'kysely'
import type { FindingFactColumn } from './national-themes.js'
import { attentionKey, publishedKey } from './national-flags.js'

/** Where a grouping's key comes from. */
export type GroupingSource =
  /** A column of the findings (one value per finding). */
  | { kind: 'finding'; column: 'year' | 'region' | 'system_level' | FindingFactColumn }
  /** The latest-version code or family (a finding can have several). */
  | { kind: 'code'; column: 'code' | 'family' }
  | { kind: 'agency' }
  /** The review's household risk factors (several, or 'none-identified' or 'not-known'). */
  | { kind: 'risk' }
  /** The finding's national attention flag, or the review's publication (national-flags.ts): one value per finding. */
  | { kind: 'attention' | 'published' }
  /** The typology versions the finding was tagged in, as sent (several when tagged in more than one). */
  | { kind: 'tag-version' }

export function grouping(source: GroupingSource, i: number): { join: RawBuilder<unknown> | null; key: RawBuilder<unknown> } {
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
    case 'attention':
      return { join: sql`inner join national_reviews as ${j} on ${j}.id = f.review_id`, key: attentionKey('f', `g${i}`) }
    case 'published':
      return { join: sql`inner join national_reviews as ${j} on ${j}.id = f.review_id`, key: publishedKey(`g${i}`) }
    case 'tag-version':
      return { join: sql`inner join national_finding_tags as ${j} on ${j}.finding_id = f.id`, key: sql.ref(`g${i}.typology_version`) }
  }
}

/**
 * Every grouping of the national findings, by the name the themes API, the two-way tables and the dashboard give
 * it: where its key comes from, and its dimension in national_counts (null for the year and region, which are
 * columns of every count row). The one list of both, so a grouping is counted alike whichever path reads it.
 */
export const GROUPINGS = {
  family: { source: { kind: 'code', column: 'family' }, counted: 'family' },
  code: { source: { kind: 'code', column: 'code' }, counted: 'code' },
  level: { source: { kind: 'finding', column: 'system_level' }, counted: 'level' },
  agency: { source: { kind: 'agency' }, counted: 'agency' },
  region: { source: { kind: 'finding', column: 'region' }, counted: null },
  year: { source: { kind: 'finding', column: 'year' }, counted: null },
  ageBand: { source: { kind: 'finding', column: 'sin_age_band' }, counted: 'sin_age_band' },
  sex: { source: { kind: 'finding', column: 'sex' }, counted: 'sex' },
  ethnicity: { source: { kind: 'finding', column: 'ethnicity' }, counted: 'ethnicity' },
  harmType: { source: { kind: 'finding', column: 'harm_type' }, counted: 'harm_type' },
  riskFactor: { source: { kind: 'risk' }, counted: 'risk_factor' },
  socialCareStatus: { source: { kind: 'finding', column: 'social_care_status' }, counted: 'social_care_status' },
  findingType: { source: { kind: 'finding', column: 'finding_type' }, counted: 'finding_type' },
  nationalAttention: { source: { kind: 'attention' }, counted: 'national_attention' },
  published: { source: { kind: 'published' }, counted: 'published' },
} as const satisfies Record<string, { source: GroupingSource; counted: string | null }>
export type GroupingName = keyof typeof GROUPINGS

/** A grouping's dimension in national_counts. */
export type CountedName = NonNullable<(typeof GROUPINGS)[GroupingName]['counted']> | 'tag_version'

/**
 * Where each counted dimension's key comes from, in the order kept (a pair's name puts its parts in this order):
 * format 1's four (kept since migration 0008), format 2's, the two flags (migration 0035), and the typology
 * versions tagged in, which no table groups by but each year of a trend names (counted for that, migration 0035).
 */
const COUNTED_SOURCES: ReadonlyArray<readonly [CountedName, GroupingSource]> = [
  ...(['level', 'code', 'family', 'agency', 'ageBand', 'sex', 'ethnicity', 'harmType', 'socialCareStatus', 'findingType', 'riskFactor', 'nationalAttention', 'published'] as const)
    .map((name) => [GROUPINGS[name].counted, GROUPINGS[name].source] as const),
  ['tag_version', { kind: 'tag-version' }],
]
const COUNTED_NAMES: readonly CountedName[] = COUNTED_SOURCES.map(([name]) => name)
const sourceOf = (name: CountedName): GroupingSource => COUNTED_SOURCES.find(([n]) => n === name)![1]

/** The format 1 groupings, whose one-way counts national-store.ts has kept since migration 0008. */
export const FORMAT_1_COUNTED: readonly CountedName[] = ['level', 'code', 'family', 'agency']

/** One value per finding: a filter on it and a grouping by it can meet in one count (the others need the pairs). */
export function onePerFinding(name: CountedName): boolean {
  const kind = sourceOf(name).kind
  return kind === 'finding' || kind === 'attention' || kind === 'published'
}

/** A key not recorded (only a system level can be), as national_counts keeps it. */
export const NOT_RECORDED_KEY = 'not-recorded'
/** Between the two keys of a two-way dimension's key: no key of any grouping holds it. */
export const KEY_SEPARATOR = '\u001f'

/** Every two counted groupings, in the order above: the two-way dimensions. */
export const COUNTED_PAIRS: ReadonlyArray<readonly [CountedName, CountedName]> = COUNTED_NAMES.flatMap((a, i) => COUNTED_NAMES.slice(i + 1).map((b) => [a, b] as const))

/** The two-way dimension of two groupings, with its parts in the order they are kept. */
export function pairDimension(a: CountedName, b: CountedName): { dimension: string; first: CountedName; second: CountedName } {
  const [first, second] = COUNTED_NAMES.indexOf(a) < COUNTED_NAMES.indexOf(b) ? [a, b] : [b, a]
  return { dimension: `${first}+${second}`, first, second }
}

/** The dimensions national_counts keeps beyond format 1's: the format 2 groupings alone, and every two together. */
export const ADDED_DIMENSIONS: ReadonlyArray<{ dimension: string; names: readonly CountedName[] }> = [
  ...COUNTED_NAMES.filter((name) => !FORMAT_1_COUNTED.includes(name)).map((name) => ({ dimension: name, names: [name] })),
  ...COUNTED_PAIRS.map(([a, b]) => ({ dimension: pairDimension(a, b).dimension, names: [a, b] })),
]

/** The SQL of a dimension's key from its groupings' keys, with what is not recorded said as NOT_RECORDED_KEY. */
export function dimensionKey(names: readonly CountedName[]): { joins: RawBuilder<unknown>; key: RawBuilder<unknown> } {
  const parts = names.map((name, i) => grouping(sourceOf(name), i))
  const keys = parts.map((p) => sql`coalesce(${p.key}, ${NOT_RECORDED_KEY})`)
  return {
    joins: sql.join(parts.map((p) => p.join ?? sql``), sql` `),
    key: keys.length === 1 ? keys[0]! : sql`${keys[0]} || ${KEY_SEPARATOR} || ${keys[1]}`,
  }
}
