// The causal map on paper. Node text must be readable (at least 8 pt), so the map is drawn at a fixed print
// scale on A3 landscape pages (a fold-out in a printed report):
//  - a map that fits one A3 page at that scale is one page, with its key;
//  - a bigger map is cut into parts along the boundaries between system levels (and, when a level is wider
//    than the page, into left and right parts), each part on its own page with the level names repeated at its
//    left edge, after a one-page overview showing where each part lies and the key.
// Each part is the same SVG with its own viewBox, so PDF, DOCX and HTML print exactly the same pages.
import type { MapDocument } from '../methodology/map/map-model.js'
import { MAP_LEVEL_INFO, NODE_KINDS } from '../methodology/map/map-model.js'
import { LABEL_FONT_FAMILY, LABEL_FONT_SIZE } from './map-style.js'
import { legendMarkup, levelNameMarkup, mapDrawing, type MapDrawing } from './map-svg.js'

/** A3 landscape, in points. */
export const A3_LANDSCAPE = { width: 1190.55, height: 841.89 } as const
/** Room for the map on an A3 landscape page: the page less margins, running header and footer, and a caption. */
export const PRINT_BOX = { width: A3_LANDSCAPE.width - 2 * 48, height: A3_LANDSCAPE.height - 72 - 64 - 46 } as const
/** The same on an A3 page turned upright, for a map taller than it is wide. */
const PRINT_BOX_UPRIGHT = { width: A3_LANDSCAPE.height - 2 * 48, height: A3_LANDSCAPE.width - 72 - 64 - 46 } as const
/** The smallest size node text may print at, in points. */
export const MIN_PRINT_TEXT_PT = 8
/**
 * SVG units to points. The PDF draws the figure's Arial-sized text in DejaVu Sans at nine tenths of its size
 * (templates/pdf/pdf-svg.ts), so 13-unit labels print at 8.5 pt.
 */
export const PRINT_SCALE = 8.5 / (LABEL_FONT_SIZE * 0.9)

export interface PrintedPart {
  /** The SVG of this part of the map (a viewBox onto the whole drawing). */
  svg: string
  width: number
  height: number
  /** Points per SVG unit to print it at. */
  scale: number
  caption: string
}

export interface MapPrint {
  /** Points per SVG unit: the same on every page, so text is the same size everywhere. */
  scale: number
  /** The overview, when the map is in parts: the whole map without words, the parts marked and numbered. */
  overview: PrintedPart | null
  /** The key (node kinds and link styles), drawn beside the overview; inside the single page otherwise. */
  key: PrintedPart | null
  parts: PrintedPart[]
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10)
}

type Box = { x: number; y: number; width: number; height: number }

/** Room round a window for an arrowhead (7 units) and a line's width, in drawing units. */
const ARROW_ROOM = 12
/** A link as map-svg.ts draws it: a line ending in the arrowhead marker. */
const LINK_LINE = /<line x1="(-?[\d.]+)" y1="(-?[\d.]+)" x2="(-?[\d.]+)" y2="(-?[\d.]+)"[^>]*? marker-end="url\(#map-arrow\)"\/>/g

function within(box: Box, x: number, y: number, room: number): boolean {
  return x >= box.x - room && x <= box.x + box.width + room && y >= box.y - room && y <= box.y + box.height + room
}

/** Whether the segment crosses the box grown by `room` on every side (Liang–Barsky clipping). */
function crosses(box: Box, x1: number, y1: number, x2: number, y2: number, room: number): boolean {
  const dx = x2 - x1
  const dy = y2 - y1
  let enter = 0
  let leave = 1
  const sides: Array<[number, number]> = [
    [-dx, x1 - (box.x - room)], [dx, box.x + box.width + room - x1], [-dy, y1 - (box.y - room)], [dy, box.y + box.height + room - y1],
  ]
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) return false
      continue
    }
    const t = q / p
    if (p < 0) enter = Math.max(enter, t)
    else leave = Math.min(leave, t)
    if (enter > leave) return false
  }
  return true
}

/**
 * A part's links: one that never crosses the window is left out, and one whose arrowhead falls outside it loses the
 * arrowhead (neither shows on the page). resvg 2.6, which draws the DOCX's PNG fallback, panics on an arrowhead far
 * outside the picture and takes the whole process with it (a 300-node map's DOCX did); the parts are smaller too.
 */
function linksInWindow(svg: string, box: Box): string {
  return svg.replace(LINK_LINE, (line, x1: string, y1: string, x2: string, y2: string) => {
    if (!crosses(box, Number(x1), Number(y1), Number(x2), Number(y2), ARROW_ROOM)) return ''
    return within(box, Number(x2), Number(y2), ARROW_ROOM) ? line : line.replace(/ marker-end="[^"]*"/, '')
  })
}

/** A node as map-svg.ts draws it: its own group, starting with its title, in the order of the drawing's boxes. */
const NODE_GROUP = /<g><title>[^<]*<\/title>[\s\S]*?<\/g>/g

/**
 * A part's nodes: those whose box misses the window are left out. Every part carried every node's words, and the
 * PNG fallback (resvg) and the PDF shape every one of them though a part shows a fifteenth of them: the DOCX of a
 * 300-node map took 17.5 s, nearly all of it drawing fallbacks (BENCHMARKS.md).
 */
function nodesInWindow(svg: string, boxes: MapDrawing['boxes'], box: Box): string {
  let i = 0
  return svg.replace(NODE_GROUP, (group) => {
    const [left, top, right, bottom] = boxes[i++] ?? [-Infinity, -Infinity, Infinity, Infinity]
    return right < box.x || left > box.x + box.width || bottom < box.y || top > box.y + box.height ? '' : group
  })
}

/** The drawing's SVG shown through a window onto it, with ids made unique so several can share an HTML page. */
function windowOnto(drawing: MapDrawing, box: Box, suffix: string, extra = ''): string {
  const svg = nodesInWindow(linksInWindow(drawing.svg, box), drawing.boxes, box)
    .replace(/<svg\b[^>]*>/, (open) => open
      .replace(/\swidth="[^"]*"/, ` width="${num(box.width)}"`)
      .replace(/\sheight="[^"]*"/, ` height="${num(box.height)}"`)
      .replace(/\sviewBox="[^"]*"/, ` viewBox="${num(box.x)} ${num(box.y)} ${num(box.width)} ${num(box.height)}"`))
    .replace(/id="map-(title|desc|arrow)"/g, `id="map-$1-${suffix}"`)
    .replace(/aria-labelledby="map-title map-desc"/, `aria-labelledby="map-title-${suffix} map-desc-${suffix}"`)
    .replace(/url\(#map-arrow\)/g, `url(#map-arrow-${suffix})`)
  return extra ? svg.replace(/<\/svg>$/, `${extra}</svg>`) : svg
}

interface Cut {
  top: number
  bottom: number
  levels: string[]
}

/** Groups the bands, top-down, into slices no taller than `height`; a band taller than that is cut into several. */
function verticalCuts(drawing: MapDrawing, height: number): Cut[] {
  const cuts: Cut[] = []
  let current: Cut | null = null
  for (const band of drawing.bands) {
    const name = MAP_LEVEL_INFO[band.level].label
    if (current && band.bottom - current.top <= height) {
      current.bottom = band.bottom
      current.levels.push(name)
      continue
    }
    if (current) cuts.push(current)
    current = { top: band.top, bottom: band.bottom, levels: [name] }
    while (current.bottom - current.top > height) {
      cuts.push({ top: current.top, bottom: current.top + height, levels: [name] })
      current = { top: current.top + height, bottom: current.bottom, levels: [name] }
    }
  }
  if (current) cuts.push(current)
  return cuts
}

/**
 * Where to cut a slice of the map into pages side by side: no page wider than `width`, and each cut between
 * nodes (in the gap nearest the ideal place) rather than through one, where there is such a gap.
 */
function columnEdges(drawing: MapDrawing, cut: Cut, width: number): number[] {
  const columns = Math.max(1, Math.ceil(drawing.width / width))
  const edges = [0]
  if (columns === 1) return [0, drawing.width]
  const boxes = drawing.boxes.filter(([, top, , bottom]) => bottom > cut.top && top < cut.bottom)
  const inside = (x: number) => boxes.some(([left, , right]) => x > left && x < right)
  for (let c = 1; c < columns; c++) {
    const previous = edges[edges.length - 1] as number
    const ideal = previous + (drawing.width - previous) / (columns - c + 1)
    // The latest gap between nodes that keeps this page no wider than allowed and at least half full.
    const gaps = boxes.map(([, , right]) => right + 4).filter((x) => x <= previous + width && x >= previous + width / 2 && !inside(x))
    const best = gaps.length > 0 ? gaps.reduce((a, b) => (Math.abs(b - ideal) < Math.abs(a - ideal) ? b : a)) : Math.min(ideal, previous + width)
    edges.push(best)
  }
  // The last page takes what is left; if that is still too wide, one more page.
  while (drawing.width - (edges[edges.length - 1] as number) > width) edges.push((edges[edges.length - 1] as number) + width)
  edges.push(drawing.width)
  return edges
}

function listText(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`
}

/** The key on its own, as wide as the page. */
function keySvg(map: MapDocument, width: number): PrintedPart | null {
  const kinds = NODE_KINDS.filter((kind) => map.nodes.some((node) => node.kind === kind))
  const legend = legendMarkup(kinds, [], 0, 0, width, map.edges.some((edge) => edge.type === 'feedback'))
  if (legend.height === 0) return null
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(width)}" height="${num(legend.height)}" viewBox="0 0 ${num(width)} ${num(legend.height)}" role="img" aria-label="Key to the causal map">${legend.markup}</svg>`
  return { svg, width, height: legend.height, scale: PRINT_SCALE, caption: 'Key to the causal map' }
}

/** How the map prints: one page, or an overview and parts. `figure` numbers the captions. */
export function printMap(map: MapDocument, figure: number): MapPrint {
  const scale = PRINT_SCALE
  const room = { width: PRINT_BOX.width / scale, height: PRINT_BOX.height / scale }
  const whole = mapDrawing(map, { title: 'Causal map' })
  const fits = (box: { width: number; height: number }) => whole.width * scale <= box.width && whole.height * scale <= box.height
  if (fits(PRINT_BOX) || fits(PRINT_BOX_UPRIGHT)) {
    return { scale, overview: null, key: null, parts: [{ svg: whole.svg, width: whole.width, height: whole.height, scale, caption: `Figure ${figure}. The causal map` }] }
  }

  const drawing = mapDrawing(map, { title: 'Causal map', legend: false })
  const cuts = verticalCuts(drawing, room.height)
  const slices = cuts.map((cut) => ({ cut, edges: columnEdges(drawing, cut, room.width) }))
  const total = slices.reduce((n, s) => n + s.edges.length - 1, 0)
  const parts: PrintedPart[] = []
  const marks: string[] = []
  slices.forEach(({ cut, edges }) => {
    const columns = edges.length - 1
    const side = (c: number) => (columns === 1 ? '' : columns === 2 ? (c === 0 ? ', left half' : ', right half') : `, part ${c + 1} of ${columns} from the left`)
    for (let c = 0; c < columns; c++) {
      const n = parts.length + 1
      const box = { x: edges[c] as number, y: cut.top, width: (edges[c + 1] as number) - (edges[c] as number), height: cut.bottom - cut.top }
      // Parts away from the left edge repeat the level names, over a white strip, so every page says its levels.
      const names = c === 0 ? '' : drawing.bands
        .filter((b) => b.bottom > cut.top && b.top < cut.bottom)
        .map((b) => {
          const top = Math.max(b.top, cut.top)
          const bottom = Math.min(b.bottom, cut.bottom)
          return `<rect x="${num(box.x)}" y="${num(top)}" width="180" height="${num(bottom - top)}" fill="#ffffff" fill-opacity="0.92" stroke="#b1b4b6" stroke-width="1"/>${levelNameMarkup(b.level, box.x + 10, (top + bottom) / 2)}`
        })
        .join('')
      parts.push({
        svg: windowOnto(drawing, box, `part-${n}`, names),
        width: box.width, height: box.height, scale,
        caption: `Figure ${figure}, part ${n} of ${total}: ${listText(cut.levels)}${side(c)}`,
      })
      marks.push(`<rect x="${num(box.x + 4)}" y="${num(box.y + 4)}" width="${num(box.width - 8)}" height="${num(box.height - 8)}" fill="none" stroke="#1d70b8" stroke-width="OVERVIEW_STROKE" stroke-dasharray="OVERVIEW_DASH"/>` +
        `<text x="${num(box.x + box.width / 2)}" y="${num(box.y + box.height / 2)}" text-anchor="middle" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="OVERVIEW_FONT" font-weight="bold" fill="#1d70b8">Part ${n}</text>`)
    }
  })

  // The overview: the whole map, words left out (they could not be read at this size), each part outlined and
  // numbered in letters that print at least as large as the node text does on the parts.
  const bare = mapDrawing(map, { title: 'Causal map: overview', legend: false, labels: false, levelNames: false })
  const keyWidth = PRINT_BOX.width / scale
  const key = keySvg(map, keyWidth)
  const keyHeightPt = key ? key.height * scale : 0
  const overviewScale = Math.min(PRINT_BOX.width / bare.width, (PRINT_BOX.height - keyHeightPt - 16) / bare.height)
  const font = (MIN_PRINT_TEXT_PT + 6) / (overviewScale * 0.9)
  const overlay = marks.join('')
    .replace(/OVERVIEW_FONT/g, num(font))
    .replace(/OVERVIEW_STROKE/g, num(2 / overviewScale))
    .replace(/OVERVIEW_DASH/g, `${num(8 / overviewScale)} ${num(4 / overviewScale)}`)
  const overview = windowOnto(bare, { x: 0, y: 0, width: bare.width, height: bare.height }, 'overview', overlay)
  return {
    scale,
    overview: { svg: overview, width: bare.width, height: bare.height, scale: overviewScale, caption: `Figure ${figure}. The causal map: overview of its ${total} parts, which follow` },
    key,
    parts,
  }
}
