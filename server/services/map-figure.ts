// The causal map as a report figure: SVG plus a plain-English description. Where the editor has saved
// positions they are used as they are; a map with none (built through the API, say) is laid out with ELK in
// Node, as the editor would, or with the fast band layout when it is too large for ELK to be quick.
// The drawing itself is templates/map-svg.ts (pure, synchronous), which the report builder can call directly.
import elkModule from 'elkjs/lib/elk.bundled.js'
import type { MapDocument } from '../../methodology/map/map-model.js'
import { ELK_FAST_THRESHOLD, elkGraph, positionsFromElk, savedPositions, withPositions } from '../../templates/map-layout.js'
import { describeMap, mapToSvg, summariseMap } from '../../templates/map-svg.js'
import type { Executor } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { loadMap, mapUnderNameRule } from './causal-map.js'
import type { ServiceContext } from './context.js'
import { pseudonymiserFor } from './pseudonym-view.js'
import type { ReviewViewer } from './viewer.js'

export interface MapFigure {
  version: number
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

export async function figureOf(map: MapDocument, title: string): Promise<Omit<MapFigure, 'version'>> {
  const placed = await placedMap(map)
  return { svg: mapToSvg(placed, { title }), description: describeMap(map), summary: summariseMap(map) }
}

/** The review's saved map as a figure. */
export async function mapFigure(db: Executor, reviewId: string, title = 'Causal map'): Promise<MapFigure> {
  const stored = await loadMap(db, reviewId)
  return { version: stored.version, ...(await figureOf(stored.map, title)) }
}

/** The figure for someone to take away, audited like every export (`format` says what the browser makes of it). */
export async function exportMapFigure(ctx: ServiceContext, viewer: ReviewViewer, title: string, format: 'svg' | 'png'): Promise<MapFigure> {
  const { actor, reviewId } = viewer
  // Drawn under the viewer's name rule, title included (it carries the review's title).
  const stored = await mapUnderNameRule(ctx, viewer, await loadMap(ctx.db, reviewId))
  const shownTitle = viewer.names === 'real' ? title : (await pseudonymiserFor(ctx.db, reviewId))(title)
  const figure: MapFigure = { version: stored.version, ...(await figureOf(stored.map, shownTitle)) }
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.clock, actor, { action: 'analysis.map.export', reviewId, objectType: 'causal-map', objectId: reviewId, details: { format, version: figure.version } })
  })
  return figure
}
