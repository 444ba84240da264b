// The child, the harm and the household, recorded for national learning in the Department's and the Panel's
// categories (methodology/national/characteristics.ts): one page, linked from the scope page, the rapid review's
// facts and the national return, so the return is filled from what the review records and never retyped.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { reviewOf } from '../../services/reviews.js'
import { labelIn } from '../../../methodology/national/characteristics.js'
import { CHILD_FACT_OPTIONS, childFactsFor, saveChildFactsFor, type ChildFacts } from '../../services/review-child-facts.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from './review-pages.js'

type Params = { Params: { reviewId: string } }

/** Where the lead reviewer came from, and goes back to after saving. */
const RETURN_TO: Record<string, { path: string; text: string }> = {
  scope: { path: 'scope', text: 'Back to scope and research questions' },
  'rapid-review': { path: 'rapid-review', text: 'Back to the rapid review' },
  'national-return': { path: 'national-return', text: 'Back to the national return' },
}

const options = (list: ReadonlyArray<{ key: string; label: string }>) => list.map((c) => ({ value: c.key, text: c.label }))

const RECORDED_ON: Record<ChildFacts['recordedOn'], string | null> = {
  'this-review': null,
  'rapid-review': 'These are the facts recorded on the rapid review this review started from. Saving here records them on this review.',
  'not-recorded': 'Nothing is recorded yet. The age band is filled from the child’s date of birth and the incident’s date where both are known.',
}

const childFactsRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { values?: Record<string, unknown>; errors?: FormErrors } = {}) => {
    const viewer = request.inReview()
    const [review, facts] = await Promise.all([reviewOf(ctx, viewer), childFactsFor(ctx, viewer)])
    const from = String((request.query as { from?: string } | undefined)?.from ?? (request.body as { from?: string } | undefined)?.from ?? 'scope')
    const back = RETURN_TO[from] ?? RETURN_TO.scope!
    return reply.page('pages/reviews/child-facts', {
      pageTitle: 'The child, the harm and the household',
      review,
      canManage: request.reviewAccess!.can('review.manage'),
      values: extra.values ?? { ...facts },
      recordedNote: RECORDED_ON[facts.recordedOn],
      summary: [
        { key: 'Sex', value: labelIn(CHILD_FACT_OPTIONS.sex, facts.sex) },
        { key: 'Ethnic group', value: labelIn(CHILD_FACT_OPTIONS.ethnicity, facts.ethnicity) },
        { key: 'Disability', value: labelIn(CHILD_FACT_OPTIONS.disability, facts.disability) },
        { key: 'Age at the incident', value: labelIn(CHILD_FACT_OPTIONS.ageBand, facts.ageBand) },
        { key: 'Looked after', value: labelIn(CHILD_FACT_OPTIONS.lookedAfter, facts.lookedAfter) },
        { key: 'Children’s social care at the time', value: labelIn(CHILD_FACT_OPTIONS.socialCareStatus, facts.socialCareStatus) },
        { key: 'Type of harm', value: labelIn(CHILD_FACT_OPTIONS.harmType, facts.harmType) },
        { key: 'Household risk factors', value: facts.riskFactors.map((f) => labelIn(CHILD_FACT_OPTIONS.riskFactors, f)).join(', ') },
      ],
      from: RETURN_TO[from] ? from : 'scope',
      back: { href: `/reviews/${review.id}/${back.path}`, text: back.text },
      options: {
        sex: options(CHILD_FACT_OPTIONS.sex), ethnicity: options(CHILD_FACT_OPTIONS.ethnicity), disability: options(CHILD_FACT_OPTIONS.disability),
        ageBand: options(CHILD_FACT_OPTIONS.ageBand), lookedAfter: options(CHILD_FACT_OPTIONS.lookedAfter),
        socialCareStatus: options(CHILD_FACT_OPTIONS.socialCareStatus), harmType: options(CHILD_FACT_OPTIONS.harmType),
        riskFactors: options(CHILD_FACT_OPTIONS.riskFactors),
      },
      errors: extra.errors ?? NO_ERRORS,
      breadcrumbs: reviewBreadcrumbs(review, 'The child, the harm and the household'),
    })
  }

  app.get<Params>('/reviews/:reviewId/child-facts', { config: { access: access.review('review.view') } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/child-facts', { config: { access: access.review('review.manage') } }, async (request, reply) => {
    const v = formValues(request)
    const input = {
      sex: v.sex ?? '', ethnicity: v.ethnicity ?? '', disability: v.disability ?? '', ageBand: v.ageBand ?? '', lookedAfter: v.lookedAfter ?? '',
      socialCareStatus: v.socialCareStatus ?? '', harmType: v.harmType ?? '', riskFactors: formList(request, 'riskFactors'),
    }
    const back = RETURN_TO[v.from ?? ''] ?? RETURN_TO.scope!
    return handleFormPost(ctx, request, reply, {
      run: () => saveChildFactsFor(ctx, request.actor(), request.params.reviewId, input),
      rerender: (errors) => page(request, reply, { values: input, errors }),
      redirectTo: `/reviews/${request.params.reviewId}/${back.path}`,
      flash: { kind: 'success', heading: 'The child’s details are saved' },
    })
  })
}
export default childFactsRoutes
