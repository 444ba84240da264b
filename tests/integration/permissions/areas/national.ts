import { LEAD, type Expected } from '../expectation.js'

// National learning (issue 9): national users see only returns and themes, never a review; the national
// return of a review is its lead reviewer's alone. The exchange format's schema is for anyone signed in.
export const nationalRoutes: Record<string, Expected> = {
  'GET /national': { roles: ['national'] },
  'GET /national/findings': { roles: ['national'] },
  'GET /national/cross': { roles: ['national'] },
  'GET /national/export': { roles: ['national'] },
  'GET /national/returns': { roles: ['national'] },
  'POST /national/returns/import': { roles: ['national'] },
  'GET /national/returns/export': { roles: ['national'] },
  'GET /reviews/:reviewId/national-return': { review: LEAD },
  'POST /reviews/:reviewId/national-return': { review: LEAD },
  'POST /reviews/:reviewId/national-return/attention': { review: LEAD },
  'GET /reviews/:reviewId/national-return/confirm': { review: LEAD },
  'POST /reviews/:reviewId/national-return/submit': { review: LEAD },
  'GET /reviews/:reviewId/national-return/download': { review: LEAD },
  'GET /api/v1/national/return.schema.json': 'signed-in',
  'POST /api/v1/national/returns': { roles: ['national'] },
  'GET /api/v1/national/themes': { roles: ['national'] },
  'GET /api/v1/national/findings': { roles: ['national'] },
  'GET /api/v1/national/timeliness': { roles: ['national'] },
  'GET /api/v1/reviews/:reviewId/national-return': { review: LEAD },
  'POST /api/v1/reviews/:reviewId/national-return/submit': { review: LEAD },
}
