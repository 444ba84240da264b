// The lead reviewer is told when an administrator who is not the lead reviewer added someone to their review
// (break-glass): who did, when, and the reason they gave. Shown for 30 days.
import { listBreakGlassForLead } from '../data/break-glass.js'
import { formatLocalDate } from '../views-support/handlebars.js'
import type { AlertSource } from './dashboard-alerts.js'

const SHOWN_FOR_DAYS = 30

export const breakGlassAlerts: AlertSource = async (ctx, userId) => {
  const since = new Date(ctx.clock.now().getTime() - SHOWN_FOR_DAYS * 24 * 3600 * 1000).toISOString()
  const rows = await listBreakGlassForLead(ctx.db, userId, since)
  return rows.map((r) => {
    const details = JSON.parse(r.details) as { self?: boolean; reason?: string; role?: string }
    return {
      reviewId: r.review_id,
      reviewTitle: r.review_title,
      text: `${r.actor_name ?? 'An administrator'} added ${details.self ? 'themselves' : 'someone'} to this review without you on ${formatLocalDate(r.at.slice(0, 10))}. Reason given: “${details.reason ?? ''}”`,
      href: `/reviews/${r.review_id}/members`,
      severity: 'overdue' as const,
    }
  })
}
