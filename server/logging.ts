// Logs carry the request id, user id, method and route pattern: never bodies, query strings, cookies or tokens.
import type { FastifyServerOptions } from 'fastify'

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.body', 'body', '*.password', '*.token'],
      censor: '[redacted]',
    },
    serializers: {
      req(request: { method: string; url: string; routeOptions?: { url?: string }; id: string }) {
        // The route pattern (/reviews/:reviewId/chronology), not the URL: search terms in a query string can identify people.
        return { id: request.id, method: request.method, route: request.routeOptions?.url ?? request.url.split('?')[0] }
      },
      res(reply: { statusCode: number }) {
        return { statusCode: reply.statusCode }
      },
    },
  }
}
