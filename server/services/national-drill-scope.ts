// Whether a drill-down to the anonymised findings may be listed, and the count it shows, so that varying the
// filters and subtracting lists from shown cells gives nothing a table hides (rule 3 of suppression.ts, made
// exact). A drill-down names the table it came from (`by`, and `cross` for a two-way table); the dimensions the
// filters pin to one value say which entry of that table it is (a cell, a row or column total, or the total),
// the other filters are the table's own, and the entry's suppression and count are the list's. A drill-down
// naming no table is checked against the tables it is an entry of: the one-way table of each dimension it pins and
// the two-way tables of each pair (both ways round), or, pinning none, the page's total (shown under rule 2 only).
import { isSmall, totalsMayShow } from '../../methodology/national/suppression.js'
import { isIn, SIN_AGE_BANDS } from '../../methodology/national/characteristics.js'
import type { TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { countTotals } from '../data/national-themes.js'
import { countTotalAndBy } from '../data/national-cross.js'
import type { ServiceContext } from './context.js'
import { crossTable } from './national-cross-tab.js'
import { withheldView, type WithheldView } from './national-complement.js'
import { BadInput, type ErrorDetail } from '../errors.js'
import { THEME_DIMENSIONS, filtersOf, isThemeDimension, themeTable, type ThemeDimension, type ThemeQuery } from './national-themes.js'

export interface DrillTable {
  by: ThemeDimension
  cross: ThemeDimension | null
}

/**
 * Shown: the count of findings the list has (the table's own number); withheld: nothing may be listed, with the
 * minimum complement's reason when that is why (the drill-down's own filters leave out too few reviews).
 */
export type DrillScope = { withheld: false; findings: number } | { withheld: true; viewWithheld: WithheldView | null }

const HIDDEN: DrillScope = { withheld: true, viewWithheld: null }

type Values = ThemeQuery['values']

interface Pin {
  dim: ThemeDimension
  key: string
  /** The filters without this one. */
  without: (values: Values) => Values
}

const SINGLE_FACTS = ['sex', 'ethnicity', 'harmType', 'riskFactor', 'socialCareStatus', 'findingType', 'nationalAttention', 'published'] as const

/** The dimensions the filters pin to one value, each with its key as the tables write it. */
function pinsOf(values: Values, latest: TypologyVersion): Pin[] {
  const pins: Pin[] = []
  if (values.region) pins.push({ dim: 'region', key: values.region, without: (v) => ({ ...v, region: '' }) })
  if (values.level) pins.push({ dim: 'level', key: values.level, without: (v) => ({ ...v, level: '' }) })
  if (values.agency) pins.push({ dim: 'agency', key: values.agency, without: (v) => ({ ...v, agency: '' }) })
  if (values.from !== '' && values.from === values.to) pins.push({ dim: 'year', key: values.from, without: (v) => ({ ...v, from: '', to: '' }) })
  for (const code of values.codes) {
    const family = latest.codes.find((c) => c.code === code)?.parent === null
    pins.push({ dim: family ? 'family' : 'code', key: code, without: (v) => ({ ...v, codes: v.codes.filter((c) => c !== code) }) })
  }
  // Format 1's own age bands are a filter, not a grouping.
  if (isIn(SIN_AGE_BANDS, values.ageBand)) pins.push({ dim: 'ageBand', key: values.ageBand, without: (v) => ({ ...v, ageBand: '' }) })
  for (const name of SINGLE_FACTS) if (values[name]) pins.push({ dim: name, key: values[name], without: (v) => ({ ...v, [name]: '' }) })
  return pins
}

/** Rule 2: the total of the matching findings, shown only where no table splitting them hides a row. */
/** The groupings that split the reviews or findings (rule 2 of suppression.ts): the page's total shows only if none hides a row. */
const SPLITTING = ['region', 'year', 'level'] as const

type ScopeCounts = Awaited<ReturnType<typeof countTotalAndBy>>

function totalScope(counts: ScopeCounts): DrillScope {
  const rows = counts.by.map((rows) => rows.filter((r) => r.reviews > 0).map((r) => ({ suppressed: isSmall(r.reviews) })))
  return totalsMayShow(counts.total, rows) ? { withheld: false, findings: counts.total.findings } : HIDDEN
}

/** One row of the one-way table of `pin` under the other filters, as that table shows it (hidden rows included). */
async function rowScope(ctx: ServiceContext, pin: Pin, values: Values, latest: TypologyVersion, versions: readonly TypologyVersion[]): Promise<DrillScope> {
  const table: ThemeQuery = { values: pin.without(values), filters: filtersOf(pin.without(values), latest, versions) }
  // A table the minimum complement withholds shows no entry at all.
  const total = countTotals(ctx.db, table.filters)
  const [withheld, rows] = await Promise.all([
    withheldView(ctx, table, latest, versions, total.then((t) => t.reviews)),
    themeTable(ctx, pin.dim, table.filters, latest, versions, total),
  ])
  const row = withheld ? undefined : rows.find((r) => r.key === pin.key)
  return row && !row.suppressed && typeof row.findings === 'number' ? { withheld: false, findings: row.findings } : HIDDEN
}

/** The entry of the two-way table `by` × `cross` (under the other filters) that the pins give. */
async function crossScope(
  ctx: ServiceContext, by: ThemeDimension, cross: ThemeDimension, rowPin: Pin | null, columnPin: Pin | null, values: Values, latest: TypologyVersion, versions: readonly TypologyVersion[],
): Promise<DrillScope> {
  const base = [rowPin, columnPin].reduce((v, pin) => (pin ? pin.without(v) : v), values)
  const table = await crossTable(ctx, by, cross, { values: base, filters: filtersOf(base, latest, versions) }, latest, versions)
  const i = rowPin ? table.rows.findIndex((r) => r.key === rowPin.key) : -1
  const j = columnPin ? table.columns.findIndex((c) => c.key === columnPin.key) : -1
  if ((rowPin && i < 0) || (columnPin && j < 0)) return HIDDEN
  const entry = rowPin && columnPin ? table.cells[i]![j]! : rowPin ? table.rowTotals[i]! : columnPin ? table.columnTotals[j]! : table.total
  return !entry.withheld && typeof entry.findings === 'number' && typeof entry.reviews === 'number' && entry.reviews > 0
    ? { withheld: false, findings: entry.findings } : HIDDEN
}

/** What a drill-down with these filters, from `table` (or none named), may list. */
export async function drillScope(ctx: ServiceContext, query: ThemeQuery, table: DrillTable | null, latest: TypologyVersion, versions: readonly TypologyVersion[]): Promise<DrillScope> {
  const values = query.values
  const pins = pinsOf(values, latest)
  // The last pin of a grouping is the entry's (a dashboard link adds its code after those already filtered).
  const pinOf = (dim: ThemeDimension | null) => (dim === null ? null : pins.filter((p) => p.dim === dim).at(-1) ?? null)
  // Which entry the list is: the page's total (its splitting tables decide it) or an entry of a table.
  const isTotal = table ? table.cross === null && pinOf(table.by) === null : pins.length === 0
  // The list's total (with the splitting tables where they decide it, counted in the same pass), read by the minimum
  // complement and for the list's count. Not every path awaits it, hence the catch (one that awaits still sees a failure).
  const counting = isTotal ? countTotalAndBy(ctx.db, SPLITTING, query.filters) : countTotals(ctx.db, query.filters).then((total) => ({ total, by: [] }))
  counting.catch(() => undefined)
  // The list's own filters first: one leaving out 1 to 4 reviews withholds it whatever table it comes from.
  const withheld = await withheldView(ctx, query, latest, versions, counting.then((c) => c.total.reviews))
  if (withheld) return { withheld: true, viewWithheld: withheld }
  if (isTotal) return totalScope(await counting)
  if (table) {
    const rowPin = pinOf(table.by)
    return table.cross ? crossScope(ctx, table.by, table.cross, rowPin, pinOf(table.cross), values, latest, versions) : rowScope(ctx, rowPin!, values, latest, versions)
  }
  const checks: Array<Promise<DrillScope>> = pins.map((pin) => rowScope(ctx, pin, values, latest, versions))
  for (const [a, p] of pins.entries()) {
    // Both ways round: which entries complementary suppression hides can differ between a table and its transpose.
    for (const q of pins.slice(a + 1)) if (p.dim !== q.dim) checks.push(crossScope(ctx, p.dim, q.dim, p, q, values, latest, versions), crossScope(ctx, q.dim, p.dim, q, p, values, latest, versions))
  }
  const scopes = await Promise.all(checks)
  if (scopes.some((s) => s.withheld)) return HIDDEN
  return { withheld: false, findings: (await counting).total.findings }
}

/** `by` and `cross` as a drill-down names its table; none is a drill-down from no table. Problems are named by parameter. */
export function readDrillTable(query: Record<string, unknown>): DrillTable | null {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const by = text(query.by)
  const cross = text(query.cross)
  if (by === '' && cross === '') return null
  const details: ErrorDetail[] = []
  if (!isThemeDimension(by)) details.push({ path: 'by', message: `by must be one of ${THEME_DIMENSIONS.join(', ')}${cross ? ' when cross is given' : ''}` })
  if (cross !== '' && !isThemeDimension(cross)) details.push({ path: 'cross', message: `cross must be one of ${THEME_DIMENSIONS.join(', ')}` })
  else if (cross !== '' && cross === by) details.push({ path: 'cross', message: 'cross must differ from by' })
  if (details.length > 0) throw new BadInput('The table drilled into is not valid', details)
  return { by: by as ThemeDimension, cross: cross === '' ? null : (cross as ThemeDimension) }
}

/** The query string naming the table, to add to a drill-down's link. */
export function drillTableQuery(table: DrillTable | null): string {
  return table ? `by=${table.by}${table.cross ? `&cross=${table.cross}` : ''}` : ''
}
