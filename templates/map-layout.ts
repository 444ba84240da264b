// Where the causal map's nodes go. Shared by the browser editor and the SVG figure, so both wrap labels and
// size boxes identically:
//  - wrapLabel / nodeSize: label lines and box sizes;
//  - elkGraph / positionsFromElk: the ELK layered layout, top-down by system level (AcciMap style);
//  - bandLayout: a fast layered layout of our own (linear in the map's size) for maps too big for ELK to lay
//    out quickly, and for server-side figures where no positions were saved;
//  - resolvePositions: saved positions where there are some, a layout for the rest.
// Positions are node centres, as Cytoscape uses them.
import type { ElkNode } from 'elkjs/lib/elk-api.js'
import { MAP_LEVELS, levelRank } from '../methodology/map/map-model.js'
import type { MapDocument, MapLevel, MapNode } from '../methodology/map/map-model.js'

export interface Point {
  x: number
  y: number
}

export interface Size {
  width: number
  height: number
}

/** The vertical extent of one system level on the laid-out map. */
export interface LevelBand {
  level: MapLevel
  top: number
  bottom: number
}

export interface MapLayout {
  positions: Map<string, Point>
  /**
   * Levels top-down. The band layout gives every level a band (a thin one when it has no nodes, keeping the
   * ladder readable); bands worked out from saved positions cover only the levels that have nodes.
   */
  bands: LevelBand[]
}

export const NODE_WIDTH = 200
export const LABEL_CHARS_PER_LINE = 28
export const LABEL_MAX_LINES = 6
export const LABEL_LINE_HEIGHT = 16
export const NODE_PADDING_Y = 12

const GAP_X = 40
const GAP_Y = 60
const BAND_GAP = 50
const EMPTY_BAND_HEIGHT = 60

/** Above this many nodes the editor lays out with the fast options (or bandLayout) so the page stays quick. */
export const ELK_FAST_THRESHOLD = 150

/**
 * Breaks a label into lines of at most `perLine` characters at spaces (a longer word is split), keeping at most
 * `maxLines` lines; the last kept line ends with an ellipsis when text was cut. Whitespace runs count as one space.
 */
export function wrapLabel(label: string, perLine = LABEL_CHARS_PER_LINE, maxLines = LABEL_MAX_LINES): string[] {
  const words = label.trim().split(/\s+/).filter((w) => w !== '')
  const lines: string[] = []
  let line = ''
  const push = (text: string) => {
    lines.push(text)
  }
  for (const raw of words) {
    let word = raw
    while ([...word].length > perLine) {
      // A word longer than a line: fill what is left of the current line, then carry on.
      const room = line === '' ? perLine : perLine - [...line].length - 1
      if (room >= 4) {
        const chars = [...word]
        push(line === '' ? chars.slice(0, room).join('') : `${line} ${chars.slice(0, room).join('')}`)
        word = chars.slice(room).join('')
      } else {
        push(line)
      }
      line = ''
    }
    if (line === '') line = word
    else if ([...line].length + 1 + [...word].length <= perLine) line = `${line} ${word}`
    else {
      push(line)
      line = word
    }
  }
  if (line !== '') push(line)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  const last = [...(kept[maxLines - 1] as string)]
  kept[maxLines - 1] = `${last.slice(0, Math.max(0, perLine - 1)).join('').trimEnd()}…`
  return kept
}

/** The box a node is drawn in: a fixed width, tall enough for its wrapped label. */
export function nodeSize(node: Pick<MapNode, 'label'>): Size {
  const lines = Math.max(1, wrapLabel(node.label).length)
  return { width: NODE_WIDTH, height: lines * LABEL_LINE_HEIGHT + 2 * NODE_PADDING_Y }
}

function rankOf(node: MapNode): number {
  const rank = levelRank(node.level)
  return rank < 0 ? MAP_LEVELS.length - 1 : rank
}

/** Positions saved with the map (nodes the editor has placed). */
export function savedPositions(map: MapDocument): Map<string, Point> {
  const saved = new Map<string, Point>()
  for (const node of map.nodes) {
    if (typeof node.x === 'number' && typeof node.y === 'number' && Number.isFinite(node.x) && Number.isFinite(node.y)) {
      saved.set(node.id, { x: node.x, y: node.y })
    }
  }
  return saved
}

/**
 * A layered layout, top-down by level, in time linear in the size of the map (times a few ordering sweeps).
 * Inside a level, a node sits below the nodes at its level that lead to it; the order along each row comes
 * from barycentre sweeps, which untangle most crossings. Loops are tolerated (they are a map check, not a crash).
 */
export function bandLayout(map: MapDocument): MapLayout {
  const n = map.nodes.length
  const index = new Map<string, number>()
  map.nodes.forEach((node, i) => index.set(node.id, i))
  const rank = map.nodes.map(rankOf)
  const neighbours: number[][] = Array.from({ length: n }, () => [])
  const sameLevelOut: number[][] = Array.from({ length: n }, () => [])
  for (const edge of map.edges) {
    const s = index.get(edge.source)
    const t = index.get(edge.target)
    if (s === undefined || t === undefined || s === t) continue
    neighbours[s]?.push(t)
    neighbours[t]?.push(s)
    if (rank[s] === rank[t]) sameLevelOut[s]?.push(t)
  }

  // Sub-rows inside a level: longest path over same-level links, in depth-first finishing order (reverse
  // postorder is a topological order when there is no loop; with a loop, one link is simply ignored).
  const order: number[] = []
  const state = new Uint8Array(n) // 0 new, 1 on the path, 2 done
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue
    const stack: Array<[number, number]> = [[root, 0]]
    state[root] = 1
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as [number, number]
      const [v, next] = frame
      const outs = sameLevelOut[v] as number[]
      if (next < outs.length) {
        frame[1] = next + 1
        const w = outs[next] as number
        if (state[w] === 0) {
          state[w] = 1
          stack.push([w, 0])
        }
        continue
      }
      state[v] = 2
      order.push(v)
      stack.pop()
    }
  }
  order.reverse()
  const position = new Int32Array(n)
  order.forEach((v, i) => {
    position[v] = i
  })
  const sub = new Int32Array(n)
  for (const v of order) {
    for (const w of sameLevelOut[v] as number[]) {
      if ((position[w] as number) > (position[v] as number)) sub[w] = Math.max(sub[w] as number, (sub[v] as number) + 1)
    }
  }

  // Rows, top-down: each level's sub-rows in turn.
  const subRowsOfLevel = MAP_LEVELS.map(() => 0)
  for (let v = 0; v < n; v++) subRowsOfLevel[rank[v] as number] = Math.max(subRowsOfLevel[rank[v] as number] as number, (sub[v] as number) + 1)
  const firstRowOfLevel: number[] = []
  let rowCount = 0
  for (const count of subRowsOfLevel) {
    firstRowOfLevel.push(rowCount)
    rowCount += count
  }
  const rows: number[][] = Array.from({ length: rowCount }, () => [])
  const rowOf = new Int32Array(n)
  for (let v = 0; v < n; v++) {
    const row = (firstRowOfLevel[rank[v] as number] as number) + (sub[v] as number)
    rowOf[v] = row
    rows[row]?.push(v)
  }

  // Order along each row: barycentre of neighbours in rows already placed, sweeping down then up.
  const slot = new Float64Array(n)
  const refresh = (row: number[]) => row.forEach((v, i) => {
    slot[v] = (i + 0.5) / row.length
  })
  rows.forEach(refresh)
  const sweep = (rowIndexes: number[], before: (a: number, b: number) => boolean) => {
    for (const r of rowIndexes) {
      const row = rows[r] as number[]
      const weight = new Map<number, number>()
      for (const v of row) {
        let sum = 0
        let count = 0
        for (const w of neighbours[v] as number[]) {
          if (before(rowOf[w] as number, r)) {
            sum += slot[w] as number
            count++
          }
        }
        weight.set(v, count > 0 ? sum / count : (slot[v] as number))
      }
      row.sort((a, b) => (weight.get(a) as number) - (weight.get(b) as number) || a - b)
      refresh(row)
    }
  }
  const down = rows.map((_, i) => i)
  const up = [...down].reverse()
  for (let round = 0; round < 4; round++) {
    sweep(down, (other, here) => other < here)
    sweep(up, (other, here) => other > here)
  }

  // Coordinates: rows centred on the widest, a gap between levels.
  const sizes = map.nodes.map(nodeSize)
  const rowWidth = rows.map((row) => row.length * NODE_WIDTH + Math.max(0, row.length - 1) * GAP_X)
  const widest = Math.max(NODE_WIDTH, ...rowWidth)
  const positions = new Map<string, Point>()
  const bands: LevelBand[] = []
  let y = 0
  MAP_LEVELS.forEach((level, l) => {
    const top = y
    const count = subRowsOfLevel[l] as number
    if (count === 0) {
      y += EMPTY_BAND_HEIGHT
    } else {
      for (let r = firstRowOfLevel[l] as number; r < (firstRowOfLevel[l] as number) + count; r++) {
        const row = rows[r] as number[]
        const height = Math.max(...row.map((v) => (sizes[v] as Size).height))
        let x = (widest - (rowWidth[r] as number)) / 2 + NODE_WIDTH / 2
        for (const v of row) {
          positions.set((map.nodes[v] as MapNode).id, { x, y: y + height / 2 })
          x += NODE_WIDTH + GAP_X
        }
        y += height + GAP_Y
      }
      y -= GAP_Y
    }
    bands.push({ level, top: top - BAND_GAP / 2, bottom: y + BAND_GAP / 2 })
    y += BAND_GAP
  })
  return { positions, bands }
}

/** Bands from positions: each level that has nodes spans its nodes' boxes (levels with none get no band). */
export function bandsFromPositions(map: MapDocument, positions: ReadonlyMap<string, Point>): LevelBand[] {
  const extent = MAP_LEVELS.map(() => ({ top: Infinity, bottom: -Infinity }))
  for (const node of map.nodes) {
    const p = positions.get(node.id)
    if (!p) continue
    const h = nodeSize(node).height
    const e = extent[rankOf(node)] as { top: number; bottom: number }
    e.top = Math.min(e.top, p.y - h / 2 - BAND_GAP / 2)
    e.bottom = Math.max(e.bottom, p.y + h / 2 + BAND_GAP / 2)
  }
  const bands: LevelBand[] = []
  MAP_LEVELS.forEach((level, l) => {
    const e = extent[l] as { top: number; bottom: number }
    if (Number.isFinite(e.top)) bands.push({ level, top: e.top, bottom: e.bottom })
  })
  return bands
}

/**
 * Every node's position: saved ones kept; when none are saved, the band layout; when some are, the others are
 * placed in a row under their level's nodes, to the right of everything, so nothing the user arranged moves.
 */
export function resolvePositions(map: MapDocument): MapLayout {
  const saved = savedPositions(map)
  if (saved.size === 0) return bandLayout(map)
  if (saved.size === map.nodes.length) return { positions: saved, bands: bandsFromPositions(map, saved) }
  const positions = new Map(saved)
  const bands = bandsFromPositions(map, saved)
  const right = Math.max(...[...saved.values()].map((p) => p.x)) + NODE_WIDTH + GAP_X
  const nextX = MAP_LEVELS.map(() => right)
  for (const node of map.nodes) {
    if (positions.has(node.id)) continue
    const l = rankOf(node)
    const band = bands.find((b) => b.level === MAP_LEVELS[l])
    // A level with no placed nodes yet goes below everything placed.
    const y = band ? (band.top + band.bottom) / 2 : Math.max(...bands.map((b) => b.bottom)) + 100 * (l + 1)
    positions.set(node.id, { x: nextX[l] as number, y })
    nextX[l] = (nextX[l] as number) + NODE_WIDTH + GAP_X
  }
  return { positions, bands: bandsFromPositions(map, positions) }
}

/**
 * The map as an ELK graph for the layered algorithm, top-down. Small maps use partitions (one per level, in
 * order), which gives ELK a free hand within each level. Large maps (more than ELK_FAST_THRESHOLD nodes) start
 * from the band layout and let ELK layer interactively from it with cheaper settings, which is several times
 * faster and still keeps levels in order.
 */
export function elkGraph(map: MapDocument): ElkNode {
  const fast = map.nodes.length > ELK_FAST_THRESHOLD
  const ids = new Set(map.nodes.map((node) => node.id))
  const start = fast ? bandLayout(map).positions : null
  const layoutOptions: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    // The editor draws its own edges, so ELK's cheapest routing will do.
    'elk.edgeRouting': 'POLYLINE',
    'elk.spacing.nodeNode': '30',
    'elk.layered.spacing.nodeNodeBetweenLayers': '50',
    ...(fast
      ? {
          'elk.layered.layering.strategy': 'INTERACTIVE',
          'elk.layered.thoroughness': '1',
          'elk.layered.nodePlacement.strategy': 'SIMPLE',
          'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
        }
      // One graph, not a layout per connected component: a node kept apart (the harm to the child) stays in its
      // level's partition instead of being laid out on its own at the top.
      : { 'elk.partitioning.activate': 'true', 'elk.separateConnectedComponents': 'false' }),
  }
  return {
    id: 'map',
    layoutOptions,
    children: map.nodes.map((node) => {
      const size = nodeSize(node)
      const p = start?.get(node.id)
      return {
        id: node.id,
        width: size.width,
        height: size.height,
        ...(p ? { x: p.x - size.width / 2, y: p.y - size.height / 2 } : {}),
        layoutOptions: (fast ? {} : { 'elk.partitioning.partition': String(rankOf(node)) }) as Record<string, string>,
      }
    }),
    edges: map.edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target) && edge.source !== edge.target)
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  }
}

/** Node centres from ELK's answer (ELK gives top-left corners). */
export function positionsFromElk(result: ElkNode): Map<string, Point> {
  const positions = new Map<string, Point>()
  for (const child of result.children ?? []) {
    positions.set(child.id, { x: (child.x ?? 0) + (child.width ?? 0) / 2, y: (child.y ?? 0) + (child.height ?? 0) / 2 })
  }
  return positions
}

/** The map with positions written into its nodes (rounded to whole pixels, which is all a drawing needs). */
export function withPositions(map: MapDocument, positions: ReadonlyMap<string, Point>): MapDocument {
  return {
    nodes: map.nodes.map((node) => {
      const p = positions.get(node.id)
      return p ? { ...node, x: Math.round(p.x), y: Math.round(p.y) } : node
    }),
    edges: map.edges,
  }
}
