// The review's causal map as a figure to take away (SVG or PNG), under the viewer's name rule and audited. The
// drawing itself (templates/map-figure.ts) happens in the drawing process (server/export/figure-drawing.ts).
import type { DrawnFigure } from '../../templates/map-figure.js'
import { drawMapFigure } from '../export/figure-drawing.js'
import { recordAudit } from './audit.js'
import { loadMap, mapUnderNameRule, type StoredMap } from './causal-map.js'
import type { ServiceContext } from './context.js'
import { pseudonymiserFor } from './pseudonym-view.js'
import type { ReviewViewer } from './viewer.js'

export interface MapFigure extends DrawnFigure {
  version: number
}

/** The map and title as this viewer may see them (the title carries the review's title). */
export async function mapForExport(ctx: ServiceContext, viewer: ReviewViewer, title: string): Promise<{ stored: StoredMap; title: string }> {
  const stored = await mapUnderNameRule(ctx, viewer, await loadMap(ctx.db, viewer.reviewId))
  return { stored, title: viewer.names === 'real' ? title : (await pseudonymiserFor(ctx.db, viewer.reviewId))(title) }
}

/** Audits a download of the drawn map, once it has been drawn (a drawing that failed gave nobody anything). */
export async function auditMapExport(ctx: ServiceContext, viewer: ReviewViewer, format: 'svg' | 'png', version: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.clock, viewer.actor, { action: 'analysis.map.export', reviewId: viewer.reviewId, objectType: 'causal-map', objectId: viewer.reviewId, details: { format, version } })
  })
}

/** The figure for someone to take away as SVG, audited like every export. */
export async function exportMapFigure(ctx: ServiceContext, viewer: ReviewViewer, title: string): Promise<MapFigure> {
  const shown = await mapForExport(ctx, viewer, title)
  const figure = await drawMapFigure(shown.stored.map, shown.title)
  await auditMapExport(ctx, viewer, 'svg', shown.stored.version)
  return { version: shown.stored.version, ...figure }
}
