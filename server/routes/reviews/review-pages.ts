// Setting up a review, its overview (task list of stages, deadlines) and its details.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { REVIEW_ROLE_LABELS } from '../../../methodology/permissions.js'
import type { ServiceContext } from '../../services/context.js'
import { createReview, membersOf, reviewOf, updateReviewDetails } from '../../services/reviews.js'
import { reviewProgress } from '../../services/stages.js'
import { linkedReviews } from '../../services/rapid-review.js'
import { handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { formatLocalDate } from '../../views-support/handlebars.js'
import { ageBandLabel, CLOCK_STATUS, clockDaysText, harmLabel, methodologyTitle, PROVISIONAL_CLOCK_NOTE, STAGE_STATUS } from '../../views-support/review-labels.js'
import { readReviewForm, reviewFormOptions, reviewFormValues } from './review-form.js'
import type { Review } from '../../data/schema.js'

type ReviewParams = { Params: { reviewId: string } }

export function reviewBreadcrumbs(review: Pick<Review, 'id' | 'title'>, here?: string) {
  return [{ text: 'Your reviews', href: '/' }, { text: review.title, href: here ? `/reviews/${review.id}` : undefined }, ...(here ? [{ text: here }] : [])]
}

const reviewPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const newPage = (reply: FastifyReply, values: Record<string, unknown>, errors: FormErrors) =>
    reply.page('pages/reviews/new', { pageTitle: 'Set up a review', values, errors, ...reviewFormOptions(), backLink: '/' })

  app.get('/reviews/new', { config: { access: access.roles('admin', 'reviewer') } }, async (_request, reply) => newPage(reply, reviewFormValues(null), NO_ERRORS))

  app.post('/reviews/new', { config: { access: access.roles('admin', 'reviewer') } }, async (request, reply) => {
    const { input, raw } = readReviewForm(request)
    return handleFormPost(ctx, request, reply, {
      run: () => createReview(ctx, request.actor(), input),
      rerender: (errors) => newPage(reply, reviewFormValues({ raw }), errors),
      redirectTo: (review) => `/reviews/${review.id}`,
      flash: { kind: 'success', heading: 'Review set up', text: 'You are its lead reviewer. Start with scoping: the research questions and who takes part.' },
    })
  })

  app.get<ReviewParams>('/reviews/:reviewId', { config: { access: access.review('review.metadata') } }, async (request, reply) => {
    const reviewId = request.params.reviewId
    const review = await reviewOf(ctx, request.inReview())
    const ra = request.reviewAccess!
    const canView = ra.can('review.view')
    const progress = await reviewProgress(ctx, reviewId)
    const members = await membersOf(ctx, request.inReview())
    const leads = members.filter((m) => m.role === 'lead-reviewer').map((m) => m.name)
    const linked = await linkedReviews(ctx, request.inReview())
    return reply.page('pages/reviews/overview', {
      linked,
      pageTitle: review.title,
      review,
      myRole: ra.role ? REVIEW_ROLE_LABELS[ra.role] : 'Administrator (not a member)',
      canView,
      canManage: ra.can('review.manage'),
      summary: [
        { key: 'Child', value: review.subject_pseudonym },
        { key: 'Safeguarding partnership', value: review.board_name },
        { key: 'Methodology', value: methodologyTitle(review.methodology) },
        { key: 'Review period', value: `${formatLocalDate(review.period_from)} to ${formatLocalDate(review.period_to)}` },
        { key: 'Incident', value: formatLocalDate(review.incident_date) || null },
        { key: 'Notified', value: formatLocalDate(review.notification_date) || null },
        { key: 'Decision to review', value: formatLocalDate(review.decision_date) || null },
        { key: 'Region', value: review.region },
        { key: 'Age band', value: ageBandLabel(review.child_age_band) },
        { key: 'What happened', value: harmLabel(review.harm_category) },
        { key: 'Lead reviewer', value: leads.join(', ') },
        { key: 'Board link person', value: review.board_link_name ? `${review.board_link_name}${review.board_link_role ? `, ${review.board_link_role}` : ''}` : null },
      ],
      clocks: progress.clocks.map((c) => ({ ...c, tag: CLOCK_STATUS[c.status], days: clockDaysText(c.daysRemaining) })),
      clocksProblem: progress.clocksProblem,
      provisionalNote: PROVISIONAL_CLOCK_NOTE,
      stages: progress.stages.map((s, i) => ({
        id: `stage-${s.key}`,
        title: `${i + 1}. ${s.title}`,
        href: canView ? `/reviews/${reviewId}/stages/${s.key}` : null,
        status: STAGE_STATUS[s.status].text,
        tagColour: STAGE_STATUS[s.status].colour,
        hint: s.override ? 'Completed with checks not passed: reason recorded' : null,
      })),
      packTitle: progress.pack.title,
      packSummary: progress.pack.summary,
      breadcrumbs: reviewBreadcrumbs(review),
    })
  })

  const detailsPage = (reply: FastifyReply, review: Review, values: Record<string, unknown>, errors: FormErrors) =>
    reply.page('pages/reviews/details', { pageTitle: 'Review details', review, values, errors, ...reviewFormOptions(), breadcrumbs: reviewBreadcrumbs(review, 'Details') })

  app.get<ReviewParams>('/reviews/:reviewId/details', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const review = await reviewOf(ctx, request.inReview())
    return detailsPage(reply, review, reviewFormValues({ review }), NO_ERRORS)
  })

  app.post<ReviewParams>('/reviews/:reviewId/details', { config: { access: access.review('review.manage') } }, async (request: FastifyRequest<ReviewParams>, reply) => {
    const review = await reviewOf(ctx, request.inReview())
    const { input, raw } = readReviewForm(request)
    return handleFormPost(ctx, request, reply, {
      run: () => updateReviewDetails(ctx, request.actor(), review.id, { ...input, methodology: input.methodology || review.methodology }),
      rerender: (errors) => detailsPage(reply, review, reviewFormValues({ raw }), errors),
      redirectTo: `/reviews/${review.id}`,
      flash: { kind: 'success', heading: 'Review details saved' },
    })
  })
}
export default reviewPageRoutes
