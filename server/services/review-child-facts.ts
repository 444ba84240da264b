// The facts about the child, the harm and the household that a national return (version 2) carries, as the
// review's pages record them (methodology/national/characteristics.ts). A local review started from a rapid
// review reads the rapid review's facts until it records its own. Nothing here is guessed: what is not
// recorded is 'not-known', except the age band, which the child's date of birth and the incident's date give.
import { ageBandFromDates } from '../../methodology/national/return-consistency.js'
import { sinAgeBandFromV1 } from '../../methodology/national/characteristics.js'
import { findChildFacts, findRapidReviewOf, returnDates } from '../data/national-local.js'
import type { Executor } from '../data/schema.js'
import type { ReviewsTable } from '../data/tables/reviews.js'

export interface ChildFacts {
  sex: string
  ethnicity: string
  disability: string
  ageBand: string
  lookedAfter: string
  socialCareStatus: string
  harmType: string
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
