// Findings pages: the list, writing and editing a finding (with the language check inline), one finding in
// full, and the lead reviewer's dismissals of flagged wording.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { Review } from '../../data/schema.js'
import type { ServiceContext } from '../../services/context.js'
import { checkTexts, dismissLanguageIssue, findingTexts, languageDismissalsOf, restoreLanguageIssue, type FindingLanguageIssue } from '../../services/finding-language.js'
import { findingLinksFor } from '../../services/finding-links.js'
import {
  agreeFinding, createFinding, EMPTY_FINDING_INPUT, editFinding, FINDING_KINDS, findingFor, findingsFor, findingToEdit, inputOf, patternsByFamily, removeFinding,
  SYSTEM_LEVEL_OPTIONS, type FindingInput, type FindingView, type Retag,
} from '../../services/findings.js'
import { researchQuestionsOf, reviewOf } from '../../services/reviews.js'
import { typologyHistory } from '../../services/typology.js'
import { TAG_EFFECT_TEXT } from '../../../methodology/typology/tag-effect.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { findingFormModel, issuesByField, readFindingForm } from './finding-form.js'

type Params = { Params: { reviewId: string } }
type FindingParams = { Params: { reviewId: string; findingId: string } }

export const KIND_TAGS = { systemic: { text: 'Systemic', colour: 'blue' }, 'good-practice': { text: 'Good practice', colour: 'green' } } as const
const RETAG_TEXT: Record<Retag['change'], string> = {
  same: 'carries over: add its marker', renamed: 'renamed', split: 'split: choose a new code', retired: 'retired', unknown: 'not recognised',
}

export const STATUS_TAGS = { draft: { text: 'Draft', colour: 'grey' }, agreed: { text: 'Agreed', colour: 'green' } } as const

/** Where to fix each gap the agreement rule lists: the form field, or the language flags on the finding's page. */
function gapLinks(errors: FormErrors, reviewId: string, findingId: string): FormErrors {
  const base = `/reviews/${reviewId}/findings/${findingId}`
  return {
    ...errors,
    title: 'This finding cannot be agreed yet',
    summary: errors.summary.map((s) => {
      const field = s.href?.slice(1) ?? ''
      if (!field) return { ...s, href: '#language' }
      return { ...s, href: ['title', 'pattern', 'inThisCase', 'howWidespread', 'whyItMatters', 'typologyCodes', 'boardQuestions'].includes(field) ? `${base}/edit#${field}` : '#language' }
    }),
  }
}

export function findingsBreadcrumbs(review: Pick<Review, 'id' | 'title'>, here?: string) {
  return [
    { text: 'Your reviews', href: '/' },
    { text: review.title, href: `/reviews/${review.id}` },
    { text: 'Findings', href: here ? `/reviews/${review.id}/findings` : undefined },
    ...(here ? [{ text: here }] : []),
  ]
}

function openIssues(issues: readonly FindingLanguageIssue[]): number {
  return issues.filter((i) => i.dismissal === null).length
}

const findingsPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<Params>('/reviews/:reviewId/findings', { config: { access: access.review('findings.view') } }, async (request, reply) => {
    const viewer = request.inReview()
    const [review, views] = await Promise.all([reviewOf(ctx, viewer), findingsFor(ctx, viewer)])
    const ra = request.reviewAccess!
    const typology = await typologyHistory(ctx)
    const row = (v: FindingView) => ({
      id: v.finding.id, title: v.finding.title, kind: KIND_TAGS[v.finding.kind], status: STATUS_TAGS[v.finding.status],
      codes: v.tags.map((t) => ({ text: t.current ? t.code : `${t.code} (version ${t.version})`, effect: t.effect ? TAG_EFFECT_TEXT[t.effect] : null })),
      needsRetagging: v.needsRetagging,
      questions: v.questions.length, answered: v.questions.filter((q) => q.response !== null).length,
      hasEvidence: v.hasEvidence, openIssues: openIssues(v.languageIssues),
    })
    return reply.page('pages/findings/list', {
      pageTitle: 'Findings',
      review,
      systemic: views.filter((v) => v.finding.kind === 'systemic').map(row),
      goodPractice: views.filter((v) => v.finding.kind === 'good-practice').map(row),
      canEdit: ra.can('findings.edit'),
      typologyVersion: typology.current.version,
      patterns: patternsByFamily(views, typology),
      retagging: {
        findings: views.filter((v) => v.needsRetagging > 0).length,
        items: views.filter((v) => v.needsRetagging > 0).map((v) => ({
          findingId: v.finding.id, title: v.finding.title,
          tags: v.tags.filter((t) => t.retag !== null).map((t) => ({ code: t.code, version: t.version, change: RETAG_TEXT[t.retag!.change] })),
        })),
      },
      totals: {
        findings: views.length,
        drafts: views.filter((v) => v.finding.status === 'draft').length,
        withoutEvidence: views.filter((v) => !v.hasEvidence).length,
        openIssues: views.reduce((n, v) => n + openIssues(v.languageIssues), 0),
      },
      breadcrumbs: findingsBreadcrumbs(review),
    })
  })

  const formPage = async (request: FastifyRequest, reply: FastifyReply, opts: { values: FindingInput; errors: FormErrors; view?: FindingView; version?: number }) => {
    const reviewId = (request.params as { reviewId: string }).reviewId
    const viewer = request.inReview()
    const [review, model, dismissals] = await Promise.all([
      reviewOf(ctx, viewer), findingFormModel(ctx, viewer, opts.values, opts.view?.tags ?? [], opts.errors.fields), languageDismissalsOf(ctx, viewer),
    ])
    const issues = checkTexts(findingTexts({
      title: opts.values.title, pattern: opts.values.pattern, in_this_case: opts.values.inThisCase, how_widespread: opts.values.howWidespread,
      why_it_matters: opts.values.whyItMatters,
    }, opts.values.boardQuestions), dismissals)
    const editing = opts.view !== undefined
    return reply.page('pages/findings/form', {
      pageTitle: editing ? 'Change the finding' : 'Write a finding',
      review,
      wasAgreed: opts.view?.finding.status === 'agreed',
      ...model,
      editing,
      findingId: opts.view?.finding.id ?? null,
      version: opts.version ?? opts.view?.finding.version ?? null,
      action: editing ? `/reviews/${reviewId}/findings/${opts.view!.finding.id}` : `/reviews/${reviewId}/findings`,
      // Dismissed flags are listed on the finding's page; the form shows what is still open, as the browser check does.
      issues: issuesByField(issues.filter((i) => i.dismissal === null)),
      dismissedKeys: dismissals.map((d) => d.key),
      openIssueCount: openIssues(issues),
      errors: opts.errors,
      scripts: ['language-check.js'],
      breadcrumbs: findingsBreadcrumbs(review, editing ? opts.view!.finding.title : 'Write a finding'),
    })
  }

  app.get<Params>('/reviews/:reviewId/findings/new', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const kind = (request.query as { kind?: string }).kind === 'good-practice' ? 'good-practice' : 'systemic'
    return formPage(request, reply, { values: { ...EMPTY_FINDING_INPUT, kind }, errors: NO_ERRORS })
  })

  app.post<Params>('/reviews/:reviewId/findings', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const { input, check } = readFindingForm(request)
    return handleFormPost(ctx, request, reply, {
      run: () => {
        check()
        return createFinding(ctx, request.actor(), request.params.reviewId, input)
      },
      rerender: (errors) => formPage(request, reply, { values: input, errors }),
      redirectTo: (finding) => `/reviews/${request.params.reviewId}/findings/${finding.id}`,
      flash: { kind: 'success', heading: 'Finding saved', text: 'Check any wording the language check has flagged below.' },
    })
  })

  const showPage = async (request: FastifyRequest, reply: FastifyReply, agreeErrors: FormErrors = NO_ERRORS) => {
    const { findingId } = request.params as { reviewId: string; findingId: string }
    const viewer = request.inReview()
    const [review, view, questions] = await Promise.all([reviewOf(ctx, viewer), findingFor(ctx, viewer, findingId), researchQuestionsOf(ctx, viewer)])
    const ra = request.reviewAccess!
    // The board chair sees the finding and its questions, not the case detail behind it.
    const links = await findingLinksFor(ctx, viewer, view.links)
    const f = view.finding
    return reply.page('pages/findings/show', {
      pageTitle: f.title,
      review,
      finding: f,
      kind: KIND_TAGS[f.kind],
      status: STATUS_TAGS[f.status],
      agreedBy: view.agreedBy,
      kindText: FINDING_KINDS.find((k) => k.value === f.kind)?.text,
      level: SYSTEM_LEVEL_OPTIONS.find((l) => l.value === f.system_level)?.text ?? null,
      tags: view.tags.map((t) => ({ ...t, effectTag: t.effect ? TAG_EFFECT_TEXT[t.effect] : null })),
      researchQuestions: questions.map((q, i) => ({ number: i + 1, text: q.text })).filter((_q, i) => view.researchQuestionIds.includes(questions[i]!.id)),
      showLinks: ra.can('analysis.view'),
      episodes: links.filter((l) => l.kind === 'kpe'),
      mapNodes: links.filter((l) => l.kind === 'map-node'),
      evidence: links.filter((l) => l.kind === 'event' || l.kind === 'quote' || l.kind === 'document'),
      hasEvidence: view.hasEvidence,
      questions: view.questions,
      openIssues: view.languageIssues.filter((i) => i.dismissal === null),
      dismissedIssues: view.languageIssues.filter((i) => i.dismissal !== null),
      canEdit: ra.can('findings.edit'),
      canAgree: ra.can('findings.agree'),
      canDismiss: ra.can('language.dismiss'),
      canRespond: ra.can('board.respond'),
      dismissErrors: NO_ERRORS,
      errors: agreeErrors,
      breadcrumbs: findingsBreadcrumbs(review, f.title),
    })
  }

  app.get<FindingParams>('/reviews/:reviewId/findings/:findingId', { config: { access: access.review('findings.view') } }, async (request, reply) => showPage(request, reply))

  app.post<FindingParams>('/reviews/:reviewId/findings/:findingId/agree', { config: { access: access.review('findings.agree') } }, async (request, reply) => {
    const { reviewId, findingId } = request.params
    const version = Number.parseInt(formValues(request).version ?? '', 10)
    return handleFormPost(ctx, request, reply, {
      run: () => agreeFinding(ctx, request.actor(), reviewId, findingId, Number.isNaN(version) ? null : version),
      rerender: (errors) => showPage(request, reply, gapLinks(errors, reviewId, findingId)),
      redirectTo: `/reviews/${reviewId}/findings/${findingId}`,
      flash: { kind: 'success', heading: 'Finding agreed', text: 'It now appears in the reports, on the board’s pages and in the national return. Changing it returns it to draft.' },
    })
  })

  app.get<FindingParams>('/reviews/:reviewId/findings/:findingId/edit', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const view = await findingToEdit(ctx, request.inReview(), request.params.findingId)
    return formPage(request, reply, { values: inputOf(view), errors: NO_ERRORS, view })
  })

  app.post<FindingParams>('/reviews/:reviewId/findings/:findingId', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const { reviewId, findingId } = request.params
    const view = await findingToEdit(ctx, request.inReview(), findingId)
    const { input, version, check } = readFindingForm(request)
    return handleFormPost(ctx, request, reply, {
      run: () => {
        check()
        return editFinding(ctx, request.actor(), reviewId, findingId, input, version)
      },
      rerender: (errors) => formPage(request, reply, { values: input, errors, view, ...(version !== null ? { version } : {}) }),
      redirectTo: `/reviews/${reviewId}/findings/${findingId}`,
      flash: { kind: 'success', heading: 'Finding saved' },
    })
  })

  app.post<FindingParams>('/reviews/:reviewId/findings/:findingId/delete', { config: { access: access.review('findings.edit') } }, async (request, reply) => {
    const { reviewId, findingId } = request.params
    return handleFormPost(ctx, request, reply, {
      run: () => removeFinding(ctx, request.actor(), reviewId, findingId),
      rerender: async (errors) => {
        const review = await reviewOf(ctx, request.inReview())
        return reply.page('pages/error', { pageTitle: 'This finding cannot be deleted', status: 400, message: errors.summary[0]?.text ?? '', details: [], breadcrumbs: findingsBreadcrumbs(review) })
      },
      redirectTo: `/reviews/${reviewId}/findings`,
      flash: { kind: 'success', heading: 'Finding deleted' },
    })
  })

  app.post<FindingParams>('/reviews/:reviewId/findings/:findingId/language/dismiss', { config: { access: access.review('language.dismiss') } }, async (request, reply) => {
    const { reviewId, findingId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => dismissLanguageIssue(ctx, request.actor(), reviewId, findingId, v.key ?? '', v.reason ?? ''),
      rerender: async (errors) => {
        const viewer = request.inReview()
        const [review, view] = await Promise.all([reviewOf(ctx, viewer), findingFor(ctx, viewer, findingId)])
        return reply.page('pages/findings/dismiss', {
          pageTitle: 'Dismiss a language flag', review, finding: view.finding, errors, values: { reason: v.reason ?? '' },
          issue: view.languageIssues.find((i) => i.key === v.key) ?? null, issueKey: v.key ?? '',
          breadcrumbs: findingsBreadcrumbs(review, view.finding.title),
        })
      },
      redirectTo: `/reviews/${reviewId}/findings/${findingId}#language`,
      flash: { kind: 'success', heading: 'Language flag dismissed', text: 'The reason is recorded in the audit trail.' },
    })
  })

  app.post<FindingParams>('/reviews/:reviewId/findings/:findingId/language/restore', { config: { access: access.review('language.dismiss') } }, async (request, reply) => {
    const { reviewId, findingId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => restoreLanguageIssue(ctx, request.actor(), reviewId, findingId, v.key ?? ''),
      rerender: () => reply,
      redirectTo: `/reviews/${reviewId}/findings/${findingId}#language`,
      flash: { kind: 'success', heading: 'The flag is shown again' },
    })
  })
}
export default findingsPageRoutes
