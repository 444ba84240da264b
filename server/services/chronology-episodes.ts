// Episodes across agencies: suggestions of one incident recorded by several agencies (for the reviewer to
// link or dismiss), and the links reviewers make. Suggestions are worked out once per state of the
// chronology and kept in memory, so the chronology page stays quick.
import { suggestEpisodes, type EpisodeSuggestion } from '../../methodology/chronology/episodes.js'
import { loadRegister } from './pseudonym-view.js'
import { BadInput, NotFound } from '../errors.js'
import type { Executor } from '../data/schema.js'
import { chronologySignature, findEvent, findEventsByIds, listEpisodeInputs } from '../data/chronology-events.js'
import {
  addEpisodeEvents, deleteHollowEpisodes, episodesOfEvents, insertDismissal, insertEpisode, listDismissedKeys, listEpisodeLinks,
  moveEpisodeEvents, removeEpisodeEvent,
} from '../data/chronology-episodes.js'
import { recordAudit } from './audit.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { cachedView } from './view-cache.js'
import type { ReviewViewer } from './viewer.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'

const MAX_LINKED = 50

interface CachedSuggestions {
  signature: string
  suggestions: Promise<EpisodeSuggestion[]>
}

const cache = new WeakMap<object, Map<string, CachedSuggestions>>()

async function allSuggestions(db: Executor, reviewId: string): Promise<EpisodeSuggestion[]> {
  let perReview = cache.get(db)
  if (!perReview) {
    perReview = new Map()
    cache.set(db, perReview)
  }
  // People's names are not evidence of one episode: two records that share only a practitioner's or a
  // family member's name must not be linked, so the register's names are ignored as terms.
  const names = [...new Set((await loadRegister(db, reviewId)).flatMap((p) => p.realName.split(/\s+/)).filter((w) => w.length > 1))].sort()
  const signature = `${await chronologySignature(db, reviewId)}|${names.join(' ')}`
  const known = perReview.get(reviewId)
  if (known && known.signature === signature) return known.suggestions
  // The promise is cached, so concurrent requests share one computation.
  const suggestions = listEpisodeInputs(db, reviewId).then((events) =>
    suggestEpisodes(
      events.map((e) => ({ id: e.id, agency: e.agency, start: e.date_start, end: e.date_end, category: e.category, summary: e.summary ?? '' })),
      { ignoreWords: names },
    ),
  )
  perReview.set(reviewId, { signature, suggestions })
  suggestions.catch(() => perReview.delete(reviewId))
  return suggestions
}

/** Suggestions still open: not dismissed, and not already linked as one episode. */
export async function openSuggestions(ctx: ServiceContext, viewer: ReviewViewer): Promise<EpisodeSuggestion[]> {
  return cachedView(ctx.db, viewer, 'open-suggestions', () => workOutOpenSuggestions(ctx.db, viewer.reviewId))
}

async function workOutOpenSuggestions(db: Executor, reviewId: string): Promise<EpisodeSuggestion[]> {
  const [all, dismissed, links] = await Promise.all([allSuggestions(db, reviewId), listDismissedKeys(db, reviewId), listEpisodeLinks(db, reviewId)])
  if (all.length === 0) return []
  const dismissedKeys = new Set(dismissed)
  const episodeOf = new Map<string, string>()
  for (const [episodeId, eventIds] of links) for (const id of eventIds) episodeOf.set(id, episodeId)
  return all.filter((s) => {
    if (dismissedKeys.has(s.key)) return false
    const first = episodeOf.get(s.eventIds[0] ?? '')
    return !(first !== undefined && s.eventIds.every((id) => episodeOf.get(id) === first))
  })
}

/** Ids of the events in open suggestions (the "in a suggested episode" filter and tag). */
export async function suggestedEventIds(ctx: ServiceContext, viewer: ReviewViewer): Promise<Set<string>> {
  return cachedView(ctx.db, viewer, 'suggested-event-ids', async () => new Set((await openSuggestions(ctx, viewer)).flatMap((s) => s.eventIds)))
}

/**
 * Links events as one episode. Events already in an episode bring it along: the episodes merge. Returns the
 * episode's id.
 */
export async function linkEvents(ctx: ServiceContext, actor: Actor, reviewId: string, eventIds: readonly string[], suggestionKey: string | null = null): Promise<string> {
  const ids = [...new Set(eventIds.filter((id) => id.trim() !== ''))]
  if (ids.length < 2) throw new BadInput('Choose at least two events to link', [{ path: 'eventIds', message: 'Select two or more events that record the same incident' }])
  if (ids.length > MAX_LINKED) throw new BadInput('Too many events', [{ path: 'eventIds', message: `Link up to ${MAX_LINKED} events at a time` }])
  const episodeId = await ctx.db.transaction().execute(async (trx) => {
    const found = await findEventsByIds(trx, reviewId, ids)
    if (found.length !== ids.length) throw new NotFound('Some of those events are not in this review')
    const existing = await episodesOfEvents(trx, reviewId, ids)
    const episodeIds = [...new Set(existing.map((m) => m.episode_id))].sort()
    let target = episodeIds[0]
    if (target === undefined) {
      target = ctx.newId()
      await insertEpisode(trx, { id: target, review_id: reviewId, suggestion_key: suggestionKey, created_by: actor.userId, created_at: nowIso(ctx) })
    }
    await moveEpisodeEvents(trx, episodeIds.slice(1), target)
    const already = new Set(existing.map((m) => m.event_id))
    await addEpisodeEvents(trx, reviewId, target, ids.filter((id) => !already.has(id)))
    await deleteHollowEpisodes(trx, reviewId)
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.episode.link', reviewId, objectType: 'chronology-episode', objectId: target,
      details: { events: ids.length, merged: Math.max(0, episodeIds.length - 1), suggestion: suggestionKey },
    })
    return target
  })
  return episodeId
}

/** Takes one event out of its episode (an episode left with one event is removed). */
export async function unlinkEvent(ctx: ServiceContext, actor: Actor, reviewId: string, eventId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const event = await findEvent(trx, reviewId, eventId)
    if (!event) throw new NotFound('There is no such event in this review')
    if (!event.episode_id) throw new BadInput('This event is not linked to others', [])
    await removeEpisodeEvent(trx, reviewId, eventId)
    await deleteHollowEpisodes(trx, reviewId)
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'chronology.episode.unlink', reviewId, objectType: 'chronology-event', objectId: eventId, details: { episode: event.episode_id } })
  })
}

/** The reviewer judged a suggestion not to be one incident: it is not offered again. */
export async function dismissSuggestion(ctx: ServiceContext, actor: Actor, reviewId: string, key: string): Promise<void> {
  const known = (await allSuggestions(ctx.db, reviewId)).some((s) => s.key === key)
  if (!known) throw new NotFound('There is no such suggestion. The chronology may have changed since the page was loaded.')
  await ctx.db.transaction().execute(async (trx) => {
    await insertDismissal(trx, { review_id: reviewId, suggestion_key: key, dismissed_by: actor.userId, dismissed_at: nowIso(ctx) })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'chronology.suggestion.dismiss', reviewId, objectType: 'chronology-suggestion', objectId: key })
  })
}

/** Links a suggestion's events as it stands. */
export async function acceptSuggestion(ctx: ServiceContext, actor: Actor, reviewId: string, key: string): Promise<string> {
  const suggestion = (await allSuggestions(ctx.db, reviewId)).find((s) => s.key === key)
  if (!suggestion) throw new NotFound('There is no such suggestion. The chronology may have changed since the page was loaded.')
  return linkEvents(ctx, actor, reviewId, suggestion.eventIds, key)
}
