import type { FastifyPluginAsync } from 'fastify'
import { access } from '../http-types.js'
import type { ServiceContext } from '../services/context.js'
import { databaseCheck, type RawDatabase } from '../services/health.js'

export type { RawDatabase } from '../services/health.js'

/** Liveness and readiness: 200 once the database is open and migrated (see services/health.ts for the raw handle). */
const healthRoutes: FastifyPluginAsync<{ ctx: ServiceContext; sqlite?: RawDatabase | undefined }> = async (app, { ctx, sqlite }) => {
  const databaseAnswers = databaseCheck(ctx, sqlite)
  app.get('/health', { config: { access: access.public }, schema: { hide: true } }, async (_request, reply) => {
    await databaseAnswers()
    return reply.send({ status: 'ok' })
  })
}
export default healthRoutes
