// Deny by default: every route must declare an access policy, and this hook enforces it before anything else runs.
// Review-scoped routes load the caller's membership once here; non-members get 404 so a review's existence never leaks.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { NOT_FOUND_MESSAGE, NotAuthenticated, NotFound, NotPermitted } from '../errors.js'
import { findReviewStanding } from '../data/review-standing.js'
import { narrowRequestTo } from '../db/partnership-scope.js'
import type { Access } from '../http-types.js'
import type { ServiceContext } from '../services/context.js'
import { reviewViewerOf, viewerOf } from '../services/viewer.js'
import { isApiRequest } from './authentication.js'
import partnershipScope from './partnership-scope.js'

const PASSWORD_CHANGE_PATH = '/account/password'

export class MissingAccessPolicy extends Error {}

/** Every route and its policy, as registered: the permission matrix test enumerates these. */
export interface RegisteredRoute {
  method: string
  url: string
  access: Access
}

/** The 404 message when access is refused: identical to a missing page, so a review's existence never leaks. */
export const ACCESS_NOT_FOUND_MESSAGE = NOT_FOUND_MESSAGE

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[]
  }
}

function hidesReviews(request: FastifyRequest): boolean {
  const url = request.routeOptions.url ?? ''
  return url.startsWith('/reviews') || url.startsWith('/api/v1/reviews')
}

export default fp(
  async (app, opts: { ctx: ServiceContext }) => {
    const { ctx } = opts
    // The request's partnership scope, entered before the hook below, which narrows it to the viewer's partnership.
    await app.register(partnershipScope)
    const registered: RegisteredRoute[] = []
    app.decorate('registeredRoutes', registered)

    app.addHook('onRoute', (route) => {
      // @fastify/static cannot take route config; its files are public by nature.
      if (route.url.startsWith('/assets/') && !(route.config as { access?: Access } | undefined)?.access) {
        route.config = { ...(route.config ?? {}), access: { kind: 'public' } } as typeof route.config
      }
      const policy = (route.config as { access?: Access } | undefined)?.access
      if (!policy) throw new MissingAccessPolicy(`${String(route.method)} ${route.url} has no access policy: add config.access`)
      if (policy.kind === 'review' && !route.url.includes(':reviewId')) {
        throw new MissingAccessPolicy(`${String(route.method)} ${route.url} is review-scoped but has no :reviewId parameter`)
      }
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') registered.push({ method: String(method), url: route.url, access: policy })
      }
    })

    app.addHook('onRequest', async (request, reply) => {
      // Until the viewer is known, no partnership's case rows (row-level security on PostgreSQL): public pages and
      // refusals read none. The caller was identified (authentication.ts, before this) as system work, seeing every
      // partnership: the session and the review standing are read in one query.
      narrowRequestTo(null)
      const policy = request.routeOptions.config.access
      if (!policy) {
        // Only the not-found handler has no policy; it reveals nothing.
        if (request.is404) return
        throw new NotFound(ACCESS_NOT_FOUND_MESSAGE)
      }
      if (policy.kind === 'public') return
      const user = request.user
      if (!user) throw new NotAuthenticated(isApiRequest(request) ? 'A valid API token is required' : undefined)

      // A temporary password must be changed before anything else (pages only; the API has its own tokens).
      if (!isApiRequest(request) && user.must_change_password && request.routeOptions.url !== PASSWORD_CHANGE_PATH && request.routeOptions.url !== '/logout') {
        return reply.redirect(PASSWORD_CHANGE_PATH, 303)
      }

      const viewer = viewerOf({ ...request.actor(), userId: user.id, role: user.role }, user)
      request.viewer = viewer
      narrowRequestTo(viewer.partnershipId)
      if (policy.kind === 'signed-in') return
      if (policy.kind === 'role') {
        if (policy.roles.includes(user.role)) return
        if (user.role === 'national' && hidesReviews(request)) throw new NotFound(ACCESS_NOT_FOUND_MESSAGE)
        throw new NotPermitted()
      }

      const reviewId = (request.params as { reviewId?: string }).reviewId ?? ''
      // One query: the review (only if it is of the caller's partnership), its content version, the caller's membership
      // and names choice. Another partnership's review is missing, exactly as one that does not exist.
      const read = request.standingRead
      const standing = read && read.reviewId === reviewId ? read.standing : await findReviewStanding(ctx.db, reviewId, user.id, viewer.partnershipId)
      if (!standing || (!standing.role && user.role !== 'admin')) throw new NotFound(ACCESS_NOT_FOUND_MESSAGE)
      const inReview = reviewViewerOf(viewer, reviewId, standing, (request.query as Record<string, unknown> | undefined)?.names)
      request.viewer = inReview
      request.reviewViewer = inReview
      request.reviewAccess = inReview
      if (inReview.can(policy.capability)) return
      if (standing.role) throw new NotPermitted()
      throw new NotPermitted('Administrators see a review’s details and members only. Ask the lead reviewer to add you to see more.')
    })
  },
  { name: 'access-control', dependencies: ['authentication'] },
)
