// Dashboard alert: agency chronologies that have been checked but not yet added to the chronology, shown
// to the members who may add them (the case group only for their own agency).
import { roleCan, isReviewRole } from '../../methodology/permissions.js'
import { listWaitingPreviewsForUser } from '../data/chronology-imports.js'
import { agencyKeyOf } from '../../methodology/agency-key.js'
import type { AlertSource } from './dashboard-alerts.js'

export const waitingImportsAlerts: AlertSource = async (ctx, userId) => {
  const waiting = await listWaitingPreviewsForUser(ctx.db, userId)
  return waiting
    .filter((w) => isReviewRole(w.member_role) && roleCan(w.member_role, 'chronology.import'))
    .filter((w) => w.member_role !== 'case-group' || (w.member_agency !== null && agencyKeyOf(w.member_agency) === w.agency_key))
    .map((w) => ({
      reviewId: w.review_id,
      reviewTitle: w.review_title,
      text: `The ${w.agency} chronology (${w.file_name}) is checked and waiting to be added`,
      href: `/reviews/${w.review_id}/imports/${w.id}`,
      severity: 'info' as const,
    }))
}
