// Dashboard alerts for the board's actions: overdue ones, and those due within two weeks, shown to the people
// who manage actions in each review (the lead reviewer and the board chair).
import { roleCan, REVIEW_ROLES } from '../../methodology/permissions.js'
import { londonDate } from '../clock.js'
import { listOpenActionsDueForMember } from '../data/board-actions.js'
import { formatLocalDate } from '../views-support/handlebars.js'
import { addDays, DUE_SOON_DAYS, isOverdue } from './board-action-status.js'
import type { AlertSource } from './dashboard-alerts.js'

const MANAGERS = REVIEW_ROLES.filter((role) => roleCan(role, 'actions.manage'))

function brief(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > 90 ? `${oneLine.slice(0, 87).trimEnd()}…` : oneLine
}

export const boardActionAlerts: AlertSource = async (ctx, userId) => {
  const today = londonDate(ctx.clock.now())
  const actions = await listOpenActionsDueForMember(ctx.db, userId, MANAGERS, addDays(today, DUE_SOON_DAYS))
  return actions.map((a) => {
    const overdue = isOverdue(a, today)
    return {
      reviewId: a.review_id,
      reviewTitle: a.review_title,
      text: `${overdue ? 'Overdue action, due' : 'Action due'} ${formatLocalDate(a.due_date)}: ${brief(a.action)} (${a.owner_agency})`,
      href: `/reviews/${a.review_id}/board/actions/${a.id}`,
      severity: overdue ? 'overdue' : 'due-soon',
    }
  })
}
