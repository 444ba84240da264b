import type { FastifyPluginAsync } from 'fastify'
import { access } from '../http-types.js'

/** GET /api/v1/openapi.json: the API described, generated from the route schemas. */
const apiMetaRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/openapi.json', { config: { access: access.public } }, async (_request, reply) => reply.send(app.swagger()))
}
export default apiMetaRoutes
