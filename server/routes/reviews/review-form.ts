// Reading and showing the review details form (GOV.UK date inputs for each date).
import type { FastifyRequest } from 'fastify'
import type { Review } from '../../data/schema.js'
import type { ReviewDetailsInput } from '../../services/reviews.js'
import { joinDateParts } from '../../services/form-dates.js'
import { formValues } from '../form-support.js'
import { ageBandOptions, harmOptions, methodologyOptions, regionOptions } from '../../views-support/review-labels.js'

export const DATE_FIELDS = ['periodFrom', 'periodTo', 'incidentDate', 'notificationDate', 'decisionDate', 'publicationPlannedOn', 'finalReportSentOn'] as const

export function readReviewForm(request: FastifyRequest): { input: ReviewDetailsInput; raw: Record<string, string> } {
  const v = formValues(request)
  const date = (name: string) => joinDateParts(v[`${name}-day`], v[`${name}-month`], v[`${name}-year`])
  return {
    raw: v,
    input: {
      title: v.title ?? '', boardName: v.boardName ?? '', subjectPseudonym: v.subjectPseudonym ?? '', methodology: v.methodology ?? '',
      periodFrom: date('periodFrom'), periodTo: date('periodTo'), incidentDate: date('incidentDate'),
      notificationDate: date('notificationDate'), decisionDate: date('decisionDate'),
      publicationPlannedOn: date('publicationPlannedOn'), finalReportSentOn: date('finalReportSentOn'),
      region: v.region ?? '', childAgeBand: v.childAgeBand ?? '', harmCategory: v.harmCategory ?? '',
    },
  }
}

function parts(iso: string | null): { day: string; month: string; year: string } {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' }
}

/** The form's values: from a posted form (kept as typed) or from the stored review. */
export function reviewFormValues(source: { raw: Record<string, string> } | { review: Review } | null): Record<string, unknown> {
  if (!source) return { methodology: 'learning-together', dates: Object.fromEntries(DATE_FIELDS.map((f) => [f, parts(null)])) }
  if ('raw' in source) {
    const r = source.raw
    return { ...r, dates: Object.fromEntries(DATE_FIELDS.map((f) => [f, { day: r[`${f}-day`] ?? '', month: r[`${f}-month`] ?? '', year: r[`${f}-year`] ?? '' }])) }
  }
  const rv = source.review
  return {
    title: rv.title, boardName: rv.board_name ?? '', subjectPseudonym: rv.subject_pseudonym, methodology: rv.methodology,
    region: rv.region ?? '', childAgeBand: rv.child_age_band ?? '', harmCategory: rv.harm_category ?? '',
    dates: {
      periodFrom: parts(rv.period_from), periodTo: parts(rv.period_to), incidentDate: parts(rv.incident_date),
      notificationDate: parts(rv.notification_date), decisionDate: parts(rv.decision_date),
      publicationPlannedOn: parts(rv.publication_planned_on), finalReportSentOn: parts(rv.final_report_sent_on),
    },
  }
}

export const reviewFormOptions = () => ({
  methodologyOptions: methodologyOptions(), regionOptions: regionOptions(), ageBandOptions: ageBandOptions(), harmOptions: harmOptions(),
})
