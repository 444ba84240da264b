// Who is looking, decided once per request by the access-control plugin and passed first to every service that
// returns case content. The service reads everything it needs to decide what this viewer may see from here:
// capabilities, the one agency they are limited to, and whether names are real or pseudonyms.
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { adminCanWithoutMembership, roleCan, type Capability, type ReviewRole } from '../../methodology/permissions.js'
import type { NameDisplay } from '../data/name-display.js'
import type { ReviewStandingRow } from '../data/review-standing.js'
import type { User } from '../data/schema.js'
import type { GlobalRole } from '../data/tables/foundation.js'
import type { Actor } from './context.js'

export interface Viewer {
  actor: Actor
  userId: string
  globalRole: GlobalRole
  /**
   * The partnership whose reviews and accounts this viewer may see at all (issue 14): null for a national analyst,
   * who sees no review. Every list and every opening of a review or an account is limited to it.
   */
  partnershipId: string | null
  /** May add partnerships and their administrators (and sees nothing more of another partnership). */
  instanceAdmin: boolean
}

export interface ReviewViewer extends Viewer {
  reviewId: string
  /** null for an administrator who is not a member. */
  role: ReviewRole | null
  /** The member's agency as recorded (for display). */
  agency: string | null
  /**
   * The rows this viewer may see: null for every agency, otherwise the one normalised agency key (a case-group
   * member; '' when no agency is recorded, who then sees only what a reviewer shared).
   */
  agencyScope: string | null
  can(capability: Capability): boolean
  /** May see real identities (the lead reviewer and review team). */
  canSeeRealNames: boolean
  /** The name rule for this request: 'real' only for those who may see real names and have not chosen pseudonyms. */
  names: NameDisplay
  /** The review's content version when the request began: what caches are keyed by. */
  contentVersion: number
}

export function viewerOf(actor: Actor & { userId: string; role: GlobalRole }, user: Pick<User, 'partnership_id' | 'instance_admin'>): Viewer {
  return {
    actor, userId: actor.userId, globalRole: actor.role,
    partnershipId: actor.role === 'national' ? null : user.partnership_id,
    instanceAdmin: actor.role === 'admin' && user.instance_admin === 1,
  }
}

/**
 * The viewer inside one review. `requestedNames` is a one-off choice from the address (`?names=pseudonyms`),
 * honoured only for those who may see real names.
 */
export function reviewViewerOf(viewer: Viewer, reviewId: string, standing: ReviewStandingRow, requestedNames?: unknown): ReviewViewer {
  const role = standing.role
  const can = (capability: Capability) => (role ? roleCan(role, capability) : adminCanWithoutMembership(capability))
  const canSeeRealNames = can('persons.view')
  const requested = requestedNames === 'real' || requestedNames === 'pseudonyms' ? requestedNames : null
  return {
    ...viewer,
    reviewId,
    role,
    agency: role ? standing.agency : null,
    agencyScope: role === 'case-group' ? agencyKeyOf(standing.agency) : null,
    can,
    canSeeRealNames,
    names: canSeeRealNames ? (requested ?? standing.display ?? 'real') : 'pseudonyms',
    contentVersion: standing.content_version,
  }
}

/** Whether this viewer may see rows of this agency (already normalised with agencyKeyOf). */
export function seesAgency(viewer: ReviewViewer, agencyKey: string): boolean {
  return viewer.agencyScope === null || viewer.agencyScope === agencyKey
}

/** A viewer for work the system does on a review's behalf (seeding, benchmarks, tests): sees everything. */
export function systemReviewViewer(actor: Actor, reviewId: string): ReviewViewer {
  return {
    actor, userId: actor.userId ?? 'system', globalRole: 'admin', partnershipId: null, instanceAdmin: false, reviewId, role: 'lead-reviewer', agency: null, agencyScope: null,
    can: (capability) => roleCan('lead-reviewer', capability), canSeeRealNames: true, names: 'real', contentVersion: UNCACHED,
  }
}

/** A content version no cache entry is kept for. */
export const UNCACHED = -1
