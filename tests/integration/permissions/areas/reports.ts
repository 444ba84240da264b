// The learning report: the internal edition is for the lead reviewer, review team and board chair; the case
// group does not get the report. The leak scan and false positives belong to the lead reviewer, who alone may
// release the publication edition.
import { LEAD, type Expected } from '../expectation.js'

const READERS: Expected = { review: ['lead-reviewer', 'review-team', 'board-chair'] }

export const reportRoutes: Record<string, Expected> = {
  'GET /reviews/:reviewId/report': READERS,
  'GET /reviews/:reviewId/report/download': READERS,
  'POST /reviews/:reviewId/report/exports': READERS,
  'GET /reviews/:reviewId/report/exports/:exportId': READERS,
  'GET /reviews/:reviewId/report/exports/:exportId/status': READERS,
  'GET /reviews/:reviewId/report/exports/:exportId/file': READERS,
  'POST /reviews/:reviewId/report/leak-scan': { review: LEAD },
  'POST /reviews/:reviewId/report/glossary': { review: LEAD },
  'POST /reviews/:reviewId/report/false-positives': { review: LEAD },
  'POST /reviews/:reviewId/report/false-positives/:falsePositiveId/remove': { review: LEAD },
  'GET /api/v1/reviews/:reviewId/report': READERS,
}
