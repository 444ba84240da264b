// Who is calling: a session cookie for pages, a bearer token for /api/v1. Nothing here decides what they may do.
import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServiceContext, Actor } from '../services/context.js'
import { resolveSession, startAnonymousSession, type IssuedSession } from '../services/sessions.js'
import { authenticateApiToken } from '../services/api-tokens.js'

export const SESSION_COOKIE = 'cwl_session'

/**
 * Whether the request is for the JSON API. Decided on the path the router matched (or, for an unknown address, the
 * decoded path), never the raw URL: "/%61pi/v1/..." reaches the same API routes as "/api/v1/..." and must be treated alike.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  return isApiPath(request.routeOptions.url ?? decodedPath(request.url))
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/')
}

function decodedPath(url: string): string {
  const path = url.split('?', 1)[0]!
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

export function setSessionCookie(reply: FastifyReply, issued: IssuedSession, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, issued.token, {
    path: '/', httpOnly: true, sameSite: 'lax', secure: secure ? true : 'auto',
    expires: new Date(issued.session.expires_at),
  })
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
}

/** Pages that show a form to an anonymous visitor (sign-in) need a session to hold the CSRF token. */
export async function ensureSession(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) return
  const issued = await startAnonymousSession(ctx)
  request.session = issued.session
  setSessionCookie(reply, issued, ctx.config.trustProxy)
}

export default fp(
  async (app, opts: { ctx: ServiceContext }) => {
    const { ctx } = opts
    await app.register(cookie)
    app.decorateRequest('user', null)
    app.decorateRequest('session', null)
    app.decorateRequest('sessionState', 'none')
    app.decorateRequest('authVia', null)
    app.decorateRequest('reviewAccess', null)
    app.decorateRequest('standingRead', null)
    app.decorateRequest('viewer', null)
    app.decorateRequest('reviewViewer', null)
    app.decorateRequest('inReview', function (this: FastifyRequest) {
      if (!this.reviewViewer) throw new Error(`${this.routeOptions.url ?? ''} is not review-scoped: it has no review viewer`)
      return this.reviewViewer
    })
    app.decorateRequest('tempFiles', null as unknown as string[])
    app.decorateRequest('actor', function (this: FastifyRequest): Actor {
      const user = this.user
      return user
        ? { userId: user.id, role: user.role, name: user.name, via: this.authVia ?? 'session', requestId: this.id }
        : { userId: null, role: null, name: 'anonymous', via: 'system', requestId: this.id }
    })

    app.addHook('onRequest', async (request) => {
      request.tempFiles = []
      if (request.url.startsWith('/assets/') || request.url === '/health') return
      if (isApiRequest(request)) {
        // The API accepts bearer tokens only: a browser's cookie must never authorise an API call.
        const header = request.headers.authorization
        const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null
        if (!match?.[1]) return
        const found = await authenticateApiToken(ctx, match[1])
        if (found) {
          request.user = found.user
          request.authVia = 'token'
          request.log = request.log.child({ userId: found.user.id, via: 'token' })
        }
        return
      }
      // A review-scoped route's standing is read with the session (one query); access control uses it.
      const reviewId = request.routeOptions.config.access?.kind === 'review' ? ((request.params as { reviewId?: string }).reviewId ?? '') : null
      const resolved = await resolveSession(ctx, request.cookies[SESSION_COOKIE], reviewId)
      request.sessionState = resolved.state
      if (resolved.state !== 'active') return
      request.session = resolved.session
      const user = resolved.user
      if (user && !user.disabled_at) {
        request.user = user
        request.authVia = 'session'
        request.log = request.log.child({ userId: user.id })
        if (reviewId !== null) request.standingRead = { reviewId, standing: resolved.standing }
      }
    })
  },
  { name: 'authentication', dependencies: ['error-handling'] },
)
