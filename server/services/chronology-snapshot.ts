// The chronology's part of the review snapshot: agencies with a committed chronology, events and those
// marked significant. For a rapid review, an agency that has sent its chronology has returned its facts.
import { chronologyCounts } from '../data/chronology-events.js'
import type { SnapshotContributor } from './review-snapshot.js'

export const chronologySnapshot: SnapshotContributor = async (db, reviewId, snapshot) => {
  const counts = await chronologyCounts(db, reviewId)
  return {
    ...snapshot,
    chronology: { agencies: counts.agencies, events: counts.events, significantEvents: counts.significant },
    rapidReview: snapshot.methodology === 'rapid-review' ? { ...snapshot.rapidReview, agenciesReturnedFacts: counts.agencies } : snapshot.rapidReview,
  }
}
