// Geometry for the national dashboard's charts, drawn as server-side SVG by the page template. Each chart
// has a title and description for screen readers, and its numbers are in a table beside it. A suppressed
// cell has no bar or point, only its "<5" label, so its size cannot be read off the drawing.
import type { Shown } from '../../methodology/national/suppression.js'

export interface ChartDatum {
  label: string
  value: Shown
  /** A second line under the label on a line chart's axis (the year's typology versions). */
  note?: string
}

export interface BarChart {
  id: string
  title: string
  description: string
  width: number
  height: number
  labelX: number
  bars: Array<{ label: string; y: number; textY: number; x: number; width: number; valueX: number; valueText: string; suppressed: boolean }>
}

const BAR_WIDTH = 720
const LABEL_WIDTH = 330
const ROW = 26
const BAR = 18
const MAX_LABEL = 40

function shorten(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1).trimEnd()}…`
}

function describe(data: readonly ChartDatum[], what: string): string {
  const shown = data.filter((d) => typeof d.value === 'number')
  const top = [...shown].sort((a, b) => (b.value as number) - (a.value as number))[0]
  const hidden = data.length - shown.length
  const parts = [`${data.length} ${data.length === 1 ? 'bar' : 'bars'} of ${what}.`]
  if (top) parts.push(`The largest is ${top.label}, with ${String(top.value)}.`)
  if (hidden > 0) parts.push(`${hidden} ${hidden === 1 ? 'bar counts' : 'bars count'} fewer than 5 reviews and ${hidden === 1 ? 'is' : 'are'} shown as less than 5.`)
  parts.push('The same numbers are in the table below.')
  return parts.join(' ')
}

export function barChart(id: string, title: string, data: readonly ChartDatum[], what = 'findings'): BarChart {
  const max = Math.max(1, ...data.map((d) => (typeof d.value === 'number' ? d.value : 0)))
  const room = BAR_WIDTH - LABEL_WIDTH - 70
  return {
    id,
    title,
    description: describe(data, what),
    width: BAR_WIDTH,
    height: Math.max(ROW, data.length * ROW + 6),
    labelX: LABEL_WIDTH - 8,
    bars: data.map((d, i) => {
      const y = i * ROW + 4
      const width = typeof d.value === 'number' ? Math.max(1, Math.round((d.value / max) * room)) : 0
      return {
        label: shorten(d.label), y, textY: y + BAR - 4, x: LABEL_WIDTH, width,
        valueX: LABEL_WIDTH + width + 6, valueText: String(d.value), suppressed: typeof d.value !== 'number',
      }
    }),
  }
}

export interface LineChart {
  id: string
  title: string
  description: string
  width: number
  height: number
  baseline: number
  left: number
  right: number
  /** Where the axis labels go: numbers left of the plot, years below it. */
  axisX: number
  yearY: number
  gridLines: Array<{ y: number; label: string; textY: number }>
  segments: string[]
  points: Array<{ x: number; y: number; label: string; note: string | null; valueText: string; valueY: number; suppressed: boolean }>
  noteY: number
}

const LINE_WIDTH = 720
const LINE_HEIGHT = 260
const PAD = { left: 56, right: 24, top: 24, bottom: 40 }

/** A line over the years; a suppressed year breaks the line and shows "<5" on the axis. */
export function lineChart(id: string, title: string, data: readonly ChartDatum[], what = 'findings'): LineChart {
  const max = Math.max(1, ...data.map((d) => (typeof d.value === 'number' ? d.value : 0)))
  const top = Math.ceil(max / 5) * 5 || 5
  const plotHeight = LINE_HEIGHT - PAD.top - PAD.bottom
  const baseline = PAD.top + plotHeight
  const step = data.length > 1 ? (LINE_WIDTH - PAD.left - PAD.right) / (data.length - 1) : 0
  const points = data.map((d, i) => {
    const x = Math.round(data.length > 1 ? PAD.left + i * step : (LINE_WIDTH + PAD.left - PAD.right) / 2)
    const suppressed = typeof d.value !== 'number'
    const y = suppressed ? baseline : Math.round(baseline - ((d.value as number) / top) * plotHeight)
    return { x, y, label: d.label, note: d.note ?? null, valueText: String(d.value), valueY: suppressed ? baseline - 6 : y - 8, suppressed }
  })
  const segments: string[] = []
  let run: string[] = []
  for (const p of points) {
    if (p.suppressed) {
      if (run.length > 1) segments.push(run.join(' '))
      run = []
    } else run.push(`${p.x},${p.y}`)
  }
  if (run.length > 1) segments.push(run.join(' '))
  const hidden = points.filter((p) => p.suppressed).length
  const notes = points.filter((p) => p.note)
  return {
    id,
    title,
    description: `A line of ${what} for each year from ${data[0]?.label ?? ''} to ${data[data.length - 1]?.label ?? ''}.` +
      (hidden > 0 ? ` ${hidden} ${hidden === 1 ? 'year counts' : 'years count'} fewer than 5 reviews and ${hidden === 1 ? 'is' : 'are'} shown as less than 5, with the line broken there.` : '') +
      (notes.length > 0 ? ` Under each year, the typology versions its findings were tagged in: ${notes.map((p) => `${p.label}, ${p.note}`).join('; ')}.` : '') +
      ' The same numbers are in the table below.',
    width: LINE_WIDTH,
    height: LINE_HEIGHT + (notes.length > 0 ? 18 : 0),
    noteY: baseline + 40,
    baseline,
    left: PAD.left,
    right: LINE_WIDTH - PAD.right,
    axisX: PAD.left - 8,
    yearY: baseline + 22,
    gridLines: [0, 0.5, 1].map((f) => {
      const y = Math.round(baseline - f * plotHeight)
      return { y, label: String(Math.round(top * f)), textY: y + 5 }
    }),
    segments,
    points,
  }
}

/** Quartile boxes side by side, one panel per duration, for the timeliness tables. */
export interface RangeChart {
  id: string
  title: string
  description: string
  width: number
  height: number
  labelX: number
  /** Each panel's heading and scale (its own, since the durations differ by an order of magnitude). */
  panels: Array<{ title: string; x: number; width: number; headingY: number; axisY: number; maxLabel: string }>
  rows: Array<{
    label: string
    textY: number
    boxes: Array<{ suppressed: boolean; x: number; width: number; y: number; medianX: number; valueX: number; valueText: string }>
  }>
}

export interface RangeDatum {
  label: string
  /** One per panel: the quartiles, or null when hidden ("<5"). */
  ranges: ReadonlyArray<{ lower: number; median: number; upper: number } | null>
}

/** Wider than the bar charts: three panels of quartiles beside labels as long as "Yorkshire and the Humber". */
const RANGE_WIDTH = 870
const RANGE_LABEL_WIDTH = 210
const RANGE_HEAD = 44
const PANEL_GAP = 16
const VALUE_ROOM = 40

/** A whole-number scale end a little above the largest upper quartile. */
function niceMax(max: number): number {
  if (max <= 5) return 5
  const step = 10 ** Math.floor(Math.log10(max))
  return Math.ceil(max / (step / 2)) * (step / 2)
}

/** Each row's middle half (lower to upper quartile) as a box with the median marked; a hidden one is "<5", undrawn. */
export function rangeChart(id: string, title: string, panelTitles: readonly string[], data: readonly RangeDatum[], unit = 'working days'): RangeChart {
  const panelWidth = Math.floor((RANGE_WIDTH - RANGE_LABEL_WIDTH - PANEL_GAP * panelTitles.length) / panelTitles.length)
  const height = RANGE_HEAD + data.length * ROW + 24
  const panels = panelTitles.map((t, p) => {
    const max = niceMax(Math.max(0, ...data.map((d) => d.ranges[p]?.upper ?? 0)))
    return { title: t, x: RANGE_LABEL_WIDTH + p * (panelWidth + PANEL_GAP), width: panelWidth, headingY: 18, axisY: height - 6, maxLabel: String(max), max }
  })
  const hidden = data.reduce((n, d) => n + d.ranges.filter((r) => r === null).length, 0)
  return {
    id, title, width: RANGE_WIDTH, height, labelX: RANGE_LABEL_WIDTH - 8,
    description: `${panelTitles.length} panels, one for each of ${panelTitles.join(', ')}, each with a box for each of ${data.length} ${data.length === 1 ? 'row' : 'rows'}: the box runs from the lower to the upper quartile in ${unit} and a line marks the median, whose value is written beside it.` +
      (hidden > 0 ? ` ${hidden} ${hidden === 1 ? 'box is' : 'boxes are'} not drawn, counting fewer than 5 reviews, and shown as less than 5.` : '') +
      ' The same numbers are in the table below.',
    panels: panels.map(({ max: _max, ...p }) => p),
    rows: data.map((d, i) => {
      const y = RANGE_HEAD + i * ROW
      return {
        label: shorten(d.label), textY: y + BAR - 4,
        boxes: panels.map((p, j) => {
          const r = d.ranges[j] ?? null
          const scale = (v: number) => p.x + Math.round((v / p.max) * (p.width - VALUE_ROOM))
          if (r === null) return { suppressed: true, x: p.x, width: 0, y, medianX: p.x, valueX: p.x, valueText: '<5' }
          const x = scale(r.lower)
          return { suppressed: false, x, width: Math.max(2, scale(r.upper) - x), y, medianX: scale(r.median), valueX: Math.max(scale(r.upper), x + 2) + 4, valueText: formatDays(r.median) }
        }),
      }
    }),
  }
}

/** A working-day figure as printed: whole, or to one decimal place where a quartile falls between two values. */
export function formatDays(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}
