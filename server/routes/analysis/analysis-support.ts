// What the analysis pages share: breadcrumbs, options and reading episode and factor forms. (The evidence a
// picker can offer, in the viewer's name form, comes from analysisReads(ctx, viewer).evidenceChoices().)
import type { FastifyRequest } from 'fastify'
import { MAP_LEVELS, MAP_LEVEL_INFO } from '../../../methodology/map/map-model.js'
import type { Review } from '../../data/schema.js'
import { FACTOR_TYPES, FACTOR_TYPE_INFO, evidenceFormValue } from '../../services/contributory-factors.js'
import type { EvidenceRef } from '../../data/evidence.js'
import { joinDateParts } from '../../services/form-dates.js'
import type { EpisodeInput } from '../../services/key-practice-episodes.js'
import { formList, formValues } from '../form-support.js'
import { reviewBreadcrumbs } from '../reviews/review-pages.js'

export function analysisBreadcrumbs(review: Pick<Review, 'id' | 'title'>, here?: string) {
  const crumbs = reviewBreadcrumbs(review, 'Analysis')
  if (!here) return crumbs
  return [...crumbs.slice(0, -1), { text: 'Analysis', href: `/reviews/${review.id}/analysis` }, { text: here }]
}

export function mapBreadcrumbs(review: Pick<Review, 'id' | 'title'>, here?: string) {
  const crumbs = reviewBreadcrumbs(review, 'Why-map')
  if (!here) return crumbs
  return [...crumbs.slice(0, -1), { text: 'Why-map', href: `/reviews/${review.id}/map` }, { text: here }]
}

export function evidenceValues(refs: readonly EvidenceRef[]): string[] {
  return refs.map(evidenceFormValue)
}

export function levelOptions() {
  return MAP_LEVELS.map((level) => ({ value: level, text: MAP_LEVEL_INFO[level].label, hint: MAP_LEVEL_INFO[level].description }))
}

export function factorTypeOptions() {
  return FACTOR_TYPES.map((type) => ({ value: type, text: FACTOR_TYPE_INFO[type].label, hint: FACTOR_TYPE_INFO[type].hint }))
}

/** YYYY-MM-DD as the three boxes of a GOV.UK date input. */
export function dateParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] as string } : { day: '', month: '', year: '' }
}

/** The episode form as posted: agencies ticked plus any typed one per line. */
export function readEpisodeForm(request: FastifyRequest): { input: EpisodeInput; raw: Record<string, string>; agencies: string[] } {
  const v = formValues(request)
  const typed = (v.otherAgencies ?? '').split(/\r?\n|,/).map((a) => a.trim()).filter(Boolean)
  const agencies = [...formList(request, 'agencies'), ...typed]
  return {
    raw: v,
    agencies: formList(request, 'agencies'),
    input: {
      title: v.title ?? '',
      dateStart: joinDateParts(v['dateStart-day'], v['dateStart-month'], v['dateStart-year']),
      dateEnd: joinDateParts(v['dateEnd-day'], v['dateEnd-month'], v['dateEnd-year']),
      agencies,
    },
  }
}

/** A version number posted with a form (hidden field); -1 when missing, which is always stale. */
export function postedVersion(request: FastifyRequest): number {
  const raw = formValues(request).version ?? ''
  return /^\d{1,9}$/.test(raw) ? Number(raw) : -1
}
