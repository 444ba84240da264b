// One place maps every error to a response: GOV.UK pages for people, {error, message, details} for the API.
// 5xx responses carry a reference (the request id) and never a stack trace.
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, NOT_FOUND_MESSAGE, type ErrorDetail } from '../errors.js'
import { isApiRequest } from './authentication.js'

export function wantsJson(request: FastifyRequest): boolean {
  if (isApiRequest(request)) return true
  const accept = request.headers.accept ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

interface Mapped {
  status: number
  code: string
  message: string
  details: ErrorDetail[]
}

function mapError(error: FastifyError | DomainError | Error): Mapped {
  if (error instanceof DomainError) return { status: error.status, code: error.code, message: error.message, details: error.details }
  const fe = error as FastifyError
  if (fe.validation) {
    const details = fe.validation.map((v) => ({
      path: (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || String((v.params as { missingProperty?: string })?.missingProperty ?? 'body'),
      message: v.message ?? 'is not valid',
    }))
    return { status: 400, code: 'bad-input', message: 'The request is not valid', details }
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, code: 'too-large', message: 'The request or file is too large', details: [] }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported-media-type', message: 'This content type is not accepted here', details: [] }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'malformed-json', message: 'The request body is not valid JSON', details: [] }
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { status: 413, code: 'too-many-parts', message: 'The upload has too many files or fields', details: [] }
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { status: 400, code: 'bad-input', message: 'Send the upload as multipart/form-data', details: [] }
  }
  if (error instanceof SyntaxError && fe.statusCode === 400) {
    return { status: 400, code: 'malformed-json', message: 'The request body is not valid JSON', details: [] }
  }
  if (fe.statusCode === 429) return { status: 429, code: 'rate-limited', message: 'Too many requests. Wait a minute and try again.', details: [] }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'bad-request', message: 'The request could not be understood', details: [] }
  }
  return { status: 500, code: 'internal-error', message: 'Sorry, there is a problem with the service', details: [] }
}

const TITLES: Record<number, string> = {
  400: 'There is a problem',
  401: 'Sign in to continue',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  409: 'This cannot be done yet',
  413: 'The file or form is too large',
  415: 'This type of content is not accepted',
  429: 'Too many requests',
  500: 'Sorry, there is a problem with the service',
}

export async function sendError(request: FastifyRequest, reply: FastifyReply, mapped: Mapped): Promise<FastifyReply> {
  const reference = mapped.status >= 500 ? request.id : null
  reply.header('cache-control', 'no-store')
  if (wantsJson(request) || !reply.server.hasReplyDecorator('page')) {
    return reply.code(mapped.status).type('application/json').send({
      error: mapped.code, message: mapped.message, details: mapped.details, ...(reference ? { reference } : {}),
    })
  }
  return reply.code(mapped.status).page('pages/error', {
    pageTitle: TITLES[mapped.status] ?? TITLES[500],
    status: mapped.status,
    message: mapped.message,
    details: mapped.details,
    reference,
  })
}

export default fp(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const mapped = mapError(error)
      if (mapped.status >= 500) {
        // The message and stack of our own code only: no request body, no case content.
        request.log.error({ err: { type: error.name, message: error.message, stack: error.stack, code: error.code } }, 'request failed')
      } else if (mapped.status !== 404) {
        request.log.info({ status: mapped.status, code: mapped.code }, 'request refused')
      }
      // Sign-in needed on a page: send people to the sign-in page and back again afterwards.
      if (mapped.status === 401 && !wantsJson(request)) {
        const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : ''
        const expired = request.sessionState === 'expired' ? (next ? '&' : '?') + 'expired=1' : ''
        return reply.header('cache-control', 'no-store').redirect(`/login${next}${expired}`, 303)
      }
      return sendError(request, reply, mapped)
    })
    app.setNotFoundHandler(async (request, reply) =>
      sendError(request, reply, { status: 404, code: 'not-found', message: NOT_FOUND_MESSAGE, details: [] }))
  },
  { name: 'error-handling' },
)
