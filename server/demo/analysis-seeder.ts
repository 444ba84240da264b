// Demo seeding for the analysis area: the case's key practice episodes (with their events and quotes, and
// their appraisals), the contributory factors, and the causal why-map laid out with ELK. Runs after the
// chronology and evidence seeders: events are found by agency file and row, quotes by their words. Anything
// the case cites that is not in the database (a seeder that did not run) is left out rather than failing.
import type { MapDocument } from '../../methodology/map/map-model.js'
import { findEventIdsBySource, type EvidenceRef } from '../data/evidence.js'
import { quoteIdsByText } from '../data/key-practice-episodes.js'
import { saveMap } from '../services/causal-map.js'
import { addFactor } from '../services/contributory-factors.js'
import { appraiseEpisode, createEpisode } from '../services/key-practice-episodes.js'
import { placedMap } from '../../templates/map-figure.js'
import type { EventRef, QuoteRef } from './case/demo-case.js'
import type { DemoSeeder } from './seed.js'

export const seedAnalysis: DemoSeeder = async ({ ctx, reviewId, users, analysis }) => {
  const lead = users.lead.actor
  const eventRefs: EventRef[] = [
    ...analysis.keyPracticeEpisodes.flatMap((k) => k.events),
    ...analysis.contributoryFactors.flatMap((f) => f.events),
    ...analysis.causalMap.nodes.flatMap((n) => n.events),
    ...analysis.causalMap.edges.flatMap((e) => e.evidence.filter((x) => x.type === 'event')),
  ]
  const quoteRefs: QuoteRef[] = [
    ...analysis.keyPracticeEpisodes.flatMap((k) => k.quotes),
    ...analysis.contributoryFactors.flatMap((f) => f.quotes),
    ...analysis.causalMap.edges.flatMap((e) => e.evidence.flatMap((x) => (x.type === 'quote' ? [x] : []))),
  ]
  const eventIds = await findEventIdsBySource(ctx.db, reviewId, eventRefs)
  const quoteIds = await quoteIdsByText(ctx.db, reviewId, quoteRefs.map((q) => q.text))
  const eventsOf = (refs: readonly EventRef[]) => refs.flatMap((r) => eventIds.get(`${r.file}#${r.row}`) ?? [])
  const quotesOf = (refs: readonly QuoteRef[]) => refs.flatMap((q) => quoteIds.get(q.text) ?? [])

  const episodeIds = new Map<string, string>()
  for (const kpe of analysis.keyPracticeEpisodes) {
    const id = await createEpisode(ctx, lead, reviewId,
      { title: kpe.title, dateStart: kpe.startDate, dateEnd: kpe.endDate, agencies: kpe.agencies },
      { eventIds: eventsOf(kpe.events), quoteIds: quotesOf(kpe.quotes) })
    episodeIds.set(kpe.id, id)
    const a = kpe.appraisal
    await appraiseEpisode(ctx, lead, reviewId, id, 1, {
      knownAtTime: a.knownAtTheTime, expectedPractice: a.expectedPractice, whatHappened: a.whatHappened, judgement: a.judgement, goodPractice: a.goodPractice,
    })
  }

  for (const factor of analysis.contributoryFactors) {
    const evidence: EvidenceRef[] = [
      ...eventsOf(factor.events).map((id) => ({ type: 'event' as const, id })),
      ...quotesOf(factor.quotes).map((id) => ({ type: 'quote' as const, id })),
    ]
    await addFactor(ctx, lead, reviewId, {
      text: factor.text, level: factor.level, factorType: factor.factorType, kpeIds: factor.kpeIds.flatMap((k) => episodeIds.get(k) ?? []), evidence,
    })
  }

  // Node and edge ids stay as the case file has them: the findings seeder links findings to them.
  const map: MapDocument = {
    nodes: analysis.causalMap.nodes.map((n) => ({
      id: n.id, kind: n.kind, level: n.level, label: n.label, description: null, eventIds: eventsOf(n.events), kpeIds: [], factorIds: [],
    })),
    edges: analysis.causalMap.edges.map((e) => ({
      id: e.id, source: e.source, target: e.target, label: null, strength: e.strength,
      counterfactual: { answer: e.counterfactual.answer, note: e.counterfactual.note },
      evidence: e.evidence.flatMap((x): EvidenceRef[] => {
        if (x.type === 'event') return eventsOf([x]).map((id) => ({ type: 'event', id }))
        return quotesOf([x]).map((id) => ({ type: 'quote', id }))
      }),
    })),
  }
  await saveMap(ctx, lead, reviewId, 0, await placedMap(map), 'system')
}
