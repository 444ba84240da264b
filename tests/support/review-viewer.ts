// The viewer a member of a review is inside it, built exactly as the access-control plugin builds it for a
// request, for tests that call a viewer-first service directly.
import type { Executor, User } from '../../server/data/schema.js'
import { findReviewStanding } from '../../server/data/review-standing.js'
import type { Actor } from '../../server/services/context.js'
import { reviewViewerOf, viewerOf, type ReviewViewer } from '../../server/services/viewer.js'

export async function memberViewer(db: Executor, user: User, reviewId: string): Promise<ReviewViewer> {
  const actor: Actor & { userId: string; role: User['role'] } = { userId: user.id, role: user.role, name: user.name, via: 'session', requestId: null }
  const viewer = viewerOf(actor, user)
  const standing = await findReviewStanding(db, reviewId, user.id, viewer.partnershipId)
  if (!standing) throw new Error(`${user.email} cannot open review ${reviewId}`)
  return reviewViewerOf(viewer, reviewId, standing)
}
