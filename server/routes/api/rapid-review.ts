// /api/v1/reviews/:reviewId/rapid-review: the rapid review for the Child Safeguarding Practice Review Panel as
// JSON (GET, PUT whole with an optional If-Match version) and as a Panel-ready file (export). Shapes follow
// ../shared/api-contract.md; the schema checks types (400 naming the field), the service the rules between fields.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { DECISIONS, LCSPR_CRITERIA, PARTNERS } from '../../../methodology/rapid-review/rapid-review-record.js'
import { access } from '../../http-types.js'
import { BadInput } from '../../errors.js'
import type { ServiceContext } from '../../services/context.js'
import { saveRapidReview, viewRapidReview, type RapidReviewView } from '../../services/rapid-review.js'
import { exportRapidReview, RAPID_REVIEW_FORMATS, readRapidReviewFormat } from '../../services/rapid-review-export.js'
import { sendDownload } from '../file-download.js'
import { startLocalReview } from '../../services/local-review-start.js'
import { errorResponse, nullableIsoDate, reviewErrors, reviewIdParams } from './schemas.js'

const text = { type: 'string' } as const
const nullableText = { type: ['string', 'null'] } as const

export const factsSchema = {
  type: 'object',
  description: 'The facts, structured. Sent as `facts` itself, or as `factsDetail` beside a text `facts`.',
  properties: {
    child: { ...nullableText, description: 'The child: pseudonym, age, who they lived with' },
    household: { ...nullableText, description: 'Adults and other children in the household' },
    agencies: { type: 'array', items: text, description: 'Agencies involved with the child and family' },
    incident: { ...nullableText, description: 'What happened, as far as it is known' },
    incidentDate: nullableIsoDate,
    becameAware: { ...nullableIsoDate, description: 'When the safeguarding partnership became aware of the incident: the notification and rapid review clocks start here' },
  },
} as const

const rapidReviewBody = {
  type: 'object',
  properties: {
    facts: { anyOf: [{ ...nullableText, description: 'The account of the incident' }, factsSchema] },
    factsDetail: factsSchema,
    immediateSafeguarding: {
      type: 'array',
      description: 'Action to keep the child and any siblings or other children safe',
      items: {
        type: 'object',
        required: ['action'],
        properties: {
          action: { ...text, description: 'What was done or is to be done' },
          for: { ...nullableText, description: 'Whom it protects: the child, a sibling, other children' },
          by: { ...nullableText, description: 'Who is responsible' },
          date: nullableIsoDate,
          done: { type: ['boolean', 'null'] },
        },
      },
    },
    learning: { type: 'object', properties: { goodPractice: nullableText, toImprove: nullableText } },
    criteria: {
      type: 'array',
      description: 'The criteria for a local child safeguarding practice review, each considered on its own',
      items: {
        type: 'object',
        required: ['criterion'],
        properties: {
          criterion: { ...text, description: 'A key from `criteriaList` in the GET response, or the partners’ own wording' },
          met: { type: ['boolean', 'null'], description: 'null while not yet known' },
          note: nullableText,
        },
      },
    },
    decision: { type: ['string', 'null'], enum: [...DECISIONS, null] },
    decisionReasons: nullableText,
    decisionDate: nullableIsoDate,
    draftQuestions: { type: 'array', items: text, description: 'Questions a local review would start from; carried over as its draft research questions' },
    signOff: {
      type: 'array',
      description: 'One sign-off per safeguarding partner',
      items: {
        type: 'object',
        required: ['partner', 'name', 'role', 'date'],
        properties: { partner: { type: 'string', enum: [...PARTNERS] }, name: text, role: text, date: { type: 'string', description: 'A date, YYYY-MM-DD' } },
      },
    },
    sentToPanel: nullableIsoDate,
    panelResponse: {
      anyOf: [{ type: 'object', required: ['date', 'text'], properties: { date: { type: 'string', description: 'A date, YYYY-MM-DD' }, text } }, { type: 'null' }],
    },
  },
} as const

export const rapidReviewResponse = {
  type: 'object',
  properties: {
    reviewId: text,
    version: { type: 'integer', description: 'Send it back in If-Match when saving (0 while nothing is saved)' },
    facts: { ...text, description: 'The account of the incident (the structure is in factsDetail)' },
    factsDetail: factsSchema,
    immediateSafeguarding: rapidReviewBody.properties.immediateSafeguarding,
    learning: rapidReviewBody.properties.learning,
    criteria: rapidReviewBody.properties.criteria,
    criteriaList: { type: 'array', items: { type: 'object', properties: { key: text, text } }, description: 'The standard criteria, by key' },
    decision: rapidReviewBody.properties.decision,
    decisionReasons: text,
    decisionDate: nullableIsoDate,
    draftQuestions: rapidReviewBody.properties.draftQuestions,
    signOff: rapidReviewBody.properties.signOff,
    sentToPanel: nullableIsoDate,
    panelResponse: rapidReviewBody.properties.panelResponse,
    localReviewId: { ...nullableText, description: 'The Learning Together review started from this rapid review' },
    updatedAt: nullableText,
  },
} as const

/** The version the client started from: If-Match, else `version` in the body, else none (last save wins). */
function baseVersion(request: FastifyRequest): number | null {
  const header = request.headers['if-match']
  const raw = typeof header === 'string' ? header.replace(/^W\//, '').replace(/"/g, '').trim() : (request.body as { version?: unknown } | null)?.version
  if (raw === undefined || raw === null || raw === '') return null
  const n = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw)) ? Number(raw) : Number.NaN
  if (!Number.isInteger(n) || n < 0) throw new BadInput('The version is not valid', [{ path: 'If-Match', message: 'Send the version you read (GET gives it as "version" and as the ETag), a whole number such as "3"' }])
  return n
}

const apiRapidReviewRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/rapid-review', {
    config: { access: access.review('review.view') },
    schema: {
      summary: 'The rapid review: facts, immediate safeguarding action, learning, criteria, decision, sign-off and the Panel’s response',
      tags: ['rapid review'],
      params: reviewIdParams,
      response: { 200: rapidReviewResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const view = await viewRapidReview(ctx, request.inReview())
    reply.header('etag', `"${view.version}"`).header('cache-control', 'no-store')
    return asJson(view)
  })

  app.put<{ Params: { reviewId: string }; Body: unknown }>('/api/v1/reviews/:reviewId/rapid-review', {
    config: { access: access.review('review.manage') },
    schema: {
      summary: 'Replace the rapid review (lead reviewer). Optional If-Match with the version you read: a stale version gets 409. Problems get 400 naming each field; nothing is saved.',
      tags: ['rapid review'],
      params: reviewIdParams,
      headers: { type: 'object', properties: { 'if-match': { type: 'string', description: 'The version the change was made to, e.g. "3" (0 before the first save)' } } },
      body: rapidReviewBody,
      response: { 200: rapidReviewResponse, 400: errorResponse, 409: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const saved = await saveRapidReview(ctx, request.inReview(), request.body, baseVersion(request))
    reply.header('etag', `"${saved.version}"`).header('cache-control', 'no-store')
    return asJson(saved)
  })

  app.get<{ Params: { reviewId: string }; Querystring: { format?: string } }>('/api/v1/reviews/:reviewId/rapid-review/export', {
    config: { access: access.review('review.view') },
    schema: {
      summary: 'The rapid review as a Panel-ready file, in the order of the Panel’s template: DOCX, PDF or JSON. Refused (409, error "no-decision") while no decision is recorded. Audited.',
      tags: ['rapid review'],
      params: reviewIdParams,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: [...RAPID_REVIEW_FORMATS] } } },
      response: { 200: { description: 'The file, with Content-Disposition: attachment and a file name', type: 'string', format: 'binary' }, 400: errorResponse, 409: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => sendDownload(reply, await exportRapidReview(ctx, request.inReview(), readRapidReviewFormat(request.query.format))))

  // Mirrors the page's "Start the local review": the same service, audited the same way.
  app.post<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/rapid-review/start-local-review', {
    config: { access: access.review('review.manage') },
    schema: {
      summary: 'Start the local child safeguarding practice review from this rapid review (lead reviewer): a new Learning Together review with the facts, reasons, agencies and draft research questions, linked both ways. 201 with its id; 409 while the decision is not a local review ("no-lcspr-decision") or once it has been started ("already-started"). Audited.',
      tags: ['rapid review'],
      params: reviewIdParams,
      response: {
        201: { type: 'object', required: ['localReviewId'], properties: { localReviewId: { type: 'string' }, href: { type: 'string', description: 'The new review in the API' } } },
        409: errorResponse, ...reviewErrors,
      },
    },
  }, async (request, reply) => {
    const { localReviewId } = await startLocalReview(ctx, request.inReview())
    return reply.code(201).header('cache-control', 'no-store').send({ localReviewId, href: `/api/v1/reviews/${localReviewId}` })
  })
}
export default apiRapidReviewRoutes

/** The contract's shape: `facts` is the account of the incident; the structure is `factsDetail`. */
export function asJson(view: RapidReviewView) {
  return {
    reviewId: view.reviewId,
    version: view.version,
    facts: view.facts.incident,
    factsDetail: view.facts,
    immediateSafeguarding: view.immediateSafeguarding,
    learning: view.learning,
    criteria: view.criteria,
    criteriaList: LCSPR_CRITERIA.map((c) => ({ key: c.key, text: c.text })),
    decision: view.decision,
    decisionReasons: view.decisionReasons,
    decisionDate: view.decisionDate,
    draftQuestions: view.draftQuestions,
    signOff: view.signOff,
    sentToPanel: view.sentToPanel,
    panelResponse: view.panelResponse,
    localReviewId: view.localReviewId,
    updatedAt: view.updatedAt,
  }
}
