// Themes across the national returns, for the national dashboard, its exports and the themes API: counts of
// reviews and findings by typology family and code (translated to the latest version), system level,
// agency, region and year; pairs of codes; and the anonymised findings themselves. Every count passes
// through the small-number suppression rule before anyone sees it (methodology/national/suppression.ts).
import { AGE_BANDS, HARM_CATEGORIES, REGIONS, isAgeBand, isHarmCategory, isRegion } from '../../methodology/review-facts.js'
import { MAP_LEVELS, MAP_LEVEL_INFO, isMapLevel } from '../../methodology/map/map-model.js'
import { getPack, listPacks } from '../../methodology/packs/index.js'
import { AGENCY_TYPES, agencyTypeLabel, isAgencyType } from '../../methodology/national/agency-types.js'
import {
  SUPPRESSED_BELOW, isSmall, proportionText, suppressCell, suppressRows, totalsMayShow, type CountCell, type Shown, type Splits,
} from '../../methodology/national/suppression.js'
import type { TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { BadInput, type ErrorDetail } from '../errors.js'
import { textSearch } from '../data/fts-query.js'
import {
  countByAgency, countByCode, countByFindingColumn, countCodePairs, countDistinctPairs, countTotals, yearRange,
  type CountRow, type FindingFactColumn, type ThemeFilters,
} from '../data/national-themes.js'
import type { ServiceContext } from './context.js'
import { refreshTranslations } from './national-store.js'
import { loadTypology } from './typology.js'
import { countBy, tagVersionsByYear } from '../data/national-cross.js'
import { GROUPINGS } from '../data/national-groupings.js'
import { compareVersions } from '../../methodology/typology/typology-versions.js'
import {
  ETHNIC_GROUPS, FINDING_TYPES, HARM_TYPES, RISK_FACTORS, SEXES, SIN_AGE_BANDS, SOCIAL_CARE_STATUSES, isIn, labelIn,
} from '../../methodology/national/characteristics.js'
import { splitLineInfo, splitLineLabel } from '../../methodology/typology/typology-counting.js'
import { withheldView, type WithheldView } from './national-complement.js'

/** The groupings the dashboard page shows as tables and charts. */
export const DASHBOARD_DIMENSIONS = ['family', 'code', 'level', 'agency', 'region', 'year'] as const
export type DashboardDimension = (typeof DASHBOARD_DIMENSIONS)[number]

/**
 * The groupings of return format 2 (methodology/national/characteristics.ts): each with its list and the query
 * parameter that filters by it. Where each grouping's value is kept is said once, in GROUPINGS (server/data/national-groupings.ts).
 */
export const V2_DIMENSIONS = ['ageBand', 'sex', 'ethnicity', 'harmType', 'riskFactor', 'socialCareStatus', 'findingType', 'nationalAttention', 'published'] as const
export type V2Dimension = (typeof V2_DIMENSIONS)[number]
/** The groupings of format 2 that filter by one key of their own list (the age band also takes format 1's bands). */
const V2_FILTERS = ['sex', 'ethnicity', 'harmType', 'riskFactor', 'socialCareStatus', 'findingType', 'nationalAttention', 'published'] as const

/** The lead reviewer's flag on a finding; format 1 returns had none. */
export const ATTENTION_FLAGS = [
  { key: 'flagged', label: 'Needs national attention' },
  { key: 'not-flagged', label: 'Not flagged for national attention' },
  { key: 'not-known', label: 'Not known (format 1 return)' },
] as const

/** Whether the review's report is published: the return gave its address or the working days to publication. */
export const PUBLICATION = [
  { key: 'published', label: 'Report published' },
  { key: 'not-published', label: 'Not published, or not said' },
] as const

export const V2_GROUPINGS: Record<V2Dimension, { list: ReadonlyArray<{ key: string; label: string }>; name: string }> = {
  ageBand: { list: SIN_AGE_BANDS, name: 'Child’s age (the Department’s bands)' },
  sex: { list: SEXES, name: 'Child’s sex' },
  ethnicity: { list: ETHNIC_GROUPS, name: 'Child’s ethnicity' },
  harmType: { list: HARM_TYPES, name: 'Type of harm' },
  riskFactor: { list: RISK_FACTORS, name: 'Household risk factor' },
  socialCareStatus: { list: SOCIAL_CARE_STATUSES, name: 'Known to social care' },
  findingType: { list: FINDING_TYPES, name: 'Type of finding' },
  nationalAttention: { list: ATTENTION_FLAGS, name: 'National attention' },
  published: { list: PUBLICATION, name: 'Report published' },
}

export function isV2Dimension(value: string): value is V2Dimension {
  return (V2_DIMENSIONS as readonly string[]).includes(value)
}

/**
 * How each grouping's rows split the matching data (suppression.ts, rule 4): the review's own facts put each review
 * in one row; a finding's level, type and flag put each finding in one row; codes, families, agencies and risk
 * factors overlap. Every table of a grouping (one-way, a two-way table's margins, a drill-down) suppresses with this.
 */
export const SPLITS: Record<ThemeDimension, Splits> = {
  region: 'reviews', year: 'reviews', ageBand: 'reviews', sex: 'reviews', ethnicity: 'reviews', harmType: 'reviews', socialCareStatus: 'reviews', published: 'reviews',
  level: 'findings', findingType: 'findings', nationalAttention: 'findings',
  family: null, code: null, agency: null, riskFactor: null,
}

/** Every grouping the themes API and the two-way tables take. */
export const THEME_DIMENSIONS = [...DASHBOARD_DIMENSIONS, ...V2_DIMENSIONS] as const
export type ThemeDimension = (typeof THEME_DIMENSIONS)[number]

export const NOT_RECORDED = 'not-recorded'

export function isThemeDimension(value: unknown): value is ThemeDimension {
  return typeof value === 'string' && (THEME_DIMENSIONS as readonly string[]).includes(value)
}

/** The filters as the user gave them (for the form and for links), and as the queries take them. */
export interface ThemeQuery {
  filters: ThemeFilters
  values: {
    from: string
    to: string
    codes: string[]
    region: string
    level: string
    agency: string
    methodology: string
    ageBand: string
    harm: string
    q: string
    sex: string
    ethnicity: string
    harmType: string
    riskFactor: string
    socialCareStatus: string
    findingType: string
    nationalAttention: string
    published: string
  }
}

const FILTER_KEYS = ['from', 'to', 'code', 'region', 'level', 'agency', 'methodology', 'ageBand', 'harm', 'q', ...V2_FILTERS] as const

function one(value: unknown): string {
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0].trim() : ''
  return typeof value === 'string' ? value.trim() : ''
}

function many(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return [...new Set(list.filter((v): v is string => typeof v === 'string').flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))]
}

/** Reads the filters from a query string; every problem is named by its parameter. */
export function readThemeQuery(query: Record<string, unknown>, latest: TypologyVersion, versions: readonly TypologyVersion[] = []): ThemeQuery {
  const details: ErrorDetail[] = []
  const year = (name: 'from' | 'to'): number | null => {
    const raw = one(query[name])
    if (raw === '') return null
    if (!/^\d{4}$/.test(raw)) {
      details.push({ path: name, message: `${name === 'from' ? 'From' : 'To'} must be a year, like 2021` })
      return null
    }
    return Number(raw)
  }
  const from = year('from')
  const to = year('to')
  if (from !== null && to !== null && from > to) details.push({ path: 'to', message: 'To must be the same year as From or later' })
  const codes = many(query.code)
  for (const code of codes) {
    // A split line (a code split in a later version, counted once until re-tagged) can be drilled into too.
    if (!latest.codes.some((c) => c.code === code) && splitLineInfo(code, versions) === null) {
      details.push({ path: 'code', message: `${code} is not a code in typology version ${latest.version}, which all counts use` })
    }
  }
  const choice = (name: string, valid: (v: string) => boolean, message: string): string => {
    const raw = one(query[name])
    if (raw !== '' && !valid(raw)) details.push({ path: name, message })
    return raw
  }
  const region = choice('region', (v) => v === NOT_RECORDED || isRegion(v), 'Choose an English region from the list')
  const level = choice('level', (v) => v === NOT_RECORDED || isMapLevel(v), 'Choose a system level from the list')
  const agency = choice('agency', isAgencyType, 'Choose a kind of agency from the list')
  const methodology = choice('methodology', (v) => /^[a-z][a-z0-9-]{0,39}$/.test(v), 'Choose a methodology from the list')
  // The Department's age bands (format 2, and format 1's translated); format 1's own bands stay accepted.
  const ageBand = choice('ageBand', (v) => isIn(SIN_AGE_BANDS, v) || isAgeBand(v), 'Choose an age band from the list')
  const harm = choice('harm', isHarmCategory, 'Choose what happened to the child from the list')
  const v2 = Object.fromEntries(V2_FILTERS.map((name) =>
    [name, choice(name, (v) => isIn(V2_GROUPINGS[name].list, v), `Choose a ${V2_GROUPINGS[name].name.toLowerCase()} from the list: ${V2_GROUPINGS[name].list.map((c) => c.key).join(', ')}`)])) as Record<Exclude<V2Dimension, 'ageBand'>, string>
  const q = one(query.q).slice(0, 200)
  if (details.length > 0) throw new BadInput('The filters are not valid', details)
  const nullable = (v: string) => (v === '' ? null : v)
  const sinBand = ageBand !== '' && isIn(SIN_AGE_BANDS, ageBand)
  const facts: Array<{ column: FindingFactColumn; value: string }> = []
  if (sinBand) facts.push({ column: 'sin_age_band', value: ageBand })
  for (const name of ['sex', 'ethnicity', 'harmType', 'socialCareStatus', 'findingType'] as const) {
    if (v2[name] !== '') facts.push({ column: GROUPINGS[name].source.column, value: v2[name] })
  }
  return {
    filters: {
      from, to, codes: codes.map((code) => ({ code, isFamily: latest.codes.find((c) => c.code === code)?.parent === null })), region: nullable(region), level: nullable(level), agency: nullable(agency), methodology: nullable(methodology),
      ageBand: sinBand ? null : nullable(ageBand), harm: nullable(harm), search: textSearch(q), facts, riskFactor: nullable(v2.riskFactor),
      nationalAttention: nullable(v2.nationalAttention), published: nullable(v2.published),
    },
    values: { from: from === null ? '' : String(from), to: to === null ? '' : String(to), codes, region, level, agency, methodology, ageBand, harm, q, ...v2 },
  }
}

/** The filters as an audit row records them: every filter, but only whether words were searched, never the words. */
export function auditedFilters(values: ThemeQuery['values']): Record<string, string | boolean | string[]> {
  const { q, ...rest } = values
  return { ...rest, search: q !== '' }
}

/** A query string for these filters with some changed: links keep the view shareable. */
export function filterQuery(values: ThemeQuery['values'], changes: Partial<Record<(typeof FILTER_KEYS)[number], string | string[] | null>> = {}): string {
  const params = new URLSearchParams()
  const base: Record<string, string | string[]> = { ...values, code: values.codes }
  for (const key of FILTER_KEYS) {
    const value = key in changes ? changes[key] : base[key]
    for (const v of Array.isArray(value) ? value : [value ?? '']) if (v !== '') params.append(key, v)
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

// ---- Labels and order ----

function typologyOrder(latest: TypologyVersion): Map<string, number> {
  return new Map(latest.codes.map((c, i) => [c.code, i]))
}

/**
 * A row's label. `versions` (every version held) lets a split line, keyed by a code the latest version no
 * longer has, say what it is; without it such a key shows as itself.
 */
export function rowLabel(by: ThemeDimension, key: string, latest: TypologyVersion, versions: readonly TypologyVersion[] = []): string {
  if (key === NOT_RECORDED) return 'Not recorded'
  if (isV2Dimension(by)) return labelIn(V2_GROUPINGS[by].list, key)
  switch (by) {
    case 'family':
    case 'code': {
      const label = latest.codes.find((c) => c.code === key)?.label
      if (label !== undefined) return label
      const split = splitLineInfo(key, versions)
      return split ? splitLineLabel(split) : key
    }
    case 'level':
      return isMapLevel(key) ? MAP_LEVEL_INFO[key].label : key
    case 'agency':
      return agencyTypeLabel(key)
    default:
      return key
  }
}

export function orderOf(by: ThemeDimension, latest: TypologyVersion, versions: readonly TypologyVersion[] = []): (key: string) => number {
  const last = 1e6
  if (isV2Dimension(by)) {
    const keys = V2_GROUPINGS[by].list.map((c) => c.key)
    return (k) => keys.indexOf(k) >>> 0
  }
  switch (by) {
    case 'family':
    case 'code': {
      const order = typologyOrder(latest)
      // A split line sits after the last code of its family.
      const familyEnd = (family: string) => Math.max(...latest.codes.map((c, i) => (c.code === family || c.parent === family ? i : -1))) + 0.5
      return (k) => {
        const at = order.get(k)
        if (at !== undefined) return at
        const split = splitLineInfo(k, versions)
        return split ? familyEnd(split.family) : last
      }
    }
    case 'level':
      return (k) => (MAP_LEVELS as readonly string[]).indexOf(k) >>> 0
    case 'agency':
      return (k) => AGENCY_TYPES.findIndex((a) => a.key === k) >>> 0
    case 'region':
      return (k) => (REGIONS as readonly string[]).indexOf(k) >>> 0
    case 'year':
      return (k) => Number(k)
  }
}

export async function rawCounts(ctx: ServiceContext, by: ThemeDimension, filters: ThemeFilters): Promise<CountRow[]> {
  if (isV2Dimension(by)) return countBy(ctx.db, by, filters)
  switch (by) {
    case 'family':
    case 'code':
      return countByCode(ctx.db, by, filters)
    case 'level':
      return countByFindingColumn(ctx.db, 'system_level', filters)
    case 'agency':
      return countByAgency(ctx.db, filters)
    case 'region':
      return countByFindingColumn(ctx.db, 'region', filters)
    case 'year':
      return countByFindingColumn(ctx.db, 'year', filters)
  }
}

export interface ThemeRow {
  key: string
  label: string
  /** Set on a line that stands for a split code: counted once, never under each new code, until re-tagged. */
  split: { code: string; version: string; into: string[] } | null
  reviews: Shown
  findings: Shown
  suppressed: boolean
  /** Unsuppressed counts stay here, on the server, for proportions when the totals may be shown. */
  rawFindings: number
}

/**
 * The one-way table of a grouping under the filters, suppressed (rules 1 and 4 of suppression.ts with the total of
 * the same filters): what the dashboard, the themes API, the exports and the drill-downs all show. Rows are in
 * the grouping's order before suppression, the same order the two-way tables' margins take.
 */
export async function themeTable(ctx: ServiceContext, by: ThemeDimension, filters: ThemeFilters, latest: TypologyVersion, versions: readonly TypologyVersion[], total?: Promise<CountCell>): Promise<ThemeRow[]> {
  const order = orderOf(by, latest, versions)
  const [counts, all] = await Promise.all([rawCounts(ctx, by, filters), total ?? countTotals(ctx.db, filters)])
  const rows = counts
    .filter((r) => r.reviews > 0)
    .map((r) => ({ ...r, key: r.key ?? NOT_RECORDED }))
    .sort((a, b) => order(a.key) - order(b.key) || a.key.localeCompare(b.key))
  const shown = suppressRows(rows, all, SPLITS[by])
  return rows.map((r, i) => {
    const info = by === 'code' && !latest.codes.some((c) => c.code === r.key) ? splitLineInfo(r.key, versions) : null
    return {
      key: r.key, label: rowLabel(by, r.key, latest, versions), split: info ? { code: info.code, version: info.version, into: info.into } : null,
      reviews: shown[i]!.reviews, findings: shown[i]!.findings, suppressed: shown[i]!.suppressed, rawFindings: r.findings,
    }
  })
}

/**
 * GET /api/v1/national/themes: the contract's shape, cells only (no totals), suppressed as every table of the same
 * filters; no rows where the minimum complement withholds the view (`viewWithheld` says why).
 */
export async function themesForApi(ctx: ServiceContext, by: ThemeDimension, query: Record<string, unknown>) {
  const history = await refreshTranslations(ctx)
  const themeQuery = readThemeQuery(query, history.current, history.versions)
  const total = countTotals(ctx.db, themeQuery.filters)
  const [withheld, rows] = await Promise.all([
    withheldView(ctx, themeQuery, history.current, history.versions, total.then((t) => t.reviews)),
    themeTable(ctx, by, themeQuery.filters, history.current, history.versions, total),
  ])
  return {
    typologyVersion: history.current.version,
    suppressedBelow: SUPPRESSED_BELOW,
    viewWithheld: withheld,
    rows: withheld ? [] : rows.map((r) => ({ key: r.key, label: r.label, reviews: r.reviews, findings: r.findings, ...(r.split ? { split: r.split } : {}) })),
  }
}

// ---- The dashboard ----

export const TABLE_TITLES: Record<DashboardDimension | 'pairs', string> = {
  family: 'Findings by typology family',
  code: 'Findings by typology code',
  level: 'Findings by system level',
  agency: 'Findings by agency',
  region: 'Findings by region',
  year: 'Findings by year',
  pairs: 'Codes found together on the same finding',
}

export interface DashboardTable {
  key: DashboardDimension
  title: string
  /** For the year table, each shown year's typology versions (as tagged, oldest first): trends read knowingly. */
  rows: Array<ThemeRow & { share: string | null; parent: string | null; typologyVersions: string[] | null }>
  hasSuppressed: boolean
}

export interface PairsTable {
  rows: Array<{ first: string; firstLabel: string; second: string; secondLabel: string; reviews: Shown; findings: Shown; suppressed: boolean }>
  /** Pairs not listed: beyond the most frequent, or in fewer than 5 reviews. */
  notListed: number
}

export interface Dashboard {
  typologyVersion: string
  /** Set when the minimum complement withholds every number under these filters (national-complement.ts). */
  viewWithheld: WithheldView | null
  /** Withheld (null) when showing them would let a hidden cell be worked out; see suppression.ts. */
  totals: { reviews: number; findings: number } | null
  /** True when nothing at all matches, or fewer than 5 reviews do. */
  tooFew: boolean
  tables: Record<DashboardDimension, DashboardTable>
  pairs: PairsTable
  years: { first: number | null; last: number | null }
}

const PAIRS_LISTED = 15

/** The typology versions a year's findings were tagged in, oldest first. */
export function versionsOfYear(tagVersions: ReadonlyArray<{ year: number; version: string }>, year: string): string[] {
  return [...new Set(tagVersions.filter((t) => String(t.year) === year).map((t) => t.version))].sort(compareVersions)
}

export async function nationalDashboard(ctx: ServiceContext, query: ThemeQuery, latest: TypologyVersion): Promise<Dashboard> {
  const { filters } = query
  const { versions } = await loadTypology(ctx.db)
  const total = countTotals(ctx.db, filters)
  const [withheld, tagVersions, totals, years, pairs, pairCount, ...tables] = await Promise.all([
    withheldView(ctx, query, latest, versions, total.then((t) => t.reviews)),
    tagVersionsByYear(ctx.db, filters),
    total,
    yearRange(ctx.db),
    countCodePairs(ctx.db, filters, PAIRS_LISTED),
    countDistinctPairs(ctx.db, filters),
    ...DASHBOARD_DIMENSIONS.map((by) => themeTable(ctx, by, filters, latest, versions, total)),
  ])
  if (withheld) return withheldDashboard(latest, withheld, years)
  const byKey = Object.fromEntries(DASHBOARD_DIMENSIONS.map((by, i) => [by, tables[i] ?? []])) as Record<DashboardDimension, ThemeRow[]>
  // Rule 2: region and year split the reviews, system level splits the findings.
  const showTotals = totalsMayShow(totals, [byKey.region, byKey.year, byKey.level])
  const parents = new Map(latest.codes.map((c) => [c.code, c.parent]))
  const dashboardTables = Object.fromEntries(DASHBOARD_DIMENSIONS.map((by) => [by, {
    key: by,
    title: TABLE_TITLES[by],
    rows: byKey[by].map((r) => ({
      ...r,
      share: showTotals && !r.suppressed ? proportionText(r.rawFindings, totals.findings) : null,
      parent: by === 'code' ? parents.get(r.key) ?? null : null,
      typologyVersions: by === 'year' && !r.suppressed ? versionsOfYear(tagVersions, r.key) : null,
    })),
    hasSuppressed: byKey[by].some((r) => r.suppressed),
  }])) as Record<DashboardDimension, DashboardTable>
  const listed = pairs.filter((p) => !isSmall(p.reviews))
  return {
    typologyVersion: latest.version,
    viewWithheld: null,
    totals: showTotals ? totals : null,
    tooFew: isSmall(totals.reviews),
    tables: dashboardTables,
    pairs: {
      rows: listed.map((p) => {
        const shown = suppressCell(p)
        return {
          first: p.first, firstLabel: rowLabel('code', p.first, latest, versions), second: p.second, secondLabel: rowLabel('code', p.second, latest, versions),
          reviews: shown.reviews, findings: shown.findings, suppressed: shown.suppressed,
        }
      }),
      notListed: pairCount - listed.length,
    },
    years,
  }
}

/** The dashboard of a view the minimum complement withholds: no number at all, only the reason. */
function withheldDashboard(latest: TypologyVersion, withheld: WithheldView, years: Dashboard['years']): Dashboard {
  const empty = (by: DashboardDimension): DashboardTable => ({ key: by, title: TABLE_TITLES[by], rows: [], hasSuppressed: false })
  const tables = Object.fromEntries(DASHBOARD_DIMENSIONS.map((by) => [by, empty(by)])) as Record<DashboardDimension, DashboardTable>
  return { typologyVersion: latest.version, viewWithheld: withheld, totals: null, tooFew: false, tables, pairs: { rows: [], notListed: 0 }, years }
}

// ---- Choices for the filter form ----

export function filterChoices(latest: TypologyVersion) {
  return {
    codes: latest.codes.map((c) => ({ value: c.code, text: c.parent === null ? `${c.code}: ${c.label}` : `— ${c.code}: ${c.label}` })),
    regions: [...REGIONS.map((r) => ({ value: r, text: r })), { value: NOT_RECORDED, text: 'Not recorded' }],
    levels: [...MAP_LEVELS.map((l) => ({ value: l, text: MAP_LEVEL_INFO[l].label })), { value: NOT_RECORDED, text: 'Not recorded' }],
    agencies: AGENCY_TYPES.map((a) => ({ value: a.key, text: a.label })),
    methodologies: listPacks().map((p) => ({ value: p.key, text: p.title })),
    ageBands: [...SIN_AGE_BANDS.map((b) => ({ value: b.key, text: b.label })), ...AGE_BANDS.filter((b) => !isIn(SIN_AGE_BANDS, b.key)).map((b) => ({ value: b.key, text: `${b.label} (format 1 returns)` }))],
    ...Object.fromEntries(V2_FILTERS.map((name) => [name, V2_GROUPINGS[name].list.map((c) => ({ value: c.key, text: c.label }))])),
    harms: HARM_CATEGORIES.map((h) => ({ value: h.key, text: h.label })),
  }
}

/** One filter in use: the page's words for it, and the filters without it (the view it could be subtracted from). */
export interface FilterPart {
  label: string
  without: ThemeQuery['values']
}

/**
 * The filters in use, one by one, as the minimum complement takes them (national-complement.ts). The year range is one
 * filter: dropping only one end of it leaves a difference that is itself a year range, a view with its own
 * suppression, whereas dropping the whole range leaves the years on both sides, which no one view shows. Each code is
 * a filter of its own; the words searched for are one filter.
 */
export function filterParts(values: ThemeQuery['values'], latest: TypologyVersion): FilterPart[] {
  const parts: FilterPart[] = []
  const add = (label: string, without: Partial<ThemeQuery['values']>) => parts.push({ label, without: { ...values, ...without } })
  if (values.from || values.to) add(`Years: ${values.from || 'any'} to ${values.to || 'any'}`, { from: '', to: '' })
  for (const code of values.codes) add(`Typology code: ${code} ${rowLabel('code', code, latest)}`, { codes: values.codes.filter((c) => c !== code) })
  if (values.region) add(`Region: ${values.region === NOT_RECORDED ? 'Not recorded' : values.region}`, { region: '' })
  if (values.level) add(`System level: ${rowLabel('level', values.level, latest)}`, { level: '' })
  if (values.agency) add(`Agency: ${agencyTypeLabel(values.agency)}`, { agency: '' })
  if (values.methodology) add(`Methodology: ${getPack(values.methodology)?.title ?? values.methodology}`, { methodology: '' })
  if (values.ageBand) add(`Child's age: ${AGE_BANDS.find((b) => b.key === values.ageBand)?.label ?? labelIn(SIN_AGE_BANDS, values.ageBand)}`, { ageBand: '' })
  for (const name of V2_FILTERS) {
    if (values[name]) add(`${V2_GROUPINGS[name].name}: ${labelIn(V2_GROUPINGS[name].list, values[name])}`, { [name]: '' })
  }
  if (values.harm) add(`What happened: ${HARM_CATEGORIES.find((h) => h.key === values.harm)?.label ?? values.harm}`, { harm: '' })
  if (values.q) add(`Words: ${values.q}`, { q: '' })
  return parts
}

/** The filters in words, for the page and for exports. */
export function describeFilters(values: ThemeQuery['values'], latest: TypologyVersion): string[] {
  return filterParts(values, latest).map((p) => p.label)
}

/** The filters the queries take for filters already read once (so valid). */
export function filtersOf(values: ThemeQuery['values'], latest: TypologyVersion, versions: readonly TypologyVersion[]): ThemeFilters {
  return readThemeQuery({ ...values, code: values.codes }, latest, versions).filters
}
