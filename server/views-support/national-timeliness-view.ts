// The dashboard's timeliness section: a table and a quartile chart for each grouping (region, year), the same
// rows as the CSV/XLSX download, and the export links with the page's filters.
import { SUPPRESSED, WITHHELD } from '../../methodology/national/suppression.js'
import type { ShownDistribution } from '../../methodology/national/duration-distribution.js'
import { filterQuery, type ThemeQuery } from '../services/national-themes.js'
import { DURATIONS, TIMELINESS_GROUPINGS, type Timeliness, type TimelinessGrouping, type TimelinessRow } from '../services/national-timeliness.js'
import { formatDays, rangeChart, type RangeChart } from './national-charts.js'
import { chartSvg } from './national-chart-svg.js'

export type TimelinessTable = `timeliness-${TimelinessGrouping}`
export const TIMELINESS_TABLES: readonly TimelinessTable[] = TIMELINESS_GROUPINGS.map((g) => `timeliness-${g}` as const)

export const TIMELINESS_TITLES: Record<TimelinessTable, string> = {
  'timeliness-region': 'Timeliness by region (working days)',
  'timeliness-year': 'Timeliness by year (working days)',
}

const KEY_HEADINGS: Record<TimelinessGrouping, string> = { region: 'Region', year: 'Year' }

export interface TimelinessCell {
  known: string
  median: string
  quartiles: string
  suppressed: boolean
}

function cell(d: ShownDistribution): TimelinessCell {
  // A group withheld for another's sake says so in every figure; a small one says "<5".
  const hidden = d.known === WITHHELD ? WITHHELD : SUPPRESSED
  if (!d.quartiles) return { known: String(d.known), median: hidden, quartiles: hidden, suppressed: true }
  return { known: String(d.known), median: formatDays(d.quartiles.median), quartiles: `${formatDays(d.quartiles.lower)} to ${formatDays(d.quartiles.upper)}`, suppressed: false }
}

function rowView(r: TimelinessRow) {
  return { label: r.label, reviews: String(r.reviews), suppressed: r.suppressed, durations: DURATIONS.map((d) => cell(r.durations[d.key])) }
}

export function timelinessChart(timeliness: Timeliness, by: TimelinessGrouping): RangeChart | null {
  const rows = timeliness.tables[by]
  if (rows.length === 0) return null
  return rangeChart(`chart-timeliness-${by}`, TIMELINESS_TITLES[`timeliness-${by}`], DURATIONS.map((d) => d.short),
    rows.map((r) => ({ label: r.label, ranges: DURATIONS.map((d) => r.durations[d.key].quartiles) })))
}

export function timelinessView(timeliness: Timeliness, values: ThemeQuery['values']) {
  const q = filterQuery(values)
  const exportHref = (table: TimelinessTable, format: string) => `/national/export${q}${q ? '&' : '?'}table=${table}&format=${format}`
  return {
    durations: DURATIONS.map((d) => d.label),
    tables: TIMELINESS_GROUPINGS.map((by) => {
      const table = `timeliness-${by}` as const
      const chart = timelinessChart(timeliness, by)
      return {
        key: table, title: TIMELINESS_TITLES[table], keyHeading: KEY_HEADINGS[by],
        svg: chart ? chartSvg(chart) : null,
        rows: timeliness.tables[by].map(rowView),
        all: timeliness.all ? rowView(timeliness.all) : null,
        hasSuppressed: timeliness.tables[by].some((r) => r.suppressed || DURATIONS.some((d) => r.durations[d.key].suppressed)),
        csvHref: exportHref(table, 'csv'), xlsxHref: exportHref(table, 'xlsx'), svgHref: exportHref(table, 'svg'), pngHref: exportHref(table, 'png'),
      }
    }),
  }
}

/** The table as rows of cells for CSV and XLSX: a heading row, the groups and the "all" row when shown. */
export function timelinessCells(timeliness: Timeliness, by: TimelinessGrouping): Array<Array<string | number>> {
  const heading = [KEY_HEADINGS[by], 'Reviews', ...DURATIONS.flatMap((d) => [`${d.label}: reviews known`, `${d.label}: median`, `${d.label}: lower quartile`, `${d.label}: upper quartile`])]
  const line = (r: TimelinessRow) => [r.label, r.reviews, ...DURATIONS.flatMap((d) => {
    const x = r.durations[d.key]
    const hidden = x.known === WITHHELD ? WITHHELD : SUPPRESSED
    return x.quartiles ? [x.known, x.quartiles.median, x.quartiles.lower, x.quartiles.upper] : [x.known, hidden, hidden, hidden]
  })]
  return [heading, ...timeliness.tables[by].map(line), ...(timeliness.all ? [line(timeliness.all)] : [])]
}
