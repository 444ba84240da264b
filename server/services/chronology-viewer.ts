// Who is looking at a review's chronology, and so which agencies' records they may see: the case group see
// their own agency's events (and those a reviewer shared with them); the lead reviewer and review team see all.
import { roleCan, type ReviewRole } from '../../methodology/permissions.js'
import type { ReviewAccess } from '../http-types.js'

export interface ChronologyViewer {
  role: ReviewRole | null
  /** The member's agency (case group and review team members have one). */
  agency: string | null
}

export function viewerOf(access: ReviewAccess): ChronologyViewer {
  return { role: access.role, agency: access.agency }
}

/** Agencies match ignoring case and surrounding or repeated spaces. */
export function agencyKeyOf(agency: string): string {
  return agency.trim().replace(/\s+/g, ' ').toLowerCase()
}

/**
 * undefined when the viewer sees every agency; otherwise the one agency key they may see ('' for a case
 * group member with no agency recorded, who sees nothing but what is shared).
 */
export function onlyAgencyOf(viewer: ChronologyViewer): string | undefined {
  if (viewer.role !== 'case-group') return undefined
  return viewer.agency ? agencyKeyOf(viewer.agency) : ''
}

export function canSeeAgency(viewer: ChronologyViewer, agencyKey: string): boolean {
  const only = onlyAgencyOf(viewer)
  return only === undefined || only === agencyKey
}

/** Reviewers' notes are for the lead reviewer and review team only. */
export function seesNotes(viewer: ChronologyViewer): boolean {
  return viewer.role !== null && roleCan(viewer.role, 'chronology.annotate')
}
