// The quality self-assessment: the eighteen markers, pre-filled where the review's data can show the answer,
// answered by the lead reviewer and the board chair.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { answerQualityMarker, EVIDENCE_INCOMPLETE, MARKER_ANSWERS, qualityAssessment } from '../../services/quality-assessment.js'
import { reviewOf } from '../../services/reviews.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'

type Params = { Params: { reviewId: string } }
type MarkerParams = { Params: { reviewId: string; markerKey: string } }

const ANSWER_TAGS = Object.fromEntries([...MARKER_ANSWERS, EVIDENCE_INCOMPLETE].map((a) => [a.value, { text: a.text, colour: a.colour }]))

const qualityPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { failed?: string; values?: Record<string, string>; errors?: FormErrors } = {}) => {
    const review = await reviewOf(ctx, request.inReview())
    const assessment = await qualityAssessment(ctx, request.inReview())
    return reply.page('pages/findings/quality', {
      pageTitle: 'Quality self-assessment',
      review,
      counts: assessment.counts,
      groups: assessment.groups.map((g) => ({
        ...g,
        markers: g.markers.map((m) => {
          const failed = extra.failed === m.key
          return {
            ...m,
            tag: m.answer ? ANSWER_TAGS[m.answer] : null,
            options: MARKER_ANSWERS.map((a) => ({ value: a.value, text: a.text })),
            value: failed ? extra.values?.answer ?? '' : m.answer === 'evidence-incomplete' ? '' : m.answer ?? '',
            note: failed ? extra.values?.note ?? '' : m.given?.note ?? '',
            noteHint: m.prefill ? 'Needed if your answer differs from what the data shows.' : 'What the answer rests on.',
            answerError: failed ? extra.errors?.fields[`answer-${m.key}`] : undefined,
            noteError: failed ? extra.errors?.fields[`note-${m.key}`] : undefined,
          }
        }),
      })),
      errors: extra.errors ?? NO_ERRORS,
      breadcrumbs: reviewBreadcrumbs(review, 'Quality self-assessment'),
    })
  }

  app.get<Params>('/reviews/:reviewId/quality', { config: { access: access.review('quality.assess') } }, async (request, reply) => page(request, reply))

  app.post<MarkerParams>('/reviews/:reviewId/quality/:markerKey', { config: { access: access.review('quality.assess') } }, async (request, reply) => {
    const { reviewId, markerKey } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => answerQualityMarker(ctx, request.actor(), reviewId, markerKey, { answer: v.answer ?? '', note: v.note ?? '' }),
      rerender: (errors) => page(request, reply, { failed: markerKey, values: v, errors }),
      redirectTo: `/reviews/${reviewId}/quality#marker-${markerKey}`,
      flash: { kind: 'success', heading: 'Answer saved' },
    })
  })
}
export default qualityPageRoutes
