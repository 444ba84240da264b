// The integrated chronology in the browser: the filtered timeline, one event with the reviewer's note,
// linking events as one episode, the episode suggestions, and exports.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { EventRow } from '../../data/chronology-events.js'
import { agencyKeyOf } from '../../../methodology/agency-key.js'
import type { ServiceContext } from '../../services/context.js'
import {
  chronologyEvent, chronologyTimeline, episodeSuggestions, isFiltered, markEventsSignificant, readChronologyQuery, updateEventNotes,
  type ChronologyPage, type ChronologyQuery,
} from '../../services/chronology.js'
import { acceptSuggestion, dismissSuggestion, linkEvents, unlinkEvent } from '../../services/chronology-episodes.js'
import { exportChronology, type ExportFormat } from '../../services/chronology-export.js'
import { nameToggleOf } from '../../services/pseudonym-view.js'
import { reviewOf } from '../../services/reviews.js'
import { dateInputValues } from '../../services/form-dates.js'
import { categoryKey, type CategoryGroup } from '../../../methodology/chronology/category-groups.js'
import { FLAG_FILTER_OPTIONS, flagTags, precisionTag, storedDateText, whenText } from '../../views-support/chronology-labels.js'
import { renderChronologyRows } from '../../views-support/chronology-rows.js'
import { htmlBytes } from '../../views-support/html-bytes.js'
import { kept } from '../../views-support/page-key.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'

type ReviewParams = { Params: { reviewId: string }; Querystring: Record<string, unknown> }
type EventParams = { Params: { reviewId: string; eventId: string } }
type SuggestionParams = { Params: { reviewId: string; key: string } }

const PAGE_SIZE = 50

/** The chronology's address with these filters (and page). */
function chronologyHref(reviewId: string, query: ChronologyQuery, page = 1, path = ''): string {
  const params = new URLSearchParams()
  if (query.q) params.set('q', query.q)
  for (const a of query.agencies) params.append('agency', a)
  if (query.from) params.set('from', query.from)
  if (query.to) params.set('to', query.to)
  for (const c of query.categories) params.append('category', c)
  for (const f of query.flags) params.append('flag', f)
  if (page > 1) params.set('page', String(page))
  const search = params.toString()
  return `/reviews/${reviewId}/chronology${path}${search ? `?${search}` : ''}`
}

/** The "type of event" option to show as chosen: the group the chosen category belongs to. */
function categoryChoice(groups: readonly CategoryGroup[], chosen: string | undefined): string {
  if (chosen === undefined) return ''
  const key = categoryKey(chosen)
  return groups.find((g) => g.key === key)?.label ?? chosen
}

/** Page numbers around the current one, with gaps, as GOV.UK pagination shows them. */
function pageItems(reviewId: string, query: ChronologyQuery, page: number, pages: number) {
  const wanted = new Set([1, pages, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pages))
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = []
  let last = 0
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: chronologyHref(reviewId, query, n), current: n === page })
    last = n
  }
  return items
}

/** An event as the pages show it (its text and note already as the viewer may see them). */
export function eventView(e: EventRow, opts: { suggested?: boolean } = {}) {
  const flags = JSON.parse(e.flags) as string[]
  const when = whenText({ date: e.date_start, time: e.time, precision: e.precision })
  return {
    id: e.id,
    reviewId: e.review_id,
    when,
    precisionTag: precisionTag(e.precision),
    agency: e.agency,
    category: e.category,
    author: e.author,
    summary: e.summary,
    outcome: e.outcome,
    recorded: e.recorded_at ? storedDateText(e.recorded_at) : null,
    source: `${e.source_file}, row ${e.source_row}`,
    sourceFile: e.source_file,
    sourceRow: e.source_row,
    importId: e.import_id,
    tags: flagTags(flags, { significant: e.significant === 1, suggested: opts.suggested === true, linked: e.episode_id !== null }),
    significant: e.significant === 1,
    shared: e.shared === 1,
    annotation: e.annotation,
    episodeId: e.episode_id,
    selectLabel: `Select the ${e.agency} event of ${when}, row ${e.source_row}`,
  }
}

/** What the page shows for one timeline: rendered once per cached timeline (the service keeps it per content version). */
const rendered = new WeakMap<ChronologyPage, ReturnType<typeof timelineView>>()

function timelineView(reviewId: string, result: ChronologyPage, canAnnotate: boolean, query: ChronologyQuery) {
  const chosenAgencyKeys = new Set(query.agencies.map(agencyKeyOf))
  const events = result.events.map((e) => eventView(e, { suggested: result.suggested.has(e.id) }))
  const exportBase = chronologyHref(reviewId, { ...query, page: 1 }, 1, '/export')
  const join = isFiltered(query) ? '&' : '?'
  return {
    total: result.total,
    showing: {
      from: result.total === 0 ? 0 : ((result.page - 1) * result.pageSize + 1).toLocaleString('en-GB'),
      to: Math.min(result.page * result.pageSize, result.total).toLocaleString('en-GB'),
      totalText: `${result.total.toLocaleString('en-GB')} ${result.total === 1 ? 'event' : 'events'}`,
    },
    agencyOptions: result.facets.agencies.map((a) => ({ value: a.agency, text: `${a.agency} (${a.n.toLocaleString('en-GB')})` })),
    agencyValues: result.facets.agencies.filter((a) => chosenAgencyKeys.has(a.agency_key)).map((a) => a.agency),
    categoryOptions: result.categoryGroups.map((g) => ({
      value: g.label,
      text: `${g.label} (${g.events.toLocaleString('en-GB')}${g.categories.length > 1 ? `, written ${g.categories.length} ways` : ''})`,
    })),
    hasEvents: events.length > 0,
    rowsHtml: htmlBytes(renderChronologyRows({ events, canAnnotate })),
    suggestions: result.openSuggestions,
    pagination: {
      previous: result.page > 1 ? chronologyHref(reviewId, query, result.page - 1) : null,
      next: result.page < result.pages ? chronologyHref(reviewId, query, result.page + 1) : null,
      items: result.pages > 1 ? pageItems(reviewId, query, result.page, result.pages) : [],
    },
    returnTo: chronologyHref(reviewId, query, result.page),
    exportCsv: `${exportBase}${join}format=csv`,
    exportXlsx: `${exportBase}${join}format=xlsx`,
  }
}

const chronologyPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const timeline = async (request: FastifyRequest<{ Params: { reviewId: string } }>, reply: FastifyReply, rawQuery: Record<string, unknown>, errors: FormErrors = NO_ERRORS) => {
    const viewer = request.inReview()
    const { query, problems } = readChronologyQuery(rawQuery)
    const canAnnotate = viewer.can('chronology.annotate')
    const [review, result] = await Promise.all([reviewOf(ctx, viewer), chronologyTimeline(ctx, viewer, query, PAGE_SIZE)])
    let view = rendered.get(result)
    if (!view) {
      // Kept unchanged for as long as the cached timeline lives, so the page cache need not write it out each time.
      view = kept(timelineView(viewer.reviewId, result, canAnnotate, query))
      rendered.set(result, view)
    }
    const allErrors: FormErrors = problems.length
      ? { summary: [...errors.summary, ...problems.map((p) => ({ text: p.message, href: `#${p.path}` }))], fields: { ...errors.fields, ...Object.fromEntries(problems.map((p) => [p.path, p.message])) } }
      : errors
    reply.header('cache-control', 'no-store')
    return reply.page('pages/chronology/chronology', {
      pageTitle: 'Integrated chronology',
      wide: true,
      review,
      errors: allErrors,
      query,
      filtered: isFiltered(query),
      categoryValue: categoryChoice(result.categoryGroups, query.categories[0]),
      fromParts: dateInputValues(rawQuery as Record<string, unknown>, 'from'),
      toParts: dateInputValues(rawQuery as Record<string, unknown>, 'to'),
      flagOptions: FLAG_FILTER_OPTIONS,
      canAnnotate,
      onlyAgency: viewer.role === 'case-group' ? (viewer.agency ?? '') : null,
      nameToggle: nameToggleOf(viewer, request.url),
      ...view,
      breadcrumbs: reviewBreadcrumbs(review, 'Chronology'),
    })
  }

  app.get<ReviewParams>('/reviews/:reviewId/chronology', { config: { access: access.review('chronology.view') } }, async (request, reply) =>
    timeline(request, reply, request.query))

  app.get<ReviewParams>('/reviews/:reviewId/chronology/export', { config: { access: access.review('chronology.view') } }, async (request, reply) => {
    const format: ExportFormat = request.query.format === 'xlsx' ? 'xlsx' : 'csv'
    const { query } = readChronologyQuery(request.query)
    const file = await exportChronology(ctx, request.inReview(), query, format)
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .send(file.stream)
  })

  /** Back to the chronology as it was (only ever a path inside this review's chronology). */
  const returnPath = (reviewId: string, value: string | undefined): string => {
    const base = `/reviews/${reviewId}/chronology`
    return value && (value === base || value.startsWith(`${base}?`)) ? value : base
  }

  app.post<{ Params: { reviewId: string } }>('/reviews/:reviewId/chronology/selection', { config: { access: access.review('chronology.annotate') } }, async (request, reply) => {
    const { reviewId } = request.params
    const v = formValues(request)
    const ids = formList(request, 'eventIds')
    const back = returnPath(reviewId, v.returnTo)
    const action = v.action
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        if (action === 'link') return { linked: await linkEvents(ctx, request.actor(), reviewId, ids), n: ids.length }
        if (action === 'significant' || action === 'not-significant') return { n: await markEventsSignificant(ctx, request.actor(), reviewId, ids, action === 'significant') }
        throw new BadInput('Choose what to do with the selected events', [])
      },
      rerender: (errors) => timeline(request, reply, Object.fromEntries(new URLSearchParams(back.split('?')[1] ?? '')), errors),
      redirectTo: back,
      flash: (r) => ({
        kind: 'success',
        heading: action === 'link' ? `${r.n} events linked as one episode` : action === 'significant' ? `${r.n} ${r.n === 1 ? 'event' : 'events'} marked significant` : `${r.n} ${r.n === 1 ? 'event' : 'events'} no longer marked significant`,
      }),
    })
  })

  const eventPage = async (request: FastifyRequest<EventParams>, reply: FastifyReply, values: Record<string, string> | null = null, errors: FormErrors = NO_ERRORS) => {
    const viewer = request.inReview()
    const { reviewId, eventId } = request.params
    const [review, shown] = await Promise.all([reviewOf(ctx, viewer), chronologyEvent(ctx, viewer, eventId)])
    const view = eventView(shown.event)
    reply.header('cache-control', 'no-store')
    return reply.page('pages/chronology/event', {
      pageTitle: `${shown.event.agency}: ${view.when}`,
      review,
      event: view,
      linked: shown.linked.map((e) => eventView(e)),
      canAnnotate: viewer.can('chronology.annotate'),
      canSeeImport: viewer.can('chronology.import'),
      nameToggle: nameToggleOf(viewer, request.url),
      values: values ?? { annotation: shown.note ?? '', significant: shown.event.significant ? 'yes' : '', shared: shown.event.shared ? 'yes' : '' },
      errors,
      backLink: `/reviews/${reviewId}/chronology`,
      breadcrumbs: [...reviewBreadcrumbs(review, 'x').slice(0, 2), { text: 'Chronology', href: `/reviews/${reviewId}/chronology` }, { text: view.when }],
    })
  }

  app.get<EventParams>('/reviews/:reviewId/chronology/events/:eventId', { config: { access: access.review('chronology.view') } }, async (request, reply) => eventPage(request, reply))

  app.post<EventParams>('/reviews/:reviewId/chronology/events/:eventId', { config: { access: access.review('chronology.annotate') } }, async (request, reply) => {
    const { reviewId, eventId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => updateEventNotes(ctx, request.actor(), reviewId, eventId, { annotation: v.annotation ?? '', significant: v.significant === 'yes', shared: v.shared === 'yes' }),
      rerender: (errors) => eventPage(request, reply, v, errors),
      redirectTo: `/reviews/${reviewId}/chronology/events/${eventId}`,
      flash: { kind: 'success', heading: 'Event updated' },
    })
  })

  app.post<EventParams>('/reviews/:reviewId/chronology/events/:eventId/unlink', { config: { access: access.review('chronology.annotate') } }, async (request, reply) => {
    const { reviewId, eventId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => unlinkEvent(ctx, request.actor(), reviewId, eventId),
      rerender: (errors) => eventPage(request, reply, null, errors),
      redirectTo: `/reviews/${reviewId}/chronology/events/${eventId}`,
      flash: { kind: 'success', heading: 'Event unlinked from the episode' },
    })
  })

  const suggestionsPage = async (request: FastifyRequest<{ Params: { reviewId: string } }>, reply: FastifyReply, errors: FormErrors = NO_ERRORS) => {
    const viewer = request.inReview()
    const [review, suggestions] = await Promise.all([reviewOf(ctx, viewer), episodeSuggestions(ctx, viewer)])
    reply.header('cache-control', 'no-store')
    return reply.page('pages/chronology/suggestions', {
      pageTitle: 'Possible episodes across agencies',
      review,
      errors,
      suggestions: suggestions.map((s, i) => ({ ...s, number: i + 1, events: s.events.map((e) => eventView(e)) })),
      breadcrumbs: [...reviewBreadcrumbs(review, 'x').slice(0, 2), { text: 'Chronology', href: `/reviews/${viewer.reviewId}/chronology` }, { text: 'Possible episodes' }],
    })
  }

  app.get<{ Params: { reviewId: string } }>('/reviews/:reviewId/chronology/suggestions', { config: { access: access.review('chronology.annotate') } }, async (request, reply) => suggestionsPage(request, reply))

  app.post<SuggestionParams>('/reviews/:reviewId/chronology/suggestions/:key/link', { config: { access: access.review('chronology.annotate') } }, async (request, reply) => {
    const { reviewId, key } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => acceptSuggestion(ctx, request.actor(), reviewId, key),
      rerender: (errors) => suggestionsPage(request, reply, errors),
      redirectTo: `/reviews/${reviewId}/chronology/suggestions`,
      flash: { kind: 'success', heading: 'Events linked as one episode' },
    })
  })

  app.post<SuggestionParams>('/reviews/:reviewId/chronology/suggestions/:key/dismiss', { config: { access: access.review('chronology.annotate') } }, async (request, reply) => {
    const { reviewId, key } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => dismissSuggestion(ctx, request.actor(), reviewId, key),
      rerender: (errors) => suggestionsPage(request, reply, errors),
      redirectTo: `/reviews/${reviewId}/chronology/suggestions`,
      flash: { kind: 'success', heading: 'Suggestion dismissed', text: 'It will not be suggested again.' },
    })
  })
}
export default chronologyPageRoutes
