// What the analysis pages (episodes, factors, the why-map) read, bound to the viewer: the capability check is made
// once, every read is of the viewer's own review, the episode tunnel applies the viewer's agency scope, and every
// read of case content is audited (one row per request for each kind of content, however many calls a page makes).
import { chronologyFacets, findEventsByIds, listEvents, type EventFilter } from '../data/chronology-events.js'
import { findEvidence, listDocumentEvidence, listEventEvidence, listQuoteEvidence, type EvidenceRef } from '../data/evidence.js'
import type { AuditEntry } from './audit.js'
import { loadMap, mapHistory } from './causal-map.js'
import { requireCapability } from './capability.js'
import type { ServiceContext } from './context.js'
import { labelEvidence, listFactorDetails, requireFactor } from './contributory-factors.js'
import { listEpisodeDetails, requireEpisode, tunnelChronology, type EpisodeDetail } from './key-practice-episodes.js'
import { auditReadOnce } from './read-audit.js'
import { reviewOf } from './reviews.js'
import type { ReviewViewer } from './viewer.js'

export function analysisReads(ctx: ServiceContext, viewer: ReviewViewer) {
  requireCapability(viewer, 'analysis.view')
  const { db } = ctx
  const id = viewer.reviewId
  /** Runs a read and audits it before its content is returned. */
  const audited = async <T>(entry: Pick<AuditEntry, 'action' | 'objectType'> & { objectId?: string }, read: Promise<T>): Promise<T> => {
    const content = await read
    await auditReadOnce(ctx, viewer, { objectId: id, ...entry })
    return content
  }
  // The chronology events, quotes and documents a page offers or cites as evidence.
  const evidence = <T>(read: Promise<T>) => audited({ action: 'analysis.evidence.view', objectType: 'evidence' }, read)
  return {
    review: () => reviewOf(ctx, viewer),
    episodes: () => audited({ action: 'analysis.episodes.view', objectType: 'key-practice-episodes' }, listEpisodeDetails(db, id)),
    episode: (episodeId: string) => audited({ action: 'analysis.episode.view', objectType: 'key-practice-episode', objectId: episodeId }, requireEpisode(db, id, episodeId)),
    factors: (episodeId?: string) => audited({ action: 'analysis.factors.view', objectType: 'contributory-factors', objectId: episodeId ?? id }, listFactorDetails(db, id, episodeId)),
    factor: (factorId: string) => audited({ action: 'analysis.factor.view', objectType: 'contributory-factor', objectId: factorId }, requireFactor(db, id, factorId)),
    labelEvidence: (refs: readonly EvidenceRef[]) => evidence(labelEvidence(db, id, refs)),
    findEvidence: (refs: readonly EvidenceRef[]) => evidence(findEvidence(db, id, refs)),
    eventEvidence: () => evidence(listEventEvidence(db, id)),
    quoteEvidence: () => evidence(listQuoteEvidence(db, id)),
    documentEvidence: () => evidence(listDocumentEvidence(db, id)),
    /** The agencies and categories recorded (filter options, not case text). */
    chronologyFacets: () => chronologyFacets(db, id),
    events: (filter: Omit<EventFilter, 'reviewId'>) => evidence(listEvents(db, { ...filter, reviewId: id })),
    eventsByIds: (eventIds: readonly string[]) => evidence(findEventsByIds(db, id, eventIds)),
    map: () => audited({ action: 'analysis.map.view', objectType: 'causal-map' }, loadMap(db, id)),
    mapHistory: (page: number, pageSize?: number) => audited({ action: 'analysis.map.history.view', objectType: 'causal-map' }, mapHistory(db, id, page, pageSize)),
    tunnel: (detail: EpisodeDetail, reveal: boolean, agencyKey: string | null = null) => evidence(tunnelChronology(db, viewer, detail, reveal, agencyKey)),
  }
}

export type AnalysisReads = ReturnType<typeof analysisReads>
