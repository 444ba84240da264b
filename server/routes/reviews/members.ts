// Who takes part in a review, in which role. The lead reviewer (or an administrator) manages membership.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { REVIEW_ROLE_LABELS } from '../../../methodology/permissions.js'
import type { ServiceContext } from '../../services/context.js'
import { accreditationStatuses } from '../../services/accreditation.js'
import { addMember, changeMemberRole, membersOf, removeMember, reviewOf } from '../../services/reviews.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewRoleOptions } from '../../views-support/review-labels.js'
import { reviewBreadcrumbs } from './review-pages.js'

type Params = { Params: { reviewId: string } }
type MemberParams = { Params: { reviewId: string; userId: string } }

const memberRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest<Params>, reply: FastifyReply, values: Record<string, string> = {}, errors: FormErrors = NO_ERRORS) => {
    const review = await reviewOf(ctx, request.inReview())
    const [members, accreditation] = await Promise.all([membersOf(ctx, request.inReview()), accreditationStatuses(ctx)])
    const canManage = request.reviewAccess!.can('members.manage')
    return reply.page('pages/reviews/members', {
      pageTitle: 'Members of the review',
      review,
      canManage,
      // An administrator who is not the lead reviewer adds people only with a reason (break-glass).
      needsReason: canManage && request.inReview().role !== 'lead-reviewer',
      members: members.map((m) => ({
        ...m,
        roleLabel: REVIEW_ROLE_LABELS[m.role],
        accreditation: m.role === 'lead-reviewer' ? (accreditation.get(m.user_id) ?? { state: 'none' }) : null,
        isSelf: m.user_id === request.user!.id,
      })),
      roleOptions: reviewRoleOptions(),
      values: { role: 'review-team', ...values },
      errors,
      breadcrumbs: reviewBreadcrumbs(review, 'Members'),
    })
  }

  app.get<Params>('/reviews/:reviewId/members', { config: { access: access.review('review.metadata') } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/members', { config: { access: access.review('members.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addMember(ctx, request.actor(), request.params.reviewId, { email: v.email ?? '', role: v.role ?? '', agency: v.agency ?? '', reason: v.reason ?? '' }),
      rerender: (errors) => page(request, reply, v, errors),
      redirectTo: `/reviews/${request.params.reviewId}/members`,
      flash: { kind: 'success', heading: 'Member added' },
    })
  })

  app.post<MemberParams>('/reviews/:reviewId/members/:userId/role', { config: { access: access.review('members.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => changeMemberRole(ctx, request.actor(), request.params.reviewId, request.params.userId, { role: v.role ?? '', agency: v.agency ?? '' }),
      rerender: (errors) => page(request as unknown as FastifyRequest<Params>, reply, {}, errors),
      redirectTo: `/reviews/${request.params.reviewId}/members`,
      flash: { kind: 'success', heading: 'Role changed' },
    })
  })

  app.post<MemberParams>('/reviews/:reviewId/members/:userId/remove', { config: { access: access.review('members.manage') } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: () => removeMember(ctx, request.actor(), request.params.reviewId, request.params.userId),
      rerender: (errors) => page(request as unknown as FastifyRequest<Params>, reply, {}, errors),
      redirectTo: `/reviews/${request.params.reviewId}/members`,
      flash: { kind: 'success', heading: 'Member removed' },
    }))
}
export default memberRoutes
