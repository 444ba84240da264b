// CSRF: every state-changing page request must carry the session's token, as a form field or a header.
// The API is exempt because it authenticates with bearer tokens, never cookies.
import fp from 'fastify-plugin'
import { timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import { DomainError } from '../errors.js'
import { isApiRequest } from './authentication.js'

export class CsrfRejected extends DomainError {
  readonly status = 403
  readonly code = 'csrf'
  constructor() {
    super('This form has expired or did not come from this service. Go back, refresh the page and try again.')
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function providedToken(request: FastifyRequest): string | null {
  const header = request.headers['x-csrf-token']
  if (typeof header === 'string') return header
  const body = request.body as Record<string, unknown> | null | undefined
  const field = body && typeof body === 'object' ? body._csrf : undefined
  return typeof field === 'string' ? field : null
}

export default fp(
  async (app) => {
    app.addHook('preValidation', async (request) => {
      if (!UNSAFE.has(request.method) || isApiRequest(request)) return
      const expected = request.session?.csrf_token
      const given = providedToken(request)
      if (!expected || !given) throw new CsrfRejected()
      const a = Buffer.from(expected)
      const b = Buffer.from(given)
      if (a.length !== b.length || !timingSafeEqual(a, b)) throw new CsrfRejected()
    })
  },
  { name: 'csrf', dependencies: ['authentication'] },
)
