// The shape of an access expectation and the role groups the area files use (kept apart from
// expected-access.ts so area files can import them without a cycle).
import type { GlobalRole } from '../../../server/data/tables/foundation.js'
import type { ReviewRole } from '../../../methodology/permissions.js'

export type Expected =
  | 'public'
  | 'signed-in'
  | { roles: GlobalRole[] }
  /** Review-scoped: the member roles allowed; `admin: true` when an administrator who is not a member may call it too. */
  | { review: ReviewRole[]; admin?: boolean }

export const ALL_MEMBERS: ReviewRole[] = ['lead-reviewer', 'review-team', 'case-group', 'board-chair']
export const REVIEWERS: ReviewRole[] = ['lead-reviewer', 'review-team']
export const LEAD: ReviewRole[] = ['lead-reviewer']
