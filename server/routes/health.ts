import type { FastifyPluginAsync } from 'fastify'
import { access } from '../http-types.js'
import type { ServiceContext } from '../services/context.js'
import { databaseAnswers } from '../services/health.js'

/** Liveness and readiness: 200 once the database is open and migrated. */
const healthRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/health', { config: { access: access.public }, schema: { hide: true } }, async (_request, reply) => {
    await databaseAnswers(ctx)
    return reply.send({ status: 'ok' })
  })
}
export default healthRoutes
