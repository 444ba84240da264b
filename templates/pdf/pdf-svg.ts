// Draws the map's SVG (templates/map-svg.ts) into a PDF as vectors: rectangles, ellipses, polygons, lines with
// arrowheads and text, in the report's fonts. Only what that SVG uses is understood; anything else is skipped.
import { fontRuns, type FontStyle } from '../fonts/font-chain.js'
import { isElement, numberAttr, points, textOf, type SvgElement } from './svg-tree.js'

interface Placement {
  x: number
  y: number
  scale: number
}

interface Marker {
  path: string
  refX: number
  refY: number
  /** Marker units per viewBox unit. */
  unit: number
  fill: string
}

function markersOf(svg: SvgElement): Map<string, Marker> {
  const markers = new Map<string, Marker>()
  const visit = (el: SvgElement) => {
    if (el.name === 'marker' && el.attrs.id) {
      const path = el.children.find((c): c is SvgElement => isElement(c) && c.name === 'path')
      const viewBox = (el.attrs.viewBox ?? '0 0 10 10').split(/[\s,]+/).map(Number)
      const vbWidth = viewBox[2] || 10
      if (path?.attrs.d) {
        markers.set(el.attrs.id, {
          path: path.attrs.d, refX: numberAttr(el, 'refX'), refY: numberAttr(el, 'refY'),
          unit: numberAttr(el, 'markerWidth', 3) / vbWidth, fill: path.attrs.fill ?? '#000000',
        })
      }
    }
    for (const c of el.children) if (isElement(c)) visit(c)
  }
  visit(svg)
  return markers
}

function paint(doc: PDFKit.PDFDocument, el: SvgElement): void {
  const fill = el.attrs.fill && el.attrs.fill !== 'none' ? el.attrs.fill : null
  const stroke = el.attrs.stroke && el.attrs.stroke !== 'none' ? el.attrs.stroke : null
  if (stroke) {
    doc.lineWidth(numberAttr(el, 'stroke-width', 1))
    const dash = (el.attrs['stroke-dasharray'] ?? '').split(/[\s,]+/).map(Number).filter((n) => n > 0)
    if (dash.length > 0) doc.dash(dash[0] as number, { space: dash[1] ?? (dash[0] as number) })
    else doc.undash()
  }
  if (fill && stroke) doc.fillAndStroke(fill, stroke)
  else if (fill) doc.fill(fill)
  else if (stroke) doc.stroke(stroke)
  doc.undash()
}

function drawText(doc: PDFKit.PDFDocument, el: SvgElement, inherited: Record<string, string>): void {
  const attrs = { ...inherited, ...el.attrs }
  const spans = el.children.filter(isElement).filter((c) => c.name === 'tspan')
  const lines = spans.length > 0
    ? spans.map((s) => ({ x: numberAttr(s, 'x', Number(attrs.x ?? 0)), y: numberAttr(s, 'y', Number(attrs.y ?? 0)), text: textOf(s) }))
    : [{ x: Number(attrs.x ?? 0), y: Number(attrs.y ?? 0), text: textOf(el) }]
  // The figure is sized for Arial; the report's font runs about a tenth wider.
  const size = (Number(attrs['font-size'] ?? 12) || 12) * (/arial|helvetica/i.test(attrs['font-family'] ?? '') ? 0.9 : 1)
  const style: FontStyle = attrs['font-weight'] === 'bold' ? 'bold' : 'regular'
  const anchor = attrs['text-anchor'] ?? 'start'
  const central = attrs['dominant-baseline'] === 'central' || attrs['dominant-baseline'] === 'middle'
  doc.fillColor(attrs.fill ?? '#000000').fontSize(size)
  for (const line of lines) {
    const runs = fontRuns(line.text, style)
    const widths = runs.map((r) => doc.font(r.font).widthOfString(r.text))
    const total = widths.reduce((n, w) => n + w, 0)
    let x = anchor === 'middle' ? line.x - total / 2 : anchor === 'end' ? line.x - total : line.x
    runs.forEach((run, i) => {
      doc.font(run.font).text(run.text, x, line.y, { lineBreak: false, baseline: central ? 'middle' : 'alphabetic' })
      x += widths[i] ?? 0
    })
  }
}

function drawElement(doc: PDFKit.PDFDocument, el: SvgElement, markers: Map<string, Marker>, inherited: Record<string, string>): void {
  switch (el.name) {
    case 'title':
    case 'desc':
    case 'defs':
    case 'marker':
      return
    case 'g': {
      for (const c of el.children) if (isElement(c)) drawElement(doc, c, markers, inherited)
      return
    }
    case 'rect': {
      const rx = numberAttr(el, 'rx')
      const [x, y, w, h] = [numberAttr(el, 'x'), numberAttr(el, 'y'), numberAttr(el, 'width'), numberAttr(el, 'height')]
      if (rx > 0) doc.roundedRect(x, y, w, h, rx)
      else doc.rect(x, y, w, h)
      paint(doc, el)
      return
    }
    case 'ellipse':
      doc.ellipse(numberAttr(el, 'cx'), numberAttr(el, 'cy'), numberAttr(el, 'rx'), numberAttr(el, 'ry'))
      paint(doc, el)
      return
    case 'circle':
      doc.circle(numberAttr(el, 'cx'), numberAttr(el, 'cy'), numberAttr(el, 'r'))
      paint(doc, el)
      return
    case 'polygon':
    case 'polyline': {
      const pts = points(el.attrs.points ?? '')
      if (pts.length < 2) return
      doc.polygon(...pts)
      paint(doc, el)
      return
    }
    case 'path':
      if (el.attrs.d) {
        doc.path(el.attrs.d)
        paint(doc, el)
      }
      return
    case 'line': {
      const [x1, y1, x2, y2] = [numberAttr(el, 'x1'), numberAttr(el, 'y1'), numberAttr(el, 'x2'), numberAttr(el, 'y2')]
      doc.moveTo(x1, y1).lineTo(x2, y2)
      paint(doc, { ...el, attrs: { ...el.attrs, fill: 'none' } })
      const marker = markers.get(/url\(#([^)]+)\)/.exec(el.attrs['marker-end'] ?? '')?.[1] ?? '')
      if (marker) {
        const angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI
        doc.save().translate(x2, y2).rotate(angle).scale(marker.unit).translate(-marker.refX, -marker.refY)
        doc.path(marker.path).fill(marker.fill)
        doc.restore()
      }
      return
    }
    case 'text':
      drawText(doc, el, inherited)
      return
    default:
      for (const c of el.children) if (isElement(c)) drawElement(doc, c, markers, inherited)
  }
}

/**
 * Draws the SVG with its top-left corner at (x, y), scaled, clipped to its viewBox (a part of the map cut out
 * for a page is the whole drawing seen through a smaller window).
 */
export function drawSvg(doc: PDFKit.PDFDocument, svg: SvgElement, at: Placement): void {
  const markers = markersOf(svg)
  const root = svg.name === 'svg' ? svg : svg.children.find((c): c is SvgElement => isElement(c) && c.name === 'svg')
  const [vx = 0, vy = 0, vw = 0, vh = 0] = (root?.attrs.viewBox ?? '').split(/[\s,]+/).map(Number)
  doc.save()
  doc.translate(at.x, at.y).scale(at.scale)
  if (vw > 0 && vh > 0) {
    doc.rect(0, 0, vw, vh).clip()
    doc.translate(-vx, -vy)
  }
  for (const c of svg.children) if (isElement(c)) drawElement(doc, c, markers, {})
  doc.restore()
}
