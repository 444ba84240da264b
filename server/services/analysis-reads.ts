// What the analysis pages (episodes, factors, the why-map) read, bound to the viewer: the capability check is made
// once, every read is of the viewer's own review, the episode tunnel applies the viewer's agency scope, every
// piece of case text (evidence labels and excerpts, event texts, the tunnel) comes in the viewer's name form, and
// every read of case content is audited (one row per request for each kind of content, however many calls a page
// makes). Routes show what they are given: no page decides names itself.
import { chronologyFacets, findEventsByIds, listEvents, type EventFilter, type EventRow } from '../data/chronology-events.js'
import { findEvidence, listDocumentEvidence, listEventEvidence, listQuoteEvidence, type EvidenceItem, type EvidenceRef } from '../data/evidence.js'
import { NotPermitted } from '../errors.js'
import type { AuditEntry } from './audit.js'
import { loadMap, mapHistory } from './causal-map.js'
import { requireCapability } from './capability.js'
import { eventsAsShown } from './chronology-names.js'
import type { ServiceContext } from './context.js'
import { labelEvidence, listFactorDetails, requireFactor, type FactorDetail } from './contributory-factors.js'
import { listEpisodeDetails, requireEpisode, revealHindsight, tunnelChronology, type EpisodeDetail, type TunnelView } from './key-practice-episodes.js'
import { namesFor, type ShownNames } from './pseudonym-view.js'
import { auditReadOnce } from './read-audit.js'
import { reviewOf } from './reviews.js'
import type { ReviewViewer } from './viewer.js'

/** Everything an evidence picker can offer, each item's label and excerpt in the viewer's name form. */
export interface EvidenceChoices {
  events: EvidenceItem[]
  quotes: EvidenceItem[]
  documents: EvidenceItem[]
}

/** The words of a piece of evidence that can carry a name: its label and excerpt, and a quote's text and speaker. */
const EVIDENCE_TEXTS = ['label', 'excerpt', 'text', 'practitioner'] as const
/** The words reviewers wrote about an episode (its title and appraisal) and a factor. */
const EPISODE_TEXTS = ['title', 'known_at_time', 'expected_practice', 'what_happened', 'good_practice'] as const

const textOf = (item: object, key: string): string | null => {
  const value = (item as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : null
}

export function analysisReads(ctx: ServiceContext, viewer: ReviewViewer) {
  requireCapability(viewer, 'analysis.view')
  const { db } = ctx
  const id = viewer.reviewId
  let namesRead: Promise<ShownNames> | null = null
  const names = () => (namesRead ??= namesFor(ctx, viewer))
  // The viewer's name rule, applied here once for every kind of evidence a page is given.
  const shownItems = async <T extends Pick<EvidenceItem, 'label' | 'excerpt'>>(read: Promise<T[]>): Promise<T[]> => {
    const [items, shown] = await Promise.all([read, names()])
    const texts = shown.showMany(items.flatMap((i) => EVIDENCE_TEXTS.map((k) => textOf(i, k))))
    let at = 0
    return items.map((item) => {
      const copy: Record<string, unknown> = { ...item }
      for (const k of EVIDENCE_TEXTS) {
        const text = texts[at++] ?? ''
        if (typeof copy[k] === 'string') copy[k] = text
      }
      return copy as T
    })
  }
  const shownEvents = async (read: Promise<EventRow[]>): Promise<EventRow[]> => {
    const [rows, shown] = await Promise.all([read, names()])
    return eventsAsShown(rows.map((e) => ({ ...e, annotation: null })), (t) => shown.showMany(t))
  }
  const shownTunnel = async (read: Promise<TunnelView>): Promise<TunnelView> => {
    const tunnel = await read
    const events = await shownEvents(Promise.resolve(tunnel.events.map((t) => t.event)))
    const byId = new Map(events.map((e) => [e.id, e]))
    const shown = <T extends { event: EventRow }>(t: T): T => ({ ...t, event: byId.get(t.event.id) ?? t.event })
    return { ...tunnel, events: tunnel.events.map(shown), chosenEvents: tunnel.chosenEvents.map(shown) }
  }
  // Episodes and factors as the viewer may see them; their edit forms read them as stored (episodeToEdit, factorToEdit).
  const shownEpisodes = async (read: Promise<EpisodeDetail[]>): Promise<EpisodeDetail[]> => {
    const [details, shown] = await Promise.all([read, names()])
    if (shown.display === 'real') return details
    const texts = shown.showMany(details.flatMap((d) => EPISODE_TEXTS.map((k) => d.episode[k])))
    let at = 0
    return details.map((d) => {
      const episode = { ...d.episode }
      for (const k of EPISODE_TEXTS) {
        const text = texts[at++] ?? ''
        if (episode[k] !== null) episode[k] = text
      }
      return { ...d, episode }
    })
  }
  const shownFactors = async (read: Promise<FactorDetail[]>): Promise<FactorDetail[]> => {
    const [details, shown] = await Promise.all([read, names()])
    if (shown.display === 'real') return details
    const texts = shown.showMany(details.map((d) => d.factor.text))
    return details.map((d, k) => ({ ...d, factor: { ...d.factor, text: texts[k] ?? '' } }))
  }
  const labelled = async (refs: readonly EvidenceRef[]) => {
    const [rows, shown] = await Promise.all([labelEvidence(db, id, refs), names()])
    const [items, labels] = await Promise.all([shownItems(Promise.resolve(rows.flatMap((r) => (r.item ? [r.item] : [])))), Promise.resolve(shown.showMany(rows.map((r) => r.label)))])
    const itemOf = new Map(items.map((i) => [`${i.type}:${i.id}`, i]))
    return rows.map((r, k) => ({ ...r, label: labels[k] ?? '', item: r.item ? itemOf.get(`${r.type}:${r.id}`) ?? null : null }))
  }
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
    episodes: () => audited({ action: 'analysis.episodes.view', objectType: 'key-practice-episodes' }, shownEpisodes(listEpisodeDetails(db, id))),
    episode: (episodeId: string) => audited({ action: 'analysis.episode.view', objectType: 'key-practice-episode', objectId: episodeId }, shownEpisodes(requireEpisode(db, id, episodeId).then((d) => [d])).then(([d]) => d!)),
    factors: (episodeId?: string) => audited({ action: 'analysis.factors.view', objectType: 'contributory-factors', objectId: episodeId ?? id }, shownFactors(listFactorDetails(db, id, episodeId))),
    factor: (factorId: string) => audited({ action: 'analysis.factor.view', objectType: 'contributory-factor', objectId: factorId }, shownFactors(requireFactor(db, id, factorId).then((d) => [d])).then(([d]) => d!)),
    /** One episode as stored, for its edit form (analysis.edit): the words saved back are never pseudonyms. */
    episodeToEdit: (episodeId: string) => {
      requireCapability(viewer, 'analysis.edit')
      return audited({ action: 'analysis.episode.view', objectType: 'key-practice-episode', objectId: episodeId }, requireEpisode(db, id, episodeId))
    },
    /** One factor as stored, for its edit form (analysis.edit). */
    factorToEdit: (factorId: string) => {
      requireCapability(viewer, 'analysis.edit')
      return audited({ action: 'analysis.factor.view', objectType: 'contributory-factor', objectId: factorId }, requireFactor(db, id, factorId))
    },
    labelEvidence: (refs: readonly EvidenceRef[]) => evidence(labelled(refs)),
    findEvidence: (refs: readonly EvidenceRef[]) => evidence(findEvidence(db, id, refs).then(async (r) => ({ ...r, found: await shownItems(Promise.resolve(r.found)) }))),
    eventEvidence: () => evidence(shownItems(listEventEvidence(db, id))),
    quoteEvidence: () => evidence(shownItems(listQuoteEvidence(db, id))),
    documentEvidence: () => evidence(shownItems(listDocumentEvidence(db, id))),
    /** Everything a picker can offer (events, quotes, documents). */
    evidenceChoices: async (): Promise<EvidenceChoices> => {
      const [events, quotes, documents] = await Promise.all([shownItems(listEventEvidence(db, id)), shownItems(listQuoteEvidence(db, id)), shownItems(listDocumentEvidence(db, id))])
      return evidence(Promise.resolve({ events, quotes, documents }))
    },
    /** The agencies recorded, for the episode form's agency choices (the categories are not used here). */
    chronologyAgencies: async () => (await chronologyFacets(db, id, viewer.agencyScope ?? undefined)).agencies,
    events: (filter: Omit<EventFilter, 'reviewId'>) => evidence(shownEvents(listEvents(db, { ...filter, reviewId: id }))),
    eventsByIds: (eventIds: readonly string[]) => evidence(shownEvents(findEventsByIds(db, id, eventIds))),
    map: () => audited({ action: 'analysis.map.view', objectType: 'causal-map' }, loadMap(db, id)),
    mapHistory: (page: number, pageSize?: number) => audited({ action: 'analysis.map.history.view', objectType: 'causal-map' }, mapHistory(db, id, page, pageSize)),
    tunnel: (detail: EpisodeDetail, reveal: boolean, agencyKey: string | null = null) => evidence(shownTunnel(tunnelChronology(db, viewer, detail, reveal, agencyKey))),
    /**
     * An episode and its tunnel, as the episode page and the API show it: later records hidden unless `reveal`
     * (which needs hindsight.reveal and is audited as such), one agency's own records beside the merged picture
     * when `agencyKey` names one. The episode and the records read are audited.
     */
    episodeTunnel: async (episodeId: string, opts: { reveal: boolean; agencyKey: string | null }): Promise<{ detail: EpisodeDetail; tunnel: TunnelView }> => {
      if (opts.reveal && !viewer.can('hindsight.reveal')) throw new NotPermitted('You cannot see events after the episode while appraising it')
      const detail = await audited({ action: 'analysis.episode.view', objectType: 'key-practice-episode', objectId: episodeId }, shownEpisodes(requireEpisode(db, id, episodeId).then((d) => [d])).then(([d]) => d!))
      const tunnel = await evidence(shownTunnel(tunnelChronology(db, viewer, detail, opts.reveal, opts.agencyKey)))
      if (opts.reveal) await revealHindsight(ctx, viewer.actor, id, episodeId, tunnel.laterCount)
      return { detail, tunnel }
    },
  }
}

export type AnalysisReads = ReturnType<typeof analysisReads>
