// /api/v1/reviews/:reviewId/map: the causal why-map as JSON, saved with optimistic concurrency (If-Match), and
// its checks. Shapes follow ../shared/api-contract.md; kinds and levels are listed in the schemas below.
import type { FastifyPluginAsync } from 'fastify'
import { EDGE_STRENGTHS, EDGE_TYPES, EVIDENCE_TYPES, MAP_LEVELS, NODE_KINDS, COUNTERFACTUAL_ANSWERS } from '../../../methodology/map/map-model.js'
import { MAP_CHECK_SEVERITY } from '../../../methodology/map/map-checks.js'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { mapBytesFor, mapChecksFor, saveMap } from '../../services/causal-map.js'
import { baseVersionOf, checkParsedMapSize, mapBodyOptions } from '../analysis/map-body.js'
import { errorResponse, reviewErrors, reviewIdParams } from './schemas.js'

const idList = { type: 'array', items: { type: 'string' } } as const

export const mapNodeSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['id', 'kind', 'label', 'level'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: [...NODE_KINDS], description: 'outcome is a practice outcome the map explains; harm is the harm to the child, kept apart (a link into it is a check warning)' },
    label: { type: 'string', description: 'Plain text; never interpreted as HTML' },
    level: { type: 'string', enum: [...MAP_LEVELS], description: 'System level, top-down' },
    description: { type: ['string', 'null'] },
    eventIds: { ...idList, description: 'Chronology events the node stands for' },
    kpeIds: { ...idList, description: 'Key practice episodes the node relates to' },
    factorIds: { ...idList, description: 'Contributory factors the node stands for' },
    x: { type: ['number', 'null'], description: 'Saved position in the editor (node centre)' },
    y: { type: ['number', 'null'] },
  },
} as const

export const mapEdgeSchema = {
  type: 'object',
  additionalProperties: true,
  required: ['id', 'source', 'target'],
  properties: {
    id: { type: 'string' },
    source: { type: 'string', description: 'The cause: a node id' },
    target: { type: 'string', description: 'The effect: a node id' },
    label: { type: ['string', 'null'] },
    evidence: {
      type: 'array',
      items: { type: 'object', required: ['type', 'id'], properties: { type: { type: 'string', enum: [...EVIDENCE_TYPES] }, id: { type: 'string' } } },
    },
    counterfactual: {
      anyOf: [
        {
          type: 'object',
          required: ['answer'],
          description: 'Had the cause not been present, would the effect still have happened?',
          properties: { answer: { type: 'string', enum: [...COUNTERFACTUAL_ANSWERS] }, note: { type: ['string', 'null'] } },
        },
        { type: 'null' },
      ],
    },
    strength: { type: ['string', 'null'], enum: [...EDGE_STRENGTHS, null] },
    type: { type: 'string', enum: [...EDGE_TYPES], default: 'causal', description: 'causal reads from cause to effect; feedback closes a self-reinforcing loop (a map with a loop of causal links is refused with 400 causal-loop, each loop named link by link; a feedback link is only a check warning)' },
  },
} as const

const mapDocumentSchema = {
  type: 'object',
  required: ['nodes', 'edges'],
  properties: { nodes: { type: 'array', items: mapNodeSchema }, edges: { type: 'array', items: mapEdgeSchema } },
} as const

export const storedMapSchema = {
  type: 'object',
  required: ['version', 'nodes', 'edges'],
  properties: { version: { type: 'integer', description: 'Send it back in If-Match when saving' }, ...mapDocumentSchema.properties },
} as const

export const mapChecksSchema = {
  type: 'object',
  properties: {
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: Object.keys(MAP_CHECK_SEVERITY) },
          severity: { type: 'string', enum: ['error', 'warning', 'info'] },
          message: { type: 'string' },
          nodeIds: idList,
          edgeIds: idList,
        },
      },
    },
  },
} as const

const apiCausalMapRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/map', {
    config: { access: access.review('analysis.view') },
    schema: {
      summary: 'The causal why-map: its version, nodes and edges',
      tags: ['causal map'],
      params: reviewIdParams,
      response: { 200: storedMapSchema, ...reviewErrors },
    },
  }, async (request, reply) => {
    // Written by this route's own response schema, once per map version and name form (the service keeps it).
    const answer = await mapBytesFor(ctx, request.inReview(), (stored) => reply.serialize({ version: stored.version, ...stored.map }) as string)
    return reply.header('etag', `"${answer.version}"`).type('application/json; charset=utf-8').send(answer.bytes)
  })

  app.put<{ Params: { reviewId: string }; Body: unknown }>('/api/v1/reviews/:reviewId/map', {
    config: { access: access.review('analysis.edit'), largeBody: true },
    ...mapBodyOptions,
    schema: {
      summary: 'Replace the causal map. Send If-Match with the version you read; a stale version gets 409, an invalid map 400 with details (a loop of causal links: error causal-loop, a detail per loop at the closing link naming every link in it), and nothing is saved.',
      tags: ['causal map'],
      params: reviewIdParams,
      headers: { type: 'object', properties: { 'if-match': { type: 'string', description: 'The version the change was made to, e.g. "3" (0 when no map is saved yet)' } } },
      body: mapDocumentSchema,
      response: { 200: storedMapSchema, 400: errorResponse, 409: errorResponse, ...reviewErrors },
    },
    // The schema documents the shape; validateMapDocument checks it, listing every problem by path.
    validatorCompiler: () => () => true,
  }, async (request, reply) => {
    checkParsedMapSize(request)
    const saved = await saveMap(ctx, request.actor(), request.params.reviewId, baseVersionOf(request), request.body, 'api')
    reply.header('etag', `"${saved.version}"`)
    return { version: saved.version, ...saved.map }
  })

  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/map/checks', {
    config: { access: access.review('analysis.view') },
    schema: {
      summary: 'Quality checks on the causal map: cycles, links without evidence or a counterfactual answer, orphan nodes, and more',
      tags: ['causal map'],
      params: reviewIdParams,
      response: { 200: mapChecksSchema, ...reviewErrors },
    },
  }, async (request) => ({ issues: await mapChecksFor(ctx, request.inReview()) }))
}
export default apiCausalMapRoutes
