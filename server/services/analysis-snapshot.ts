// The analysis area's part of the review snapshot: key practice episodes, contributory factors and the causal
// map, as counts only.
import { countFactors } from '../data/contributory-factors.js'
import { episodesThatLostEvents } from '../data/event-references.js'
import { countEpisodes } from '../data/key-practice-episodes.js'
import { loadMapToRead, mapChecks } from './causal-map.js'
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import type { Executor } from '../data/schema.js'
import { computeEveryTime, type KeepPerVersion } from './view-cache.js'

export async function analysisPart(db: Executor, reviewId: string, keep: KeepPerVersion = computeEveryTime): Promise<Pick<ReviewSnapshot, 'keyPracticeEpisodes' | 'contributoryFactors' | 'map'>> {
  const [episodes, lost, factors, stored] = await Promise.all([
    countEpisodes(db, reviewId), episodesThatLostEvents(db, reviewId), countFactors(db, reviewId), loadMapToRead(db, reviewId),
  ])
  const { map } = stored
  // The map checks as the map page runs them: with references to events a rolled-back import removed. They change
  // with the map (its version) and the events (the content version), so they are kept per both.
  const issues = await keep(`snapshot:map-checks:${stored.version}`, () => mapChecks(db, reviewId))
  return {
    keyPracticeEpisodes: { ...episodes, lostEvents: lost.length },
    contributoryFactors: factors,
    map: {
      nodes: map.nodes.length,
      edges: map.edges.length,
      edgesWithEvidence: map.edges.filter((e) => e.evidence.length > 0).length,
      edgesWithCounterfactual: map.edges.filter((e) => e.counterfactual !== null).length,
      // Info-level issues (work not done yet) are already counted above; the snapshot carries errors and warnings.
      checkIssues: {
        error: issues.filter((i) => i.severity === 'error').length,
        warning: issues.filter((i) => i.severity === 'warning').length,
      },
    },
  }
}
