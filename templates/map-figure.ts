// The causal map as a figure: SVG plus a plain-English description. Where the editor has saved positions they are
// used as they are; a map with none (built through the API, say) is laid out with ELK in Node, as the editor would,
// or with the fast band layout when it is too large for ELK to be quick. Drawn in the drawing process
// (server/export/figure-drawing.ts), never on the server's event loop.
import elkModule from 'elkjs/lib/elk.bundled.js'
import type { MapDocument } from '../methodology/map/map-model.js'
import { ELK_FAST_THRESHOLD, elkGraph, positionsFromElk, savedPositions, withPositions } from './map-layout.js'
import { describeMap, mapToSvg, summariseMap } from './map-svg.js'

export interface DrawnFigure {
  svg: string
  /** Paragraphs, separated by blank lines: the figure's long description. */
  description: string
  /** One or two sentences: the figure's alt text. */
  summary: string
}

// elkjs is CommonJS: under Node's ESM the default import is module.exports, whose `default` is the constructor.
const ELK = elkModule.default
let elk: InstanceType<typeof ELK> | null = null

/** The map with a position for every node: saved ones, or an ELK layout when none were saved and it is small. */
export async function placedMap(map: MapDocument): Promise<MapDocument> {
  if (map.nodes.length === 0 || savedPositions(map).size > 0 || map.nodes.length > ELK_FAST_THRESHOLD) return map
  elk ??= new ELK()
  const result = await elk.layout(elkGraph(map))
  return withPositions(map, positionsFromElk(result))
}

export async function figureOf(map: MapDocument, title: string): Promise<DrawnFigure> {
  const placed = await placedMap(map)
  return { svg: mapToSvg(placed, { title }), description: describeMap(map), summary: summariseMap(map) }
}
