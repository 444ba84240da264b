// National learning's part of the review snapshot: whether the anonymised national return has been submitted.
import { hasSentReturn } from '../data/national-local.js'
import type { Executor } from '../data/schema.js'

export async function nationalReturnSubmitted(db: Executor, reviewId: string): Promise<boolean> {
  return hasSentReturn(db, reviewId)
}
