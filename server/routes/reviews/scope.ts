// Scoping: the scope statement, research questions, the board's link person and family involvement.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { addResearchQuestion, editResearchQuestion, removeResearchQuestion, researchQuestionsOf, reviewOf, updateJointWorking } from '../../services/reviews.js'
import { dateInputValues, dateValue } from '../../services/form-dates.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from './review-pages.js'

type Params = { Params: { reviewId: string } }
type QuestionParams = { Params: { reviewId: string; questionId: string } }

const scopeRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { values?: Record<string, string>; errors?: FormErrors; questionErrors?: FormErrors } = {}) => {
    const review = await reviewOf(ctx, request.inReview())
    const questions = await researchQuestionsOf(ctx, request.inReview())
    return reply.page('pages/reviews/scope', {
      pageTitle: 'Scope and research questions',
      review,
      questions,
      canManage: request.reviewAccess!.can('review.manage'),
      values: extra.values ?? {
        scope: review.scope ?? '', boardLinkName: review.board_link_name ?? '', boardLinkRole: review.board_link_role ?? '',
        familyInvitedOn: review.family_invited_on ?? '', familyViews: review.family_views ?? '',
      },
      familyInvitedOnParts: dateInputValues(extra.values ?? { familyInvitedOn: review.family_invited_on ?? '' }, 'familyInvitedOn'),
      errors: extra.errors ?? NO_ERRORS,
      questionErrors: extra.questionErrors ?? NO_ERRORS,
      breadcrumbs: reviewBreadcrumbs(review, 'Scope'),
    })
  }

  app.get<Params>('/reviews/:reviewId/scope', { config: { access: access.review('review.view') } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/scope', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => updateJointWorking(ctx, request.actor(), request.params.reviewId, {
        scope: v.scope ?? '', boardLinkName: v.boardLinkName ?? '', boardLinkRole: v.boardLinkRole ?? '', familyInvitedOn: dateValue(v, 'familyInvitedOn'), familyViews: v.familyViews ?? '',
      }),
      rerender: (errors) => page(request, reply, { values: v, errors }),
      redirectTo: `/reviews/${request.params.reviewId}/scope`,
      flash: { kind: 'success', heading: 'Scope saved' },
    })
  })

  app.post<Params>('/reviews/:reviewId/questions', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addResearchQuestion(ctx, request.actor(), request.params.reviewId, v.question ?? ''),
      rerender: (questionErrors) => page(request, reply, { questionErrors }),
      redirectTo: `/reviews/${request.params.reviewId}/scope#questions`,
      flash: { kind: 'success', heading: 'Research question added' },
    })
  })

  app.post<QuestionParams>('/reviews/:reviewId/questions/:questionId', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => editResearchQuestion(ctx, request.actor(), request.params.reviewId, request.params.questionId, v.question ?? ''),
      rerender: (questionErrors) => page(request, reply, { questionErrors }),
      redirectTo: `/reviews/${request.params.reviewId}/scope#questions`,
      flash: { kind: 'success', heading: 'Research question changed' },
    })
  })

  app.post<QuestionParams>('/reviews/:reviewId/questions/:questionId/remove', { config: { access: access.review('review.manage') } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: () => removeResearchQuestion(ctx, request.actor(), request.params.reviewId, request.params.questionId),
      rerender: (questionErrors) => page(request, reply, { questionErrors }),
      redirectTo: `/reviews/${request.params.reviewId}/scope#questions`,
      flash: { kind: 'success', heading: 'Research question removed' },
    }))
}
export default scopeRoutes
