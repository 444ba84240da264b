// Reads the analysis area's key practice episodes (with their contributory factors and the practitioners'
// words they draw on) and the causal map into the report's own shapes.
import type { MapDocument } from '../../methodology/map/map-model.js'
import { factorEpisodeIds, listFactors } from '../../server/data/contributory-factors.js'
import { episodeQuoteIds, listEpisodes } from '../../server/data/key-practice-episodes.js'
import { listQuotesByIds } from '../../server/data/report-content.js'
import type { Executor } from '../../server/data/schema.js'
import { loadMap } from '../../server/services/causal-map.js'
import type { EpisodeForReport } from './analysis-sections.js'

export interface AnalysisForReport {
  episodes: EpisodeForReport[]
  map: MapDocument
}

function agencies(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : []
  } catch {
    return []
  }
}

export async function loadAnalysisForReport(db: Executor, reviewId: string): Promise<AnalysisForReport> {
  const [episodes, factors, stored] = await Promise.all([listEpisodes(db, reviewId), listFactors(db, reviewId), loadMap(db, reviewId)])
  const [factorLinks, quoteLinks] = await Promise.all([factorEpisodeIds(db, factors.map((f) => f.id)), episodeQuoteIds(db, episodes.map((e) => e.id))])
  const quotes = new Map((await listQuotesByIds(db, reviewId, [...new Set([...quoteLinks.values()].flat())])).map((q) => [q.id, q]))
  return {
    map: stored.map,
    episodes: episodes.map((e) => ({
      title: e.title,
      startDate: e.date_start,
      endDate: e.date_end,
      agencies: agencies(e.agencies),
      knownAtTheTime: e.known_at_time ?? '',
      expectedPractice: e.expected_practice ?? '',
      whatHappened: e.what_happened ?? '',
      judgement: e.judgement,
      goodPractice: e.good_practice ?? '',
      factors: factors.filter((f) => (factorLinks.get(f.id) ?? []).includes(e.id)).map((f) => ({ text: f.text, level: f.level })),
      quotes: (quoteLinks.get(e.id) ?? []).map((id) => quotes.get(id)).filter((q) => q !== undefined).map((q) => ({ text: q.text, practitioner: q.practitioner })),
    })),
  }
}
