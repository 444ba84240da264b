// Any table of the national dashboard as a CSV or XLSX file, and any chart as SVG or PNG: the same suppressed
// cells as the page ("<5"), the total only when the page shows it, every text cell neutralised against
// spreadsheet formulas, the chart drawn from the very SVG the page shows, and each export audited.
import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'
import { SUPPRESSED_BELOW, WITHHELD } from '../../methodology/national/suppression.js'
import type { TypologyVersion } from '../../methodology/typology/typology-versions.js'
import { neutraliseRow } from '../export/cell-safety.js'
import { drawSvgAsPng } from '../export/figure-drawing.js'
import { chartSvgFile, type Chart } from '../views-support/national-chart-svg.js'
import { dashboardView } from '../views-support/national-view.js'
import { BadInput } from '../errors.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { TABLE_TITLES, auditedFilters, describeFilters, nationalDashboard, type DashboardDimension, type ThemeDimension, type ThemeQuery } from './national-themes.js'
import { crossTable } from './national-cross-tab.js'
import { loadTypology } from './typology.js'
import { DIMENSION_NAMES } from '../views-support/national-cross-view.js'
import { TIMELINESS_TABLES, TIMELINESS_TITLES, timelinessCells, timelinessChart, type TimelinessTable } from '../views-support/national-timeliness-view.js'
import { timelinessTables, type TimelinessGrouping } from './national-timeliness.js'
import type { WithheldView } from './national-complement.js'

type Groupings = { by: ThemeDimension; cross: ThemeDimension }

export type ExportTable = DashboardDimension | 'pairs' | 'cross' | TimelinessTable
export type ExportFormat = 'csv' | 'xlsx' | 'svg' | 'png'

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'svg', 'png']

/** Formats of a chart rather than a table (the pairs have no chart). */
const CHART_FORMATS: readonly ExportFormat[] = ['svg', 'png']

/** A PNG twice the chart's drawn width, sharp enough to paste into a report. */
const PNG_SCALE = 2

export const EXPORT_TABLES: readonly ExportTable[] = ['family', 'code', 'level', 'agency', 'region', 'year', 'pairs', 'cross', ...TIMELINESS_TABLES]

const isTimeliness = (table: ExportTable): table is TimelinessTable => (TIMELINESS_TABLES as readonly string[]).includes(table)
const groupingOf = (table: TimelinessTable): TimelinessGrouping => (table === 'timeliness-region' ? 'region' : 'year')

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
}

const KEY_HEADINGS: Record<DashboardDimension, string> = {
  family: 'Family code', code: 'Code', level: 'System level key', agency: 'Agency key', region: 'Region', year: 'Year',
}

type Cell = string | number

/** A two-way table: notes, then the reviews and the findings each as rows × columns with their totals ("[c]" hidden). */
async function crossCells(ctx: ServiceContext, groupings: Groupings, query: ThemeQuery, latest: TypologyVersion): Promise<Cell[][]> {
  const { versions } = await loadTypology(ctx.db)
  const table = await crossTable(ctx, groupings.by, groupings.cross, query, latest, versions)
  const filters = describeFilters(query.values, latest)
  if (table.viewWithheld) return withheldCells(`${DIMENSION_NAMES[groupings.by]} by ${DIMENSION_NAMES[groupings.cross].toLowerCase()}`, filters, table.viewWithheld)
  const block = (measure: 'reviews' | 'findings'): Cell[][] => [
    [`${measure === 'reviews' ? 'Reviews' : 'Findings'}: ${DIMENSION_NAMES[groupings.by]} (rows) by ${DIMENSION_NAMES[groupings.cross]} (columns)`],
    ['', ...table.columns.map((c) => c.label), 'Total'],
    ...table.rows.map((r, i) => [r.label, ...table.cells[i]!.map((c) => c[measure]), table.rowTotals[i]![measure]]),
    ['Total', ...table.columnTotals.map((c) => c[measure]), table.total[measure]],
    [],
  ]
  return [
    [`${DIMENSION_NAMES[groupings.by]} by ${DIMENSION_NAMES[groupings.cross].toLowerCase()}`],
    [`Typology version ${table.typologyVersion}; older tags are counted under the codes they became.`],
    [filters.length > 0 ? `Filters: ${filters.join('; ')}` : 'Filters: none'],
    [`A cell or total counting fewer than ${SUPPRESSED_BELOW} reviews is hidden, with as many others as it takes that no hidden number can be worked out; every hidden number shows ${table.withheld}.`],
    [],
    ...block('reviews'),
    ...block('findings'),
  ]
}

/** A download of a view the minimum complement withholds: its title, its filters and why, and no number. */
function withheldCells(title: string, filters: string[], withheld: WithheldView): Cell[][] {
  return [[title], [filters.length > 0 ? `Filters: ${filters.join('; ')}` : 'Filters: none'], [withheld.reason]]
}

/** A chart, or why there is none: the view withheld (the minimum complement), or nothing to draw. */
async function chartOf(ctx: ServiceContext, actor: Actor, table: ExportTable, query: ThemeQuery, latest: TypologyVersion): Promise<{ chart: Chart | null; withheld: WithheldView | null }> {
  if (table === 'pairs' || table === 'cross') return { chart: null, withheld: null }
  if (isTimeliness(table)) {
    const timeliness = await timelinessTables(ctx, actor, query, latest)
    return { chart: timelinessChart(timeliness, groupingOf(table)), withheld: timeliness.viewWithheld }
  }
  const dashboard = await nationalDashboard(ctx, query, latest)
  return { chart: dashboardView(dashboard, query).tables.find((t) => t.key === table)?.chart ?? null, withheld: dashboard.viewWithheld }
}

/** The table as rows of cells: notes, a heading row, the rows, and the total when it may be shown. */
async function tableCells(ctx: ServiceContext, actor: Actor, table: ExportTable, query: ThemeQuery, latest: TypologyVersion, groupings: Groupings | null): Promise<Cell[][]> {
  if (isTimeliness(table)) {
    const filters = describeFilters(query.values, latest)
    const timeliness = await timelinessTables(ctx, actor, query, latest)
    if (timeliness.viewWithheld) return withheldCells(TIMELINESS_TITLES[table], filters, timeliness.viewWithheld)
    return [
      [TIMELINESS_TITLES[table]],
      ['Each review counts once, with its durations in working days; medians and quartiles by linear interpolation (as QUARTILE.INC).'],
      [filters.length > 0 ? `Filters: ${filters.join('; ')}` : 'Filters: none'],
      [`A group of fewer than ${SUPPRESSED_BELOW} reviews, or a duration known for fewer than ${SUPPRESSED_BELOW} of its reviews or not known for 1 to ${SUPPRESSED_BELOW - 1}, shows <${SUPPRESSED_BELOW}; the all-reviews row is left out where a hidden figure could be worked out from it.`],
      [],
      ...timelinessCells(timeliness, groupingOf(table)),
    ]
  }
  if (table === 'cross') {
    if (!groupings) throw new BadInput('The export was not made', [{ path: 'by', message: 'A two-way table needs by and cross' }])
    return crossCells(ctx, groupings, query, latest)
  }
  const dashboard = await nationalDashboard(ctx, query, latest)
  const filters = describeFilters(query.values, latest)
  if (dashboard.viewWithheld) return withheldCells(TABLE_TITLES[table], filters, dashboard.viewWithheld)
  const notes: Cell[][] = [
    [TABLE_TITLES[table]],
    [`Typology version ${dashboard.typologyVersion}; older tags are counted under the codes they became.`],
    [filters.length > 0 ? `Filters: ${filters.join('; ')}` : 'Filters: none'],
    [`Cells counting fewer than ${SUPPRESSED_BELOW} reviews show <${SUPPRESSED_BELOW}; in a table whose rows split the reviews or findings, others show ${WITHHELD} where a hidden number could otherwise be worked out from the total. Totals and shares are left out when a hidden number could be worked out from them.`],
    [],
  ]
  if (table === 'pairs') {
    return [
      ...notes,
      ['First code', 'First label', 'Second code', 'Second label', 'Reviews', 'Findings'],
      ...dashboard.pairs.rows.map((p) => [p.first, p.firstLabel, p.second, p.secondLabel, p.reviews, p.findings]),
    ]
  }
  const t = dashboard.tables[table]
  const withShare = dashboard.totals !== null
  const versions = table === 'year'
  const rows: Cell[][] = t.rows.map((r) => [r.key, r.label, r.reviews, r.findings, ...(withShare ? [r.share ?? ''] : []), ...(versions ? [r.typologyVersions?.join(' ') ?? ''] : [])])
  const total: Cell[][] = dashboard.totals && (table === 'region' || table === 'year' || table === 'level')
    ? [['Total', '', dashboard.totals.reviews, dashboard.totals.findings, ...(withShare ? ['100%'] : [])]]
    : []
  return [...notes, [KEY_HEADINGS[table], 'Label', 'Reviews', 'Findings', ...(withShare ? ['Share of findings'] : []), ...(versions ? ['Typology versions tagged'] : [])], ...rows, ...total]
}

async function safeCells(ctx: ServiceContext, actor: Actor, table: ExportTable, query: ThemeQuery, latest: TypologyVersion, groupings: Groupings | null): Promise<Cell[][]> {
  return (await tableCells(ctx, actor, table, query, latest, groupings)).map((row) => neutraliseRow(row) as Cell[])
}

export async function exportThemeTable(
  ctx: ServiceContext, actor: Actor, table: ExportTable, format: ExportFormat, query: ThemeQuery, latest: TypologyVersion, groupings: Groupings | null = null,
): Promise<{ filename: string; contentType: string; body: Buffer }> {
  let body: Buffer
  if (CHART_FORMATS.includes(format)) {
    const { chart, withheld } = await chartOf(ctx, actor, table, query, latest)
    if (withheld) throw new BadInput('The chart was not made', [{ path: 'table', message: withheld.reason }])
    if (!chart) {
      throw new BadInput('The export was not made', [{ path: 'table', message: table === 'pairs' || table === 'cross' ? 'This table has no chart: download it as CSV or XLSX' : 'No findings match these filters, so there is no chart to download' }])
    }
    const svg = chartSvgFile(chart)
    // Drawn in the drawing process, as the map's PNG: a panic in resvg ends that process, not the server, and a long
    // drawing does not hold the event loop.
    body = format === 'svg' ? Buffer.from(svg) : await drawSvgAsPng(svg, chart.width * PNG_SCALE, 'The chart')
  } else if (format === 'csv') {
    const cells = await safeCells(ctx, actor, table, query, latest, groupings)
    // A byte order mark, so spreadsheet programs read the file as UTF-8.
    body = Buffer.from(stringify(cells, { bom: true }))
  } else {
    const cells = await safeCells(ctx, actor, table, query, latest, groupings)
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet((table === 'cross' ? 'Two-way table' : isTimeliness(table) ? TIMELINESS_TITLES[table] : TABLE_TITLES[table]).slice(0, 31))
    for (const row of cells) sheet.addRow(row)
    body = Buffer.from(await workbook.xlsx.writeBuffer())
  }
  await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx.clock, actor, {
    action: 'national.themes.export', objectType: 'national-table', objectId: table === 'cross' && groupings ? `cross:${groupings.by}:${groupings.cross}` : table,
    // The filters, but not the words of a search: those are whatever someone typed.
    details: { format, ...auditedFilters(query.values) },
  }))
  const name = table === 'cross' && groupings ? `${groupings.by}-by-${groupings.cross}` : table
  return { filename: `national-${name}-${nowIso(ctx).slice(0, 10)}.${format}`, contentType: EXPORT_TYPES[format], body }
}
