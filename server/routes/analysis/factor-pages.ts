// Contributory factors: adding one from an episode's page, changing and deleting it. The evidence offered is
// what the factor's episodes draw on, every supporting document, and anything the factor already cites.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { EvidenceRef } from '../../data/evidence.js'
import { analysisReads } from '../../services/analysis-reads.js'
import type { ReviewViewer } from '../../services/viewer.js'
import type { ServiceContext } from '../../services/context.js'
import { addFactor, editFactor, evidenceFromForm, removeFactor, type FactorInput } from '../../services/contributory-factors.js'
import { whenText } from '../../views-support/chronology-labels.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { nameToggleOf } from '../../services/pseudonym-view.js'
import { analysisBreadcrumbs, evidenceValues, factorTypeOptions, levelOptions } from './analysis-support.js'
import { episodeDates } from './episode-pages.js'
import { LANGUAGE_CHECK_SCRIPT, narrativeLanguage } from '../../services/narrative-language.js'

type EpisodeParams = { Params: { reviewId: string; episodeId: string } }
type FactorParams = { Params: { reviewId: string; factorId: string } }

interface FactorFormValues {
  text: string
  level: string
  factorType: string
  kpeIds: string[]
  evidence: string[]
  returnTo: string
}

function readFactorForm(request: FastifyRequest): { input: FactorInput; values: FactorFormValues } {
  const v = formValues(request)
  const values: FactorFormValues = {
    text: v.text ?? '', level: v.level ?? '', factorType: v.factorType ?? '',
    kpeIds: formList(request, 'kpeIds'), evidence: formList(request, 'evidence'), returnTo: v.returnTo ?? '',
  }
  return { values, input: { text: values.text, level: values.level, factorType: values.factorType, kpeIds: values.kpeIds, evidence: evidenceFromForm(values.evidence) } }
}

const factorPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  /** Back to the episode the reviewer came from, when it is one of this review's. */
  const returnPath = async (viewer: ReviewViewer, episodeId: string) => {
    const reviewId = viewer.reviewId
    const episodes = await analysisReads(ctx, viewer).episodes()
    return episodes.some((e) => e.episode.id === episodeId) ? `/reviews/${reviewId}/analysis/episodes/${episodeId}#factors` : `/reviews/${reviewId}/analysis#factors`
  }

  const formPage = async (request: FastifyRequest, reply: FastifyReply, opts: { factorId: string | null; values: FactorFormValues; errors: FormErrors }) => {
    const review = await analysisReads(ctx, request.inReview()).review()
    const episodes = await analysisReads(ctx, request.inReview()).episodes()
    const chosenEpisodes = episodes.filter((e) => opts.values.kpeIds.includes(e.episode.id))
    const eventIds = [...new Set(chosenEpisodes.flatMap((e) => e.eventIds))]
    const quoteIds = [...new Set(chosenEpisodes.flatMap((e) => e.quoteIds))]
    const cited = evidenceFromForm(opts.values.evidence)
    const [events, quotes, documents, extra] = await Promise.all([
      analysisReads(ctx, request.inReview()).eventsByIds(eventIds),
      analysisReads(ctx, request.inReview()).findEvidence(quoteIds.map((id) => ({ type: 'quote' as const, id }))),
      analysisReads(ctx, request.inReview()).documentEvidence(),
      analysisReads(ctx, request.inReview()).findEvidence(cited),
    ])
    const offered = new Set<string>()
    const option = (ref: EvidenceRef, text: string) => {
      offered.add(`${ref.type}:${ref.id}`)
      return { value: `${ref.type}:${ref.id}`, text }
    }
    const eventOptions = events.map((ev) => option({ type: 'event', id: ev.id }, `${whenText({ date: ev.date_start, time: ev.time, precision: ev.precision })}, ${ev.agency}: ${ev.summary ?? ev.category ?? ''}`))
    const quoteOptions = quotes.found.map((q) => option(q, q.label))
    const documentOptions = documents.map((d) => option(d, d.label))
    const otherOptions = extra.found.filter((item) => !offered.has(`${item.type}:${item.id}`)).map((item) => option(item, item.label))
    const from = episodes.find((e) => e.episode.id === opts.values.returnTo)
    return reply.page('pages/analysis/factor-form', {
      pageTitle: opts.factorId ? 'Change the contributory factor' : 'Add a contributory factor',
      review,
      factorId: opts.factorId,
      from: from ? { id: from.episode.id, title: from.episode.title } : null,
      values: opts.values,
      language: narrativeLanguage({ text: opts.values.text }),
      scripts: [LANGUAGE_CHECK_SCRIPT],
      levelOptions: levelOptions(),
      typeOptions: factorTypeOptions(),
      episodeOptions: episodes.map((e) => ({ value: e.episode.id, text: e.episode.title, hint: episodeDates(e.episode.date_start, e.episode.date_end) })),
      eventOptions, quoteOptions, documentOptions, otherOptions,
      nameToggle: nameToggleOf(request.inReview(), request.url),
      errors: opts.errors,
      breadcrumbs: analysisBreadcrumbs(review, opts.factorId ? 'Change a contributory factor' : 'Add a contributory factor'),
    })
  }

  app.get<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/factors/new', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { episodeId } = request.params
    await analysisReads(ctx, request.inReview()).episode(episodeId)
    return formPage(request, reply, { factorId: null, values: { text: '', level: '', factorType: '', kpeIds: [episodeId], evidence: [], returnTo: episodeId }, errors: NO_ERRORS })
  })

  app.post<EpisodeParams>('/reviews/:reviewId/analysis/episodes/:episodeId/factors', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, episodeId } = request.params
    await analysisReads(ctx, request.inReview()).episode(episodeId)
    const { input, values } = readFactorForm(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addFactor(ctx, request.actor(), reviewId, input),
      rerender: (errors) => formPage(request, reply, { factorId: null, values: { ...values, returnTo: episodeId }, errors }),
      redirectTo: await returnPath(request.inReview(), episodeId),
      flash: { kind: 'success', heading: 'Contributory factor added' },
    })
  })

  app.get<FactorParams>('/reviews/:reviewId/analysis/factors/:factorId/edit', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { factorId } = request.params
    const detail = await analysisReads(ctx, request.inReview()).factorToEdit(factorId)
    const from = (request.query as Record<string, unknown>).from
    return formPage(request, reply, {
      factorId,
      values: {
        text: detail.factor.text, level: detail.factor.level, factorType: detail.factor.factor_type, kpeIds: detail.kpeIds,
        evidence: evidenceValues(detail.evidence), returnTo: typeof from === 'string' ? from : (detail.kpeIds[0] ?? ''),
      },
      errors: NO_ERRORS,
    })
  })

  app.post<FactorParams>('/reviews/:reviewId/analysis/factors/:factorId', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, factorId } = request.params
    await analysisReads(ctx, request.inReview()).factor(factorId)
    const { input, values } = readFactorForm(request)
    return handleFormPost(ctx, request, reply, {
      run: () => editFactor(ctx, request.actor(), reviewId, factorId, input),
      rerender: (errors) => formPage(request, reply, { factorId, values, errors }),
      redirectTo: await returnPath(request.inReview(), values.returnTo),
      flash: { kind: 'success', heading: 'Contributory factor changed' },
    })
  })

  app.get<FactorParams>('/reviews/:reviewId/analysis/factors/:factorId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { factorId } = request.params
    const review = await analysisReads(ctx, request.inReview()).review()
    const detail = await analysisReads(ctx, request.inReview()).factor(factorId)
    return reply.page('pages/analysis/factor-delete', {
      pageTitle: 'Delete this contributory factor?',
      review,
      factor: { id: detail.factor.id, text: detail.factor.text, returnTo: detail.kpeIds[0] ?? '' },
      breadcrumbs: analysisBreadcrumbs(review, 'Delete a contributory factor'),
    })
  })

  app.post<FactorParams>('/reviews/:reviewId/analysis/factors/:factorId/delete', { config: { access: access.review('analysis.edit') } }, async (request, reply) => {
    const { reviewId, factorId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => removeFactor(ctx, request.actor(), reviewId, factorId),
      rerender: () => reply,
      redirectTo: await returnPath(request.inReview(), v.returnTo ?? ''),
      flash: { kind: 'success', heading: 'Contributory factor deleted' },
    })
  })
}
export default factorPageRoutes
