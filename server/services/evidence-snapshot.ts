// The evidence area's part of the review snapshot: counts only (documents, conversations, practitioners, quotes).
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { countConversations } from '../data/conversations.js'
import { countDocuments } from '../data/documents.js'
import type { Executor } from '../data/schema.js'

export async function evidencePart(db: Executor, reviewId: string): Promise<Pick<ReviewSnapshot, 'documents' | 'conversations'>> {
  const [documents, conversations] = await Promise.all([countDocuments(db, reviewId), countConversations(db, reviewId)])
  return { documents, conversations }
}
