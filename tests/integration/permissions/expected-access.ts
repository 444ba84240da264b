// Who may call each route, written out independently of the server's own policies. Every registered
// route must appear here, so a new route cannot slip in unprotected: the matrix test fails until it is listed.
// Each feature area keeps its routes in areas/<area>.ts; add one line below for a new area.
import type { Expected } from './expectation.js'
import { foundationRoutes } from './areas/foundation.js'
import { reviewRoutes } from './areas/reviews.js'
import { chronologyRoutes } from './areas/chronology.js'
import { evidenceRoutes } from './areas/evidence.js'
import { findingRoutes } from './areas/findings.js'
import { reportRoutes } from './areas/reports.js'
import { analysisRoutes } from './areas/analysis.js'
import { nationalRoutes } from './areas/national.js'

export const EXPECTED_ACCESS: Record<string, Expected> = {
  ...foundationRoutes,
  ...reviewRoutes,
  ...chronologyRoutes,
  ...evidenceRoutes,
  ...findingRoutes,
  ...reportRoutes,
  ...analysisRoutes,
  ...nationalRoutes,
}
