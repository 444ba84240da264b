// /api/v1/reviews/:reviewId/findings: write a finding and list them, each with its language issues.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { MAP_LEVELS } from '../../../methodology/map/map-model.js'
import { LANGUAGE_CATEGORIES } from '../../../methodology/language/language-rules.js'
import type { ServiceContext } from '../../services/context.js'
import { agreeFinding, createFinding, findingFor, findingsFor, type FindingView } from '../../services/findings.js'
import { renamePaths } from './reviews.js'
import { TAG_EFFECTS, type TagEffect } from '../../../methodology/typology/tag-effect.js'
import { errorResponse, reviewErrors, reviewIdParams } from './schemas.js'

interface CreateFindingBody {
  title: string
  summary?: string
  kind?: string
  pattern?: string
  inThisCase?: string
  howWidespread?: string
  whyItMatters?: string
  systemLevel?: string | null
  typologyCodes?: string[]
  typologyTags?: Array<{ code: string; effect?: TagEffect }>
  researchQuestionIds?: string[]
  kpeIds?: string[]
  nodeIds?: string[]
  evidence?: Array<{ type: 'event' | 'quote' | 'document'; id: string }>
  boardQuestions?: string[]
}

const stringList = { type: 'array', items: { type: 'string' } } as const

const languageIssueJson = {
  type: 'object',
  properties: {
    field: { type: 'string', description: 'The part of the finding: title, pattern, inThisCase, howWidespread, whyItMatters or boardQuestions[i]' },
    sentence: { type: 'string' }, phrase: { type: 'string' },
    category: { type: 'string', enum: [...LANGUAGE_CATEGORIES] },
    rule: { type: 'string' }, reason: { type: 'string' }, suggestion: { type: 'string' },
    key: { type: 'string', description: 'Stable key; a dismissal is remembered by it' },
    dismissed: { type: 'boolean' },
    dismissalReason: { type: ['string', 'null'] },
  },
} as const

const findingJson = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['systemic', 'good-practice'] },
    title: { type: 'string' },
    summary: { type: 'string', description: 'The systemic pattern (the same as pattern)' },
    pattern: { type: 'string' }, inThisCase: { type: 'string' }, howWidespread: { type: 'string' }, whyItMatters: { type: 'string' },
    systemLevel: { type: ['string', 'null'] },
    typologyCodes: { ...stringList, description: 'Codes as tagged (each in the version it was tagged against)' },
    typologyTags: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' }, version: { type: 'string' }, label: { type: 'string' },
          current: { type: 'boolean' }, currentCodes: { ...stringList, description: 'What the tag means in the current typology version' },
          effect: { type: ['string', 'null'], enum: [...TAG_EFFECTS, null], description: 'Whether the pattern helped or hindered good practice in this finding; null for a tag made before typology 2.0' },
          retag: {
            type: ['object', 'null'],
            description: 'For a tag made against an earlier version: what re-tagging it involves; null for a current tag',
            properties: {
              change: { type: 'string', enum: ['same', 'renamed', 'split', 'retired', 'unknown'] },
              codes: { ...stringList, description: 'The current code it became, or the codes a split offers' },
              suggested: { ...stringList, description: 'Codes to consider instead of a retired one' },
              countedAs: { type: ['string', 'null'], description: 'The line it counts on in national trends until re-tagged: its code, its family (retired) or its own split line' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
    findingType: { type: 'string', enum: ['good-practice', 'area-for-improvement'], description: 'From the tags’ helps/hinders markers: an area for improvement when any pattern hinders' },
    needsRetagging: { type: 'integer', description: 'How many of its tags were made against an earlier typology version' },
    researchQuestionIds: stringList,
    kpeIds: stringList,
    nodeIds: stringList,
    evidence: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } } },
    hasEvidence: { type: 'boolean' },
    boardQuestions: stringList,
    questions: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, text: { type: 'string' }, response: { type: ['string', 'null'] }, respondedAt: { type: ['string', 'null'] } } },
    },
    languageIssues: { type: 'array', items: languageIssueJson },
    status: { type: 'string', enum: ['draft', 'agreed'], description: 'Draft until the lead reviewer agrees it; only agreed findings appear in reports, the board’s pages and the national return' },
    agreedAt: { type: ['string', 'null'] },
    agreedBy: { type: ['string', 'null'], description: 'The name of who agreed it' },
    createdAt: { type: 'string' }, updatedAt: { type: 'string' }, version: { type: 'integer' },
  },
} as const

/** The board chair sees findings and questions, not the case evidence behind them. */
function findingBody(view: FindingView, withEvidence: boolean) {
  const f = view.finding
  const ids = (kind: string) => view.links.filter((l) => l.kind === kind).map((l) => l.target_id)
  return {
    id: f.id, kind: f.kind, title: f.title, summary: f.pattern, pattern: f.pattern, inThisCase: f.in_this_case, howWidespread: f.how_widespread,
    whyItMatters: f.why_it_matters, systemLevel: f.system_level,
    typologyCodes: view.tags.map((t) => t.code),
    typologyTags: view.tags.map((t) => ({ code: t.code, version: t.version, label: t.label, current: t.current, currentCodes: t.now, effect: t.effect, retag: t.retag })),
    findingType: view.findingType,
    needsRetagging: view.needsRetagging,
    researchQuestionIds: view.researchQuestionIds,
    ...(withEvidence
      ? {
          kpeIds: ids('kpe'), nodeIds: ids('map-node'),
          evidence: view.links.filter((l) => l.kind === 'event' || l.kind === 'quote' || l.kind === 'document').map((l) => ({ type: l.kind, id: l.target_id })),
        }
      : {}),
    hasEvidence: view.hasEvidence,
    boardQuestions: view.questions.map((q) => q.text),
    questions: view.questions.map((q) => ({ id: q.id, text: q.text, response: q.response, respondedAt: q.responded_at })),
    languageIssues: view.languageIssues.map((i) => ({
      field: i.field, sentence: i.sentence, phrase: i.phrase, category: i.category, rule: i.rule, reason: i.reason, suggestion: i.suggestion,
      key: i.key, dismissed: i.dismissal !== null, dismissalReason: i.dismissal?.reason ?? null,
    })),
    status: f.status, agreedAt: f.agreed_at, agreedBy: view.agreedBy,
    createdAt: f.created_at, updatedAt: f.updated_at, version: f.version,
  }
}

const apiFindingRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post<{ Params: { reviewId: string }; Body: CreateFindingBody }>('/api/v1/reviews/:reviewId/findings', {
    config: { access: access.review('findings.edit') },
    schema: {
      summary: 'Write a finding (a draft without evidence is allowed); tags to unknown or retired typology codes are refused',
      tags: ['findings'],
      params: reviewIdParams,
      body: {
        type: 'object',
        required: ['title'],
        properties: {
          title: { type: 'string' },
          summary: { type: 'string', description: 'The systemic pattern' },
          kind: { type: 'string', enum: ['systemic', 'good-practice'], default: 'systemic' },
          pattern: { type: 'string', description: 'The systemic pattern; overrides summary when both are given' },
          inThisCase: { type: 'string' }, howWidespread: { type: 'string' }, whyItMatters: { type: 'string' },
          systemLevel: { type: ['string', 'null'], description: `One of ${MAP_LEVELS.join(', ')}` },
          typologyCodes: { ...stringList, description: 'Codes of the current typology version; each helps or hinders as the finding’s kind says (good practice helps) unless typologyTags says otherwise' },
          typologyTags: {
            type: 'array',
            description: 'Codes of the current version, each with whether the pattern helped or hindered in this finding',
            items: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string' }, effect: { type: 'string', enum: [...TAG_EFFECTS] } } },
          },
          researchQuestionIds: stringList,
          kpeIds: stringList,
          nodeIds: { ...stringList, description: 'Causal map node ids' },
          evidence: { type: 'array', items: { type: 'object', required: ['type', 'id'], properties: { type: { type: 'string', enum: ['event', 'quote', 'document'] }, id: { type: 'string' } } } },
          boardQuestions: { ...stringList, description: 'Questions for the board, each ending with a question mark' },
        },
      },
      response: { 201: findingJson, 400: errorResponse, ...reviewErrors },
    },
  }, async (request, reply) => {
    const b = request.body
    const reviewId = request.params.reviewId
    const usesSummary = b.pattern === undefined
    try {
      const finding = await createFinding(ctx, request.actor(), reviewId, {
        kind: b.kind ?? 'systemic', title: b.title, pattern: b.pattern ?? b.summary ?? '', inThisCase: b.inThisCase ?? '', howWidespread: b.howWidespread ?? '',
        whyItMatters: b.whyItMatters ?? '', systemLevel: b.systemLevel ?? '',
        typologyCodes: [...(b.typologyCodes ?? []), ...(b.typologyTags ?? []).map((t) => t.code)],
        effects: Object.fromEntries((b.typologyTags ?? []).filter((t) => t.effect !== undefined).map((t) => [t.code, t.effect as string])),
        researchQuestionIds: b.researchQuestionIds ?? [],
        kpeIds: b.kpeIds ?? [], nodeIds: b.nodeIds ?? [], evidence: b.evidence ?? [], boardQuestions: b.boardQuestions ?? [],
      })
      const view = await findingFor(ctx, request.inReview(), finding.id)
      return reply.code(201).send(findingBody(view, request.reviewAccess!.can('analysis.view')))
    } catch (error) {
      throw renamePaths(error, usesSummary ? { pattern: 'summary' } : {})
    }
  })

  app.get<{ Params: { reviewId: string } }>('/api/v1/reviews/:reviewId/findings', {
    config: { access: access.review('findings.view') },
    schema: {
      summary: 'The review’s findings, each with its typology tags, board questions and language issues',
      tags: ['findings'],
      params: reviewIdParams,
      response: { 200: { type: 'object', properties: { findings: { type: 'array', items: findingJson } } }, ...reviewErrors },
    },
  }, async (request) => {
    const viewer = request.inReview()
    const views = await findingsFor(ctx, viewer)
    return { findings: views.map((v) => findingBody(v, viewer.can('analysis.view'))) }
  })

  app.post<{ Params: { reviewId: string; findingId: string }; Body: { version?: number } | undefined }>('/api/v1/reviews/:reviewId/findings/:findingId/agree', {
    config: { access: access.review('findings.agree') },
    schema: {
      summary: 'The lead reviewer agrees a finding, so it may appear in reports, on the board’s pages and in the national return',
      description: 'Refused (409, `finding-incomplete`) with each missing part in `details` while the finding has no typology code, no board question, an open language flag or an empty part (pattern, how it showed in this case, how widespread, why it matters). Any later change returns the finding to draft. With `version`, a finding changed since is refused (409, `stale-edit`).',
      tags: ['findings'],
      params: { type: 'object', required: ['reviewId', 'findingId'], properties: { reviewId: { type: 'string' }, findingId: { type: 'string' } } },
      body: { type: ['object', 'null'], properties: { version: { type: 'integer', description: 'The version the lead reviewer checked' } } },
      response: { 200: findingJson, 409: errorResponse, ...reviewErrors },
    },
  }, async (request) => {
    const { reviewId, findingId } = request.params
    const view = await agreeFinding(ctx, request.actor(), reviewId, findingId, request.body?.version ?? null)
    return findingBody(view, request.inReview().can('analysis.view'))
  })
}
export default apiFindingRoutes
