// The facts about the child, the harm and the household that a national return (version 2) carries, as the
// review's pages record them (methodology/national/characteristics.ts). A local review started from a rapid
// review reads the rapid review's facts until it records its own. Nothing here is guessed: what is not
// recorded is 'not-known', except the age band, which the child's date of birth and the incident's date give.
import { ageBandConflict, ageBandFromDates } from '../../methodology/national/return-consistency.js'
import {
  DISABILITY_STATUSES, ETHNIC_GROUPS, HARM_TYPES, LOOKED_AFTER_STATUSES, RISK_FACTORS, SEXES, SIN_AGE_BANDS, SOCIAL_CARE_STATUSES,
  isIn, riskFactorProblem, sinAgeBandFromV1, type Choice,
} from '../../methodology/national/characteristics.js'
import { findChildFacts, findRapidReviewOf, returnDates, saveChildFacts } from '../data/national-local.js'
import { bumpContentVersion } from '../data/review-standing.js'
import type { Executor } from '../data/schema.js'
import type { ReviewsTable } from '../data/tables/reviews.js'
import { BadInput, type ErrorDetail } from '../errors.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { requireCapability } from './capability.js'
import { auditRead } from './read-audit.js'
import { requireReview } from './reviews.js'
import type { ReviewViewer } from './viewer.js'

/** The facts as read: what is stored (or carried over), and where it came from. */
export interface ChildFacts extends Omit<ChildFactsInput, 'riskFactors'> {
  riskFactors: string[]
  /** Where the facts come from: this review's pages, the rapid review it started from, or nothing recorded yet. */
  recordedOn: 'this-review' | 'rapid-review' | 'not-recorded'
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

export async function childFactsOf(db: Executor, review: Pick<ReviewsTable, 'id' | 'child_age_band' | 'incident_date' | 'subject_pseudonym'>): Promise<ChildFacts> {
  let row = await findChildFacts(db, review.id)
  let recordedOn: ChildFacts['recordedOn'] = 'this-review'
  if (!row) {
    const rapid = await findRapidReviewOf(db, review.id)
    row = rapid ? await findChildFacts(db, rapid) : undefined
    recordedOn = row ? 'rapid-review' : 'not-recorded'
  }
  if (row) {
    return {
      sex: row.sex, ethnicity: row.ethnicity, disability: row.disability, ageBand: row.age_band, lookedAfter: row.looked_after,
      socialCareStatus: row.social_care_status, harmType: row.harm_type, riskFactors: parseList(row.risk_factors), recordedOn,
    }
  }
  // Nothing recorded: the age band from the review's dates, or from its version 1 band where that fits one SIN band.
  const { childBorn } = await returnDates(db, review.id, review.subject_pseudonym)
  const ageBand = ageBandFromDates(childBorn, review.incident_date) ?? sinAgeBandFromV1(review.child_age_band)
  return {
    sex: 'not-known', ethnicity: 'not-known', disability: 'not-known', ageBand, lookedAfter: 'not-known', socialCareStatus: 'not-known',
    harmType: 'not-known', riskFactors: ['not-known'], recordedOn,
  }
}

/** The facts as a member of the review reads them (page and API): capability checked, the read audited. */
export async function childFactsFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<ChildFacts> {
  requireCapability(viewer, 'review.view')
  const review = await requireReview(ctx.db, viewer.reviewId)
  const facts = await childFactsOf(ctx.db, review)
  await auditRead(ctx, viewer, { action: 'review.child-facts.view', objectType: 'review', objectId: viewer.reviewId })
  return facts
}

export interface ChildFactsInput {
  sex: string
  ethnicity: string
  disability: string
  ageBand: string
  lookedAfter: string
  socialCareStatus: string
  harmType: string
  riskFactors: readonly string[]
}

/** Each single-choice field with its list and the words for its error message. */
const SINGLE: ReadonlyArray<[Exclude<keyof ChildFactsInput, 'riskFactors'>, ReadonlyArray<Choice>, string]> = [
  ['sex', SEXES, 'the child’s sex'],
  ['ethnicity', ETHNIC_GROUPS, 'the child’s ethnic group'],
  ['disability', DISABILITY_STATUSES, 'whether the child is disabled'],
  ['ageBand', SIN_AGE_BANDS, 'the child’s age band'],
  ['lookedAfter', LOOKED_AFTER_STATUSES, 'whether the child was looked after'],
  ['socialCareStatus', SOCIAL_CARE_STATUSES, 'the child’s social care status at the time'],
  ['harmType', HARM_TYPES, 'the type of harm'],
]

/**
 * Records the child's characteristics, the harm type and the household's risk factors on the review. Every
 * field must be from its list ('not-known' included); an age band the review's dates contradict is refused.
 * Nothing is saved unless every field is right.
 */
export async function saveChildFactsFor(ctx: ServiceContext, actor: Actor, reviewId: string, input: ChildFactsInput): Promise<ChildFacts> {
  const review = await requireReview(ctx.db, reviewId)
  const details: ErrorDetail[] = []
  const values: Record<string, string> = {}
  for (const [field, list, words] of SINGLE) {
    const value = (input[field] ?? '').trim() || 'not-known'
    if (!isIn(list, value)) details.push({ path: field, message: `Choose ${words} from the list` })
    values[field] = value
  }
  const factors = [...new Set(input.riskFactors.map((f) => f.trim()).filter((f) => f !== ''))]
  const unknown = factors.find((f) => !isIn(RISK_FACTORS, f))
  if (unknown !== undefined) details.push({ path: 'riskFactors', message: `Choose the household’s risk factors from the list (“${unknown}” is not one)` })
  else {
    if (factors.length === 0) details.push({ path: 'riskFactors', message: 'Choose the household’s risk factors, “None identified” or “Not known”' })
    else if (riskFactorProblem(factors)) details.push({ path: 'riskFactors', message: 'Choose “None identified” or “Not known” on its own, not with risk factors' })
  }
  if (!details.some((d) => d.path === 'ageBand')) {
    const { childBorn } = await returnDates(ctx.db, reviewId, review.subject_pseudonym)
    const conflict = ageBandConflict(values.ageBand ?? 'not-known', childBorn, review.incident_date)
    if (conflict) details.push({ path: 'ageBand', message: conflict })
    else if (values.harmType === 'sudden-unexpected-infant-death' && !['under-1', '1-5', 'not-known'].includes(values.ageBand ?? '')) {
      details.push({ path: 'harmType', message: 'A sudden unexpected infant death is of a child under 2: check the harm type or the age band' })
    }
  }
  if (details.length > 0) throw new BadInput('There is a problem with the child’s details', details)
  await ctx.db.transaction().execute(async (trx) => {
    await saveChildFacts(trx, {
      review_id: reviewId, sex: values.sex ?? 'not-known', ethnicity: values.ethnicity ?? 'not-known', disability: values.disability ?? 'not-known',
      age_band: values.ageBand ?? 'not-known', looked_after: values.lookedAfter ?? 'not-known', social_care_status: values.socialCareStatus ?? 'not-known',
      harm_type: values.harmType ?? 'not-known', risk_factors: JSON.stringify(factors), updated_by: actor.userId, updated_at: nowIso(ctx),
    })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'review.child-facts.update', reviewId, objectType: 'review', objectId: reviewId })
  })
  return childFactsOf(ctx.db, review)
}

/** The lists as form options. */
export const CHILD_FACT_OPTIONS = {
  sex: SEXES, ethnicity: ETHNIC_GROUPS, disability: DISABILITY_STATUSES, ageBand: SIN_AGE_BANDS, lookedAfter: LOOKED_AFTER_STATUSES,
  socialCareStatus: SOCIAL_CARE_STATUSES, harmType: HARM_TYPES, riskFactors: RISK_FACTORS,
} as const
