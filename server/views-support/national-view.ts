// The national dashboard's page model: each table with its chart, links that keep the filters (so a view can
// be shared), drill-down links to the anonymised findings, and the export links.
import { SUPPRESSED_BELOW } from '../../methodology/national/suppression.js'
import type { Dashboard, DashboardDimension, DashboardTable, ThemeDimension, ThemeQuery } from '../services/national-themes.js'
import { filterQuery } from '../services/national-themes.js'
import { barChart, lineChart, type BarChart, type LineChart } from './national-charts.js'
import { chartSvg } from './national-chart-svg.js'
import { drillTableQuery, type DrillTable } from '../services/national-drill-scope.js'

const KEY_HEADINGS: Record<DashboardDimension, string> = {
  family: 'Family', code: 'Code', level: 'System level', agency: 'Agency', region: 'Region', year: 'Year',
}

/** The filter a row stands for, added to the current ones. */
export function rowFilter(by: ThemeDimension, key: string, values: ThemeQuery['values']): Parameters<typeof filterQuery>[1] {
  switch (by) {
    case 'family':
    case 'code':
      return { code: [...values.codes.filter((c) => c !== key), key] }
    case 'level':
      return { level: key }
    case 'agency':
      return { agency: key }
    case 'region':
      return { region: key }
    case 'year':
      return { from: key, to: key }
    default:
      // Format 2's groupings filter by the parameter of the same name.
      return { [by]: key }
  }
}

/** A drill-down link naming the table it comes from, so the list is suppressed as that table's entry. */
export function drillHref(values: ThemeQuery['values'], changes: Parameters<typeof filterQuery>[1], table: DrillTable): string {
  const q = filterQuery(values, changes)
  return `/national/findings${q}${q ? '&' : '?'}${drillTableQuery(table)}`
}

/** "v1.0" or "v1.0, 2.0": which typology versions a year's findings were tagged in. */
export function versionsNote(versions: readonly string[]): string {
  return `v${versions.join(', ')}`
}

export interface TableView {
  key: DashboardDimension
  title: string
  keyHeading: string
  showKey: boolean
  /** The table's chart (a line over the years, bars otherwise), and its SVG as put in the page. */
  chart: BarChart | LineChart | null
  svg: string | null
  rows: Array<{
    key: string
    label: string
    reviews: string
    findings: string
    share: string | null
    suppressed: boolean
    findingsHref: string
    trendHref: string | null
    /** The year's typology versions, in words. */
    versions: string | null
  }>
  total: { reviews: number; findings: number } | null
  showShare: boolean
  hasSuppressed: boolean
  csvHref: string
  xlsxHref: string
  svgHref: string
  pngHref: string
}

function tableView(table: DashboardTable, dashboard: Dashboard, values: ThemeQuery['values']): TableView {
  const data = table.rows.map((r) => ({
    label: table.key === 'code' ? `${r.key} ${r.label}` : r.label, value: r.findings,
    ...(r.typologyVersions?.length ? { note: versionsNote(r.typologyVersions) } : {}),
  }))
  const isTrend = table.key === 'year'
  const exportQuery = filterQuery(values)
  const exportHref = (format: string) => `/national/export${exportQuery}${exportQuery ? '&' : '?'}table=${table.key}&format=${format}`
  const chart = table.rows.length === 0 ? null : isTrend ? lineChart('chart-year', 'Findings by year', data) : barChart(`chart-${table.key}`, table.title, data)
  const splits = table.key === 'region' || table.key === 'year' || table.key === 'level'
  return {
    key: table.key,
    title: table.title,
    keyHeading: KEY_HEADINGS[table.key],
    showKey: table.key === 'code' || table.key === 'family',
    chart,
    svg: chart ? chartSvg(chart) : null,
    rows: table.rows.map((r) => ({
      key: r.key,
      label: r.label,
      reviews: String(r.reviews),
      findings: String(r.findings),
      share: r.share,
      suppressed: r.suppressed,
      findingsHref: drillHref(values, rowFilter(table.key, r.key, values), { by: table.key, cross: null }),
      versions: r.typologyVersions?.length ? versionsNote(r.typologyVersions) : null,
      trendHref: table.key === 'code' || table.key === 'family' ? `/national${filterQuery(values, rowFilter(table.key, r.key, values))}#theme-year` : null,
    })),
    total: splits ? dashboard.totals : null,
    showShare: dashboard.totals !== null,
    hasSuppressed: table.hasSuppressed,
    csvHref: exportHref('csv'),
    xlsxHref: exportHref('xlsx'),
    svgHref: exportHref('svg'),
    pngHref: exportHref('png'),
  }
}

export function dashboardView(dashboard: Dashboard, query: ThemeQuery) {
  const values = query.values
  const exportQuery = filterQuery(values)
  const order: DashboardDimension[] = ['family', 'code', 'level', 'agency', 'region', 'year']
  return {
    totals: dashboard.totals,
    viewWithheld: dashboard.viewWithheld,
    noReturns: dashboard.years.first === null,
    tooFew: dashboard.tooFew,
    suppressedBelow: SUPPRESSED_BELOW,
    typologyVersion: dashboard.typologyVersion,
    tables: order.map((key) => tableView(dashboard.tables[key], dashboard, values)),
    pairs: {
      rows: dashboard.pairs.rows.map((p) => ({
        ...p,
        reviews: String(p.reviews),
        findings: String(p.findings),
        findingsHref: `/national/findings${filterQuery(values, { code: [...new Set([...values.codes, p.first, p.second])] })}`,
      })),
      notListed: dashboard.pairs.notListed,
      csvHref: `/national/export${exportQuery}${exportQuery ? '&' : '?'}table=pairs&format=csv`,
      xlsxHref: `/national/export${exportQuery}${exportQuery ? '&' : '?'}table=pairs&format=xlsx`,
    },
    findingsHref: `/national/findings${exportQuery}`,
    crossHref: `/national/cross${exportQuery}`,
  }
}
