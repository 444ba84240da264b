// Two-way tables of the national returns (GET /api/v1/national/themes?by=…&cross=…, and the dashboard's
// cross-tabulation): reviews and findings in each combination of two groupings, with their row, column and
// grand totals, after primary and complementary suppression (methodology/national/cross-tab-suppression.ts); its
// row and column totals are hidden exactly where the one-way tables of the same filters hide those rows.
// Where one of the groupings is the year, each year says which typology versions its findings were tagged in,
// so a trend read across a change of version is read knowingly.
import { SUPPRESSED_BELOW } from '../../methodology/national/suppression.js'
import { WITHHELD, suppressCrossTable, type ShownCrossCell } from '../../methodology/national/cross-tab-suppression.js'
import { type TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { splitLineInfo } from '../../methodology/typology/typology-counting.js'
import { countCrossTable } from '../data/national-cross.js'
import type { CountRow } from '../data/national-themes.js'
import { withheldView, type WithheldView } from './national-complement.js'
import { BadInput } from '../errors.js'
import type { ServiceContext } from './context.js'
import { refreshTranslations } from './national-store.js'
import { versionsOfYear, NOT_RECORDED, SPLITS, THEME_DIMENSIONS, orderOf, readThemeQuery, rowLabel, type ThemeDimension, type ThemeQuery } from './national-themes.js'

export interface CrossHeading {
  key: string
  label: string
  /** A line standing for a split code (see typology-counting.ts). */
  split?: { code: string; version: string; into: string[] }
  /** For a year: the typology versions its findings were tagged in, oldest first (only where its total is shown). */
  typologyVersions?: string[]
}

export interface CrossTabResult {
  typologyVersion: string
  suppressedBelow: number
  withheld: typeof WITHHELD
  /** Set when the minimum complement withholds the whole table (no headings, cells or totals, the total "[c]"). */
  viewWithheld: WithheldView | null
  by: ThemeDimension
  cross: ThemeDimension
  rows: CrossHeading[]
  columns: CrossHeading[]
  /** cells[i][j]: rows[i] × columns[j]. */
  cells: ShownCrossCell[][]
  rowTotals: ShownCrossCell[]
  columnTotals: ShownCrossCell[]
  total: ShownCrossCell
}

function heading(by: ThemeDimension, key: string, latest: TypologyVersion, versions: readonly TypologyVersion[]): CrossHeading {
  const info = by === 'code' && !latest.codes.some((c) => c.code === key) ? splitLineInfo(key, versions) : null
  return { key, label: rowLabel(by, key, latest, versions), ...(info ? { split: { code: info.code, version: info.version, into: info.into } } : {}) }
}

/** The keys with anything in them, in the dimension's order. */
function keysOf(by: ThemeDimension, counts: CountRow[], latest: TypologyVersion, versions: readonly TypologyVersion[]): string[] {
  const order = orderOf(by, latest, versions)
  return counts.filter((r) => r.reviews > 0).map((r) => r.key ?? NOT_RECORDED).sort((a, b) => order(a) - order(b) || a.localeCompare(b))
}

/** The two-way table under the filters of `query`: empty, saying why, where the minimum complement withholds the view. */
export async function crossTable(ctx: ServiceContext, by: ThemeDimension, cross: ThemeDimension, query: ThemeQuery, latest: TypologyVersion, versions: readonly TypologyVersion[]): Promise<CrossTabResult> {
  const counting = countCrossTable(ctx.db, by, cross, query.filters, by === 'year' || cross === 'year')
  const [withheld, counted] = await Promise.all([withheldView(ctx, query, latest, versions, counting.then((c) => c.total.reviews)), counting])
  if (withheld) {
    const marker = { reviews: WITHHELD, findings: WITHHELD, withheld: true }
    return { typologyVersion: latest.version, suppressedBelow: SUPPRESSED_BELOW, withheld: WITHHELD, viewWithheld: withheld, by, cross, rows: [], columns: [], cells: [], rowTotals: [], columnTotals: [], total: marker }
  }
  const { cells, rowTotals: rowCounts, columnTotals: columnCounts, total, tagVersions } = counted
  const rowKeys = keysOf(by, rowCounts, latest, versions)
  const columnKeys = keysOf(cross, columnCounts, latest, versions)
  const at = new Map(cells.map((c) => [`${c.row ?? NOT_RECORDED}\u0000${c.column ?? NOT_RECORDED}`, c]))
  const margin = (counts: CountRow[]) => new Map(counts.map((c) => [c.key ?? NOT_RECORDED, { reviews: c.reviews, findings: c.findings }]))
  const rowTotals = margin(rowCounts)
  const columnTotals = margin(columnCounts)
  const shown = suppressCrossTable({
    cells: rowKeys.map((r) => columnKeys.map((c) => {
      const cell = at.get(`${r}\u0000${c}`)
      return { reviews: cell?.reviews ?? 0, findings: cell?.findings ?? 0 }
    })),
    rowTotals: rowKeys.map((r) => rowTotals.get(r)!),
    columnTotals: columnKeys.map((c) => columnTotals.get(c)!),
    grandTotal: total,
  }, { rows: SPLITS[by], columns: SPLITS[cross] })
  const withVersions = (dim: ThemeDimension, keys: string[], totals: ShownCrossCell[]): CrossHeading[] => keys.map((key, i) => ({
    ...heading(dim, key, latest, versions),
    ...(dim === 'year' && !totals[i]!.withheld ? { typologyVersions: versionsOfYear(tagVersions, key) } : {}),
  }))
  return {
    typologyVersion: latest.version,
    suppressedBelow: SUPPRESSED_BELOW,
    withheld: WITHHELD,
    viewWithheld: null,
    by, cross,
    rows: withVersions(by, rowKeys, shown.rowTotals),
    columns: withVersions(cross, columnKeys, shown.columnTotals),
    cells: shown.cells,
    rowTotals: shown.rowTotals,
    columnTotals: shown.columnTotals,
    total: shown.grandTotal,
  }
}

/** Reads `by` and `cross` (two different groupings); each problem is named by its parameter with the allowed values. */
export function readGroupings(query: Record<string, unknown>, defaults: { by?: ThemeDimension; cross?: ThemeDimension } = {}): { by: ThemeDimension; cross: ThemeDimension } {
  const read = (name: 'by' | 'cross'): ThemeDimension | null => {
    const raw = query[name] ?? defaults[name]
    if (typeof raw === 'string' && (THEME_DIMENSIONS as readonly string[]).includes(raw)) return raw as ThemeDimension
    return null
  }
  const by = read('by')
  const cross = read('cross')
  const details = [
    ...(by === null ? [{ path: 'by', message: `by must be one of ${THEME_DIMENSIONS.join(', ')}` }] : []),
    ...(cross === null ? [{ path: 'cross', message: `cross must be one of ${THEME_DIMENSIONS.join(', ')}` }] : []),
  ]
  if (details.length > 0) throw new BadInput('Choose what to group by', details)
  if (by === cross) throw new BadInput('Choose two different groupings', [{ path: 'cross', message: 'cross must differ from by' }])
  return { by: by!, cross: cross! }
}

/** GET /api/v1/national/themes?by=…&cross=…: the two-way table. */
export async function crossTabForApi(ctx: ServiceContext, query: Record<string, unknown>): Promise<CrossTabResult> {
  const { by, cross } = readGroupings(query)
  const history = await refreshTranslations(ctx)
  return crossTable(ctx, by, cross, readThemeQuery(query, history.current, history.versions), history.current, history.versions)
}
