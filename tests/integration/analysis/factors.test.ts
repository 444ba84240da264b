import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import type { Agent } from '../../support/browser-agent.js'
import { createEpisode } from '../../../server/services/key-practice-episodes.js'
import { listFactorDetails } from '../../../server/services/contributory-factors.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { auditRows, useAnalysisReview, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let lead: Agent
let episodeId: string
let otherEpisodeId: string

useAnalysisReview(async (s) => {
  ({ t, f, lead } = s)
  episodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId, { title: 'January incident', dateStart: '2021-01-16', dateEnd: '2021-01-26', agencies: ['Police'] },
    { eventIds: [f.events.jan], quoteIds: [f.quotes.device] })
  otherEpisodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId, { title: 'One-year review', dateStart: '2021-05-20', dateEnd: '2021-05-20', agencies: ['Health Visiting'] })
})

describe('contributory factors', () => {
  it('offers the episode’s events and quotes and the documents as evidence', async () => {
    const res = await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}/factors/new`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(`value="event:${f.events.jan}"`)
    expect(res.body).toContain(`value="quote:${f.quotes.device}"`)
    expect(res.body).toContain(`value="document:${f.documentId}"`)
    // Events the episode does not draw on are not offered.
    expect(res.body).not.toContain(`value="event:${f.events.may}"`)
  })

  it('adds a factor with its level, type, episodes and evidence (event, quote and document), and audits it without its text', async () => {
    const before = (await buildReviewSnapshot(t.db, f.reviewId, t.clock.now())).contributoryFactors
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}/factors`, {
      text: 'The mobile device could not reach police records, so the history was not seen.', level: 'agency-management', factorType: 'tools-and-technology',
      kpeIds: [episodeId, otherEpisodeId], evidence: [`event:${f.events.jan}`, `quote:${f.quotes.device}`, `document:${f.documentId}`], returnTo: episodeId,
    })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}#factors`)
    const [factor] = (await listFactorDetails(t.db, f.reviewId)).filter((d) => d.factor.text.startsWith('The mobile device'))
    expect(factor).toMatchObject({ level: 'agency-management', factorType: 'tools-and-technology' })
    expect(new Set(factor!.kpeIds)).toEqual(new Set([episodeId, otherEpisodeId]))
    expect(factor!.evidence).toEqual([{ type: 'event', id: f.events.jan }, { type: 'quote', id: f.quotes.device }, { type: 'document', id: f.documentId }])
    const audit = (await auditRows(t, f.reviewId, 'analysis.factor.create')).at(-1)!
    expect(audit.details).not.toContain('mobile device')
    expect(JSON.parse(audit.details)).toMatchObject({ level: 'agency-management', evidence: 3 })
    const after = (await buildReviewSnapshot(t.db, f.reviewId, t.clock.now())).contributoryFactors
    expect(after).toEqual({ total: before.total + 1, withEvidence: before.withEvidence + 1 })

    const page = await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${otherEpisodeId}`)
    expect(page.body).toContain('The mobile device could not reach police records')
    expect(page.body).toContain('Also explains: <a class="govuk-link"')
  })

  it('refuses a factor with no text, an unknown level and no type, naming each, and keeps what was typed', async () => {
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}/factors`, { text: '', level: 'cosmic', kpeIds: [episodeId], returnTo: episodeId })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Describe the contributory factor')
    expect(res.body).toContain('Choose the system level')
    expect(res.body).toContain('Choose the type of factor')
  })

  it('refuses evidence that is not in the review and an episode that is not in the review', async () => {
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}/factors`, {
      text: 'Something', level: 'team', factorType: 'task', kpeIds: [episodeId, 'kpe-elsewhere'], evidence: ['quote:q-elsewhere'], returnTo: episodeId,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('There is no key practice episode with id kpe-elsewhere in this review')
    expect(res.body).toContain('There is no quote with id q-elsewhere in this review')
    expect((await listFactorDetails(t.db, f.reviewId)).some((d) => d.factor.text === 'Something')).toBe(false)
  })

  it('changes and deletes a factor, auditing both', async () => {
    await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${episodeId}/factors`, { text: 'Caseloads were high', level: 'team', factorType: 'team-and-organisation', kpeIds: [episodeId], returnTo: episodeId })
    const factor = (await listFactorDetails(t.db, f.reviewId)).find((d) => d.factor.text === 'Caseloads were high')!
    expect((await lead.get(`/reviews/${f.reviewId}/analysis/factors/${factor.factor.id}/edit`)).statusCode).toBe(200)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/factors/${factor.factor.id}`, {
      text: 'Caseloads were 26 against a target of 18', level: 'agency-management', factorType: 'team-and-organisation', kpeIds: [episodeId], evidence: [`event:${f.events.jan}`], returnTo: episodeId,
    })
    expect(res.statusCode).toBe(303)
    const changed = (await listFactorDetails(t.db, f.reviewId)).find((d) => d.factor.id === factor.factor.id)!
    expect(changed).toMatchObject({ level: 'agency-management', evidence: [{ type: 'event', id: f.events.jan }] })
    expect(changed.factor.text).toBe('Caseloads were 26 against a target of 18')
    expect((await lead.post(`/reviews/${f.reviewId}/analysis/factors/${factor.factor.id}/delete`, { returnTo: episodeId })).statusCode).toBe(303)
    expect((await listFactorDetails(t.db, f.reviewId)).some((d) => d.factor.id === factor.factor.id)).toBe(false)
    expect((await auditRows(t, f.reviewId, 'analysis.factor.update')).some((a) => a.object_id === factor.factor.id)).toBe(true)
    expect((await auditRows(t, f.reviewId, 'analysis.factor.delete')).some((a) => a.object_id === factor.factor.id)).toBe(true)
  })
})
