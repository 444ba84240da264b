// The board's pages: findings and their questions (no chronology detail), the board chair's responses, and
// the actions the board agrees with their status over time.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import { londonDate } from '../../clock.js'
import type { BoardAction, Review } from '../../data/schema.js'
import type { ServiceContext } from '../../services/context.js'
import { ACTION_STATE_TAGS, ACTION_STATUS_OPTIONS } from '../../services/board-action-status.js'
import { actionFindingOptions, actionWithHistory, agreeAction, boardOverview, changeAction, recordBoardResponse, updateActionStatus, type ActionInput } from '../../services/board-response.js'
import { reviewOf } from '../../services/reviews.js'
import { isIsoDate } from '../../../methodology/calendar/iso-date.js'
import { dateInputValues, dateValue } from '../../services/form-dates.js'
import { formatLocalDate } from '../../views-support/handlebars.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { KIND_TAGS } from './findings-pages.js'
import { LANGUAGE_CHECK_SCRIPT, narrativeLanguage } from '../../services/narrative-language.js'

type Params = { Params: { reviewId: string } }
type QuestionParams = { Params: { reviewId: string; questionId: string } }
type ActionParams = { Params: { reviewId: string; actionId: string } }

function boardBreadcrumbs(review: Pick<Review, 'id' | 'title'>, here?: string) {
  return [
    { text: 'Your reviews', href: '/' },
    { text: review.title, href: `/reviews/${review.id}` },
    { text: 'Board response', href: here ? `/reviews/${review.id}/board` : undefined },
    ...(here ? [{ text: here }] : []),
  ]
}

/** The version a form was opened at, or null when it carries none. */
function versionOf(v: Record<string, string>): number | null {
  const version = Number.parseInt(v.version ?? '', 10)
  return Number.isNaN(version) ? null : version
}

function actionInput(v: Record<string, string>): ActionInput {
  return {
    findingId: v.findingId ?? '', action: v.action ?? '', ownerAgency: v.ownerAgency ?? '', ownerRole: v.ownerRole ?? '',
    dueDate: dateValue(v, 'dueDate'), successMeasure: v.successMeasure ?? '',
  }
}

/**
 * A due date in the past, not yet confirmed: the form asks before saving it (a typing slip in the year is the usual
 * cause). Confirmed when the form comes back with the same date; an unchanged date on an edit needs no asking.
 */
function unconfirmedPastDue(v: Record<string, string>, today: string, current?: string): string | undefined {
  const due = dateValue(v, 'dueDate')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || !isIsoDate(due) || due >= today || due === current || v.confirmPastDue === due) return undefined
  return due
}

function actionValues(a: BoardAction): Record<string, string> {
  return { findingId: a.finding_id ?? '', action: a.action, ownerAgency: a.owner_agency, ownerRole: a.owner_role, dueDate: a.due_date, successMeasure: a.success_measure }
}

const boardPageRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const overviewPage = async (request: FastifyRequest, reply: FastifyReply, extra: { responseErrors?: FormErrors; failedQuestion?: string; values?: Record<string, string> } = {}) => {
    const viewer = request.inReview()
    const [review, overview] = await Promise.all([reviewOf(ctx, viewer), boardOverview(ctx, viewer)])
    const ra = request.reviewAccess!
    const decorate = <T extends { state: keyof typeof ACTION_STATE_TAGS }>(a: T) => ({ ...a, tag: ACTION_STATE_TAGS[a.state] })
    return reply.page('pages/findings/board', {
      pageTitle: 'Board response',
      review,
      findings: overview.findings.map((f) => ({
        ...f,
        kind: KIND_TAGS[f.finding.kind],
        actions: f.actions.map(decorate),
        questions: f.questions.map((q) => {
          const value = extra.failedQuestion === q.id ? extra.values?.response ?? '' : q.response ?? ''
          return {
            ...q,
            failed: extra.failedQuestion === q.id,
            buttonText: q.response === null ? 'Record the response' : 'Save the changed response',
            value,
            language: narrativeLanguage({ response: value }).response,
          }
        }),
      })),
      otherActions: overview.otherActions.map(decorate),
      counts: overview.counts,
      canRespond: ra.can('board.respond'),
      scripts: ra.can('board.respond') || ra.can('actions.manage') ? [LANGUAGE_CHECK_SCRIPT] : [],
      canManageActions: ra.can('actions.manage'),
      errors: extra.responseErrors ?? NO_ERRORS,
      breadcrumbs: boardBreadcrumbs(review),
    })
  }

  app.get<Params>('/reviews/:reviewId/board', { config: { access: access.review('findings.view') } }, async (request, reply) => overviewPage(request, reply))

  app.post<QuestionParams>('/reviews/:reviewId/board/questions/:questionId/response', { config: { access: access.review('board.respond') } }, async (request, reply) => {
    const { reviewId, questionId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => recordBoardResponse(ctx, request.actor(), reviewId, questionId, v.response ?? '', versionOf(v)),
      rerender: (errors) => overviewPage(request, reply, {
        responseErrors: { ...errors, summary: errors.summary.map((s) => ({ ...s, href: `#response-${questionId}` })) },
        failedQuestion: questionId, values: v,
      }),
      redirectTo: `/reviews/${reviewId}/board#question-${questionId}`,
      flash: { kind: 'success', heading: 'The board’s response is recorded' },
    })
  })

  const actionForm = async (request: FastifyRequest, reply: FastifyReply, opts: { values: Record<string, string>; errors: FormErrors; action?: BoardAction; pastDue?: string }) => {
    const viewer = request.inReview()
    const [review, findingOptions] = await Promise.all([reviewOf(ctx, viewer), actionFindingOptions(ctx, viewer)])
    return reply.page('pages/findings/action-form', {
      pageTitle: opts.action ? 'Change the action' : 'Agree an action',
      review,
      values: opts.values,
      language: narrativeLanguage({ action: opts.values.action, successMeasure: opts.values.successMeasure }),
      dueDateParts: dateInputValues(opts.values, 'dueDate'),
      pastDue: opts.pastDue ? { iso: opts.pastDue, text: formatLocalDate(opts.pastDue) } : null,
      scripts: [LANGUAGE_CHECK_SCRIPT],
      errors: opts.errors,
      editing: Boolean(opts.action),
      submitText: opts.action ? 'Save the action' : 'Agree the action',
      actionId: opts.action?.id ?? null,
      version: opts.action?.version ?? null,
      findingOptions,
      breadcrumbs: boardBreadcrumbs(review, opts.action ? 'Change the action' : 'Agree an action'),
    })
  }

  app.get<Params>('/reviews/:reviewId/board/actions/new', { config: { access: access.review('actions.manage') } }, async (request, reply) => {
    const finding = (request.query as { finding?: string }).finding ?? ''
    return actionForm(request, reply, { values: { findingId: finding }, errors: NO_ERRORS })
  })

  app.post<Params>('/reviews/:reviewId/board/actions', { config: { access: access.review('actions.manage') } }, async (request, reply) => {
    const v = formValues(request)
    const pastDue = unconfirmedPastDue(v, londonDate(ctx.clock.now()))
    if (pastDue) return actionForm(request, reply, { values: v, errors: NO_ERRORS, pastDue })
    return handleFormPost(ctx, request, reply, {
      run: () => agreeAction(ctx, request.actor(), request.params.reviewId, actionInput(v)),
      rerender: (errors) => actionForm(request, reply, { values: v, errors }),
      redirectTo: (a) => `/reviews/${request.params.reviewId}/board/actions/${a.id}`,
      flash: { kind: 'success', heading: 'Action agreed' },
    })
  })

  const actionPage = async (request: FastifyRequest, reply: FastifyReply, extra: { values?: Record<string, string>; errors?: FormErrors } = {}) => {
    const { actionId } = request.params as { reviewId: string; actionId: string }
    const viewer = request.inReview()
    const [review, { action, finding, history }] = await Promise.all([reviewOf(ctx, viewer), actionWithHistory(ctx, viewer, actionId)])
    return reply.page('pages/findings/action', {
      pageTitle: 'Agreed action',
      review,
      action,
      tag: ACTION_STATE_TAGS[action.state],
      finding,
      findingKind: finding ? KIND_TAGS[finding.kind] : null,
      history: history.map((h) => ({ ...h, tag: ACTION_STATE_TAGS[h.status] })),
      statusOptions: ACTION_STATUS_OPTIONS,
      values: extra.values ?? { status: action.status, completedOn: action.completed_on ?? londonDate(ctx.clock.now()), evidence: action.completion_evidence ?? '' },
      completedOnParts: dateInputValues(extra.values ?? { completedOn: action.completed_on ?? londonDate(ctx.clock.now()) }, 'completedOn'),
      errors: extra.errors ?? NO_ERRORS,
      canManage: request.reviewAccess!.can('actions.manage'),
      breadcrumbs: boardBreadcrumbs(review, 'Agreed action'),
    })
  }

  app.get<ActionParams>('/reviews/:reviewId/board/actions/:actionId', { config: { access: access.review('findings.view') } }, async (request, reply) => actionPage(request, reply))

  app.get<ActionParams>('/reviews/:reviewId/board/actions/:actionId/edit', { config: { access: access.review('actions.manage') } }, async (request, reply) => {
    const { action } = await actionWithHistory(ctx, request.inReview(), request.params.actionId)
    return actionForm(request, reply, { values: actionValues(action), errors: NO_ERRORS, action })
  })

  app.post<ActionParams>('/reviews/:reviewId/board/actions/:actionId', { config: { access: access.review('actions.manage') } }, async (request, reply) => {
    const { reviewId, actionId } = request.params
    const v = formValues(request)
    const { action } = await actionWithHistory(ctx, request.inReview(), actionId)
    const version = Number.parseInt(v.version ?? '', 10)
    const pastDue = unconfirmedPastDue(v, londonDate(ctx.clock.now()), action.due_date)
    if (pastDue) return actionForm(request, reply, { values: v, errors: NO_ERRORS, action, pastDue })
    return handleFormPost(ctx, request, reply, {
      run: () => changeAction(ctx, request.actor(), reviewId, actionId, actionInput(v), Number.isNaN(version) ? null : version),
      rerender: (errors) => actionForm(request, reply, { values: v, errors, action }),
      redirectTo: `/reviews/${reviewId}/board/actions/${actionId}`,
      flash: { kind: 'success', heading: 'Action changed' },
    })
  })

  app.post<ActionParams>('/reviews/:reviewId/board/actions/:actionId/status', { config: { access: access.review('actions.manage') } }, async (request, reply) => {
    const { reviewId, actionId } = request.params
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => updateActionStatus(ctx, request.actor(), reviewId, actionId, { status: v.status ?? '', note: v.note ?? '', evidence: v.evidence ?? '', completedOn: dateValue(v, 'completedOn') }, versionOf(v)),
      rerender: (errors) => actionPage(request, reply, { values: v, errors }),
      redirectTo: `/reviews/${reviewId}/board/actions/${actionId}`,
      flash: { kind: 'success', heading: 'Status updated' },
    })
  })
}
export default boardPageRoutes
