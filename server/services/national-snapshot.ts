// National learning's part of the review snapshot: whether the anonymised national return has been submitted.
import { hasSentReturn } from '../data/national-local.js'
import type { SnapshotContributor } from './review-snapshot.js'

export const nationalSnapshot: SnapshotContributor = async (db, reviewId, snapshot) => ({
  ...snapshot,
  nationalReturnSubmitted: await hasSentReturn(db, reviewId),
})
