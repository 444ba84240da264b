// The feature areas' routes, one line each. Each area is an encapsulated plugin in routes/<area>/.
import type { FastifyInstance } from 'fastify'
import type { ServiceContext } from '../services/context.js'
import dashboardRoutes from './reviews/dashboard.js'
import reviewPageRoutes from './reviews/review-pages.js'
import memberRoutes from './reviews/members.js'
import scopeRoutes from './reviews/scope.js'
import stageRoutes from './reviews/stages.js'
import rapidReviewRoutes from './reviews/rapid-review.js'
import apiReviewRoutes from './api/reviews.js'

export async function registerAreaRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  // Reviews, members and methodology stages (issue 4)
  await app.register(dashboardRoutes, { ctx })
  await app.register(reviewPageRoutes, { ctx })
  await app.register(memberRoutes, { ctx })
  await app.register(scopeRoutes, { ctx })
  await app.register(stageRoutes, { ctx })
  await app.register(rapidReviewRoutes, { ctx })
  await app.register(apiReviewRoutes, { ctx })
}
