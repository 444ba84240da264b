import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { createEpisode } from '../../../server/services/key-practice-episodes.js'
import { auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let episodeId: string

useAnalysisReview(async (s) => {
  ({ t, f } = s)
  // Ends on 10 April: after January to March, inside the month-only April event, before May and July.
  episodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId,
    { title: 'Second call and its follow-up', dateStart: '2021-03-10', dateEnd: '2021-04-10', agencies: ['Police'] },
    { eventIds: [f.events.march] })
})

const pageUrl = () => `/reviews/${f.reviewId}/analysis/episodes/${episodeId}`

function tunnelTable(body: string): string {
  const start = body.indexOf('id="tunnel"')
  // Handlebars writes '=' in attributes as &#x3D;.
  return body.slice(start, body.indexOf('</section>', start)).replaceAll('&#x3D;', '=')
}

describe('the view in the tunnel', () => {
  it('shows the chronology only up to the end of the episode, with a banner saying how many later events are hidden', async () => {
    const agent = await signedIn(t, f.lead)
    const before = (await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')).length
    const res = await agent.get(pageUrl())
    expect(res.statusCode).toBe(200)
    const tunnel = tunnelTable(res.body)
    expect(tunnel).toContain('Events after 10 April 2021 are hidden (2 events)')
    for (const visible of ['Domestic abuse call', 'Notification sent to the Front Door', 'Second call to the address', 'Intelligence log about the partner']) expect(tunnel).toContain(visible)
    for (const hidden of ['One-year review by video', 'Sibling says the partner is back']) expect(tunnel).not.toContain(hidden)
    // A month-only event that runs past the cut-off is shown but marked; the episode's own event is marked too.
    expect(tunnel).toContain('Date uncertain: may be after')
    expect(tunnel).toContain('In this episode')
    expect(tunnel).toContain(`href="${pageUrl()}?hindsight=shown#tunnel"`)
    // Looking from the tunnel is not a reveal.
    expect((await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')).length).toBe(before)
  })

  it('shows later events only on an explicit request, marks them, and audits each reveal with the count', async () => {
    const agent = await signedIn(t, f.team)
    const before = (await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')).length
    const res = await agent.get(`${pageUrl()}?hindsight=shown`)
    expect(res.statusCode).toBe(200)
    const tunnel = tunnelTable(res.body)
    expect(tunnel).toContain('Later events are shown: 2 events after 10 April 2021.')
    expect(tunnel).toContain('One-year review by video')
    expect(tunnel).toContain('After the episode')
    expect(tunnel).toContain('Hide later events')
    await agent.get(`${pageUrl()}?hindsight=shown`)
    const rows = await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')
    expect(rows.length).toBe(before + 2)
    const last = rows.at(-1)!
    expect(last).toMatchObject({ actor_user_id: f.team.user.id, object_type: 'key-practice-episode', object_id: episodeId })
    expect(JSON.parse(last.details)).toEqual({ laterEvents: 2 })
  })

  it('keeps the episode page from the case group and the board, and hides it from people outside the review', async () => {
    for (const m of [f.caseGroup, f.boardChair]) {
      const agent = await signedIn(t, m)
      expect((await agent.get(`${pageUrl()}?hindsight=shown`)).statusCode).toBe(403)
    }
    const outsider = await signedIn(t, f.outsider)
    expect((await outsider.get(pageUrl())).statusCode).toBe(404)
  })

  it('moves the cut-off when the episode is extended', async () => {
    const id = await createEpisode(t.ctx, f.lead.actor, f.reviewId, { title: 'Whole spring', dateStart: '2021-03-10', dateEnd: '2021-05-31', agencies: ['Police'] })
    const agent = await signedIn(t, f.lead)
    const tunnel = tunnelTable((await agent.get(`/reviews/${f.reviewId}/analysis/episodes/${id}`)).body)
    expect(tunnel).toContain('One-year review by video')
    expect(tunnel).not.toContain('Sibling says the partner is back')
    expect(tunnel).toContain('Events after 31 May 2021 are hidden (1 event)')
  })
})
