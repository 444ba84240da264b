// The integrated multi-agency chronology: one timeline of every agency's events, filtered and searched,
// with reviewers' annotations and significance. Each viewer sees only what their role allows.
import { isIsoDate } from '../../methodology/calendar/iso-date.js'
import { dateValue, parseIsoDate } from './form-dates.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import { agencyKeyOf } from '../../methodology/agency-key.js'
import type { EpisodeSuggestion } from '../../methodology/chronology/episodes.js'
import {
  chronologyFacets, countEvents, findEvent, findEventsByIds, listEvents, listEventTexts, setSignificant, updateEvent,
  type ChronologyFacets, type EventFilter, type EventRow, type StoredFlag,
} from '../data/chronology-events.js'
import { categoriesChosen, groupCategories, type CategoryGroup } from '../../methodology/chronology/category-groups.js'
import { episodeEventIds } from '../data/chronology-episodes.js'
import { textSearch } from '../data/fts-query.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { recordAudit } from './audit.js'
import { eventsAsShown } from './chronology-names.js'
import { openSuggestions, suggestedEventIds } from './chronology-episodes.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { namesFor, shownFileName } from './pseudonym-view.js'
import { auditRead } from './read-audit.js'
import { indexField, matchesAll, searchTerms, type IndexedField } from './shown-text-search.js'
import { cachedView } from './view-cache.js'
import { seesAgency, type ReviewViewer } from './viewer.js'

export const FLAG_FILTERS = ['exact-duplicate', 'outside-period', 'reduced-precision', 'significant', 'suggested-episode', 'linked'] as const
export type FlagFilter = (typeof FLAG_FILTERS)[number]

const STORED_FLAGS: readonly StoredFlag[] = ['exact-duplicate', 'outside-period', 'reduced-precision']
const ANNOTATION_MAX = 5000

export interface ChronologyQuery {
  /** Agency names (matched ignoring case). */
  agencies: string[]
  from: string | null
  to: string | null
  categories: string[]
  /** Events with any of these flags. */
  flags: FlagFilter[]
  /** Words to search for. */
  q: string
  page: number
}

export const EMPTY_QUERY: ChronologyQuery = { agencies: [], from: null, to: null, categories: [], flags: [], q: '', page: 1 }

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '')
  return typeof value === 'string' && value.trim() !== '' ? [value] : []
}

function one(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first.trim() : ''
}

/** Filters from a query string. Problems (a date that is not a date) are reported and that filter ignored. */
export function readChronologyQuery(raw: Record<string, unknown>): { query: ChronologyQuery; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = []
  const date = (name: 'from' | 'to', label: string): string | null => {
    const v = dateValue(raw, name)
    if (!v) return null
    const iso = parseIsoDate(v, name, label, problems)
    return iso && isIsoDate(iso) ? iso : null
  }
  const from = date('from', 'The start date')
  const to = date('to', 'The end date')
  if (from && to && to < from) problems.push({ path: 'to', message: 'The end date must be the same as or after the start date' })
  const flags = list(raw.flag).filter((f): f is FlagFilter => (FLAG_FILTERS as readonly string[]).includes(f))
  const page = Number.parseInt(one(raw.page), 10)
  return {
    query: {
      agencies: list(raw.agency).slice(0, 50),
      from,
      to: from && to && to < from ? null : to,
      categories: list(raw.category).slice(0, 50),
      flags,
      q: one(raw.q).slice(0, 200),
      page: Number.isFinite(page) && page > 0 ? Math.min(page, 100000) : 1,
    },
    problems,
  }
}

/** Whether any filter is set (the page then says how many events match). */
export function isFiltered(query: ChronologyQuery): boolean {
  return query.agencies.length > 0 || query.from !== null || query.to !== null || query.categories.length > 0 || query.flags.length > 0 || query.q !== ''
}

/** Everything the viewer's view of the chronology depends on besides the filters: part of every cache key. */
function viewKey(viewer: ReviewViewer): string {
  return `${viewer.agencyScope ?? '*'}|${viewer.names}|${seesNotes(viewer) ? 'notes' : ''}`
}

/** Reviewers' notes are for those who may write them (the lead reviewer and review team). */
function seesNotes(viewer: ReviewViewer): boolean {
  return viewer.can('chronology.annotate')
}

/** Which filters were used, for the audit trail (never the words searched). */
function filtersUsed(query: ChronologyQuery): string[] {
  const filters = (['agencies', 'categories', 'flags'] as const).filter((k) => query[k].length > 0) as string[]
  if (query.from || query.to) filters.push('dates')
  if (query.q) filters.push('search')
  return filters
}

const TEXT_COLUMNS = ['summary', 'category', 'author', 'outcome'] as const

/**
 * A search by someone shown pseudonyms runs over the text as they see it (see shown-text-search.ts): the index
 * of their events' shown text is built once per content version.
 */
async function searchShownText(ctx: ServiceContext, viewer: ReviewViewer, q: string): Promise<string[] | null> {
  const terms = searchTerms(q)
  if (terms.length === 0) return null
  const index = await cachedView(ctx.db, viewer, `search-index:${viewKey(viewer)}`, async () => {
    const rows = await listEventTexts(ctx.db, viewer.reviewId, viewer.agencyScope)
    const names = await namesFor(ctx, viewer)
    const columns = seesNotes(viewer) ? [...TEXT_COLUMNS, 'annotation' as const] : TEXT_COLUMNS
    const shown = names.showMany(rows.flatMap((r) => columns.map((c) => r[c])))
    return rows.map((r, i): { id: string; fields: IndexedField[] } => ({ id: r.id, fields: columns.map((_, j) => indexField(shown[i * columns.length + j] ?? null)) }))
  })
  return index.filter((e) => matchesAll(terms, e.fields)).map((e) => e.id)
}

interface ShownFacets {
  /** The agencies, and the categories as this viewer may see them (a name in a category is a pseudonym). */
  facets: ChronologyFacets
  /** For each category as shown, the categories as recorded that it stands for (never sent to the viewer). */
  recorded: Map<string, string[]>
}

/**
 * The filter options among the events the viewer may see. A category is case text like any other ("Visit by
 * Kershaw"): it is shown in the viewer's name form, and categories that read the same once shown are one option.
 */
function facetsOf(ctx: ServiceContext, viewer: ReviewViewer): Promise<ShownFacets> {
  return cachedView(ctx.db, viewer, `facets:${viewer.agencyScope ?? '*'}|${viewer.names}`, async () => {
    const [raw, names] = await Promise.all([chronologyFacets(ctx.db, viewer.reviewId, viewer.agencyScope ?? undefined), namesFor(ctx, viewer)])
    const shown = names.showMany(raw.categories.map((c) => c.category))
    const counts = new Map<string, number>()
    const recorded = new Map<string, string[]>()
    raw.categories.forEach((c, i) => {
      const as = shown[i] ?? ''
      counts.set(as, (counts.get(as) ?? 0) + c.n)
      recorded.set(as, [...(recorded.get(as) ?? []), c.category])
    })
    return { facets: { agencies: raw.agencies, categories: [...counts].map(([category, n]) => ({ category, n })) }, recorded }
  })
}

/**
 * The recorded categories to filter by for the types of event chosen (as the viewer sees them): each choice stands
 * for every way the agencies wrote it. Someone shown pseudonyms can choose only what they were offered, so typing a
 * guessed real category finds nothing rather than confirming it; null when nothing chosen can match.
 */
async function recordedCategories(ctx: ServiceContext, viewer: ReviewViewer, chosen: readonly string[]): Promise<string[] | null> {
  if (chosen.length === 0) return []
  const { facets, recorded } = await facetsOf(ctx, viewer)
  const asShown = categoriesChosen(chosen, groupCategories(facets.categories))
  const out = asShown.flatMap((c) => recorded.get(c) ?? (viewer.names === 'real' ? [c] : []))
  return out.length > 0 ? [...new Set(out)] : null
}

async function filterFor(ctx: ServiceContext, viewer: ReviewViewer, query: ChronologyQuery): Promise<EventFilter> {
  const only = viewer.agencyScope
  const chosenCategories = await recordedCategories(ctx, viewer, query.categories)
  const categories = chosenCategories ?? []
  const filter: EventFilter = {
    reviewId: viewer.reviewId,
    ...(only === null ? {} : { visibleToAgencyKey: only }),
    agencyKeys: query.agencies.map(agencyKeyOf),
    from: query.from,
    to: query.to,
    categories,
    storedFlags: STORED_FLAGS.filter((f) => query.flags.includes(f)),
    significant: query.flags.includes('significant'),
    linked: query.flags.includes('linked'),
  }
  if (viewer.names === 'real') {
    filter.search = textSearch(query.q, seesNotes(viewer) ? {} : { columns: TEXT_COLUMNS })
  } else {
    const ids = await searchShownText(ctx, viewer, query.q)
    if (ids) filter.onlyEventIds = ids
  }
  if (query.flags.includes('suggested-episode')) filter.eventIds = [...(await suggestedEventIds(ctx, viewer))]
  // A type of event chosen that none of the viewer's events has: nothing matches.
  if (chosenCategories === null) filter.onlyEventIds = []
  return filter
}

/** Events as this viewer may see them: their name rule, notes only for reviewers, no file names behind pseudonyms. */
async function shownEvents(ctx: ServiceContext, viewer: ReviewViewer, rows: readonly EventRow[]): Promise<EventRow[]> {
  const names = await namesFor(ctx, viewer)
  const notes = seesNotes(viewer)
  return eventsAsShown(rows.map((e) => ({ ...e, annotation: notes ? e.annotation : null, source_file: shownFileName(viewer, e.source_file, e.agency) })), (t) => names.showMany(t))
}

export interface ChronologyPage {
  events: EventRow[]
  total: number
  page: number
  pages: number
  pageSize: number
  facets: ChronologyFacets
  /** The "type of event" choices: near-duplicate categories grouped. */
  categoryGroups: CategoryGroup[]
  /** Events in an open episode suggestion. */
  suggested: Set<string>
  /** Open episode suggestions (0 for those who cannot link events). */
  openSuggestions: number
}

/**
 * One page of the chronology as the viewer may see it, audited. The same filters, scope and name form give the
 * same object until the review's content changes, so callers may memoise what they render from it.
 */
export async function chronologyTimeline(ctx: ServiceContext, viewer: ReviewViewer, query: ChronologyQuery, pageSize = 100): Promise<ChronologyPage> {
  const result = await cachedView(ctx.db, viewer, `timeline:${viewKey(viewer)}:${pageSize}:${JSON.stringify(query)}`, async () => {
    const filter = await filterFor(ctx, viewer, query)
    const total = await countEvents(ctx.db, filter)
    const pages = Math.max(1, Math.ceil(total / pageSize))
    const page = Math.min(query.page, pages)
    const [rows, facets, suggested, open] = await Promise.all([
      listEvents(ctx.db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
      facetsOf(ctx, viewer).then((f) => f.facets),
      suggestedEventIds(ctx, viewer),
      seesNotes(viewer) ? openSuggestions(ctx, viewer) : Promise.resolve([]),
    ])
    return { events: await shownEvents(ctx, viewer, rows), total, page, pages, pageSize, facets, categoryGroups: groupCategories(facets.categories), suggested, openSuggestions: open.length }
  })
  await auditRead(ctx, viewer, { action: 'chronology.view', objectType: 'chronology', objectId: viewer.reviewId, details: { page: result.page, events: result.events.length, total: result.total, filters: filtersUsed(query) } })
  return result
}

/** Every event the viewer may see that matches, in time order, as they may see it (the API); audited. */
export async function chronologyEvents(ctx: ServiceContext, viewer: ReviewViewer, query: ChronologyQuery = EMPTY_QUERY): Promise<EventRow[]> {
  const events = await shownEvents(ctx, viewer, await listEvents(ctx.db, await filterFor(ctx, viewer, query)))
  await auditRead(ctx, viewer, { action: 'chronology.view', objectType: 'chronology', objectId: viewer.reviewId, details: { events: events.length, total: events.length, filters: filtersUsed(query) } })
  return events
}

/** The events matching, a page at a time as the viewer may see them, so an export never holds the database long. */
export async function* chronologyEventPages(ctx: ServiceContext, viewer: ReviewViewer, query: ChronologyQuery, pageSize = 1000): AsyncGenerator<EventRow[]> {
  const filter = await filterFor(ctx, viewer, query)
  for (let offset = 0; ; offset += pageSize) {
    const rows = await listEvents(ctx.db, filter, { limit: pageSize, offset })
    if (rows.length > 0) yield shownEvents(ctx, viewer, rows)
    if (rows.length < pageSize) return
  }
}

/** Records an export in the audit trail before the file is sent; returns how many events it holds. */
export async function auditChronologyExport(ctx: ServiceContext, viewer: ReviewViewer, format: 'csv' | 'xlsx', query: ChronologyQuery): Promise<number> {
  const events = await countEvents(ctx.db, await filterFor(ctx, viewer, query))
  await auditRead(ctx, viewer, { action: 'chronology.export', objectType: 'chronology', objectId: viewer.reviewId, details: { format, events, filters: filtersUsed(query) } })
  return events
}

async function visibleEvent(ctx: ServiceContext, viewer: ReviewViewer, eventId: string): Promise<EventRow> {
  const event = await findEvent(ctx.db, viewer.reviewId, eventId)
  if (!event || !(seesAgency(viewer, event.agency_key) || event.shared === 1)) throw new NotFound('There is no such event in this review')
  return event
}

export interface EventView {
  /** The raw note, for the note form (reviewers only; null otherwise). */
  note: string | null
  event: EventRow
  /** The other events linked with it as one episode that the viewer may see. */
  linked: EventRow[]
}

/** One event and the events linked with it, as the viewer may see them; audited. */
export async function chronologyEvent(ctx: ServiceContext, viewer: ReviewViewer, eventId: string): Promise<EventView> {
  const event = await visibleEvent(ctx, viewer, eventId)
  const linkedIds = event.episode_id ? (await episodeEventIds(ctx.db, viewer.reviewId, event.episode_id)).filter((id) => id !== eventId) : []
  const linked = (await findEventsByIds(ctx.db, viewer.reviewId, linkedIds)).filter((e) => seesAgency(viewer, e.agency_key) || e.shared === 1)
  const [shown, ...shownLinked] = await shownEvents(ctx, viewer, [event, ...linked])
  await auditRead(ctx, viewer, { action: 'chronology.event.view', objectType: 'chronology-event', objectId: eventId })
  return { note: seesNotes(viewer) ? event.annotation : null, event: shown!, linked: shownLinked.map((e) => ({ ...e, annotation: null })) }
}

export interface SuggestionView extends EpisodeSuggestion {
  events: EventRow[]
}

/** The open cross-agency episode suggestions with their events (reviewers, who see every agency); audited. */
export async function episodeSuggestions(ctx: ServiceContext, viewer: ReviewViewer, limit = 100): Promise<SuggestionView[]> {
  const suggestions = (await openSuggestions(ctx, viewer)).slice(0, limit)
  const rows = await findEventsByIds(ctx.db, viewer.reviewId, suggestions.flatMap((s) => s.eventIds))
  const events = new Map((await shownEvents(ctx, viewer, rows.filter((e) => seesAgency(viewer, e.agency_key) || e.shared === 1))).map((e) => [e.id, e]))
  await auditRead(ctx, viewer, { action: 'chronology.suggestions.view', objectType: 'chronology', objectId: viewer.reviewId, details: { suggestions: suggestions.length } })
  return suggestions.map((s) => ({ ...s, events: s.eventIds.map((id) => events.get(id)).filter((e): e is EventRow => e !== undefined) }))
}

export interface EventChanges {
  annotation: string
  significant: boolean
  /** Shared with the case group of every agency. */
  shared: boolean
}

export async function updateEventNotes(ctx: ServiceContext, actor: Actor, reviewId: string, eventId: string, changes: EventChanges): Promise<void> {
  const annotation = changes.annotation.trim()
  if (annotation.length > ANNOTATION_MAX) {
    throw new BadInput('There is a problem', [{ path: 'annotation', message: `The note must be ${ANNOTATION_MAX.toLocaleString('en-GB')} characters or fewer` }])
  }
  await ctx.db.transaction().execute(async (trx) => {
    const event = await findEvent(trx, reviewId, eventId)
    if (!event) throw new NotFound('There is no such event in this review')
    const noteChanged = (event.annotation ?? '') !== annotation
    await updateEvent(trx, reviewId, eventId, {
      significant: changes.significant ? 1 : 0,
      shared: changes.shared ? 1 : 0,
      ...(noteChanged ? { annotation: annotation || null, annotated_by: actor.userId, annotated_at: nowIso(ctx) } : {}),
    })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.event.update', reviewId, objectType: 'chronology-event', objectId: eventId,
      details: { significant: changes.significant, shared: changes.shared, note: noteChanged ? (annotation ? 'written' : 'removed') : 'unchanged' },
    })
  })
}

export async function markEventsSignificant(ctx: ServiceContext, actor: Actor, reviewId: string, eventIds: readonly string[], significant: boolean): Promise<number> {
  const ids = [...new Set(eventIds)]
  if (ids.length === 0) throw new BadInput('Choose the events', [{ path: 'eventIds', message: 'Select at least one event' }])
  const marked = await ctx.db.transaction().execute(async (trx) => {
    const n = await setSignificant(trx, reviewId, ids, significant)
    if (n !== ids.length) throw new NotFound('Some of those events are not in this review')
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, {
      action: significant ? 'chronology.event.significant' : 'chronology.event.not-significant', reviewId, objectType: 'chronology-event',
      objectId: ids.length === 1 ? ids[0] : null, details: { events: n },
    })
    return n
  })
  return marked
}

