// Person register, conversations and quotes, supporting documents (issue 5, part B). Real identities are for
// the lead reviewer and review team only; the case group reads conversations and documents (their own
// agency's, filtered in the service) but changes nothing; the board chair sees none of this evidence.
import { REVIEWERS, type Expected } from '../expectation.js'
import type { ReviewRole } from '../../../../methodology/permissions.js'

const READERS: ReviewRole[] = ['lead-reviewer', 'review-team', 'case-group']

export const evidenceRoutes: Record<string, Expected> = {
  'GET /reviews/:reviewId/people': { review: REVIEWERS },
  'POST /reviews/:reviewId/people/import': { review: REVIEWERS },
  'GET /reviews/:reviewId/people/new': { review: REVIEWERS },
  'POST /reviews/:reviewId/people': { review: REVIEWERS },
  'GET /reviews/:reviewId/people/:personId': { review: REVIEWERS },
  'POST /reviews/:reviewId/people/:personId': { review: REVIEWERS },
  'POST /reviews/:reviewId/people/:personId/remove': { review: REVIEWERS },
  'POST /reviews/:reviewId/names': { review: REVIEWERS },

  'GET /reviews/:reviewId/conversations': { review: READERS },
  'GET /reviews/:reviewId/quotes': { review: READERS },
  'GET /reviews/:reviewId/conversations/new': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations': { review: REVIEWERS },
  'GET /reviews/:reviewId/conversations/:conversationId': { review: READERS },
  'GET /reviews/:reviewId/conversations/:conversationId/edit': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations/:conversationId': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations/:conversationId/remove': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations/:conversationId/quotes': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations/:conversationId/quotes/:quoteId/remove': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations/:conversationId/quote-events': { review: REVIEWERS },
  'POST /reviews/:reviewId/conversations/:conversationId/quotes/:quoteId/events/:eventId/remove': { review: REVIEWERS },

  'GET /reviews/:reviewId/documents': { review: READERS },
  'GET /reviews/:reviewId/documents/new': { review: REVIEWERS },
  'POST /reviews/:reviewId/documents': { review: REVIEWERS },
  'GET /reviews/:reviewId/documents/:documentId': { review: READERS },
  'GET /reviews/:reviewId/documents/:documentId/edit': { review: REVIEWERS },
  'POST /reviews/:reviewId/documents/:documentId': { review: REVIEWERS },
  'POST /reviews/:reviewId/documents/:documentId/remove': { review: REVIEWERS },

  'POST /api/v1/reviews/:reviewId/persons': { review: REVIEWERS },
  'GET /api/v1/reviews/:reviewId/persons': { review: REVIEWERS },
  'POST /api/v1/reviews/:reviewId/conversations': { review: REVIEWERS },
  'GET /api/v1/reviews/:reviewId/conversations': { review: READERS },
  'GET /api/v1/reviews/:reviewId/conversations/:conversationId': { review: READERS },
  'POST /api/v1/reviews/:reviewId/conversations/:conversationId/quotes': { review: REVIEWERS },
  'POST /api/v1/reviews/:reviewId/documents': { review: REVIEWERS },
  'GET /api/v1/reviews/:reviewId/documents': { review: READERS },
}
