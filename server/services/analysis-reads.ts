// What the analysis pages (episodes, factors, the why-map) read, bound to the viewer: the capability check is made
// once, every read is of the viewer's own review, and the episode tunnel applies the viewer's agency scope.
import { chronologyFacets, findEventsByIds, listEvents, type EventFilter } from '../data/chronology-events.js'
import { findEvidence, listDocumentEvidence, listEventEvidence, listQuoteEvidence, type EvidenceRef } from '../data/evidence.js'
import { loadMap, mapHistory } from './causal-map.js'
import { requireCapability } from './capability.js'
import type { ServiceContext } from './context.js'
import { labelEvidence, listFactorDetails, requireFactor } from './contributory-factors.js'
import { listEpisodeDetails, requireEpisode, tunnelChronology, type EpisodeDetail } from './key-practice-episodes.js'
import { reviewOf } from './reviews.js'
import type { ReviewViewer } from './viewer.js'

export function analysisReads(ctx: ServiceContext, viewer: ReviewViewer) {
  requireCapability(viewer, 'analysis.view')
  const { db } = ctx
  const id = viewer.reviewId
  return {
    review: () => reviewOf(ctx, viewer),
    episodes: () => listEpisodeDetails(db, id),
    episode: (episodeId: string) => requireEpisode(db, id, episodeId),
    factors: (episodeId?: string) => listFactorDetails(db, id, episodeId),
    factor: (factorId: string) => requireFactor(db, id, factorId),
    labelEvidence: (refs: readonly EvidenceRef[]) => labelEvidence(db, id, refs),
    findEvidence: (refs: readonly EvidenceRef[]) => findEvidence(db, id, refs),
    eventEvidence: () => listEventEvidence(db, id),
    quoteEvidence: () => listQuoteEvidence(db, id),
    documentEvidence: () => listDocumentEvidence(db, id),
    chronologyFacets: () => chronologyFacets(db, id),
    events: (filter: Omit<EventFilter, 'reviewId'>) => listEvents(db, { ...filter, reviewId: id }),
    eventsByIds: (eventIds: readonly string[]) => findEventsByIds(db, id, eventIds),
    map: () => loadMap(db, id),
    mapHistory: (page: number, pageSize?: number) => mapHistory(db, id, page, pageSize),
    tunnel: (detail: EpisodeDetail, reveal: boolean, agencyKey: string | null = null) => tunnelChronology(db, viewer, detail, reveal, agencyKey),
  }
}

export type AnalysisReads = ReturnType<typeof analysisReads>
