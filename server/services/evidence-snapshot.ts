// The evidence area's part of the review snapshot: counts only (documents, conversations, practitioners, quotes).
import { countConversations } from '../data/conversations.js'
import { countDocuments } from '../data/documents.js'
import type { SnapshotContributor } from './review-snapshot.js'

export const evidenceSnapshot: SnapshotContributor = async (db, reviewId, snapshot) => ({
  ...snapshot,
  documents: await countDocuments(db, reviewId),
  conversations: await countConversations(db, reviewId),
})
