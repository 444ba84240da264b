// Key practice episodes, contributory factors and the causal why-map (issue 6). The analysis is the lead
// reviewer's and the review team's: the case group are participants whose practice is being appraised and the
// board reads findings, not working analysis; neither sees these pages. Administrators who are not members
// never see case content.
import { REVIEWERS, type Expected } from '../expectation.js'

const view: Expected = { review: REVIEWERS }
const edit: Expected = { review: REVIEWERS }

export const analysisRoutes: Record<string, Expected> = {
  'GET /reviews/:reviewId/analysis': view,
  'GET /reviews/:reviewId/analysis/episodes/new': edit,
  'POST /reviews/:reviewId/analysis/episodes': edit,
  'GET /reviews/:reviewId/analysis/episodes/:episodeId': view,
  'GET /api/v1/reviews/:reviewId/episodes/:episodeId/tunnel': view,
  'GET /reviews/:reviewId/analysis/episodes/:episodeId/edit': edit,
  'POST /reviews/:reviewId/analysis/episodes/:episodeId': edit,
  'GET /reviews/:reviewId/analysis/episodes/:episodeId/evidence': edit,
  'POST /reviews/:reviewId/analysis/episodes/:episodeId/evidence': edit,
  'POST /reviews/:reviewId/analysis/episodes/:episodeId/appraisal': edit,
  'GET /reviews/:reviewId/analysis/episodes/:episodeId/delete': edit,
  'POST /reviews/:reviewId/analysis/episodes/:episodeId/delete': edit,
  'GET /reviews/:reviewId/analysis/episodes/:episodeId/factors/new': edit,
  'POST /reviews/:reviewId/analysis/episodes/:episodeId/factors': edit,
  'GET /reviews/:reviewId/analysis/factors/:factorId/edit': edit,
  'POST /reviews/:reviewId/analysis/factors/:factorId': edit,
  'GET /reviews/:reviewId/analysis/factors/:factorId/delete': edit,
  'POST /reviews/:reviewId/analysis/factors/:factorId/delete': edit,
  'GET /reviews/:reviewId/map': view,
  'GET /reviews/:reviewId/map/data': view,
  'PUT /reviews/:reviewId/map/data': edit,
  'GET /reviews/:reviewId/map/options': view,
  'GET /reviews/:reviewId/map/table': view,
  'POST /reviews/:reviewId/map/nodes': edit,
  'GET /reviews/:reviewId/map/nodes/:nodeId': edit,
  'POST /reviews/:reviewId/map/nodes/:nodeId': edit,
  'GET /reviews/:reviewId/map/nodes/:nodeId/delete': edit,
  'POST /reviews/:reviewId/map/nodes/:nodeId/delete': edit,
  'POST /reviews/:reviewId/map/edges': edit,
  'GET /reviews/:reviewId/map/edges/:edgeId': edit,
  'POST /reviews/:reviewId/map/edges/:edgeId': edit,
  'GET /reviews/:reviewId/map/edges/:edgeId/delete': edit,
  'POST /reviews/:reviewId/map/edges/:edgeId/delete': edit,
  'GET /reviews/:reviewId/map/history': view,
  'GET /reviews/:reviewId/map/figure.svg': view,
  'GET /reviews/:reviewId/map/figure.png': view,
  'GET /api/v1/reviews/:reviewId/map': view,
  'PUT /api/v1/reviews/:reviewId/map': edit,
  'GET /api/v1/reviews/:reviewId/map/checks': view,
}
