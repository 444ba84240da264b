// The rapid review's part of the review snapshot. For a rapid review: its own record. For a local review
// started from one: the decision and reasons it was started on, so quality marker 2 (the decision to review)
// is answered from what the partners recorded. Which agencies returned their facts is the chronology's part
// (review-snapshot.ts puts the two together), so this reads nothing another part reads.
import { criteriaNotConsidered, LCSPR_CRITERIA } from '../../methodology/rapid-review/rapid-review-record.js'
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { findRapidReview, findRapidReviewByLocalReview, listSignOffs } from '../data/rapid-reviews.js'
import { findReview } from '../data/reviews.js'
import type { Executor } from '../data/schema.js'
import { recordOf } from './rapid-review.js'

export type RapidReviewPart = Omit<ReviewSnapshot['rapidReview'], 'agenciesReturnedFacts'>

export interface RapidReviewFacts {
  rapidReview: RapidReviewPart
  /** When the partnership became aware of the incident: a rapid review's own fact, null for any other review. */
  becameAware: string | null
}

const NO_RAPID_REVIEW: RapidReviewPart = {
  immediateLearningRecorded: false, decision: null, decisionRationale: null, sentToNationalPanelOn: null, factsRecorded: false,
  immediateActions: { total: 0, done: 0 }, criteriaNotConsidered: LCSPR_CRITERIA.length, signedOffBy: [], decisionDate: null,
  panelResponseOn: null, linkedReviewId: null,
}

export async function rapidReviewPart(db: Executor, reviewId: string, methodology: string): Promise<RapidReviewFacts> {
  const isRapidReview = methodology === 'rapid-review'
  const own = isRapidReview ? await findRapidReview(db, reviewId) : undefined
  const row = own ?? (isRapidReview ? undefined : await findRapidReviewByLocalReview(db, reviewId))
  const review = row ? await findReview(db, row.review_id) : undefined
  if (!row || !review) return { rapidReview: NO_RAPID_REVIEW, becameAware: null }
  const record = recordOf(review, row, await listSignOffs(db, row.review_id))
  return {
    rapidReview: {
      immediateLearningRecorded: Boolean(record.learning.goodPractice || record.learning.toImprove),
      decision: record.decision,
      decisionRationale: record.decisionReasons || null,
      sentToNationalPanelOn: record.sentToPanel,
      factsRecorded: Boolean(record.facts.incident),
      immediateActions: { total: record.immediateSafeguarding.length, done: record.immediateSafeguarding.filter((a) => a.done).length },
      criteriaNotConsidered: criteriaNotConsidered(record).length,
      signedOffBy: record.signOff.map((s) => s.partner),
      decisionDate: record.decisionDate,
      panelResponseOn: record.panelResponse?.date ?? null,
      linkedReviewId: own ? row.local_review_id : row.review_id,
    },
    becameAware: own ? record.facts.becameAware : null,
  }
}
