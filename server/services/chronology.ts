// The integrated multi-agency chronology: one timeline of every agency's events, filtered and searched,
// with reviewers' annotations and significance. Each viewer sees only what their role allows.
import { isIsoDate } from '../../methodology/calendar/iso-date.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import {
  chronologyFacets, countEvents, findEvent, listEvents, setSignificant, updateEvent,
  type ChronologyFacets, type EventFilter, type EventRow, type StoredFlag,
} from '../data/chronology-events.js'
import { toFtsQuery } from '../data/fts-query.js'
import { recordAudit } from './audit.js'
import { chronologyChanged, remembered } from './chronology-cache.js'
import { suggestedEventIds } from './chronology-episodes.js'
import { agencyKeyOf, canSeeAgency, onlyAgencyOf, seesNotes, type ChronologyViewer } from './chronology-viewer.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'

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
    const v = one(raw[name])
    if (!v) return null
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !isIsoDate(v)) {
      problems.push({ path: name, message: `${label} must be a real date, such as 2020-03-31` })
      return null
    }
    return v
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

async function filterFor(ctx: ServiceContext, viewer: ChronologyViewer, reviewId: string, query: ChronologyQuery): Promise<EventFilter> {
  const only = onlyAgencyOf(viewer)
  const filter: EventFilter = {
    reviewId,
    ...(only === undefined ? {} : { visibleToAgencyKey: only }),
    agencyKeys: query.agencies.map(agencyKeyOf),
    from: query.from,
    to: query.to,
    categories: query.categories,
    storedFlags: STORED_FLAGS.filter((f) => query.flags.includes(f)),
    significant: query.flags.includes('significant'),
    linked: query.flags.includes('linked'),
    ftsQuery: toFtsQuery(query.q, seesNotes(viewer) ? {} : { columns: ['summary', 'category', 'author', 'outcome'] }),
  }
  if (query.flags.includes('suggested-episode')) filter.eventIds = [...(await suggestedEventIds(ctx.db, reviewId))]
  return filter
}

export interface ChronologyPage {
  events: EventRow[]
  total: number
  page: number
  pages: number
  pageSize: number
  facets: ChronologyFacets
  /** Events in an open episode suggestion. */
  suggested: Set<string>
}

export async function chronologyPage(ctx: ServiceContext, viewer: ChronologyViewer, reviewId: string, query: ChronologyQuery, pageSize = 100): Promise<ChronologyPage> {
  const filter = await filterFor(ctx, viewer, reviewId, query)
  const total = await countEvents(ctx.db, filter)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(query.page, pages)
  const [events, facets, suggested] = await Promise.all([
    listEvents(ctx.db, filter, { limit: pageSize, offset: (page - 1) * pageSize }),
    remembered(ctx.db, reviewId, `facets:${onlyAgencyOf(viewer) ?? '*'}`, () => chronologyFacets(ctx.db, reviewId, onlyAgencyOf(viewer))),
    suggestedEventIds(ctx.db, reviewId),
  ])
  return { events, total, page, pages, pageSize, facets, suggested }
}

/** Every event the viewer may see that matches, in time order (the API). */
export async function chronologyEvents(ctx: ServiceContext, viewer: ChronologyViewer, reviewId: string, query: ChronologyQuery = EMPTY_QUERY): Promise<EventRow[]> {
  return listEvents(ctx.db, await filterFor(ctx, viewer, reviewId, query))
}

/** The events matching, a page at a time, so an export never holds the database for long. */
export async function* chronologyEventPages(ctx: ServiceContext, viewer: ChronologyViewer, reviewId: string, query: ChronologyQuery, pageSize = 1000): AsyncGenerator<EventRow[]> {
  const filter = await filterFor(ctx, viewer, reviewId, query)
  for (let offset = 0; ; offset += pageSize) {
    const rows = await listEvents(ctx.db, filter, { limit: pageSize, offset })
    if (rows.length > 0) yield rows
    if (rows.length < pageSize) return
  }
}

export async function countChronology(ctx: ServiceContext, viewer: ChronologyViewer, reviewId: string, query: ChronologyQuery): Promise<number> {
  return countEvents(ctx.db, await filterFor(ctx, viewer, reviewId, query))
}

/** One event the viewer may see. */
export async function requireEvent(ctx: ServiceContext, viewer: ChronologyViewer, reviewId: string, eventId: string): Promise<EventRow> {
  const event = await findEvent(ctx.db, reviewId, eventId)
  if (!event || !(canSeeAgency(viewer, event.agency_key) || event.shared === 1)) throw new NotFound('There is no such event in this review')
  return event
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
    await recordAudit(trx, ctx.clock, actor, {
      action: 'chronology.event.update', reviewId, objectType: 'chronology-event', objectId: eventId,
      details: { significant: changes.significant, shared: changes.shared, note: noteChanged ? (annotation ? 'written' : 'removed') : 'unchanged' },
    })
  })
  chronologyChanged(ctx.db, reviewId)
}

export async function markEventsSignificant(ctx: ServiceContext, actor: Actor, reviewId: string, eventIds: readonly string[], significant: boolean): Promise<number> {
  const ids = [...new Set(eventIds)]
  if (ids.length === 0) throw new BadInput('Choose the events', [{ path: 'eventIds', message: 'Select at least one event' }])
  const marked = await ctx.db.transaction().execute(async (trx) => {
    const n = await setSignificant(trx, reviewId, ids, significant)
    if (n !== ids.length) throw new NotFound('Some of those events are not in this review')
    await recordAudit(trx, ctx.clock, actor, {
      action: significant ? 'chronology.event.significant' : 'chronology.event.not-significant', reviewId, objectType: 'chronology-event',
      objectId: ids.length === 1 ? ids[0] : null, details: { events: n },
    })
    return n
  })
  chronologyChanged(ctx.db, reviewId)
  return marked
}

/** Records an export in the audit trail before the file is sent (ids, counts and which filters, never their words). */
export async function auditExport(ctx: ServiceContext, actor: Actor, reviewId: string, format: 'csv' | 'xlsx', events: number, query: ChronologyQuery): Promise<void> {
  const filters = (['agencies', 'categories', 'flags'] as const).filter((k) => query[k].length > 0) as string[]
  if (query.from || query.to) filters.push('dates')
  if (query.q) filters.push('search')
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.clock, actor, { action: 'chronology.export', reviewId, objectType: 'chronology', objectId: reviewId, details: { format, events, filters } })
  })
}
