// The causal map as a figure for reports: a self-contained vector SVG string, and a plain-English description
// of the same map (for the figure's long description, alt text and screen readers).
//
//   mapToSvg(map, { title })  -> '<svg ...>...</svg>'   (pure and synchronous)
//   describeMap(map)          -> paragraphs of text, separated by blank lines
//   summariseMap(map)         -> one or two sentences, for alt text
//
// Nodes are drawn where the editor saved them; nodes without a position are placed by the band layout
// (templates/map-layout.ts), so an API-built map still makes a readable figure. Every piece of user text is
// XML-escaped: labels are text, never markup.
import { MAP_LEVELS, MAP_LEVEL_INFO, NODE_KINDS, NODE_KIND_INFO } from '../methodology/map/map-model.js'
import type { MapDocument, MapEdge, MapLevel, MapNode, NodeKind } from '../methodology/map/map-model.js'
import { LABEL_LINE_HEIGHT, nodeSize, resolvePositions, wrapLabel } from './map-layout.js'
import type { LevelBand, Point, Size } from './map-layout.js'
import {
  EDGE_COLOUR, EDGE_FEEDBACK_COLOUR, EDGE_FEEDBACK_DASH, EDGE_UNSUPPORTED_DASH, EDGE_WIDTH, LABEL_COLOUR, LABEL_FONT_FAMILY, LABEL_FONT_SIZE, NODE_KIND_STYLE,
} from './map-style.js'

export interface MapSvgOptions {
  /** The figure's title, read out by screen readers (default "Causal map"). */
  title?: string
  /** Draw the key to node kinds under the map (default true). */
  legend?: boolean
  /** Write each node's label in its box (default true); an overview too small to read leaves them out. */
  labels?: boolean
  /** Write each level's name in its band (default true). */
  levelNames?: boolean
}

/** The drawing and where its parts are, in the SVG's own units, for cutting it into printed pages. */
export interface MapDrawing {
  svg: string
  width: number
  height: number
  /** Each level's band, top-down. */
  bands: Array<{ level: MapLevel; top: number; bottom: number }>
  /** Where the bands (and the map, below the key) end: the key, when drawn, is below this. */
  mapBottom: number
  /** Each node's box (left, top, right, bottom), so a page edge can be put between nodes rather than through one. */
  boxes: Array<[number, number, number, number]>
}

const MARGIN = 24
const LEVEL_COLUMN = 190
const LEGEND_ROW = 34

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string)
}

function num(value: number): string {
  return String(Math.round(value * 10) / 10)
}

/** Where the straight line from a box's centre towards `towards` leaves the box. */
function boxExit(centre: Point, size: Size, towards: Point): Point {
  const dx = towards.x - centre.x
  const dy = towards.y - centre.y
  if (dx === 0 && dy === 0) return centre
  const sx = dx === 0 ? Infinity : size.width / 2 / Math.abs(dx)
  const sy = dy === 0 ? Infinity : size.height / 2 / Math.abs(dy)
  const s = Math.min(sx, sy)
  return { x: centre.x + dx * s, y: centre.y + dy * s }
}

function shapeMarkup(kind: NodeKind, c: Point, size: Size): string {
  const style = NODE_KIND_STYLE[kind]
  const left = c.x - size.width / 2
  const top = c.y - size.height / 2
  const stroke = `fill="${style.fill}" stroke="${style.border}" stroke-width="${style.borderWidth}"${style.borderStyle === 'dashed' ? ' stroke-dasharray="6 4"' : ''}`
  const rect = (inset: number, rx: number, attrs: string) =>
    `<rect x="${num(left + inset)}" y="${num(top + inset)}" width="${num(size.width - 2 * inset)}" height="${num(size.height - 2 * inset)}" rx="${rx}" ${attrs}/>`
  switch (style.shape) {
    case 'rectangle':
      return rect(0, 0, stroke)
    case 'round-rectangle':
      return style.borderStyle === 'double'
        ? `${rect(0, 10, stroke)}${rect(4, 7, `fill="none" stroke="${style.border}" stroke-width="1.5"`)}`
        : rect(0, 10, stroke)
    case 'ellipse':
      return `<ellipse cx="${num(c.x)}" cy="${num(c.y)}" rx="${num(size.width / 2 + 8)}" ry="${num(size.height / 2 + 6)}" ${stroke}/>`
    case 'cut-rectangle': {
      const k = 10
      const r = left + size.width
      const b = top + size.height
      const points = [[left + k, top], [r - k, top], [r, top + k], [r, b - k], [r - k, b], [left + k, b], [left, b - k], [left, top + k]]
      return `<polygon points="${points.map(([x, y]) => `${num(x as number)},${num(y as number)}`).join(' ')}" ${stroke}/>`
    }
    case 'hexagon': {
      const k = 14
      const r = left + size.width
      const b = top + size.height
      const points = [[left + k, top], [r - k, top], [r + 4, c.y], [r - k, b], [left + k, b], [left - 4, c.y]]
      return `<polygon points="${points.map(([x, y]) => `${num(x as number)},${num(y as number)}`).join(' ')}" ${stroke}/>`
    }
  }
}

function labelMarkup(lines: string[], c: Point): string {
  const firstY = c.y - ((lines.length - 1) * LABEL_LINE_HEIGHT) / 2
  const spans = lines
    .map((line, i) => `<tspan x="${num(c.x)}" y="${num(firstY + i * LABEL_LINE_HEIGHT)}">${escapeXml(line)}</tspan>`)
    .join('')
  return `<text text-anchor="middle" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="${LABEL_FONT_SIZE}" fill="${LABEL_COLOUR}">${spans}</text>`
}

function edgeMarkup(edge: MapEdge, from: Point, fromSize: Size, to: Point, toSize: Size): string {
  const start = boxExit(from, fromSize, to)
  const end = boxExit(to, toSize, from)
  const width = EDGE_WIDTH[edge.strength ?? 'unknown']
  const feedback = edge.type === 'feedback'
  const pattern = feedback ? EDGE_FEEDBACK_DASH : edge.evidence.length === 0 ? EDGE_UNSUPPORTED_DASH : null
  const dash = pattern ? ` stroke-dasharray="${pattern.join(' ')}"` : ''
  return `<line x1="${num(start.x)}" y1="${num(start.y)}" x2="${num(end.x)}" y2="${num(end.y)}" stroke="${feedback ? EDGE_FEEDBACK_COLOUR : EDGE_COLOUR}" stroke-width="${width}"${dash} marker-end="url(#map-arrow)"/>`
}

/** The key to node kinds and link styles, laid out in rows `width` wide. */
export function legendMarkup(kinds: NodeKind[], emptyLevels: string[], left: number, top: number, width: number, feedback = false): { markup: string; height: number } {
  if (kinds.length === 0) return { markup: '', height: 0 }
  const perRow = Math.max(1, Math.floor(width / 230))
  const parts = [`<text x="${num(left)}" y="${num(top + 14)}" font-family="${LABEL_FONT_FAMILY}" font-size="14" font-weight="bold" fill="${LABEL_COLOUR}">Key</text>`]
  kinds.forEach((kind, i) => {
    const x = left + (i % perRow) * 230
    const y = top + 26 + Math.floor(i / perRow) * LEGEND_ROW
    parts.push(shapeMarkup(kind, { x: x + 22, y: y + 11 }, { width: 40, height: 20 }))
    parts.push(`<text x="${num(x + 52)}" y="${num(y + 11)}" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="13" fill="${LABEL_COLOUR}">${escapeXml(NODE_KIND_INFO[kind].label)}</text>`)
  })
  parts.push(
    `<line x1="${num(left)}" y1="${num(top + 26 + Math.ceil(kinds.length / perRow) * LEGEND_ROW + 6)}" x2="${num(left + 40)}" y2="${num(top + 26 + Math.ceil(kinds.length / perRow) * LEGEND_ROW + 6)}" stroke="${EDGE_COLOUR}" stroke-width="2" stroke-dasharray="${EDGE_UNSUPPORTED_DASH.join(' ')}"/>`,
    `<text x="${num(left + 52)}" y="${num(top + 26 + Math.ceil(kinds.length / perRow) * LEGEND_ROW + 6)}" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="13" fill="${LABEL_COLOUR}">Link with no evidence yet (thicker lines are stronger links)</text>`,
  )
  let height = 26 + Math.ceil(kinds.length / perRow) * LEGEND_ROW + 24
  if (feedback) {
    const y = top + height + 6
    parts.push(
      `<line x1="${num(left)}" y1="${num(y)}" x2="${num(left + 40)}" y2="${num(y)}" stroke="${EDGE_FEEDBACK_COLOUR}" stroke-width="2" stroke-dasharray="${EDGE_FEEDBACK_DASH.join(' ')}"/>`,
      `<text x="${num(left + 52)}" y="${num(y)}" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="13" fill="${LABEL_COLOUR}">Feedback link: closes a self-reinforcing loop</text>`,
    )
    height += 24
  }
  if (emptyLevels.length > 0) {
    parts.push(`<text x="${num(left)}" y="${num(top + height + 8)}" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="13" fill="${LABEL_COLOUR}">${escapeXml(`Nothing on the map at: ${listOf(emptyLevels)}.`)}</text>`)
    height += 28
  }
  return { markup: parts.join(''), height }
}

/**
 * The map as a standalone SVG document (no scripts, no external references, no HTML), sized to fit its nodes,
 * with each system level as a labelled band, top-down, and a key to the node kinds used.
 */
export function mapToSvg(map: MapDocument, options: MapSvgOptions = {}): string {
  return mapDrawing(map, options).svg
}

/** The SVG of mapToSvg with the positions of its bands, for printing it in parts. */
export function mapDrawing(map: MapDocument, options: MapSvgOptions = {}): MapDrawing {
  const title = options.title ?? 'Causal map'
  const { positions, bands } = resolvePositions(map)
  const sizes = new Map(map.nodes.map((node) => [node.id, nodeSize(node)]))
  let minX = Infinity
  let maxX = -Infinity
  for (const node of map.nodes) {
    const p = positions.get(node.id) as Point
    const w = (sizes.get(node.id) as Size).width / 2 + 10
    minX = Math.min(minX, p.x - w)
    maxX = Math.max(maxX, p.x + w)
  }
  if (!Number.isFinite(minX)) {
    minX = 0
    maxX = 400
  }
  const top = bands.length > 0 ? Math.min(...bands.map((b) => b.top)) : 0
  const bottom = bands.length > 0 ? Math.max(...bands.map((b) => b.bottom)) : 100
  // Shift everything so the level column sits at the left margin and the first band at the top margin.
  const dx = MARGIN + LEVEL_COLUMN - minX
  const dy = MARGIN - top
  const contentWidth = maxX - minX
  const width = MARGIN * 2 + LEVEL_COLUMN + contentWidth
  const shifted = (p: Point): Point => ({ x: p.x + dx, y: p.y + dy })
  const kinds = NODE_KINDS.filter((kind) => map.nodes.some((node) => node.kind === kind))
  const emptyLevels = MAP_LEVELS.filter((level) => !map.nodes.some((node) => node.level === level)).map((level) => MAP_LEVEL_INFO[level].label)
  const legend = options.legend === false ? { markup: '', height: 0 } : legendMarkup(kinds, emptyLevels, MARGIN, bottom + dy + 16, width - 2 * MARGIN, map.edges.some((edge) => edge.type === 'feedback'))
  const height = bottom - top + MARGIN * 2 + legend.height

  const parts: string[] = []
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-labelledby="map-title map-desc">`,
    `<title id="map-title">${escapeXml(title)}</title>`,
    `<desc id="map-desc">${escapeXml(summariseMap(map))}</desc>`,
    `<defs><marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="${EDGE_COLOUR}"/></marker></defs>`,
    `<rect x="0" y="0" width="${num(width)}" height="${num(height)}" fill="#ffffff"/>`,
  )
  bands.forEach((band: LevelBand, i) => {
    const y = band.top + dy
    const h = band.bottom - band.top
    parts.push(`<g><rect x="${MARGIN}" y="${num(y)}" width="${num(width - 2 * MARGIN)}" height="${num(h)}" fill="${i % 2 === 0 ? '#f8f8f8' : '#ffffff'}" stroke="#b1b4b6" stroke-width="1"/>`)
    if (options.levelNames !== false) parts.push(levelNameMarkup(band.level, MARGIN + 10, y + h / 2))
    parts.push('</g>')
  })
  const byId = new Map(map.nodes.map((node) => [node.id, node]))
  parts.push('<g>')
  for (const edge of map.edges) {
    const from = positions.get(edge.source)
    const to = positions.get(edge.target)
    if (!from || !to || !byId.has(edge.source) || !byId.has(edge.target)) continue
    parts.push(edgeMarkup(edge, shifted(from), sizes.get(edge.source) as Size, shifted(to), sizes.get(edge.target) as Size))
  }
  parts.push('</g>')
  for (const node of map.nodes) {
    const c = shifted(positions.get(node.id) as Point)
    const size = sizes.get(node.id) as Size
    parts.push(
      '<g>',
      `<title>${escapeXml(`${NODE_KIND_INFO[node.kind].label} (${MAP_LEVEL_INFO[node.level].label}): ${node.label}`)}</title>`,
      shapeMarkup(node.kind, c, size),
      options.labels === false ? '' : labelMarkup(wrapLabel(node.label), c),
      '</g>',
    )
  }
  parts.push(legend.markup, '</svg>')
  return {
    svg: parts.join(''), width, height,
    bands: bands.map((b) => ({ level: b.level, top: b.top + dy, bottom: b.bottom + dy })),
    mapBottom: bottom + dy + MARGIN,
    boxes: map.nodes.map((node) => {
      const c = shifted(positions.get(node.id) as Point)
      const size = sizes.get(node.id) as Size
      return [c.x - size.width / 2 - 8, c.y - size.height / 2, c.x + size.width / 2 + 8, c.y + size.height / 2]
    }),
  }
}

/** A level's name, bold, in up to three lines centred on `y`, starting at `x`. */
export function levelNameMarkup(level: MapLevel, x: number, y: number): string {
  return `<text x="${num(x)}" y="${num(y)}" dominant-baseline="central" font-family="${LABEL_FONT_FAMILY}" font-size="13" font-weight="bold" fill="#505a5f">` +
    wrapLabel(MAP_LEVEL_INFO[level].label, 22, 3)
      .map((line, j, all) => `<tspan x="${num(x)}" y="${num(y + (j - (all.length - 1) / 2) * LABEL_LINE_HEIGHT)}">${escapeXml(line)}</tspan>`)
      .join('') +
    '</text>'
}

// Plain-English descriptions --------------------------------------------------------------------------

function quoted(node: MapNode | undefined): string {
  return node ? `‘${node.label.trim().replace(/\s+/g, ' ')}’` : '‘(unknown)’'
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

const COUNTERFACTUAL_TEXT = {
  yes: 'the review thinks the effect would probably still have happened without it',
  no: 'the review thinks the effect would probably not have happened without it',
  unsure: 'the review cannot say whether the effect would have happened without it',
} as const

/** One or two sentences: what the map holds. Suitable as a figure's alt text. */
export function summariseMap(map: MapDocument): string {
  if (map.nodes.length === 0) return 'The causal map is empty.'
  const used = MAP_LEVELS.filter((level) => map.nodes.some((node) => node.level === level))
  const outcomes = map.nodes.filter((node) => node.kind === 'outcome')
  const harm = map.nodes.filter((node) => node.kind === 'harm')
  const feedback = map.edges.filter((edge) => edge.type === 'feedback').length
  return (
    `A causal map of ${count(map.nodes.length, 'node')} and ${count(map.edges.length, 'link')} across ${count(used.length, 'system level')}, ` +
    'read from national policy at the top down to the child and family.' +
    (outcomes.length > 0 ? ` It explains the practice ${outcomes.length === 1 ? 'outcome' : 'outcomes'} ${listOf(outcomes.map((o) => quoted(o)))}.` : '') +
    (feedback > 0 ? ` ${feedback === 1 ? 'One link is' : `${feedback} links are`} feedback, closing a self-reinforcing loop.` : '') +
    (harm.length > 0 ? ` The harm to the child (${listOf(harm.map((h) => quoted(h)))}) is shown apart: the map explains practice, not whether the harm was preventable.` : '')
  )
}

/**
 * The whole map in words, in paragraphs separated by blank lines: what sits at each level, then each link
 * with its strength, evidence and counterfactual answer, grouped by the node the link leads to.
 */
export function describeMap(map: MapDocument): string {
  const paragraphs = [summariseMap(map)]
  if (map.nodes.length === 0) return paragraphs[0] as string
  for (const level of MAP_LEVELS) {
    const nodes = map.nodes.filter((node) => node.level === level)
    const name = MAP_LEVEL_INFO[level].label
    if (nodes.length === 0) {
      paragraphs.push(`${name}: nothing on the map.`)
      continue
    }
    const items = nodes.map((node) => `${quoted(node)} (${lowerFirst(NODE_KIND_INFO[node.kind].label)})`)
    paragraphs.push(`${name}: ${listOf(items)}.`)
  }
  const byId = new Map(map.nodes.map((node) => [node.id, node]))
  const incoming = new Map<string, MapEdge[]>()
  for (const edge of map.edges) {
    const list = incoming.get(edge.target)
    if (list) list.push(edge)
    else incoming.set(edge.target, [edge])
  }
  for (const node of map.nodes) {
    const edges = incoming.get(node.id)
    if (!edges) continue
    const causes = edges.map((edge) => {
      const facts = [
        ...(edge.type === 'feedback' ? ['feeding back: a loop'] : []),
        edge.strength ? `a ${edge.strength} link` : 'strength not given',
        edge.evidence.length === 0 ? 'no evidence cited yet' : count(edge.evidence.length, 'piece of evidence', 'pieces of evidence'),
        edge.counterfactual ? COUNTERFACTUAL_TEXT[edge.counterfactual.answer] : 'counterfactual not answered yet',
      ]
      return `${quoted(byId.get(edge.source))} (${facts.join('; ')})`
    })
    paragraphs.push(`${quoted(node)} is shown as caused by ${listOf(causes)}.`)
  }
  const unlinked = map.nodes.filter((node) => !map.edges.some((e) => e.source === node.id || e.target === node.id))
  if (unlinked.length > 0) paragraphs.push(`Not linked to anything yet: ${listOf(unlinked.map((node) => quoted(node)))}.`)
  return paragraphs.join('\n\n')
}
