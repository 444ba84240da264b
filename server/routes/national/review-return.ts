// A review's national return, for its lead reviewer: the anonymised return exactly as it would be sent, what
// anonymising changed, the leak scan's verdict, the published report's address, submitting a new version,
// and downloading the version sent (to pass to a national instance as a file).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { access } from '../../http-types.js'
import type { ServiceContext } from '../../services/context.js'
import { CHANGE_LABELS, type ChangeKind } from '../../../methodology/national/anonymise.js'
import { agencyTypeLabel } from '../../../methodology/national/agency-types.js'
import { totalChanges, type MissingFact } from '../../../methodology/national/build-return.js'
import {
  ACTION_STATUSES, DISABILITY_STATUSES, ETHNIC_GROUPS, FINDING_TYPES, HARM_TYPES, LOOKED_AFTER_STATUSES, RISK_FACTORS, SEXES, SIN_AGE_BANDS,
  SOCIAL_CARE_STATUSES, labelIn,
} from '../../../methodology/national/characteristics.js'
import { HARM_CATEGORIES } from '../../../methodology/review-facts.js'
import { MAP_LEVEL_INFO, isMapLevel } from '../../../methodology/map/map-model.js'
import { getPack } from '../../../methodology/packs/index.js'
import { BadInput, RuleBroken, StaleEdit } from '../../errors.js'
import {
  LEAK_LABELS, downloadSentReturn, previewReturn, returnDigest, setNationalAttention, setPublishedReport, submitReturn, type ReturnPreview,
} from '../../services/national-return.js'
import { dateInputValues, dateValue } from '../../services/form-dates.js'
import { reviewOf } from '../../services/reviews.js'
import { formList, formValues, handleFormPost, NO_ERRORS, type FormErrors } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'

type Params = { Params: { reviewId: string } }

const LEAD = access.review('national.return')

const FIELD_WORDS: Record<string, string> = {
  title: 'title', pattern: 'the pattern', howWidespread: 'how widespread', whyItMatters: 'why it matters', publishedReport: 'published report address',
}

/** "findings[2].boardQuestions[0]" → "Finding F3, board question 1". */
export function placeOf(path: string): string {
  const finding = /^findings\[(\d+)\](?:\.(\w+))?(?:\[(\d+)\])?/.exec(path)
  if (finding) {
    const where = `Finding F${Number(finding[1]) + 1}`
    if (finding[2] === 'boardQuestions') return `${where}, board question ${Number(finding[3] ?? 0) + 1}`
    return finding[2] ? `${where}, ${FIELD_WORDS[finding[2]] ?? finding[2]}` : where
  }
  const field = path.split('.').pop() ?? path
  return `Review, ${FIELD_WORDS[field] ?? field}`
}

const MISSING_WORDS: Record<MissingFact, string> = {
  region: 'the region', childAgeBand: 'the child’s age band', harmCategory: 'whether the child died or was seriously harmed', harmType: 'the type of harm',
  riskFactors: 'the household’s risk factors', sex: 'the child’s sex', ethnicity: 'the child’s ethnicity', disability: 'whether the child is disabled',
  lookedAfter: 'whether the child was looked after', socialCareStatus: 'the child’s social care status at the time',
}

const workingDays = (days: number | null): string => (days === null ? 'Not known' : `${days} working ${days === 1 ? 'day' : 'days'}`)

/** What the return holds, laid out for the page: the review's facts, each finding, the JSON and the leak scan. */
function returnView(preview: ReturnPreview) {
  const { document, changes, leaks, missing, placeNames, problems } = preview.built
  const r = document.review
  const totals = totalChanges(changes)
  return {
    document,
    documentJson: JSON.stringify(document, null, 2),
    digest: returnDigest(document),
    facts: [
      { key: 'Region', value: document.review.region ?? '' },
      { key: 'Year', value: String(document.review.year) },
      { key: 'Methodology', value: getPack(document.review.methodology)?.title ?? document.review.methodology },
      { key: 'What happened', value: HARM_CATEGORIES.find((h) => h.key === r.harmCategory)?.label ?? '' },
      { key: 'Type of harm', value: labelIn(HARM_TYPES, r.harmType) },
      { key: 'Child’s age', value: labelIn(SIN_AGE_BANDS, r.child.ageBand) },
      { key: 'Sex', value: labelIn(SEXES, r.child.sex) },
      { key: 'Ethnicity', value: labelIn(ETHNIC_GROUPS, r.child.ethnicity) },
      { key: 'Disability', value: labelIn(DISABILITY_STATUSES, r.child.disability) },
      { key: 'Looked after', value: labelIn(LOOKED_AFTER_STATUSES, r.child.lookedAfter) },
      { key: 'Social care at the time', value: labelIn(SOCIAL_CARE_STATUSES, r.child.socialCareStatus) },
      { key: 'Household risk factors', value: r.householdRiskFactors.map((f) => labelIn(RISK_FACTORS, f)).join(', ') },
      { key: 'Aware to notification', value: workingDays(r.timeliness.awarenessToNotification) },
      { key: 'Notification to rapid review', value: workingDays(r.timeliness.notificationToRapidReview) },
      { key: 'Decision to publication', value: workingDays(r.timeliness.decisionToPublication) },
      { key: 'Agencies', value: r.agencies.map(agencyTypeLabel).join(', ') },
      { key: 'Published report', value: r.publishedReport ?? '', empty: 'Not published yet' },
    ],
    findings: document.findings.map((f) => ({
      ...f,
      kindLabel: f.kind === 'good-practice' ? 'Good practice' : 'Systemic finding',
      findingTypeLabel: labelIn(FINDING_TYPES, f.findingType),
      actionsLabel: f.boardActions === null ? 'No actions agreed'
        : ACTION_STATUSES.filter((a) => (f.boardActions?.[a.key] ?? 0) > 0).map((a) => `${f.boardActions?.[a.key] ?? 0} ${a.label.toLowerCase()}`).join(', '),
      level: f.systemLevel && isMapLevel(f.systemLevel) ? MAP_LEVEL_INFO[f.systemLevel].label : 'Not recorded',
      codes: f.typologyCodes.map((t) => `${t.code} (version ${t.typologyVersion})`).join(', '),
      agencyLabels: f.agencies.map(agencyTypeLabel).join(', '),
    })),
    changeSummary: (Object.keys(totals) as ChangeKind[]).filter((k) => totals[k] > 0).map((k) => `${totals[k]} ${CHANGE_LABELS[k]}`),
    changes: changes.map((c) => ({
      place: placeOf(c.path),
      what: (Object.keys(c.changes) as ChangeKind[]).filter((k) => c.changes[k] > 0).map((k) => `${c.changes[k]} ${CHANGE_LABELS[k]}`).join(', '),
    })),
    placeNames,
    leaks: leaks.map((l) => ({ place: placeOf(l.path), kind: LEAK_LABELS[l.kind], excerpt: l.excerpt })),
    missing: missing.map((m) => MISSING_WORDS[m]),
    problems: problems.map((p) => ({ place: p.path, message: p.message })),
    sent: preview.sent,
    nextVersion: document.version,
  }
}

const reviewReturnRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  // The review and its return as it would be sent now: what both the return page and the confirmation page show.
  const returnOf = async (request: FastifyRequest) => {
    const reviewId = (request.params as { reviewId: string }).reviewId
    const viewer = request.inReview()
    const [review, preview] = await Promise.all([reviewOf(ctx, viewer), previewReturn(ctx, viewer)])
    return { reviewId, review, preview }
  }

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: FormErrors; link?: string; values?: Record<string, string> } = {}) => {
    const { review, preview } = await returnOf(request)
    return reply.page('pages/national/review-return', {
      pageTitle: 'National return',
      review,
      ...returnView(preview),
      link: extra.link ?? preview.publishedReport ?? '',
      publishedOnParts: dateInputValues(extra.values ?? { publishedOn: preview.publishedOn ?? '' }, 'publishedOn'),
      attention: preview.attention,
      errors: extra.errors ?? NO_ERRORS,
      breadcrumbs: reviewBreadcrumbs(review, 'National return'),
    })
  }

  // Exactly what will be sent, shown before it is sent: the form carries its version and digest, and sending
  // refuses anything else (the return changed in between).
  const confirmPage = async (request: FastifyRequest, reply: FastifyReply, errors: FormErrors = NO_ERRORS) => {
    const { reviewId, review, preview } = await returnOf(request)
    return reply.page('pages/national/confirm-return', {
      pageTitle: 'Check the national return before you send it',
      review,
      ...returnView(preview),
      errors,
      breadcrumbs: [...reviewBreadcrumbs(review, 'National return').slice(0, -1), { text: 'National return', href: `/reviews/${reviewId}/national-return` }, { text: 'Check before sending' }],
    })
  }

  app.get<Params>('/reviews/:reviewId/national-return', { config: { access: LEAD } }, async (request, reply) => page(request, reply))

  app.post<Params>('/reviews/:reviewId/national-return', { config: { access: LEAD } }, async (request, reply) => {
    const v = formValues(request)
    return handleFormPost(ctx, request, reply, {
      run: () => setPublishedReport(ctx, request.actor(), request.params.reviewId, v.publishedReport ?? '', dateValue(v, 'publishedOn')),
      rerender: (errors) => page(request, reply, { errors, link: v.publishedReport ?? '', values: v }),
      redirectTo: `/reviews/${request.params.reviewId}/national-return`,
      flash: (url) => ({ kind: 'success', heading: url ? 'Published report address saved' : 'Published report address removed' }),
    })
  })

  app.post<Params>('/reviews/:reviewId/national-return/attention', { config: { access: LEAD } }, async (request, reply) =>
    handleFormPost(ctx, request, reply, {
      run: () => setNationalAttention(ctx, request.actor(), request.params.reviewId, formList(request, 'nationalAttention')),
      rerender: (errors) => page(request, reply, { errors }),
      redirectTo: `/reviews/${request.params.reviewId}/national-return`,
      flash: (n) => ({ kind: 'success', heading: n === 0 ? 'No finding is marked for national attention' : `${n} ${n === 1 ? 'finding is' : 'findings are'} marked for national attention` }),
    }))

  app.get<Params>('/reviews/:reviewId/national-return/confirm', { config: { access: LEAD } }, async (request, reply) => confirmPage(request, reply))

  app.post<Params>('/reviews/:reviewId/national-return/submit', { config: { access: LEAD } }, async (request, reply) => {
    const v = formValues(request)
    const version = Number.parseInt(v.version ?? '', 10)
    const digest = v.digest ?? ''
    return handleFormPost(ctx, request, reply, {
      run: async () => {
        if (Number.isNaN(version) || !/^[0-9a-f]{64}$/.test(digest)) {
          throw new BadInput('Check the return before sending it', [{ path: 'confirm', message: 'Check what will be sent on this page, then send it' }])
        }
        try {
          return await submitReturn(ctx, request.actor(), request.params.reviewId, { version, digest })
        } catch (error) {
          // Show the return as it now stands, with the reason, rather than an error page.
          if (error instanceof StaleEdit) throw new RuleBroken(error.message, [], error.code)
          throw error
        }
      },
      rerender: (errors) => confirmPage(request, reply, errors),
      redirectTo: `/reviews/${request.params.reviewId}/national-return`,
      flash: (sent) => ({ kind: 'success', heading: `National return submitted (version ${sent.version})`, text: 'It now counts in the national themes in place of any earlier version.' }),
    })
  })

  app.get<Params>('/reviews/:reviewId/national-return/download', { config: { access: LEAD } }, async (request, reply) => {
    const file = await downloadSentReturn(ctx, request.actor(), request.params.reviewId)
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .send(file.body)
  })
}
export default reviewReturnRoutes
