// How the review is conducted: the lead reviewer's independence declaration, the case group's follow-on meetings
// and practitioners' feedback on the draft findings, and the register of parallel processes.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { dateInputValues, dateValue } from '../../services/form-dates.js'
import {
  PROCESS_KINDS, PROCESS_STATUSES, STEP_KINDS, addParallelProcess, changeParallelProcess, declareIndependence, recordCaseGroupStep, reviewConductOf,
} from '../../services/review-conduct.js'
import { reviewOf } from '../../services/reviews.js'
import { NotFound } from '../../errors.js'
import { formatLocalDate } from '../../views-support/handlebars.js'
import { formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from './review-pages.js'

type Params = { Params: { reviewId: string } }
type ProcessParams = { Params: { reviewId: string; processId: string } }
type Section = 'declaration' | 'step' | 'process'

const options = <K extends string>(labels: Readonly<Record<K, string>>) => (Object.keys(labels) as K[]).map((value) => ({ value, text: labels[value] }))
const processValues = (p: { kind: string; status: string; started_on: string | null; concluded_on: string | null; effect: string }) =>
  ({ processKind: p.kind, status: p.status, startedOn: p.started_on ?? '', concludedOn: p.concluded_on ?? '', effect: p.effect })

const conductRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, failed: { section: Section; values: Record<string, string>; errors: FormErrors } | null = null) => {
    const review = await reviewOf(ctx, request.inReview())
    const conduct = await reviewConductOf(ctx, request.inReview())
    const ra = request.reviewAccess!
    const viewer = request.inReview()
    const values = (s: Section) => (failed?.section === s ? failed.values : {})
    const errors = (s: Section) => (failed?.section === s ? failed.errors : NO_ERRORS)
    const seen = new Set<string>()
    return reply.page('pages/reviews/conduct', {
      pageTitle: 'How the review is conducted',
      review,
      canDeclare: ra.can('independence.declare'),
      canManage: ra.can('conduct.manage'),
      declarations: conduct.declarations.map((d) => {
        const current = !seen.has(d.user_id)
        seen.add(d.user_id)
        return { by: d.user_name ?? 'A former user', mine: d.user_id === viewer.userId, independent: d.independent === 1, interests: d.interests, on: formatLocalDate(d.declared_on), current }
      }),
      steps: conduct.steps.map((s) => ({ kind: STEP_KINDS[s.kind].label, on: formatLocalDate(s.held_on), people: s.people, changes: s.changes })),
      processes: conduct.processes.map((p) => ({
        id: p.id, kind: PROCESS_KINDS[p.kind], status: PROCESS_STATUSES[p.status], open: p.status !== 'concluded',
        started: p.started_on ? formatLocalDate(p.started_on) : null, concluded: p.concluded_on ? formatLocalDate(p.concluded_on) : null, effect: p.effect,
      })),
      independenceOptions: [
        { value: 'yes', text: 'Yes, I am independent of every agency under review', hint: 'Not employed by, contracted to or managing any of them now, and no recent role in this case.' },
        { value: 'no', text: 'No, I have a connection to an agency under review', hint: 'Say what it is below, so the board can decide whether to go ahead or add a second reviewer.' },
      ],
      stepOptions: (Object.keys(STEP_KINDS) as Array<keyof typeof STEP_KINDS>).map((k) => ({ value: k, text: STEP_KINDS[k].label, hint: STEP_KINDS[k].hint })),
      kindOptions: options(PROCESS_KINDS),
      statusOptions: options(PROCESS_STATUSES),
      declaration: { values: values('declaration'), errors: errors('declaration'), date: dateInputValues(values('declaration'), 'declaredOn') },
      step: { values: values('step'), errors: errors('step'), date: dateInputValues(values('step'), 'heldOn') },
      process: {
        values: values('process'), errors: errors('process'),
        started: dateInputValues(values('process'), 'startedOn'), concluded: dateInputValues(values('process'), 'concludedOn'),
      },
      breadcrumbs: reviewBreadcrumbs(review, 'How the review is conducted'),
    })
  }

  app.get<Params>('/reviews/:reviewId/conduct', { config: { access: access.review('conduct.view') } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/conduct/independence', { config: { access: access.review('independence.declare') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => declareIndependence(ctx, request.inReview(), { independent: v.independent ?? '', interests: v.interests ?? '', declaredOn: dateValue(v, 'declaredOn') }),
      rerender: (errors) => page(request, reply, { section: 'declaration', values: v, errors }),
      redirectTo: `/reviews/${request.params.reviewId}/conduct#independence`,
      flash: { kind: 'success', heading: 'Declaration recorded' },
    })
  })

  app.post<Params>('/reviews/:reviewId/conduct/steps', { config: { access: access.review('conduct.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => recordCaseGroupStep(ctx, request.inReview(), { kind: v.stepKind ?? '', heldOn: dateValue(v, 'heldOn'), participants: v.participants ?? '', changes: v.changes ?? '' }),
      rerender: (errors) => page(request, reply, { section: 'step', values: v, errors }),
      redirectTo: `/reviews/${request.params.reviewId}/conduct#case-group`,
      flash: { kind: 'success', heading: 'Step recorded' },
    })
  })

  const processInput = (v: Record<string, string>) => ({ kind: v.processKind ?? '', status: v.status ?? '', startedOn: dateValue(v, 'startedOn'), concludedOn: dateValue(v, 'concludedOn'), effect: v.effect ?? '' })

  app.post<Params>('/reviews/:reviewId/conduct/processes', { config: { access: access.review('conduct.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => addParallelProcess(ctx, request.inReview(), processInput(v)),
      rerender: (errors) => page(request, reply, { section: 'process', values: v, errors }),
      redirectTo: `/reviews/${request.params.reviewId}/conduct#parallel-processes`,
      flash: { kind: 'success', heading: 'Parallel process added' },
    })
  })

  const processPage = async (request: FastifyRequest, reply: FastifyReply, posted: Record<string, string> | null = null, errors: FormErrors = NO_ERRORS) => {
    const { processId } = request.params as { processId: string }
    const review = await reviewOf(ctx, request.inReview())
    const conduct = await reviewConductOf(ctx, request.inReview())
    const process = conduct.processes.find((p) => p.id === processId)
    if (!process) throw new NotFound('There is no such parallel process in this review. It may have been removed.')
    const values = posted ?? processValues(process)
    return reply.page('pages/reviews/conduct-process', {
      pageTitle: 'Change a parallel process',
      review, process: { id: process.id, kind: PROCESS_KINDS[process.kind] },
      values, errors,
      started: dateInputValues(values, 'startedOn'), concluded: dateInputValues(values, 'concludedOn'),
      kindOptions: options(PROCESS_KINDS), statusOptions: options(PROCESS_STATUSES),
      breadcrumbs: reviewBreadcrumbs(review, 'Change a parallel process'),
    })
  }

  app.get<ProcessParams>('/reviews/:reviewId/conduct/processes/:processId', { config: { access: access.review('conduct.manage') } }, async (request, reply) => processPage(request, reply))

  app.post<ProcessParams>('/reviews/:reviewId/conduct/processes/:processId', { config: { access: access.review('conduct.manage') } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => changeParallelProcess(ctx, request.inReview(), request.params.processId, processInput(v)),
      rerender: (errors) => processPage(request, reply, v, errors),
      redirectTo: `/reviews/${request.params.reviewId}/conduct#parallel-processes`,
      flash: { kind: 'success', heading: 'Parallel process changed' },
    })
  })
}
export default conductRoutes
