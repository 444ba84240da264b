// Things a signed-in user should act on, shown on the dashboard. Feature areas add their own sources
// (overdue board actions, imports waiting to be committed) to the list below.
import type { ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'
import { boardActionAlerts } from './board-action-alerts.js'
import { waitingImportsAlerts } from './chronology-alerts.js'
import { breakGlassAlerts } from './break-glass-alerts.js'

export interface DashboardAlert {
  reviewId: string
  reviewTitle: string
  text: string
  href: string
  severity: 'overdue' | 'due-soon' | 'info'
}

export type AlertSource = (ctx: ServiceContext, userId: string) => Promise<DashboardAlert[]>

const sources: AlertSource[] = [
  boardActionAlerts, // overdue and due-soon board actions (issue 7)
  waitingImportsAlerts, // chronology previews waiting to be committed (issue 5)
  breakGlassAlerts, // an administrator added someone without the lead reviewer (issue 13)
]

/** `visibleReviewIds`: the viewer's reviews (reviewsFor), so no alert ever names a review of another partnership. */
export async function dashboardAlerts(ctx: ServiceContext, viewer: Viewer, visibleReviewIds: ReadonlySet<string>): Promise<DashboardAlert[]> {
  const all = (await Promise.all(sources.map((s) => s(ctx, viewer.userId)))).flat().filter((a) => visibleReviewIds.has(a.reviewId))
  const rank = { overdue: 0, 'due-soon': 1, info: 2 }
  return all.sort((a, b) => rank[a.severity] - rank[b.severity])
}
