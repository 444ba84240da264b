// Key practice episodes: the list, defining and changing an episode, choosing the events and quotes it draws
// on, and the episode's own page, where it is appraised from the view in the tunnel.
import { agencyKeyOf } from '../../../methodology/agency-key.js'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { MAP_LEVEL_INFO } from '../../../methodology/map/map-model.js'
import { access } from '../../http-types.js'
import { RuleBroken, StaleEdit } from '../../errors.js'
import type { EventRow } from '../../data/chronology-events.js'
import { analysisReads } from '../../services/analysis-reads.js'
import type { ReviewViewer } from '../../services/viewer.js'
import type { ServiceContext } from '../../services/context.js'
import { FACTOR_TYPE_INFO, type labelEvidence } from '../../services/contributory-factors.js'
import { JUDGEMENTS, JUDGEMENT_INFO, appraiseEpisode, createEpisode, removeEpisode, setEpisodeEvidence, updateEpisode, type EpisodeDetail, type TunnelEvent } from '../../services/key-practice-episodes.js'
import { dateInputParts, dateValue } from '../../services/form-dates.js'
import { formatLocalDate } from '../../views-support/handlebars.js'
import { storedDateText, whenText } from '../../views-support/chronology-labels.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { nameToggleOf } from '../../services/pseudonym-view.js'
import { analysisBreadcrumbs, dateParts, postedVersion, readEpisodeForm } from './analysis-support.js'
import { LANGUAGE_CHECK_SCRIPT, narrativeLanguage } from '../../services/narrative-language.js'

type Params = { Params: { reviewId: string } }
type EpisodeParams = { Params: { reviewId: string; episodeId: string } }

export function episodeDates(start: string, end: string): string {
  return start === end ? formatLocalDate(start) : `${formatLocalDate(start)} to ${formatLocalDate(end)}`
}

type LabelledEvidence = Awaited<ReturnType<typeof labelEvidence>>[number]

/** A piece of evidence as the episode page lists it: an event links to the event, dates read as words. */
function evidenceView(reviewId: string, x: LabelledEvidence) {
  const item = x.item
  if (!item) return { label: x.label || 'This evidence is no longer in the review', href: null, when: null, agency: null }
  if (item.type === 'event') {
    return { label: item.excerpt, href: `/reviews/${reviewId}/chronology/events/${item.id}`, when: item.date ? formatLocalDate(item.date) : null, agency: item.agency }
  }
  // A quote or document: its label, with the date it ends with written out.
  return { label: item.label.replace(/\b(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?)(?=\)$)/, (d) => formatLocalDate(d)), href: null, when: null, agency: null }
}

function judgementTag(judgement: string | null) {
  if (!judgement) return { text: 'Not appraised', colour: 'grey' }
  const info = JUDGEMENT_INFO[judgement as keyof typeof JUDGEMENT_INFO]
  return info ? { text: info.label, colour: info.colour } : { text: judgement, colour: 'grey' }
}

/** Stale edits on forms are shown like any other problem, with the user's input kept, never applied silently. */
function asFormProblem(error: unknown, what: string): unknown {
  if (error instanceof StaleEdit) {
    return new RuleBroken(`Someone else changed this ${what} while you were editing it`, [{
      path: 'version',
      message: `Someone else saved changes to this ${what} while you were editing. Your changes are below but have not been saved. Reload the page to see theirs (your changes will be lost), or save again to replace theirs with yours.`,
    }], 'stale-edit')
  }
  return error
}

const episodePageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const agencyOptions = async (viewer: ReviewViewer, chosen: readonly string[]) => {
    const names = (await analysisReads(ctx, viewer).chronologyAgencies()).map((a) => a.agency)
    for (const agency of chosen) if (!names.some((n) => agencyKeyOf(n) === agencyKeyOf(agency))) names.push(agency)
    return names.map((name) => ({ value: name, text: name }))
  }

  // The list ---------------------------------------------------------------------------------------------

  app.get<Params>('/reviews/:reviewId/analysis', { config: { access: access.review('analysis.view') } }, async (request, reply) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    const [episodes, factors] = await Promise.all([analysisReads(ctx, request.inReview()).episodes(), analysisReads(ctx, request.inReview()).factors()])
    const titles = new Map(episodes.map((e) => [e.episode.id, e.episode.title]))
    return reply.page('pages/analysis/episodes', {
      pageTitle: 'Analysis: key practice episodes',
      review,
      canEdit: request.reviewAccess!.can('analysis.edit'),
      appraised: episodes.filter((e) => e.episode.judgement !== null).length,
      episodes: episodes.map((e) => ({
        id: e.episode.id,
        title: e.episode.title,
        dates: episodeDates(e.episode.date_start, e.episode.date_end),
        agencies: e.agencies.join(', '),
        events: e.eventIds.length,
        quotes: e.quoteIds.length,
        factors: factors.filter((f) => f.kpeIds.includes(e.episode.id)).length,
        tag: judgementTag(e.episode.judgement),
      })),
      factors: factors.map((f) => ({
        id: f.factor.id,
        text: f.factor.text,
        level: f.level ? MAP_LEVEL_INFO[f.level].label : f.factor.level,
        type: f.factorType ? FACTOR_TYPE_INFO[f.factorType].label : f.factor.factor_type,
        episodes: f.kpeIds.map((id) => ({ id, title: titles.get(id) ?? 'An episode' })),
        evidence: f.evidence.length,
      })),
      breadcrumbs: analysisBreadcrumbs(review),
    })
  })

  // Defining an episode ----------------------------------------------------------------------------------

  const formPage = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors, detail: EpisodeDetail | null) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    const chosen = (values.agencies as string[] | undefined) ?? []
    return reply.page('pages/analysis/episode-form', {
      pageTitle: detail ? 'Change the key practice episode' : 'Add a key practice episode',
      review,
      detail: detail ? { id: detail.episode.id, version: detail.episode.version } : null,
      agencyOptions: await agencyOptions(request.inReview(), chosen),
      values,
      language: narrativeLanguage({ title: typeof values.title === 'string' ? values.title : '' }),
      scripts: [LANGUAGE_CHECK_SCRIPT],
      errors,
      breadcrumbs: analysisBreadcrumbs(review, detail ? detail.episode.title : 'Add an episode'),
    })
  }

  const valuesFromPost = (request: FastifyRequest) => {
    const { raw, agencies } = readEpisodeForm(request)
    const part = (name: string) => ({ day: raw[`${name}-day`] ?? '', month: raw[`${name}-month`] ?? '', year: raw[`${name}-year`] ?? '' })
    return { title: raw.title ?? '', agencies, otherAgencies: raw.otherAgencies ?? '', dateStart: part('dateStart'), dateEnd: part('dateEnd') }
  }

  app.get<Params>('/reviews/:reviewId/analysis/episodes/new', { config: { access: access.review('analysis.edit') } }, async (request, reply) =>
    formPage(request, reply, { agencies: [], dateStart: dateParts(null), dateEnd: dateParts(null) }, NO_ERRORS, null))

  app.post<Params>('/reviews/:reviewId/analysis/episodes', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { input } = readEpisodeForm(request)
    const reviewId = request.params.reviewId
    return handleFormPost(ctx, request, reply, {
      run: () => createEpisode(ctx, request.actor(), reviewId, input),
      rerender: (errors) => formPage(request, reply, valuesFromPost(request), errors, null),
      redirectTo: (id) => `/reviews/${reviewId}/analysis/episodes/${id}/evidence`,
      flash: { kind: 'success', heading: 'Key practice episode added', text: 'Now choose the chronology events and conversation quotes it draws on.' },
    })
  })

  app.get<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/edit', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const detail = await analysisReads(ctx, request.inReview()).episodeToEdit(request.params.episodeId)
    const known = (await agencyOptions(request.inReview(), [])).map((o) => agencyKeyOf(o.value))
    return formPage(request, reply, {
      title: detail.episode.title,
      agencies: detail.agencies.filter((a) => known.includes(agencyKeyOf(a))),
      otherAgencies: detail.agencies.filter((a) => !known.includes(agencyKeyOf(a))).join('\n'),
      dateStart: dateParts(detail.episode.date_start),
      dateEnd: dateParts(detail.episode.date_end === detail.episode.date_start ? null : detail.episode.date_end),
    }, NO_ERRORS, detail)
  })

  app.post<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, episodeId } = request.params
    const { input } = readEpisodeForm(request)
    const detail = await analysisReads(ctx, request.inReview()).episodeToEdit(episodeId)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          await updateEpisode(ctx, request.actor(), reviewId, episodeId, postedVersion(request), input)
        } catch (error) {
          throw asFormProblem(error, 'episode')
        }
      },
      // Re-rendered with the current version, so saving again after the warning is a deliberate choice.
      rerender: (errors) => formPage(request, reply, valuesFromPost(request), errors, detail),
      redirectTo: `/reviews/${reviewId}/analysis/episodes/${episodeId}`,
      flash: { kind: 'success', heading: 'Episode changed' },
    })
  })

  // Evidence: the events and quotes the episode draws on ------------------------------------------------

  const evidencePage = async (request: FastifyRequest, reply: FastifyReply, errors: FormErrors = NO_ERRORS) => {
    const { episodeId } = request.params as { reviewId: string; episodeId: string }
    const review = await analysisReads(ctx, request.inReview()).review()
    const detail = await analysisReads(ctx, request.inReview()).episode(episodeId)
    const query = request.query as Record<string, unknown>
    const iso = (value: unknown, fallback: string) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fallback)
    // By default the picker offers the four weeks before the episode and the episode itself.
    const from = iso(dateValue(query, 'from'), shiftDays(detail.episode.date_start, -28))
    const to = iso(dateValue(query, 'to'), detail.episode.date_end)
    const [inWindow, linked, quotes] = await Promise.all([
      analysisReads(ctx, request.inReview()).events({ from, to }),
      analysisReads(ctx, request.inReview()).eventsByIds(detail.eventIds),
      analysisReads(ctx, request.inReview()).quoteEvidence(),
    ])
    const offered = [...new Map([...inWindow, ...linked].sort((a, b) => a.sort_key.localeCompare(b.sort_key)).map((ev) => [ev.id, ev])).values()]
    const eventLabel = (ev: EventRow) => `${whenText({ date: ev.date_start, time: ev.time, precision: ev.precision })}, ${ev.agency}: ${ev.summary ?? ev.category ?? ''}`
    return reply.page('pages/analysis/episode-evidence', {
      pageTitle: `Evidence for ‘${detail.episode.title}’`,
      review,
      episode: { id: detail.episode.id, title: detail.episode.title, version: detail.episode.version, dates: episodeDates(detail.episode.date_start, detail.episode.date_end) },
      from, to,
      fromParts: dateInputParts(from), toParts: dateInputParts(to),
      fromText: formatLocalDate(from), toText: formatLocalDate(to),
      eventOptions: offered.map((ev) => ({ value: ev.id, text: eventLabel(ev) })),
      shownEventIds: offered.map((ev) => ev.id),
      eventValues: detail.eventIds,
      quoteOptions: quotes.map((q) => ({ value: q.id, text: q.label })),
      shownQuoteIds: quotes.map((q) => q.id),
      quoteValues: detail.quoteIds,
      nameToggle: nameToggleOf(request.inReview(), request.url),
      errors,
      breadcrumbs: analysisBreadcrumbs(review, detail.episode.title),
    })
  }

  app.get<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/evidence', { config: { access: access.review('analysis.edit') } }, async (request, reply) => evidencePage(request, reply))

  app.post<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/evidence', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, episodeId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          await setEpisodeEvidence(ctx, request.actor(), reviewId, episodeId, postedVersion(request),
            { eventIds: formList(request, 'eventIds'), quoteIds: formList(request, 'quoteIds') },
            { eventIds: formList(request, 'shownEventIds'), quoteIds: formList(request, 'shownQuoteIds') })
        } catch (error) {
          throw asFormProblem(error, 'episode')
        }
      },
      rerender: (errors) => evidencePage(request, reply, errors),
      redirectTo: `/reviews/${reviewId}/analysis/episodes/${episodeId}`,
      flash: { kind: 'success', heading: 'Evidence saved' },
    })
  })

  // The episode's page: appraisal from the view in the tunnel -----------------------------------------

  const episodePage = async (request: FastifyRequest, reply: FastifyReply, posted: Record<string, string> | null = null, errors: FormErrors = NO_ERRORS) => {
    const { reviewId, episodeId } = request.params as { reviewId: string; episodeId: string }
    const ra = request.reviewAccess!
    const review = await analysisReads(ctx, request.inReview()).review()
    const query = request.query as Record<string, unknown>
    const reveal = query.hindsight === 'shown'
    const agencyKey = typeof query.agency === 'string' && query.agency !== '' ? query.agency : null
    const { detail, tunnel } = await analysisReads(ctx, request.inReview()).episodeTunnel(episodeId, { reveal, agencyKey })
    const [evidence, factors, episodes] = await Promise.all([
      analysisReads(ctx, request.inReview()).labelEvidence([...detail.eventIds.map((id) => ({ type: 'event' as const, id })), ...detail.quoteIds.map((id) => ({ type: 'quote' as const, id }))]),
      analysisReads(ctx, request.inReview()).factors(episodeId),
      analysisReads(ctx, request.inReview()).episodes(),
    ])
    const factorEvidence = await analysisReads(ctx, request.inReview()).labelEvidence(factors.flatMap((f) => f.evidence))
    const factorEvidenceOf = new Map(factorEvidence.map((e) => [`${e.type}:${e.id}`, e]))
    const titles = new Map(episodes.map((e) => [e.episode.id, e.episode.title]))
    const e = detail.episode
    const base = `/reviews/${reviewId}/analysis/episodes/${episodeId}`
    const tunnelRow = (t: TunnelEvent) => ({
      when: whenText({ date: t.event.date_start, time: t.event.time, precision: t.event.precision }),
      recorded: t.event.recorded_at ? storedDateText(t.event.recorded_at) : null,
      agency: t.event.agency,
      category: t.event.category,
      summary: t.event.summary,
      outcome: t.event.outcome,
      linked: t.linked,
      mayBeLater: t.mayBeLater,
      recordedLater: t.recordedLater,
      later: t.later,
      significant: t.event.significant === 1,
    })
    const values = posted ?? {
      knownAtTime: e.known_at_time ?? '', expectedPractice: e.expected_practice ?? '', whatHappened: e.what_happened ?? '',
      judgement: e.judgement ?? '', goodPractice: e.good_practice ?? '',
    }
    return reply.page('pages/analysis/episode', {
      pageTitle: e.title,
      wide: true,
      review,
      episode: { id: e.id, title: e.title, version: e.version, dates: episodeDates(e.date_start, e.date_end), agencies: detail.agencies.join(', '), tag: judgementTag(e.judgement) },
      // Pseudonyms must never be saved back over the real words: the appraisal is edited with real names shown.
      canEdit: ra.can('analysis.edit') && request.inReview().names === 'real',
      events: evidence.filter((x) => x.type === 'event').map((x) => evidenceView(reviewId, x)),
      quotes: evidence.filter((x) => x.type === 'quote').map((x) => evidenceView(reviewId, x)),
      values,
      language: narrativeLanguage({
        knownAtTime: values.knownAtTime, expectedPractice: values.expectedPractice, whatHappened: values.whatHappened, goodPractice: values.goodPractice,
      }),
      scripts: [LANGUAGE_CHECK_SCRIPT],
      judgementOptions: JUDGEMENTS.map((j) => ({ value: j, text: JUDGEMENT_INFO[j].label, hint: JUDGEMENT_INFO[j].hint })),
      appraisal: {
        knownAtTime: e.known_at_time, expectedPractice: e.expected_practice, whatHappened: e.what_happened, goodPractice: e.good_practice,
        judgement: e.judgement ? JUDGEMENT_INFO[e.judgement].label : null,
      },
      errors,
      factors: factors.map((f) => ({
        id: f.factor.id,
        text: f.factor.text,
        level: f.level ? MAP_LEVEL_INFO[f.level].label : f.factor.level,
        type: f.factorType ? FACTOR_TYPE_INFO[f.factorType].label : f.factor.factor_type,
        otherEpisodes: f.kpeIds.filter((id) => id !== episodeId).map((id) => ({ id, title: titles.get(id) ?? 'An episode' })),
        evidence: f.evidence.map((ref) => evidenceView(reviewId, factorEvidenceOf.get(`${ref.type}:${ref.id}`) ?? { ...ref, label: '', item: null })),
      })),
      tunnel: {
        cutOff: formatLocalDate(tunnel.cutOff),
        revealed: tunnel.revealed,
        laterCount: tunnel.laterCount,
        canReveal: ra.can('hindsight.reveal'),
        revealHref: `${base}?hindsight=shown#tunnel`,
        hideHref: `${base}#tunnel`,
        rows: tunnel.events.map(tunnelRow),
        agencies: tunnel.agencies.map((a) => ({
          ...a,
          href: `${base}?${new URLSearchParams({ ...(reveal ? { hindsight: 'shown' } : {}), agency: a.agencyKey }).toString()}#agency-tunnel`,
          current: tunnel.chosen?.agencyKey === a.agencyKey,
        })),
        unknownAgency: agencyKey !== null && tunnel.chosen === null,
        chosen: tunnel.chosen ? { agency: tunnel.chosen.agency, rows: tunnel.chosenEvents.map(tunnelRow), closeHref: `${base}${reveal ? '?hindsight=shown' : ''}#tunnel` } : null,
      },
      nameToggle: nameToggleOf(request.inReview(), request.url),
      breadcrumbs: analysisBreadcrumbs(review, e.title),
    })
  }

  app.get<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId', { config: { access: access.review('analysis.view') } }, async (request, reply) => episodePage(request, reply))

  app.post<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/appraisal', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, episodeId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        try {
          await appraiseEpisode(ctx, request.actor(), reviewId, episodeId, postedVersion(request), {
            knownAtTime: v.knownAtTime ?? '', expectedPractice: v.expectedPractice ?? '', whatHappened: v.whatHappened ?? '',
            judgement: v.judgement ?? '', goodPractice: v.goodPractice ?? '',
          })
        } catch (error) {
          throw asFormProblem(error, 'episode')
        }
      },
      rerender: (errors) => episodePage(request, reply, v, errors),
      redirectTo: `/reviews/${reviewId}/analysis/episodes/${episodeId}#appraisal`,
      flash: { kind: 'success', heading: v.judgement ? 'Appraisal saved' : 'Appraisal saved as a draft', text: v.judgement ? undefined : 'Choose good, adequate or a problem when you are ready to give a judgement.' },
    })
  })

  // Deleting an episode ----------------------------------------------------------------------------------

  app.get<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { episodeId } = request.params
    const review = await analysisReads(ctx, request.inReview()).review()
    const detail = await analysisReads(ctx, request.inReview()).episode(episodeId)
    const factors = await analysisReads(ctx, request.inReview()).factors(episodeId)
    return reply.page('pages/analysis/episode-delete', {
      pageTitle: 'Delete this key practice episode?',
      review,
      episode: { id: detail.episode.id, title: detail.episode.title },
      onlyHere: factors.filter((f) => f.kpeIds.length === 1).length,
      breadcrumbs: analysisBreadcrumbs(review, detail.episode.title),
    })
  })

  app.post<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, episodeId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => removeEpisode(ctx, request.actor(), reviewId, episodeId),
      rerender: () => reply,
      redirectTo: `/reviews/${reviewId}/analysis`,
      flash: { kind: 'success', heading: 'Episode deleted', text: 'Contributory factors that explained only this episode stay in the list below, without an episode.' },
    })
  })
}

function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export default episodePageRoutes
