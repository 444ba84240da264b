// The rapid review's part of the review snapshot. For a rapid review: its own record. For a local review
// started from one: the decision and reasons it was started on, so quality marker 2 (the decision to review)
// is answered from what the partners recorded.
import { criteriaNotConsidered } from '../../methodology/rapid-review/rapid-review-record.js'
import { findRapidReview, findRapidReviewByLocalReview, listSignOffs } from '../data/rapid-reviews.js'
import { findReview } from '../data/reviews.js'
import type { SnapshotContributor } from './review-snapshot.js'
import { recordOf } from './rapid-review.js'

export const rapidReviewSnapshot: SnapshotContributor = async (db, reviewId, snapshot) => {
  const own = snapshot.methodology === 'rapid-review' ? await findRapidReview(db, reviewId) : undefined
  const row = own ?? (snapshot.methodology === 'rapid-review' ? undefined : await findRapidReviewByLocalReview(db, reviewId))
  if (!row) return snapshot
  const review = await findReview(db, row.review_id)
  if (!review) return snapshot
  const record = recordOf(review, row, await listSignOffs(db, row.review_id))
  const rapidReview = {
    ...snapshot.rapidReview,
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
  }
  return own
    ? { ...snapshot, dates: { ...snapshot.dates, becameAware: record.facts.becameAware }, rapidReview }
    : { ...snapshot, rapidReview }
}
