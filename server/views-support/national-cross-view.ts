// The two-way table page's model: rows × columns of reviews (or findings) with their totals as suppressed by
// cross-tab-suppression.ts ("[c]" for every hidden entry), each shown cell linking to the findings behind it,
// and the links that switch the measure or download the table, all keeping the filters.
import { THEME_DIMENSIONS, V2_DIMENSIONS, V2_GROUPINGS, filterQuery, type ThemeDimension, type ThemeQuery, type V2Dimension } from '../services/national-themes.js'
import type { CrossTabResult } from '../services/national-cross-tab.js'
import { drillHref, rowFilter } from './national-view.js'

export type CrossMeasure = 'reviews' | 'findings'

export const DIMENSION_NAMES: Record<ThemeDimension, string> = {
  family: 'Typology family', code: 'Typology code', level: 'System level', agency: 'Agency', region: 'Region', year: 'Year',
  ...Object.fromEntries(V2_DIMENSIONS.map((d) => [d, V2_GROUPINGS[d].name])) as Record<V2Dimension, string>,
}

interface CellView {
  text: string
  withheld: boolean
  href: string | null
}

export function crossTableView(table: CrossTabResult, query: ThemeQuery, measure: CrossMeasure) {
  const values = query.values
  const base = filterQuery(values)
  const withBase = (extra: string) => `${base}${base ? '&' : '?'}${extra}`
  const cellView = (cell: { reviews: number | string; findings: number | string; withheld: boolean }, filters: Parameters<typeof filterQuery>[1]): CellView => {
    const shown = cell[measure]
    // A link only where there is something to read; the list applies its own rule (rule 3) too.
    const href = !cell.withheld && typeof cell.reviews === 'number' && cell.reviews > 0 ? drillHref(values, filters, { by: table.by, cross: table.cross }) : null
    return { text: String(shown), withheld: cell.withheld, href }
  }
  const both = (r: string, c: string) => ({ ...rowFilter(table.by, r, values), ...rowFilter(table.cross, c, values), ...codeFilters(table.by, r, table.cross, c, values) })
  return {
    by: table.by,
    cross: table.cross,
    measure,
    title: `${measure === 'reviews' ? 'Reviews' : 'Findings'} by ${DIMENSION_NAMES[table.by].toLowerCase()} and ${DIMENSION_NAMES[table.cross].toLowerCase()}`,
    rowHeading: DIMENSION_NAMES[table.by],
    columnHeading: DIMENSION_NAMES[table.cross],
    marker: table.withheld,
    viewWithheld: table.viewWithheld,
    columns: table.columns.map((c, j) => ({ ...c, versionsText: c.typologyVersions?.length ? `typology ${c.typologyVersions.join(', ')}` : null, total: cellView(table.columnTotals[j]!, rowFilter(table.cross, c.key, values)) })),
    rows: table.rows.map((r, i) => ({
      ...r,
      versionsText: r.typologyVersions?.length ? `typology ${r.typologyVersions.join(', ')}` : null,
      cells: table.columns.map((c, j) => ({ ...cellView(table.cells[i]![j]!, both(r.key, c.key)), column: c.label })),
      total: cellView(table.rowTotals[i]!, rowFilter(table.by, r.key, values)),
    })),
    total: cellView(table.total, {}),
    hasWithheld: [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total].some((c) => c.withheld),
    otherMeasureHref: `/national/cross${withBase(`by=${table.by}&cross=${table.cross}&measure=${measure === 'reviews' ? 'findings' : 'reviews'}`)}`,
    otherMeasure: measure === 'reviews' ? 'findings' : 'reviews',
    swapHref: `/national/cross${withBase(`by=${table.cross}&cross=${table.by}&measure=${measure}`)}`,
    csvHref: `/national/export${withBase(`table=cross&by=${table.by}&cross=${table.cross}&format=csv`)}`,
    xlsxHref: `/national/export${withBase(`table=cross&by=${table.by}&cross=${table.cross}&format=xlsx`)}`,
    apiHref: `/api/v1/national/themes${withBase(`by=${table.by}&cross=${table.cross}`)}`,
  }
}

/** Two code groupings (family × code) both add to the code filter rather than one replacing the other. */
function codeFilters(by: ThemeDimension, r: string, cross: ThemeDimension, c: string, values: ThemeQuery['values']): Parameters<typeof filterQuery>[1] {
  const codes = [by === 'family' || by === 'code' ? r : null, cross === 'family' || cross === 'code' ? c : null].filter((x): x is string => x !== null)
  return codes.length > 0 ? { code: [...new Set([...values.codes, ...codes])] } : {}
}

/** The choices for the rows and columns selects. */
export function groupingChoices(): Array<{ value: string; text: string }> {
  return THEME_DIMENSIONS.map((d) => ({ value: d, text: DIMENSION_NAMES[d] }))
}
