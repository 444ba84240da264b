// The home page after sign-in: "my reviews" with where each stands and its deadlines.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { REVIEW_ROLE_LABELS } from '../../../methodology/permissions.js'
import type { ServiceContext } from '../../services/context.js'
import { reviewsFor } from '../../services/reviews.js'
import { reviewProgress } from '../../services/stages.js'
import { CLOCK_STATUS, clockDaysText, methodologyTitle } from '../../views-support/review-labels.js'
import { dashboardAlerts } from '../../services/dashboard-alerts.js'

const dashboardRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/', { config: { access: access.signedIn } }, async (request, reply) => {
    const user = request.user!
    if (user.role === 'national') return reply.redirect('/national', 303)
    const visible = await reviewsFor(ctx, request.viewer!)
    const mine = visible.filter((r) => r.my_role)
    const reviews = await Promise.all(mine.map(async (r) => {
      const progress = await reviewProgress(ctx, r.id)
      const clocks = progress.clocks.filter((c) => c.status !== 'met' && c.status !== 'not-started')
      return {
        id: r.id, title: r.title, subject: r.subject_pseudonym, methodology: methodologyTitle(r.methodology),
        role: r.my_role ? REVIEW_ROLE_LABELS[r.my_role] : '',
        stage: progress.current?.title ?? 'All stages complete',
        clocks: clocks.map((c) => ({ label: c.label, due: c.due, days: clockDaysText(c.daysRemaining), tag: CLOCK_STATUS[c.status], provisional: c.provisional })),
      }
    }))
    const others = visible.filter((r) => !r.my_role)
    return reply.page('pages/reviews/dashboard', {
      pageTitle: 'Your reviews',
      reviews,
      others: others.map((r) => ({ id: r.id, title: r.title, methodology: methodologyTitle(r.methodology), created: r.created_at })),
      canCreate: user.role === 'admin' || user.role === 'reviewer',
      alerts: await dashboardAlerts(ctx, request.viewer!, new Set(visible.map((r) => r.id))),
    })
  })
}
export default dashboardRoutes
