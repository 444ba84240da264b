// Each request's database work runs in a partnership scope of its own (server/db/partnership-scope.ts): PostgreSQL's
// row-level security then shows it only its partnership's case rows once access control (which registers this
// plugin just before its own hook) has narrowed it to the viewer's.
//
// The scope is entered in onRequest and the request's chain continues inside it. Node emits a request body's
// events in the socket's async context, not this one, so Fastify's later steps (validation, the handler) would run
// outside it after a body has been read: preValidation re-enters it, as @fastify/request-context does.
import { AsyncResource } from 'node:async_hooks'
import fp from 'fastify-plugin'
import { inRequestScope } from '../db/partnership-scope.js'

declare module 'fastify' {
  interface FastifyRequest {
    partnershipScope: AsyncResource | null
  }
}

export default fp(
  async (app) => {
    app.decorateRequest('partnershipScope', null)
    app.addHook('onRequest', (request, _reply, done) => {
      inRequestScope(() => {
        const scope = new AsyncResource('casework-partnership-scope')
        request.partnershipScope = scope
        scope.runInAsyncScope(done, request.raw)
      })
    })
    app.addHook('preValidation', (request, _reply, done) => {
      const scope = request.partnershipScope
      if (scope) scope.runInAsyncScope(done, request.raw)
      else done()
    })
  },
  { name: 'partnership-scope' },
)
