import type { FastifyPluginAsync } from 'fastify'
import { access } from '../http-types.js'
import type { ServiceContext } from '../services/context.js'
import { databaseCheck, type DatabaseProbe } from '../services/health.js'

export type { DatabaseProbe } from '../services/health.js'

/**
 * Liveness and readiness: 200 once the database is open, migrated and answering, with the engine in use
 * ({"status":"ok","database":{"engine":"sqlite","answers":true}}); 503 with answers false when it does not answer.
 */
const healthRoutes: FastifyPluginAsync<{ ctx: ServiceContext; database?: DatabaseProbe | undefined }> = async (app, { ctx, database }) => {
  const check = databaseCheck(ctx, database)
  app.get('/health', { config: { access: access.public }, schema: { hide: true } }, async (_request, reply) => {
    const health = await check()
    return reply.code(health.answers ? 200 : 503).send({ status: health.answers ? 'ok' : 'unavailable', database: health })
  })
}
export default healthRoutes
