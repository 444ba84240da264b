// /api/v1/typology: the national typology (current or a named version), every version with its crosswalk,
// and publishing a new version (national users).
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { NotFound } from '../../errors.js'
import { CROSSWALK_CHANGES, type TypologyVersion } from '../../../methodology/typology/typology-versions.js'
import { scieAnchor } from '../../../methodology/typology/scie-patterns.js'
import type { ServiceContext } from '../../services/context.js'
import { typologyFor, publishTypologyVersion } from '../../services/typology.js'
import { errorResponse } from './schemas.js'

const codeJson = {
  type: 'object',
  properties: {
    code: { type: 'string' }, label: { type: 'string' },
    parent: { type: ['string', 'null'], description: 'The family code; null for a family' },
    description: { type: 'string' }, examples: { type: 'array', items: { type: 'string' } },
    scie: {
      type: ['object', 'null'],
      description: 'Where the code sits in SCIE’s published typology of underlying patterns (Learning Together, 2008, appendix 6); null where it is not mapped',
      properties: { category: { type: 'integer' }, categoryTitle: { type: 'string' }, subPattern: { type: ['string', 'null'] } },
    },
  },
} as const

const crosswalkJson = {
  type: 'object',
  properties: {
    from: { type: 'string', description: 'A code of the previous version' },
    to: { type: 'array', items: { type: 'string' }, description: 'What it became in this version (empty when retired)' },
    change: { type: 'string', enum: [...CROSSWALK_CHANGES] },
    note: { type: 'string' },
    suggested: { type: 'array', items: { type: 'string' }, description: 'For a retired code: codes of this version to consider when re-tagging (it still counts under its family)' },
  },
} as const

const versionJson = {
  type: 'object',
  properties: {
    version: { type: 'string' }, publishedAt: { type: 'string' },
    codes: { type: 'array', items: codeJson },
    crosswalk: { anyOf: [{ type: 'array', items: crosswalkJson }, { type: 'null' }] },
  },
} as const

function codesBody(v: TypologyVersion) {
  return v.codes.map((c) => ({ ...c, scie: scieAnchor(v.version, c.code) }))
}

function versionBody(v: TypologyVersion) {
  return { version: v.version, publishedAt: v.publishedAt, codes: codesBody(v), crosswalk: v.crosswalk }
}

const apiTypologyRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: { version?: string } }>('/api/v1/typology', {
    config: { access: access.signedIn },
    schema: {
      summary: 'The national typology: the current version (or ?version=) with its codes',
      tags: ['typology'],
      querystring: { type: 'object', properties: { version: { type: 'string' } } },
      response: {
        200: { type: 'object', properties: { version: { type: 'string' }, publishedAt: { type: 'string' }, codes: { type: 'array', items: codeJson } } },
        401: errorResponse, 404: errorResponse,
      },
    },
  }, async (request) => {
    const history = await typologyFor(ctx, request.viewer!)
    const wanted = request.query.version
    const version = wanted === undefined ? history.current : history.versions.find((v) => v.version === wanted)
    if (!version) throw new NotFound(`There is no typology version ${wanted}`)
    return { version: version.version, publishedAt: version.publishedAt, codes: codesBody(version) }
  })

  app.get('/api/v1/typology/versions', {
    config: { access: access.signedIn },
    schema: {
      summary: 'Every published typology version, oldest first, each with the crosswalk from the one before',
      tags: ['typology'],
      response: { 200: { type: 'object', properties: { versions: { type: 'array', items: versionJson } } }, 401: errorResponse },
    },
  }, async (request) => ({ versions: (await typologyFor(ctx, request.viewer!)).versions.map(versionBody) }))

  app.post('/api/v1/typology/versions', {
    config: { access: access.roles('national') },
    schema: {
      summary: 'Publish a new typology version with a crosswalk from the current one (national users)',
      tags: ['typology'],
      body: {
        type: 'object',
        required: ['version', 'publishedAt', 'codes', 'crosswalk'],
        properties: {
          version: { type: 'string' }, publishedAt: { type: 'string' },
          codes: { type: 'array', items: { type: 'object' } },
          crosswalk: { type: 'array', items: { type: 'object' } },
        },
      },
      response: { 201: versionJson, 400: errorResponse, 401: errorResponse, 403: errorResponse },
    },
  }, async (request, reply) => {
    const version = await publishTypologyVersion(ctx, request.actor(), request.body)
    return reply.code(201).send(versionBody(version))
  })
}
export default apiTypologyRoutes
