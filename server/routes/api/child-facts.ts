// /api/v1/reviews/:id/child-facts: the child's characteristics, the harm type and the household's risk factors
// that the national return (version 2) carries, in its controlled lists (methodology/national/characteristics.ts).
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { CHILD_FACT_OPTIONS, childFactsFor, saveChildFactsFor, type ChildFacts } from '../../services/review-child-facts.js'
import { errorResponse, reviewErrors, reviewIdParams } from './schemas.js'

const choice = (list: ReadonlyArray<{ key: string }>) => ({ type: 'string', enum: list.map((c) => c.key) })

const facts = {
  type: 'object',
  properties: {
    sex: choice(CHILD_FACT_OPTIONS.sex), ethnicity: choice(CHILD_FACT_OPTIONS.ethnicity), disability: choice(CHILD_FACT_OPTIONS.disability),
    ageBand: choice(CHILD_FACT_OPTIONS.ageBand), lookedAfter: choice(CHILD_FACT_OPTIONS.lookedAfter),
    socialCareStatus: choice(CHILD_FACT_OPTIONS.socialCareStatus), harmType: choice(CHILD_FACT_OPTIONS.harmType),
    riskFactors: { type: 'array', items: choice(CHILD_FACT_OPTIONS.riskFactors) },
    recordedOn: { type: 'string', enum: ['this-review', 'rapid-review', 'not-recorded'] },
  },
} as const

// The body is read as strings and checked by the service, so an unknown category gets the service's message
// naming the field (the same as the page's), not a generic schema error.
const body = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sex: { type: 'string' }, ethnicity: { type: 'string' }, disability: { type: 'string' }, ageBand: { type: 'string' }, lookedAfter: { type: 'string' },
    socialCareStatus: { type: 'string' }, harmType: { type: 'string' }, riskFactors: { type: 'array', items: { type: 'string' } },
  },
} as const

type Body = Partial<Record<'sex' | 'ethnicity' | 'disability' | 'ageBand' | 'lookedAfter' | 'socialCareStatus' | 'harmType', string>> & { riskFactors?: string[] }

const json = (f: ChildFacts) => f

const apiChildFactsRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/child-facts', {
    config: { access: access.review('review.view') },
    schema: {
      summary: 'The child, the harm and the household as recorded for the national return (not-known where not recorded)',
      tags: ['reviews'],
      params: reviewIdParams,
      response: { 200: facts, ...reviewErrors },
    },
  }, async (request) => json(await childFactsFor(ctx, request.inReview())))

  app.put<{ Params: { reviewId: string }; Body: Body }>('/api/v1/reviews/:reviewId/child-facts', {
    config: { access: access.review('review.manage') },
    schema: {
      summary: 'Record the child, the harm and the household (every field; a missing one is not-known). 400 names each wrong field',
      tags: ['reviews'],
      params: reviewIdParams,
      body,
      response: { 200: facts, 400: errorResponse, ...reviewErrors },
    },
  }, async (request) => {
    const b = request.body
    return json(await saveChildFactsFor(ctx, request.actor(), request.params.reviewId, {
      sex: b.sex ?? '', ethnicity: b.ethnicity ?? '', disability: b.disability ?? '', ageBand: b.ageBand ?? '', lookedAfter: b.lookedAfter ?? '',
      socialCareStatus: b.socialCareStatus ?? '', harmType: b.harmType ?? '', riskFactors: b.riskFactors ?? ['not-known'],
    }))
  })
}
export default apiChildFactsRoutes
