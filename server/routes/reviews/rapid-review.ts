// A rapid review's own record: immediate learning, the decision on a fuller review, and sending it to the panel.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { NotFound } from '../../errors.js'
import type { ServiceContext } from '../../services/context.js'
import { requireReview, updateRapidReview } from '../../services/reviews.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from './review-pages.js'

type Params = { Params: { reviewId: string } }

const DECISIONS = [
  { value: 'full-review', text: 'A fuller child safeguarding practice review is needed', hint: 'The case may show systemic learning that a rapid review cannot reach' },
  { value: 'no-further-review', text: 'No further review is needed', hint: 'The learning is clear and already being acted on' },
]

const rapidReviewRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest<Params>, reply: FastifyReply, values?: Record<string, string>, errors: FormErrors = NO_ERRORS) => {
    const review = await requireReview(ctx.db, request.params.reviewId)
    if (review.methodology !== 'rapid-review') throw new NotFound('This page is for rapid reviews')
    return reply.page('pages/reviews/rapid-review', {
      pageTitle: 'Rapid review: learning and decision',
      review,
      canManage: request.reviewAccess!.can('review.manage'),
      decisions: DECISIONS,
      values: values ?? {
        immediateLearning: review.immediate_learning ?? '', decision: review.rapid_decision ?? '', rationale: review.rapid_decision_rationale ?? '', sentToPanelOn: review.sent_to_panel_on ?? '',
      },
      decisionText: DECISIONS.find((d) => d.value === review.rapid_decision)?.text ?? null,
      errors,
      breadcrumbs: reviewBreadcrumbs(review, 'Learning and decision'),
    })
  }

  app.get<Params>('/reviews/:reviewId/rapid-review', { config: { access: access.review('review.view') } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/rapid-review', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const v = formValues(request)
    const review = await requireReview(ctx.db, request.params.reviewId)
    if (review.methodology !== 'rapid-review') throw new NotFound('This page is for rapid reviews')
    return handleFormPost(ctx, request, reply, {
      run: () => updateRapidReview(ctx, request.actor(), review.id, {
        immediateLearning: v.immediateLearning ?? '', decision: v.decision ?? '', rationale: v.rationale ?? '', sentToPanelOn: v.sentToPanelOn ?? '',
      }),
      rerender: (errors) => page(request, reply, v, errors),
      redirectTo: `/reviews/${review.id}`,
      flash: { kind: 'success', heading: 'Rapid review record saved' },
    })
  })
}
export default rapidReviewRoutes
