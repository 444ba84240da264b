// /api/v1/reviews: create, list and read reviews; add members. Shapes follow ../shared/api-contract.md.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { BadInput, type ErrorDetail } from '../../errors.js'
import { REVIEW_ROLES } from '../../../methodology/permissions.js'
import { listPacks } from '../../../methodology/packs/index.js'
import type { ServiceContext } from '../../services/context.js'
import { addMember, createReview, reviewOf, reviewsFor } from '../../services/reviews.js'
import { reviewProgress } from '../../services/stages.js'
import type { Review } from '../../data/schema.js'
import type { ReviewRole } from '../../../methodology/permissions.js'
import { errorResponse, isoDate, nullableIsoDate, reviewErrors, reviewIdParams } from './schemas.js'

interface CreateReviewBody {
  title: string
  methodology: string
  subject: { pseudonym: string }
  reviewPeriod: { from: string; to: string }
  boardName?: string
  dates?: { incident?: string | null; notification?: string | null; decisionToReview?: string | null }
  region?: string | null
  childAgeBand?: string | null
  harmCategory?: string | null
}

// The service names fields as the web form does; the API reports them as JSON paths.
const API_PATHS: Record<string, string> = {
  subjectPseudonym: 'subject.pseudonym', periodFrom: 'reviewPeriod.from', periodTo: 'reviewPeriod.to',
  incidentDate: 'dates.incident', notificationDate: 'dates.notification', decisionDate: 'dates.decisionToReview',
}

export function renamePaths(error: unknown, paths: Record<string, string>): unknown {
  if (error instanceof BadInput) {
    const details: ErrorDetail[] = error.details.map((d) => ({ ...d, path: paths[d.path] ?? d.path }))
    return new BadInput(error.message, details, error.code)
  }
  return error
}

function reviewJson(review: Review, myRole: ReviewRole | null) {
  return {
    id: review.id,
    title: review.title,
    boardName: review.board_name,
    subject: { pseudonym: review.subject_pseudonym },
    methodology: review.methodology,
    reviewPeriod: { from: review.period_from, to: review.period_to },
    dates: { incident: review.incident_date, notification: review.notification_date, decisionToReview: review.decision_date },
    region: review.region,
    childAgeBand: review.child_age_band,
    harmCategory: review.harm_category,
    partnershipId: review.partnership_id,
    myRole,
    createdAt: review.created_at,
    updatedAt: review.updated_at,
  }
}

const reviewSummary = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, boardName: { type: ['string', 'null'] },
    subject: { type: 'object', properties: { pseudonym: { type: 'string' } } },
    methodology: { type: 'string' },
    reviewPeriod: { type: 'object', properties: { from: isoDate, to: isoDate } },
    dates: { type: 'object', properties: { incident: nullableIsoDate, notification: nullableIsoDate, decisionToReview: nullableIsoDate } },
    region: { type: ['string', 'null'] }, childAgeBand: { type: ['string', 'null'] }, harmCategory: { type: ['string', 'null'] },
    partnershipId: { type: 'string', description: 'The safeguarding partnership the review belongs to (GET /api/v1/partnerships names it)' },
    myRole: { type: ['string', 'null'], enum: [...REVIEW_ROLES, null] },
    createdAt: { type: 'string' }, updatedAt: { type: 'string' },
  },
} as const

const stageJson = {
  type: 'object',
  properties: { key: { type: 'string' }, title: { type: 'string' }, status: { type: 'string', enum: ['not-started', 'in-progress', 'ready', 'complete'] } },
} as const

const apiReviewRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post<{ Body: CreateReviewBody }>('/api/v1/reviews', {
    config: { access: access.roles('admin', 'reviewer') },
    schema: {
      summary: 'Set up a review; the caller becomes its lead reviewer',
      tags: ['reviews'],
      body: {
        type: 'object',
        required: ['title', 'methodology', 'subject', 'reviewPeriod'],
        properties: {
          title: { type: 'string' },
          methodology: { type: 'string', enum: listPacks().map((p) => p.key) },
          subject: { type: 'object', required: ['pseudonym'], properties: { pseudonym: { type: 'string' } } },
          reviewPeriod: { type: 'object', required: ['from', 'to'], properties: { from: isoDate, to: isoDate } },
          boardName: { type: 'string' },
          dates: { type: 'object', properties: { incident: nullableIsoDate, notification: nullableIsoDate, decisionToReview: nullableIsoDate } },
          region: { type: ['string', 'null'] }, childAgeBand: { type: ['string', 'null'] }, harmCategory: { type: ['string', 'null'] },
        },
      },
      response: { 201: reviewSummary, 400: errorResponse, 401: errorResponse, 403: errorResponse },
    },
  }, async (request, reply) => {
    const b = request.body
    try {
      const review = await createReview(ctx, request.actor(), {
        title: b.title, methodology: b.methodology, subjectPseudonym: b.subject.pseudonym, periodFrom: b.reviewPeriod.from, periodTo: b.reviewPeriod.to,
        boardName: b.boardName ?? '', incidentDate: b.dates?.incident ?? '', notificationDate: b.dates?.notification ?? '', decisionDate: b.dates?.decisionToReview ?? '',
        region: b.region ?? '', childAgeBand: b.childAgeBand ?? '', harmCategory: b.harmCategory ?? '',
      }, { requireBoard: false })
      return reply.code(201).send(reviewJson(review, 'lead-reviewer'))
    } catch (error) {
      throw renamePaths(error, API_PATHS)
    }
  })

  app.get('/api/v1/reviews', {
    config: { access: access.roles('admin', 'reviewer', 'board') },
    schema: {
      summary: 'The reviews the caller is a member of (administrators: every review, metadata only)',
      tags: ['reviews'],
      response: { 200: { type: 'object', properties: { reviews: { type: 'array', items: reviewSummary } } }, 401: errorResponse },
    },
  }, async (request) => {
    return { reviews: (await reviewsFor(ctx, request.viewer!)).map((r) => reviewJson(r, r.my_role)) }
  })

  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId', {
    config: { access: access.review('review.metadata') },
    schema: {
      summary: 'One review, with its current stage, every stage’s status and its deadlines',
      tags: ['reviews'],
      params: reviewIdParams,
      response: {
        200: {
          ...reviewSummary,
          properties: {
            ...reviewSummary.properties,
            stage: { anyOf: [stageJson, { type: 'null' }] },
            stages: { type: 'array', items: stageJson },
            clocks: { type: 'array', items: { type: 'object', additionalProperties: true } },
          },
        },
        ...reviewErrors,
      },
    },
  }, async (request) => {
    const viewer = request.inReview()
    const review = await reviewOf(ctx, viewer)
    const progress = await reviewProgress(ctx, review.id)
    const brief = (s: { key: string; title: string; status: string }) => ({ key: s.key, title: s.title, status: s.status })
    return {
      ...reviewJson(review, viewer.role),
      stage: progress.current ? brief(progress.current) : null,
      stages: progress.stages.map(brief),
      clocks: progress.clocks.map((c) => ({ key: c.key, label: c.label, from: c.from, due: c.due, daysRemaining: c.daysRemaining, status: c.status, provisional: c.provisional })),
    }
  })

  app.post<{ Params: { reviewId: string }; Body: { email: string; role: string; agency?: string; reason?: string } }>('/api/v1/reviews/:reviewId/members', {
    config: { access: access.review('members.manage') },
    schema: {
      summary: 'Add a member to the review in a per-review role',
      description: 'The lead reviewer adds members. An administrator who is not the lead reviewer must give `reason` (break-glass, at least 20 characters): it is audited and the lead reviewer is told; without it the answer is 400 with code `break-glass-reason-required`.',
      tags: ['reviews'],
      params: reviewIdParams,
      body: {
        type: 'object',
        required: ['email', 'role'],
        properties: { email: { type: 'string' }, role: { type: 'string', enum: [...REVIEW_ROLES] }, agency: { type: 'string' }, reason: { type: 'string', description: 'Break-glass reason (administrators who are not the lead reviewer)' } },
      },
      response: { 201: { type: 'object', properties: { userId: { type: 'string' }, role: { type: 'string' } } }, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const { userId } = await addMember(ctx, request.actor(), request.params.reviewId, { email: request.body.email, role: request.body.role, agency: request.body.agency ?? '', reason: request.body.reason })
    return reply.code(201).send({ userId, role: request.body.role })
  })
}
export default apiReviewRoutes
