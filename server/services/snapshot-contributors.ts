// Each feature area's part of the review snapshot, one line each (see review-snapshot.ts).
import type { SnapshotContributor } from './review-snapshot.js'
import { findingsSnapshot } from './findings-snapshot.js'
import { evidenceSnapshot } from './evidence-snapshot.js'
import { chronologySnapshot } from './chronology-snapshot.js'
import { analysisSnapshot } from './analysis-snapshot.js'
import { reportsSnapshot } from './reports-snapshot.js'
import { nationalSnapshot } from './national-snapshot.js'
import { rapidReviewSnapshot } from './rapid-review-snapshot.js'

export const snapshotContributors: SnapshotContributor[] = [
  chronologySnapshot, // agencies, events and significant events; rapid review facts returned (issue 5)
  evidenceSnapshot, // documents, conversations, practitioners, quotes (issue 5)
  analysisSnapshot, // key practice episodes, contributory factors, the causal map and its checks (issue 6)
  findingsSnapshot, // findings, language issues, board (issue 7)
  reportsSnapshot, // editions exported, latest publication leak scan (issue 8)
  nationalSnapshot, // national return submitted (issue 9)
  rapidReviewSnapshot, // the rapid review record, or the one a local review was started from (issue 15)
]
