// What the plugins add to Fastify's request and route config, in one place.
import type { Capability, ReviewRole } from '../methodology/permissions.js'
import type { ReviewStandingRow } from './data/review-standing.js'
import type { Session, User } from './data/schema.js'
import type { GlobalRole } from './data/tables/foundation.js'
import type { Actor } from './services/context.js'
import type { ReviewViewer, Viewer } from './services/viewer.js'

/** Every route declares who may call it; a route without one fails at start-up (deny by default). */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'role'; roles: readonly GlobalRole[] }
  | { kind: 'review'; capability: Capability }

export const access = {
  public: { kind: 'public' } as Access,
  signedIn: { kind: 'signed-in' } as Access,
  roles: (...roles: GlobalRole[]): Access => ({ kind: 'role', roles }),
  review: (capability: Capability): Access => ({ kind: 'review', capability }),
}

/** The caller's standing in the review named by the route's :reviewId. */
export interface ReviewAccess {
  reviewId: string
  /** null for an administrator who is not a member. */
  role: ReviewRole | null
  /** The agency a case-group or review-team member belongs to. */
  agency: string | null
  can(capability: Capability): boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** Let this route's JSON body be larger than the default limit (it checks size itself). */
    largeBody?: boolean
  }
  interface FastifyRequest {
    user: User | null
    session: Session | null
    /** 'expired' when the session timed out: the login page says so. */
    sessionState: 'none' | 'expired' | 'active'
    authVia: 'session' | 'token' | null
    reviewAccess: ReviewAccess | null
    /** The user's standing in the review the route names, read with the session (authentication.ts); null if not read. */
    standingRead: { reviewId: string; standing: ReviewStandingRow | undefined } | null
    /** Who is looking (every signed-in request), built once by the access-control plugin. */
    viewer: Viewer | null
    /** The same viewer inside the review a review-scoped route names; null on other routes. */
    reviewViewer: ReviewViewer | null
    /** The review viewer, for review-scoped routes (anything else is a programming error). */
    inReview(): ReviewViewer
    /** Uploaded files saved to temporary storage; deleted when the response is sent. */
    tempFiles: string[]
    actor(): Actor
  }
}

export type { GlobalRole }
