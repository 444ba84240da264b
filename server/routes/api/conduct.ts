// /api/v1/reviews/:reviewId/conduct: how the review is conducted, as the conduct page shows it and through the same
// services (reviewConductOf, declareIndependence, recordCaseGroupStep, addParallelProcess, changeParallelProcess):
// the lead reviewer's declaration of independence, the case group's follow-on meetings and practitioners' feedback
// on the draft findings, and the register of parallel processes. Reads are audited; writes are audited as on the page.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import {
  PROCESS_KINDS, PROCESS_STATUSES, STEP_KINDS, addParallelProcess, changeParallelProcess, declareIndependence, recordCaseGroupStep, reviewConductOf,
  type ProcessInput,
} from '../../services/review-conduct.js'
import { errorResponse, isoDate, nullableIsoDate, reviewErrors, reviewIdParams } from './schemas.js'
import { textField } from '../form-support.js'

const text = { type: 'string' } as const
const nullableText = { type: ['string', 'null'] } as const
const participant = { type: 'object', properties: { role: text, agency: text } } as const

const declarationSchema = {
  type: 'object',
  properties: {
    id: text,
    userId: text,
    by: { ...text, description: 'The lead reviewer who declared' },
    independent: { type: 'boolean' },
    interests: { ...nullableText, description: 'Interests declared for the board to note' },
    declaredOn: isoDate,
    current: { type: 'boolean', description: 'The latest declaration of that lead reviewer: the one the readiness check reads' },
  },
} as const

const stepSchema = {
  type: 'object',
  properties: {
    id: text,
    kind: { type: 'string', enum: Object.keys(STEP_KINDS) },
    heldOn: isoDate,
    participants: { type: 'array', items: participant, description: 'Who took part, by role and agency (never by name)' },
    changes: { ...text, description: 'What changed as a result' },
  },
} as const

const processSchema = {
  type: 'object',
  properties: {
    id: text,
    kind: { type: 'string', enum: Object.keys(PROCESS_KINDS) },
    status: { type: 'string', enum: Object.keys(PROCESS_STATUSES) },
    startedOn: nullableIsoDate,
    concludedOn: nullableIsoDate,
    effect: { ...text, description: 'How it affects the review: timing, who can be spoken to, what may be published' },
  },
} as const

const conductSchema = {
  type: 'object',
  properties: {
    declarations: { type: 'array', items: declarationSchema, description: 'Newest first' },
    steps: { type: 'array', items: stepSchema },
    processes: { type: 'array', items: processSchema },
  },
} as const

const created = { type: 'object', required: ['id'], properties: { id: text } } as const

const processBody = {
  type: 'object',
  properties: {
    kind: { type: 'string', description: `One of ${Object.keys(PROCESS_KINDS).join(', ')}` },
    status: { type: 'string', description: `One of ${Object.keys(PROCESS_STATUSES).join(', ')}` },
    startedOn: nullableIsoDate,
    concludedOn: { ...nullableIsoDate, description: 'A date, YYYY-MM-DD; only once the status is concluded' },
    effect: text,
  },
} as const

type Params = { Params: { reviewId: string } }
type ProcessParams = { Params: { reviewId: string; processId: string } }

/** Strings for the services, which read the form's fields: anything not a string is passed as empty and refused there. */
function processInput(body: unknown): ProcessInput {
  const b = (body ?? {}) as Record<string, unknown>
  return { kind: textField(b.kind), status: textField(b.status), startedOn: textField(b.startedOn), concludedOn: textField(b.concludedOn), effect: textField(b.effect) }
}

const apiConductRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<Params>('/api/v1/reviews/:reviewId/conduct', {
    config: { access: access.review('conduct.view') },
    schema: {
      summary: 'How the review is conducted: independence declarations, case-group follow-on meetings and feedback on the draft findings, parallel processes. Audited.',
      tags: ['conduct'],
      params: reviewIdParams,
      response: { 200: conductSchema, ...reviewErrors },
    },
  }, async (request, reply) => {
    const conduct = await reviewConductOf(ctx, request.inReview())
    const seen = new Set<string>()
    reply.header('cache-control', 'no-store')
    return {
      declarations: conduct.declarations.map((d) => {
        const current = !seen.has(d.user_id)
        seen.add(d.user_id)
        return { id: d.id, userId: d.user_id, by: d.user_name ?? 'A former user', independent: d.independent === 1, interests: d.interests, declaredOn: d.declared_on, current }
      }),
      steps: conduct.steps.map((s) => ({ id: s.id, kind: s.kind, heldOn: s.held_on, participants: s.people, changes: s.changes })),
      processes: conduct.processes.map((p) => ({ id: p.id, kind: p.kind, status: p.status, startedOn: p.started_on, concludedOn: p.concluded_on, effect: p.effect })),
    }
  })

  app.post<Params & { Body: unknown }>('/api/v1/reviews/:reviewId/conduct/independence', {
    config: { access: access.review('independence.declare') },
    schema: {
      summary: 'The lead reviewer declares their own independence from the agencies under review (interests required when not independent). 201 with its id; 400 naming each field. Audited.',
      tags: ['conduct'],
      params: reviewIdParams,
      body: {
        type: 'object',
        properties: {
          independent: { type: 'boolean', description: 'Independent of every agency under review' },
          interests: { ...nullableText, description: 'Connections to the agencies under review; required when not independent' },
          declaredOn: isoDate,
        },
      },
      response: { 201: created, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const b = (request.body ?? {}) as Record<string, unknown>
    const independent = b.independent === true ? 'yes' : b.independent === false ? 'no' : ''
    const id = await declareIndependence(ctx, request.inReview(), { independent, interests: textField(b.interests), declaredOn: textField(b.declaredOn) })
    return reply.code(201).header('cache-control', 'no-store').send({ id })
  })

  app.post<Params & { Body: unknown }>('/api/v1/reviews/:reviewId/conduct/steps', {
    config: { access: access.review('conduct.manage') },
    schema: {
      summary: 'Record a case-group follow-on meeting or practitioners’ feedback on the draft findings: who took part by role and agency, and what changed. 201 with its id; 400 naming each field. Audited.',
      tags: ['conduct'],
      params: reviewIdParams,
      body: {
        type: 'object',
        properties: {
          kind: { type: 'string', description: `One of ${Object.keys(STEP_KINDS).join(', ')}` },
          heldOn: isoDate,
          participants: { type: 'array', items: {}, description: '[{"role", "agency"}], at least one; each entry is checked and named in details' },
          changes: text,
        },
      },
      response: { 201: created, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const b = (request.body ?? {}) as Record<string, unknown>
    const participants = Array.isArray(b.participants) ? b.participants : []
    const id = await recordCaseGroupStep(ctx, request.inReview(), { kind: textField(b.kind), heldOn: textField(b.heldOn), participants, changes: textField(b.changes) })
    return reply.code(201).header('cache-control', 'no-store').send({ id })
  })

  app.post<Params & { Body: unknown }>('/api/v1/reviews/:reviewId/conduct/processes', {
    config: { access: access.review('conduct.manage') },
    schema: {
      summary: 'Add a parallel process (criminal proceedings, an inquest, a disciplinary process, a domestic homicide review) with its effect on the review. 201 with its id; 400 naming each field. Audited.',
      tags: ['conduct'],
      params: reviewIdParams,
      body: processBody,
      response: { 201: created, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const id = await addParallelProcess(ctx, request.inReview(), processInput(request.body))
    return reply.code(201).header('cache-control', 'no-store').send({ id })
  })

  app.put<ProcessParams & { Body: unknown }>('/api/v1/reviews/:reviewId/conduct/processes/:processId', {
    config: { access: access.review('conduct.manage') },
    schema: {
      summary: 'Change a parallel process (the whole record, as when adding it). 200; 400 naming each field; 404 for a process not in this review. Audited.',
      tags: ['conduct'],
      params: { type: 'object', properties: { reviewId: text, processId: text }, required: ['reviewId', 'processId'] },
      body: processBody,
      response: { 200: created, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    await changeParallelProcess(ctx, request.inReview(), request.params.processId, processInput(request.body))
    return reply.header('cache-control', 'no-store').send({ id: request.params.processId })
  })
}
export default apiConductRoutes
