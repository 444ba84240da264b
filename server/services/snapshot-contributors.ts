// Each feature area's part of the review snapshot, one line each (see review-snapshot.ts).
import type { SnapshotContributor } from './review-snapshot.js'

export const snapshotContributors: SnapshotContributor[] = []
