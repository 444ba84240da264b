// Key practice episodes: defining them (title, dates, agencies, the events and quotes they draw on), appraising
// them from the view in the tunnel, and the tunnel itself (the chronology as it stood at the episode's end).
import { BadInput, NotFound, StaleEdit, type ErrorDetail } from '../errors.js'
import { listEvents, type EventRow } from '../data/chronology-events.js'
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { tunnelPlace } from '../../methodology/chronology/tunnel.js'
import { findEvidence, type EvidenceRef } from '../data/evidence.js'
import {
  deleteEpisode, episodeEventIds, episodeQuoteIds, findEpisode, insertEpisode, listEpisodes, nextEpisodePosition,
  replaceEpisodeEvents, replaceEpisodeQuotes, updateEpisodeIfVersion,
} from '../data/key-practice-episodes.js'
import type { Executor, KeyPracticeEpisode } from '../data/schema.js'
import type { Judgement } from '../data/tables/analysis.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import type { ReviewViewer } from './viewer.js'
import { parseIsoDate } from './form-dates.js'

export type { Judgement }

export const JUDGEMENTS: readonly Judgement[] = ['good', 'adequate', 'problem']

export const JUDGEMENT_INFO: Readonly<Record<Judgement, { label: string; hint: string; colour: string }>> = {
  good: { label: 'Good', hint: 'Practice was better than could reasonably be expected, given what was known and the circumstances.', colour: 'green' },
  adequate: { label: 'Adequate', hint: 'Practice was what could reasonably be expected at the time.', colour: 'blue' },
  problem: { label: 'A problem', hint: 'Practice fell short of what could reasonably be expected at the time. The contributory factors explain why.', colour: 'red' },
}

export const EPISODE_LIMITS = { title: 200, agency: 100, agencies: 20, appraisalText: 10_000, links: 500 } as const

export interface EpisodeDetail {
  episode: KeyPracticeEpisode
  agencies: string[]
  eventIds: string[]
  quoteIds: string[]
}

export function parseAgencies(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : []
  } catch {
    return []
  }
}

/** The episode, or a 404 that names what is missing (not the access refusal's wording). */
export async function requireEpisode(db: Executor, reviewId: string, episodeId: string): Promise<EpisodeDetail> {
  const episode = await findEpisode(db, reviewId, episodeId)
  if (!episode) throw new NotFound('There is no such key practice episode in this review. It may have been deleted.')
  const [events, quotes] = await Promise.all([episodeEventIds(db, [episode.id]), episodeQuoteIds(db, [episode.id])])
  return { episode, agencies: parseAgencies(episode.agencies), eventIds: events.get(episode.id) ?? [], quoteIds: quotes.get(episode.id) ?? [] }
}

export interface EpisodeSummary extends EpisodeDetail {
  factorCount: number
}

/** Every episode of the review, in time order, with its links. */
export async function listEpisodeDetails(db: Executor, reviewId: string): Promise<EpisodeDetail[]> {
  const episodes = await listEpisodes(db, reviewId)
  const ids = episodes.map((e) => e.id)
  const [events, quotes] = await Promise.all([episodeEventIds(db, ids), episodeQuoteIds(db, ids)])
  return episodes.map((episode) => ({
    episode, agencies: parseAgencies(episode.agencies), eventIds: events.get(episode.id) ?? [], quoteIds: quotes.get(episode.id) ?? [],
  }))
}

// Defining an episode ------------------------------------------------------------------------------------

export interface EpisodeInput {
  title: string
  /** YYYY-MM-DD */
  dateStart: string
  /** YYYY-MM-DD, or '' for an episode on a single day. */
  dateEnd: string
  agencies: string[]
}

function readEpisodeInput(input: EpisodeInput) {
  const details: ErrorDetail[] = []
  const title = input.title.trim()
  if (!title) details.push({ path: 'title', message: 'Enter a title for the episode' })
  else if (title.length > EPISODE_LIMITS.title) details.push({ path: 'title', message: `The title must be ${EPISODE_LIMITS.title} characters or fewer` })
  const dateStart = parseIsoDate(input.dateStart, 'dateStart', 'The date the episode started', details)
  const dateEnd = input.dateEnd.trim() ? parseIsoDate(input.dateEnd, 'dateEnd', 'The date the episode ended', details) : dateStart
  if (dateStart && dateEnd && dateEnd < dateStart) details.push({ path: 'dateEnd', message: 'The end of the episode must be on or after its start' })
  const agencies: string[] = []
  const seen = new Set<string>()
  for (const raw of input.agencies) {
    const agency = raw.trim().replace(/\s+/g, ' ')
    if (!agency || seen.has(agencyKeyOf(agency))) continue
    seen.add(agencyKeyOf(agency))
    if (agency.length > EPISODE_LIMITS.agency) details.push({ path: 'agencies', message: `Each agency's name must be ${EPISODE_LIMITS.agency} characters or fewer` })
    agencies.push(agency)
  }
  if (agencies.length === 0) details.push({ path: 'agencies', message: 'Choose or enter at least one agency involved in the episode' })
  if (agencies.length > EPISODE_LIMITS.agencies) details.push({ path: 'agencies', message: `An episode can name up to ${EPISODE_LIMITS.agencies} agencies` })
  if (details.length) throw new BadInput('There is a problem with the episode', details)
  return { title, dateStart: dateStart as string, dateEnd: dateEnd as string, agencies }
}

/** Checks that every cited event and quote is in this review; names the first few missing ones. */
async function checkLinks(db: Executor, reviewId: string, eventIds: readonly string[], quoteIds: readonly string[]): Promise<void> {
  const details: ErrorDetail[] = []
  if (eventIds.length > EPISODE_LIMITS.links) details.push({ path: 'eventIds', message: `An episode can link up to ${EPISODE_LIMITS.links} events` })
  if (quoteIds.length > EPISODE_LIMITS.links) details.push({ path: 'quoteIds', message: `An episode can link up to ${EPISODE_LIMITS.links} quotes` })
  if (details.length === 0) {
    const refs: EvidenceRef[] = [...eventIds.map((id) => ({ type: 'event' as const, id })), ...quoteIds.map((id) => ({ type: 'quote' as const, id }))]
    const { missing } = await findEvidence(db, reviewId, refs)
    for (const ref of missing.slice(0, 10)) {
      details.push({ path: ref.type === 'event' ? 'eventIds' : 'quoteIds', message: `There is no ${ref.type === 'event' ? 'chronology event' : 'quote'} with id ${ref.id} in this review` })
    }
  }
  if (details.length) throw new BadInput('Some of the evidence could not be found', details)
}

export async function createEpisode(ctx: ServiceContext, actor: Actor, reviewId: string, input: EpisodeInput, links: { eventIds?: string[]; quoteIds?: string[] } = {}): Promise<string> {
  const fields = readEpisodeInput(input)
  const eventIds = [...new Set(links.eventIds ?? [])]
  const quoteIds = [...new Set(links.quoteIds ?? [])]
  await checkLinks(ctx.db, reviewId, eventIds, quoteIds)
  const id = ctx.newId()
  const at = nowIso(ctx)
  await ctx.db.transaction().execute(async (trx) => {
    await insertEpisode(trx, {
      id, review_id: reviewId, position: await nextEpisodePosition(trx, reviewId), title: fields.title, date_start: fields.dateStart, date_end: fields.dateEnd,
      agencies: JSON.stringify(fields.agencies), known_at_time: null, expected_practice: null, what_happened: null, judgement: null, good_practice: null,
      appraised_by: null, appraised_at: null, created_by: actor.userId, created_at: at, updated_at: at, version: 1,
    })
    if (eventIds.length) await replaceEpisodeEvents(trx, id, eventIds)
    if (quoteIds.length) await replaceEpisodeQuotes(trx, id, quoteIds)
    await recordAudit(trx, ctx.clock, actor, { action: 'analysis.episode.create', reviewId, objectType: 'key-practice-episode', objectId: id, details: { events: eventIds.length, quotes: quoteIds.length } })
  })
  return id
}

function staleEpisode(): StaleEdit {
  return new StaleEdit('Someone else changed this key practice episode while you were editing it.')
}

export async function updateEpisode(ctx: ServiceContext, actor: Actor, reviewId: string, episodeId: string, version: number, input: EpisodeInput): Promise<void> {
  const fields = readEpisodeInput(input)
  await ctx.db.transaction().execute(async (trx) => {
    await requireEpisode(trx, reviewId, episodeId)
    const changed = await updateEpisodeIfVersion(trx, reviewId, episodeId, version, {
      title: fields.title, date_start: fields.dateStart, date_end: fields.dateEnd, agencies: JSON.stringify(fields.agencies), updated_at: nowIso(ctx),
    })
    if (changed === 0) throw staleEpisode()
    await recordAudit(trx, ctx.clock, actor, { action: 'analysis.episode.update', reviewId, objectType: 'key-practice-episode', objectId: episodeId })
  })
}

/**
 * Replaces the events and quotes the episode draws on. `shown` lists what the picker offered: links outside
 * it are kept, so a picker filtered to a few weeks never drops links it did not show.
 */
export async function setEpisodeEvidence(
  ctx: ServiceContext, actor: Actor, reviewId: string, episodeId: string, version: number,
  chosen: { eventIds: string[]; quoteIds: string[] }, shown?: { eventIds: string[]; quoteIds: string[] },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const current = await requireEpisode(trx, reviewId, episodeId)
    const keep = (now: string[], offered: string[] | undefined, picked: string[]) => {
      const offeredSet = offered ? new Set(offered) : null
      return [...new Set([...now.filter((id) => offeredSet !== null && !offeredSet.has(id)), ...picked])]
    }
    const eventIds = keep(current.eventIds, shown?.eventIds, chosen.eventIds)
    const quoteIds = keep(current.quoteIds, shown?.quoteIds, chosen.quoteIds)
    await checkLinks(trx, reviewId, eventIds, quoteIds)
    if ((await updateEpisodeIfVersion(trx, reviewId, episodeId, version, { updated_at: nowIso(ctx) })) === 0) throw staleEpisode()
    await replaceEpisodeEvents(trx, episodeId, eventIds)
    await replaceEpisodeQuotes(trx, episodeId, quoteIds)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'analysis.episode.evidence', reviewId, objectType: 'key-practice-episode', objectId: episodeId,
      details: { events: eventIds.length, quotes: quoteIds.length },
    })
  })
}

export async function removeEpisode(ctx: ServiceContext, actor: Actor, reviewId: string, episodeId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deleteEpisode(trx, reviewId, episodeId)) === 0) throw new NotFound('There is no such key practice episode in this review. It may have been deleted.')
    await recordAudit(trx, ctx.clock, actor, { action: 'analysis.episode.delete', reviewId, objectType: 'key-practice-episode', objectId: episodeId })
  })
}

// Appraisal ----------------------------------------------------------------------------------------------

export interface AppraisalInput {
  knownAtTime: string
  expectedPractice: string
  whatHappened: string
  /** 'good', 'adequate', 'problem', or '' while the appraisal is a draft. */
  judgement: string
  goodPractice: string
}

function appraisalText(value: string, path: string, label: string, details: ErrorDetail[]): string | null {
  const text = value.trim()
  if (text.length > EPISODE_LIMITS.appraisalText) details.push({ path, message: `${label} must be ${EPISODE_LIMITS.appraisalText.toLocaleString('en-GB')} characters or fewer` })
  return text || null
}

/**
 * Records the appraisal. A judgement needs its reasoning: what was known at the time, what practice was
 * expected and what happened. Without a judgement the appraisal is saved as a draft.
 */
export async function appraiseEpisode(ctx: ServiceContext, actor: Actor, reviewId: string, episodeId: string, version: number, input: AppraisalInput): Promise<void> {
  const details: ErrorDetail[] = []
  const knownAtTime = appraisalText(input.knownAtTime, 'knownAtTime', 'What was known at the time', details)
  const expectedPractice = appraisalText(input.expectedPractice, 'expectedPractice', 'The practice expected', details)
  const whatHappened = appraisalText(input.whatHappened, 'whatHappened', 'What happened', details)
  const goodPractice = appraisalText(input.goodPractice, 'goodPractice', 'What went well', details)
  const raw = input.judgement.trim()
  let judgement: Judgement | null = null
  if (raw) {
    if ((JUDGEMENTS as readonly string[]).includes(raw)) judgement = raw as Judgement
    else details.push({ path: 'judgement', message: 'Choose good, adequate or a problem' })
  }
  if (judgement) {
    if (!knownAtTime) details.push({ path: 'knownAtTime', message: 'Say what was known at the time before giving a judgement' })
    if (!expectedPractice) details.push({ path: 'expectedPractice', message: 'Say what practice was expected before giving a judgement' })
    if (!whatHappened) details.push({ path: 'whatHappened', message: 'Say what happened before giving a judgement' })
  }
  if (details.length) throw new BadInput('There is a problem with the appraisal', details)
  const at = nowIso(ctx)
  await ctx.db.transaction().execute(async (trx) => {
    await requireEpisode(trx, reviewId, episodeId)
    const changed = await updateEpisodeIfVersion(trx, reviewId, episodeId, version, {
      known_at_time: knownAtTime, expected_practice: expectedPractice, what_happened: whatHappened, judgement, good_practice: goodPractice,
      appraised_by: actor.userId, appraised_at: at, updated_at: at,
    })
    if (changed === 0) throw staleEpisode()
    await recordAudit(trx, ctx.clock, actor, { action: 'analysis.episode.appraise', reviewId, objectType: 'key-practice-episode', objectId: episodeId, details: { judgement } })
  })
}

// The view in the tunnel ---------------------------------------------------------------------------------

export interface TunnelEvent {
  event: EventRow
  /** Linked to this episode. */
  linked: boolean
  /** The event or its record is dated only to a week, month or year that runs past the episode: it may be later. */
  mayBeLater: boolean
  /** Happened by the episode's end but recorded after it: nobody could read it then. Shown only with hindsight. */
  recordedLater: boolean
  /** Dated after the episode: shown only when hindsight is revealed. */
  later: boolean
}

/** One agency's own records as they stood at the episode's end: what its practitioners could have read. */
export interface AgencyTunnel {
  agencyKey: string
  agency: string
  /** Named among the episode's agencies. */
  inEpisode: boolean
  /** Its records on file (or possibly on file) by the cut-off. */
  onFile: number
  /** Its records of things that happened by the cut-off but were written after it. */
  recordedLater: number
  /** Its records of events after the cut-off. */
  later: number
}

export interface TunnelView {
  /** The last day the tunnel shows: the episode's end. */
  cutOff: string
  /** The merged picture: every agency's records the viewer may see. */
  events: TunnelEvent[]
  /** Records not on file by the cut-off (later events, and earlier ones written down later), hidden unless revealed. */
  laterCount: number
  revealed: boolean
  /** Per agency, in the order agencies first appear; agencies named in the episode with no records are included. */
  agencies: AgencyTunnel[]
  /** The agency chosen for its own tunnel, if any (and if the viewer may see it). */
  chosen: AgencyTunnel | null
  /** The chosen agency's rows, filtered as `events` is. */
  chosenEvents: TunnelEvent[]
}

/**
 * The chronology as it stood at the end of the episode: records on file by its last day. A record counts from
 * when it was made if the import mapped a "date recorded" column, else from when the event happened (an event or
 * record dated only to a month that overlaps the cut-off is shown, marked as possibly later). With `reveal`, the
 * rest are included and marked; the caller audits the reveal (revealHindsight) before asking. `agencyKey` picks
 * one agency's own records to set beside the merged picture; the case group's agency scope applies to both.
 */
export async function tunnelChronology(
  db: Executor, viewer: Pick<ReviewViewer, 'agencyScope'>, detail: EpisodeDetail, reveal: boolean, agencyKey: string | null = null,
): Promise<TunnelView> {
  const reviewId = detail.episode.review_id
  const cutOff = detail.episode.date_end
  const only = viewer.agencyScope ?? undefined
  const rows = await listEvents(db, { reviewId, ...(only === undefined ? {} : { visibleToAgencyKey: only }) })
  const linked = new Set(detail.eventIds)
  const all = rows.map((event) => {
    const place = tunnelPlace({ dateStart: event.date_start, dateEnd: event.date_end, recordedAt: event.recorded_at }, cutOff)
    return { event, linked: linked.has(event.id), mayBeLater: place === 'maybe-later', recordedLater: place === 'recorded-later', later: place === 'later' }
  })
  const shown = (t: TunnelEvent) => reveal || !(t.later || t.recordedLater)
  const events = all.filter(shown)
  const agencies = new Map<string, AgencyTunnel>()
  const named = new Set(detail.agencies.map((a) => agencyKeyOf(a)))
  for (const t of all) {
    const a = agencies.get(t.event.agency_key) ?? { agencyKey: t.event.agency_key, agency: t.event.agency, inEpisode: named.has(t.event.agency_key), onFile: 0, recordedLater: 0, later: 0 }
    if (t.later) a.later++
    else if (t.recordedLater) a.recordedLater++
    else a.onFile++
    agencies.set(a.agencyKey, a)
  }
  for (const name of detail.agencies) {
    const key = agencyKeyOf(name)
    if (key !== '' && !agencies.has(key) && (only === undefined || only === key)) agencies.set(key, { agencyKey: key, agency: name, inEpisode: true, onFile: 0, recordedLater: 0, later: 0 })
  }
  const chosen = agencyKey === null ? null : agencies.get(agencyKeyOf(agencyKey)) ?? null
  return {
    cutOff, events, laterCount: all.filter((t) => t.later || t.recordedLater).length, revealed: reveal,
    agencies: [...agencies.values()], chosen,
    chosenEvents: chosen ? events.filter((t) => t.event.agency_key === chosen.agencyKey) : [],
  }
}

/** Audits that a reviewer chose to see the events after an episode while appraising it. */
export async function revealHindsight(ctx: ServiceContext, actor: Actor, reviewId: string, episodeId: string, laterEvents: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.clock, actor, {
      action: 'analysis.hindsight.reveal', reviewId, objectType: 'key-practice-episode', objectId: episodeId, details: { laterEvents },
    })
  })
}
