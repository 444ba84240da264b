// Chronology import and the integrated chronology (issue 5, part A). Agencies' practitioners (the case group)
// upload and see their own agency's records; the lead reviewer and review team see everything and annotate;
// board chairs do not see the chronology; administrators who are not members see none of it.
import type { ReviewRole } from '../../../../methodology/permissions.js'
import { REVIEWERS, type Expected } from '../expectation.js'

const WITH_CASE_GROUP: ReviewRole[] = ['lead-reviewer', 'review-team', 'case-group']

export const chronologyRoutes: Record<string, Expected> = {
  'GET /reviews/:reviewId/imports': { review: WITH_CASE_GROUP },
  'GET /reviews/:reviewId/imports/new': { review: WITH_CASE_GROUP },
  'POST /reviews/:reviewId/imports': { review: WITH_CASE_GROUP },
  'GET /reviews/:reviewId/imports/:importId': { review: WITH_CASE_GROUP },
  'GET /reviews/:reviewId/imports/:importId/status': { review: WITH_CASE_GROUP },
  'POST /reviews/:reviewId/imports/:importId/settings': { review: WITH_CASE_GROUP },
  'POST /reviews/:reviewId/imports/:importId/commit': { review: WITH_CASE_GROUP },
  'POST /reviews/:reviewId/imports/:importId/discard': { review: WITH_CASE_GROUP },
  'POST /reviews/:reviewId/imports/discard-failed': { review: WITH_CASE_GROUP },
  // Rolling back removes events others annotated and cited: reviewers only, whoever uploaded the file (issue 13).
  'GET /reviews/:reviewId/imports/:importId/rollback': { review: REVIEWERS },
  'POST /reviews/:reviewId/imports/:importId/rollback': { review: REVIEWERS },
  'GET /reviews/:reviewId/chronology': { review: WITH_CASE_GROUP },
  'GET /reviews/:reviewId/chronology/export': { review: WITH_CASE_GROUP },
  'GET /reviews/:reviewId/chronology/events/:eventId': { review: WITH_CASE_GROUP },
  'POST /reviews/:reviewId/chronology/events/:eventId': { review: REVIEWERS },
  'POST /reviews/:reviewId/chronology/events/:eventId/unlink': { review: REVIEWERS },
  'POST /reviews/:reviewId/chronology/selection': { review: REVIEWERS },
  'GET /reviews/:reviewId/chronology/suggestions': { review: REVIEWERS },
  'POST /reviews/:reviewId/chronology/suggestions/:key/link': { review: REVIEWERS },
  'POST /reviews/:reviewId/chronology/suggestions/:key/dismiss': { review: REVIEWERS },
  'POST /api/v1/reviews/:reviewId/imports': { review: WITH_CASE_GROUP },
  'POST /api/v1/reviews/:reviewId/imports/:importId/commit': { review: WITH_CASE_GROUP },
  'POST /api/v1/reviews/:reviewId/imports/:importId/rollback': { review: REVIEWERS },
  'GET /api/v1/reviews/:reviewId/chronology': { review: WITH_CASE_GROUP },
}
