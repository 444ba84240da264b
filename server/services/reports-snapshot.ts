// The reports area's part of the review snapshot: which editions have been exported, and whether the latest
// publication leak scan passed.
import { exportedEditions, latestLeakScan } from '../data/reports.js'
import type { SnapshotContributor } from './review-snapshot.js'

export const reportsSnapshot: SnapshotContributor = async (db, reviewId, snapshot) => {
  const [editions, scan] = await Promise.all([exportedEditions(db, reviewId), latestLeakScan(db, reviewId)])
  return {
    ...snapshot,
    reports: { editionsExported: [...editions].sort(), publicationLeakScanPassed: scan ? scan.passed === 1 : null },
  }
}
