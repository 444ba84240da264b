// The chronology's part of the review snapshot: agencies with a committed chronology, events and those marked
// significant. (For a rapid review the same agencies are those that have returned their facts: review-snapshot.ts.)
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { chronologyCounts } from '../data/chronology-events.js'
import type { Executor } from '../data/schema.js'

export async function chronologyPart(db: Executor, reviewId: string): Promise<ReviewSnapshot['chronology']> {
  const counts = await chronologyCounts(db, reviewId)
  return { agencies: counts.agencies, events: counts.events, significantEvents: counts.significant }
}
