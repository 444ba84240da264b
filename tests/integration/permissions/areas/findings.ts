// Findings, the typology, tagging agreement, the board's response and the quality self-assessment (issue 7),
// written from the issue: reviewers write findings; the board chair reads them and answers its questions;
// only the lead reviewer dismisses language flags; the lead reviewer and board chair manage actions and the
// self-assessment; the case group sees none of it; national users publish typology versions.
import { LEAD, REVIEWERS, type Expected } from '../expectation.js'
import type { ReviewRole } from '../../../../methodology/permissions.js'

const READERS: ReviewRole[] = ['lead-reviewer', 'review-team', 'board-chair']
const BOARD: ReviewRole[] = ['board-chair']
const LEAD_AND_BOARD: ReviewRole[] = ['lead-reviewer', 'board-chair']

export const findingRoutes: Record<string, Expected> = {
  'GET /reviews/:reviewId/findings': { review: READERS },
  'GET /reviews/:reviewId/findings/new': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings': { review: REVIEWERS },
  'GET /reviews/:reviewId/findings/:findingId': { review: READERS },
  'GET /reviews/:reviewId/findings/:findingId/edit': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/:findingId': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/:findingId/delete': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/:findingId/agree': { review: LEAD },
  'POST /reviews/:reviewId/findings/:findingId/language/dismiss': { review: LEAD },
  'POST /reviews/:reviewId/findings/:findingId/language/restore': { review: LEAD },

  'GET /reviews/:reviewId/findings/agreement': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/agreement': { review: REVIEWERS },
  'GET /reviews/:reviewId/findings/agreement/:exerciseId': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/agreement/:exerciseId/tags': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/agreement/:exerciseId/resolve': { review: REVIEWERS },
  'POST /reviews/:reviewId/findings/agreement/:exerciseId/close': { review: REVIEWERS },

  'GET /reviews/:reviewId/board': { review: READERS },
  'POST /reviews/:reviewId/board/questions/:questionId/response': { review: BOARD },
  'GET /reviews/:reviewId/board/actions/new': { review: LEAD_AND_BOARD },
  'POST /reviews/:reviewId/board/actions': { review: LEAD_AND_BOARD },
  'GET /reviews/:reviewId/board/actions/:actionId': { review: READERS },
  'GET /reviews/:reviewId/board/actions/:actionId/edit': { review: LEAD_AND_BOARD },
  'POST /reviews/:reviewId/board/actions/:actionId': { review: LEAD_AND_BOARD },
  'POST /reviews/:reviewId/board/actions/:actionId/status': { review: LEAD_AND_BOARD },

  'GET /reviews/:reviewId/quality': { review: LEAD_AND_BOARD },
  'POST /reviews/:reviewId/quality/:markerKey': { review: LEAD_AND_BOARD },

  'GET /typology': 'signed-in',
  'GET /typology/versions/:version': 'signed-in',
  'GET /typology/publish': { roles: ['national'] },
  'POST /typology/publish': { roles: ['national'] },

  'POST /api/v1/reviews/:reviewId/findings': { review: REVIEWERS },
  'GET /api/v1/reviews/:reviewId/findings': { review: READERS },
  'POST /api/v1/reviews/:reviewId/findings/:findingId/agree': { review: LEAD },
  'GET /api/v1/typology': 'signed-in',
  'GET /api/v1/typology/versions': 'signed-in',
  'POST /api/v1/typology/versions': { roles: ['national'] },
  'POST /api/v1/language-check': 'signed-in',
}
