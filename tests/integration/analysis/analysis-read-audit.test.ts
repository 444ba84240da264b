// The analysis pages (episodes, one episode with its tunnel, factors, the evidence pickers, the map's history) read
// case content, so each read is audited like the chronology page: one row per page for each kind of content, for
// the viewer and the review, however many times the page reads it.
import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import type { Agent } from '../../support/browser-agent.js'
import { createEpisode } from '../../../server/services/key-practice-episodes.js'
import { addFactor } from '../../../server/services/contributory-factors.js'
import { useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let lead: Agent
let episodeId: string
let factorId: string

useAnalysisReview(async (s) => {
  ({ t, f, lead } = s)
  episodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId, { title: 'January incident', dateStart: '2021-01-16', dateEnd: '2021-01-26', agencies: ['Police'] },
    { eventIds: [f.events.jan], quoteIds: [f.quotes.device] })
  factorId = await addFactor(t.ctx, f.lead.actor, f.reviewId, {
    text: 'The device could not reach police records.', level: 'agency-management', factorType: 'tools-and-technology', kpeIds: [episodeId], evidence: [{ type: 'event', id: f.events.jan }],
  })
})

async function readsDuring(agent: Agent, url: string): Promise<Array<{ action: string; object_id: string | null; actor_user_id: string | null; review_id: string | null }>> {
  const before = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq ?? 0)
  const res = await agent.get(url)
  expect(res.statusCode, url).toBe(200)
  const rows = await t.db.selectFrom('audit_log').select(['action', 'object_id', 'actor_user_id', 'review_id']).where('seq', '>', before).orderBy('seq').execute()
  return rows.filter((r) => r.action.endsWith('.view'))
}

describe('reading the analysis pages', () => {
  it('audits the episodes list, one episode (with its tunnel and evidence), its evidence picker and a factor, once each per page', async () => {
    const base = `/reviews/${f.reviewId}/analysis`
    const pages: Array<[string, string[]]> = [
      [base, ['analysis.episodes.view', 'analysis.factors.view']],
      [`${base}/episodes/${episodeId}`, ['analysis.episode.view', 'analysis.evidence.view', 'analysis.factors.view', 'analysis.episodes.view']],
      [`${base}/episodes/${episodeId}/evidence`, ['analysis.episode.view', 'analysis.evidence.view']],
      [`${base}/factors/${factorId}/edit`, ['analysis.factor.view', 'analysis.episodes.view', 'analysis.evidence.view']],
      [`/reviews/${f.reviewId}/map/history`, ['analysis.map.history.view']],
    ]
    for (const [url, actions] of pages) {
      const rows = await readsDuring(lead, url)
      expect(rows.map((r) => r.action).sort(), url).toEqual([...actions].sort())
      for (const row of rows) expect(row, url).toMatchObject({ actor_user_id: f.lead.user.id, review_id: f.reviewId })
    }
    const episodeRow = (await readsDuring(lead, `${base}/episodes/${episodeId}`)).find((r) => r.action === 'analysis.episode.view')
    expect(episodeRow?.object_id).toBe(episodeId)
  })

  it('writes no read row when the viewer may not read the analysis', async () => {
    const cg = await signedIn(t, f.caseGroup)
    const before = (await t.db.selectFrom('audit_log').select('seq').where('action', 'like', 'analysis.%').execute()).length
    expect((await cg.get(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}`)).statusCode).toBe(403)
    expect((await t.db.selectFrom('audit_log').select('seq').where('action', 'like', 'analysis.%').execute()).length).toBe(before)
  })
})
