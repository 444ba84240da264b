// /api/v1/partnerships: the safeguarding partnerships of a hosted instance (issue 14), for administrators. The
// instance administrator lists every partnership and reads one with its administrators; a partnership's
// administrator sees their own only. Each review's JSON names its partnership (partnershipId).
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { partnershipFor, partnershipsOfAdmin } from '../../services/partnerships.js'
import type { Partnership } from '../../data/partnerships.js'
import { errorResponse } from './schemas.js'

const partnershipSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'string' } },
} as const

function partnershipJson(p: Partnership) {
  return { id: p.id, name: p.name, createdAt: p.created_at }
}

const apiPartnershipRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/api/v1/partnerships', {
    config: { access: access.roles('admin') },
    schema: {
      summary: 'The partnerships an administrator may name: every one for the instance administrator, their own for a partnership’s administrator',
      tags: ['partnerships'],
      response: { 200: { type: 'object', properties: { partnerships: { type: 'array', items: partnershipSchema } } }, 401: errorResponse, 403: errorResponse },
    },
  }, async (request) => ({ partnerships: (await partnershipsOfAdmin(ctx, request.viewer!)).map(partnershipJson) }))

  app.get<{ Params: { partnershipId: string } }>('/api/v1/partnerships/:partnershipId', {
    config: { access: access.roles('admin') },
    schema: {
      summary: 'One partnership with its administrators (instance administrator only)',
      tags: ['partnerships'],
      params: { type: 'object', properties: { partnershipId: { type: 'string', maxLength: 200 } }, required: ['partnershipId'] },
      response: {
        200: {
          type: 'object',
          properties: {
            ...partnershipSchema.properties,
            admins: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, disabled: { type: 'boolean' } } } },
          },
        },
        401: errorResponse, 403: errorResponse, 404: errorResponse,
      },
    },
  }, async (request) => {
    const { partnership, admins } = await partnershipFor(ctx, request.viewer!, request.params.partnershipId)
    return { ...partnershipJson(partnership), admins: admins.map((a) => ({ id: a.id, name: a.name, email: a.email, disabled: a.disabled_at !== null })) }
  })
}

export default apiPartnershipRoutes
