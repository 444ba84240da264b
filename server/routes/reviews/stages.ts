// A stage of the review's methodology: its guidance, readiness checks, and completing it (with a reason
// when checks have not passed: guidance, not a cage).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { completeStage, findStage, reopenStage, reviewProgress } from '../../services/stages.js'
import { reviewOf } from '../../services/reviews.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { STAGE_STATUS } from '../../views-support/review-labels.js'
import { stageLinks } from '../../views-support/stage-links.js'
import { reviewBreadcrumbs } from './review-pages.js'

type Params = { Params: { reviewId: string; stageKey: string } }

const stageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest<Params>, reply: FastifyReply, values: Record<string, string> = {}, errors: FormErrors = NO_ERRORS) => {
    const { reviewId, stageKey } = request.params
    const review = await reviewOf(ctx, request.inReview())
    const progress = await reviewProgress(ctx, reviewId)
    const stage = findStage(progress.pack, stageKey)
    const status = progress.stages.find((s) => s.key === stageKey)!
    const index = progress.pack.stages.findIndex((s) => s.key === stageKey)
    const ra = request.reviewAccess!
    const next = progress.pack.stages[index + 1]
    return reply.page('pages/reviews/stage', {
      pageTitle: stage.title,
      review,
      stage,
      status,
      statusTag: STAGE_STATUS[status.status],
      number: index + 1,
      checksFailing: status.checks.filter((c) => !c.passed).length,
      links: stageLinks(stageKey, reviewId, (c) => ra.can(c)),
      canComplete: ra.can('stage.complete'),
      isLead: ra.role === 'lead-reviewer',
      nextStage: next ? { key: next.key, title: next.title } : null,
      values,
      errors,
      breadcrumbs: reviewBreadcrumbs(review, stage.title),
    })
  }

  app.get<Params>('/reviews/:reviewId/stages/:stageKey', { config: { access: access.review('review.view') } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/stages/:stageKey/complete', { config: { access: access.review('stage.complete') } }, async (request, reply) => {
    const v = formValues(request)
    const { reviewId, stageKey } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => completeStage(ctx, request.actor(), reviewId, stageKey, request.reviewAccess!.role, v.overrideReason ?? ''),
      rerender: (errors) => page(request, reply, v, errors),
      redirectTo: `/reviews/${reviewId}`,
      flash: (r) => ({ kind: 'success', heading: 'Stage complete', text: r.override ? 'Your reason for moving on is recorded in the audit and will appear in the report’s methodology section.' : undefined }),
    })
  })

  app.post<Params>('/reviews/:reviewId/stages/:stageKey/reopen', { config: { access: access.review('stage.complete') } }, async (request, reply) => {
    const { reviewId, stageKey } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => reopenStage(ctx, request.actor(), reviewId, stageKey),
      rerender: (errors) => page(request, reply, {}, errors),
      redirectTo: `/reviews/${reviewId}/stages/${stageKey}`,
      flash: { kind: 'success', heading: 'Stage reopened' },
    })
  })
}
export default stageRoutes
