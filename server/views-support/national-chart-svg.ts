// The national dashboard's charts as SVG markup: the same string is put in the page and served as the chart's
// SVG download (and drawn to PNG from it), so what is downloaded is what was seen. Colours and fonts are
// presentation attributes, so the file looks right on its own; on the page the stylesheet's classes win.
// The geometry, and the rule that a suppressed cell has no bar or point, are in national-charts.ts.
import { escapeXml } from '../../templates/map-svg.js'
import type { BarChart, LineChart, RangeChart } from './national-charts.js'

const BRAND = '#1d70b8'
const TEXT = '#0b0c0c'
const SECONDARY = '#505a5f'
const BORDER = '#b1b4b6'
const FONT = 'font-family="Arial, Helvetica, sans-serif" font-size="14"'

export type Chart = BarChart | LineChart | RangeChart

function isBar(chart: Chart): chart is BarChart {
  return 'bars' in chart
}

function open(chart: Chart): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}" ` +
    `role="img" aria-labelledby="${chart.id}-title ${chart.id}-desc" focusable="false">` +
    `<title id="${chart.id}-title">${escapeXml(chart.title)}</title><desc id="${chart.id}-desc">${escapeXml(chart.description)}</desc>`
}

function value(text: string, suppressed: boolean, x: number, y: number, anchor: 'start' | 'middle'): string {
  return `<text class="app-chart__value${suppressed ? ' app-chart__value--suppressed' : ''}" x="${x}" y="${y}"${anchor === 'middle' ? ' text-anchor="middle"' : ''} ${FONT} fill="${TEXT}"${suppressed ? ' font-style="italic"' : ''}>${escapeXml(text)}</text>`
}

function barSvg(chart: BarChart): string {
  const parts = chart.bars.map((b) => [
    `<text class="app-chart__label" x="${chart.labelX}" y="${b.textY}" text-anchor="end" ${FONT} fill="${TEXT}">${escapeXml(b.label)}</text>`,
    b.suppressed ? '' : `<rect class="app-chart__bar" x="${b.x}" y="${b.y}" width="${b.width}" height="18" fill="${BRAND}"></rect>`,
    value(b.valueText, b.suppressed, b.valueX, b.textY, 'start'),
  ].join(''))
  return `${open(chart)}${parts.join('')}</svg>`
}

function lineSvg(chart: LineChart): string {
  const grid = chart.gridLines.map((g) =>
    `<line class="app-chart__grid" x1="${chart.left}" x2="${chart.right}" y1="${g.y}" y2="${g.y}" stroke="${BORDER}" stroke-width="1"></line>` +
    `<text class="app-chart__axis" x="${chart.axisX}" y="${g.textY}" text-anchor="end" ${FONT} fill="${SECONDARY}">${escapeXml(g.label)}</text>`)
  const lines = chart.segments.map((points) => `<polyline class="app-chart__line" points="${points}" fill="none" stroke="${BRAND}" stroke-width="3"></polyline>`)
  const points = chart.points.map((p) => [
    p.suppressed ? '' : `<circle class="app-chart__point" cx="${p.x}" cy="${p.y}" r="4" fill="${BRAND}"></circle>`,
    value(p.valueText, p.suppressed, p.x, p.valueY, 'middle'),
    `<text class="app-chart__axis" x="${p.x}" y="${chart.yearY}" text-anchor="middle" ${FONT} fill="${SECONDARY}">${escapeXml(p.label)}</text>`,
    p.note ? `<text class="app-chart__axis" x="${p.x}" y="${chart.noteY}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="12" fill="${SECONDARY}">${escapeXml(p.note)}</text>` : '',
  ].join(''))
  return `${open(chart)}${grid.join('')}${lines.join('')}${points.join('')}</svg>`
}

function rangeSvg(chart: RangeChart): string {
  const panels = chart.panels.map((p) =>
    `<text class="app-chart__label" x="${p.x}" y="${p.headingY}" ${FONT} font-weight="bold" fill="${TEXT}">${escapeXml(p.title)}</text>` +
    `<line class="app-chart__grid" x1="${p.x}" x2="${p.x}" y1="${p.headingY + 10}" y2="${p.axisY - 14}" stroke="${BORDER}" stroke-width="1"></line>` +
    `<text class="app-chart__axis" x="${p.x}" y="${p.axisY}" ${FONT} fill="${SECONDARY}">0</text>` +
    `<text class="app-chart__axis" x="${p.x + p.width - 40}" y="${p.axisY}" text-anchor="end" ${FONT} fill="${SECONDARY}">${escapeXml(p.maxLabel)}</text>`)
  const rows = chart.rows.map((r) => [
    `<text class="app-chart__label" x="${chart.labelX}" y="${r.textY}" text-anchor="end" ${FONT} fill="${TEXT}">${escapeXml(r.label)}</text>`,
    ...r.boxes.map((b) => b.suppressed
      ? value(b.valueText, true, b.x + 4, r.textY, 'start')
      : `<rect class="app-chart__box" x="${b.x}" y="${b.y}" width="${b.width}" height="18" fill="#d2e2f1" stroke="${BRAND}" stroke-width="1"></rect>` +
        `<line class="app-chart__median" x1="${b.medianX}" x2="${b.medianX}" y1="${b.y}" y2="${b.y + 18}" stroke="${TEXT}" stroke-width="3"></line>` +
        value(b.valueText, false, b.valueX, r.textY, 'start')),
  ].join(''))
  return `${open(chart)}${panels.join('')}${rows.join('')}</svg>`
}

/** The chart as one SVG element (for the page, or with an XML declaration for a file). */
export function chartSvg(chart: Chart): string {
  if ('panels' in chart) return rangeSvg(chart)
  return isBar(chart) ? barSvg(chart) : lineSvg(chart)
}

export function chartSvgFile(chart: Chart): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${chartSvg(chart)}\n`
}
