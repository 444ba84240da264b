import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { readDemoAnalysis } from '../../../server/demo/case/demo-case.js'
import { listEpisodeDetails } from '../../../server/services/key-practice-episodes.js'
import { listFactorDetails } from '../../../server/services/contributory-factors.js'
import { loadMap } from '../../../server/services/causal-map.js'
import { MAP_LEVELS } from '../../../methodology/map/map-model.js'

let t: TestApp
let reviewId: string
const analysis = readDemoAnalysis()

beforeAll(async () => {
  t = await createTestApp()
  reviewId = (await seedDemo(t.ctx)).reviewId
}, 120_000)
afterAll(async () => { await t?.close() })

describe('the demo review’s analysis', () => {
  it('has every key practice episode of the case, appraised as the case file says, with the quotes it cites', async () => {
    const episodes = await listEpisodeDetails(t.db, reviewId)
    // Listed in time order.
    const inTimeOrder = [...analysis.keyPracticeEpisodes].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.endDate.localeCompare(b.endDate))
    expect(episodes.map((e) => e.episode.title)).toEqual(inTimeOrder.map((k) => k.title))
    for (const kpe of analysis.keyPracticeEpisodes) {
      const seeded = episodes.find((e) => e.episode.title === kpe.title)!
      expect(seeded.episode).toMatchObject({ date_start: kpe.startDate, date_end: kpe.endDate, judgement: kpe.appraisal.judgement, known_at_time: kpe.appraisal.knownAtTheTime })
      expect(seeded.agencies).toEqual(kpe.agencies)
      expect(seeded.quoteIds).toHaveLength(kpe.quotes.length)
    }
  })

  it('has every contributory factor with its level, type, episodes and quoted evidence', async () => {
    const factors = await listFactorDetails(t.db, reviewId)
    const episodes = await listEpisodeDetails(t.db, reviewId)
    const titleOf = new Map(episodes.map((e) => [e.episode.id, e.episode.title]))
    expect(factors).toHaveLength(analysis.contributoryFactors.length)
    for (const cf of analysis.contributoryFactors) {
      const seeded = factors.find((f) => f.factor.text === cf.text)!
      expect(seeded).toMatchObject({ level: cf.level, factorType: cf.factorType })
      const expectedTitles = cf.kpeIds.map((k) => analysis.keyPracticeEpisodes.find((e) => e.id === k)!.title).sort()
      expect(seeded.kpeIds.map((id) => titleOf.get(id)).sort()).toEqual(expectedTitles)
      expect(seeded.evidence.filter((r) => r.type === 'quote')).toHaveLength(cf.quotes.length)
    }
  })

  it('has the causal map with the case file’s node ids, laid out top-down by level, as version 1', async () => {
    const stored = await loadMap(t.db, reviewId)
    expect(stored.version).toBe(1)
    expect(stored.map.nodes.map((n) => n.id)).toEqual(analysis.causalMap.nodes.map((n) => n.id))
    expect(stored.map.edges.map((e) => [e.source, e.target])).toEqual(analysis.causalMap.edges.map((e) => [e.source, e.target]))
    expect(stored.map.nodes.every((n) => typeof n.x === 'number' && typeof n.y === 'number')).toBe(true)
    const lowest = (level: string) => Math.max(...stored.map.nodes.filter((n) => n.level === level).map((n) => n.y as number))
    const highest = (level: string) => Math.min(...stored.map.nodes.filter((n) => n.level === level).map((n) => n.y as number))
    const used = MAP_LEVELS.filter((l) => stored.map.nodes.some((n) => n.level === l))
    for (let i = 1; i < used.length; i++) expect(lowest(used[i - 1]!)).toBeLessThan(highest(used[i]!))
    const history = await t.db.selectFrom('causal_map_history').select(['version', 'changed_via']).where('review_id', '=', reviewId).execute()
    expect(history).toEqual([{ version: 1, changed_via: 'system' }])
  })
})
