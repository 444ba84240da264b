// The reports area's part of the review snapshot: which editions have been exported, and whether the latest
// publication leak scan passed.
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { exportedEditions, latestLeakScan } from '../data/reports.js'
import type { Executor } from '../data/schema.js'

export async function reportsPart(db: Executor, reviewId: string): Promise<ReviewSnapshot['reports']> {
  const [editions, scan] = await Promise.all([exportedEditions(db, reviewId), latestLeakScan(db, reviewId)])
  return { editionsExported: [...editions].sort(), publicationLeakScanPassed: scan ? scan.passed === 1 : null }
}
