import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { createEpisode, requireEpisode, tunnelChronology } from '../../../server/services/key-practice-episodes.js'
import { auditRows, insertEvents, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let episodeId: string

useAnalysisReview(async (s) => {
  ({ t, f } = s)
  // Children's social care keeps a "date recorded" column: one visit was written up only after the episode.
  await insertEvents(t, f.reviewId, "Children's Social Care", [
    { date: '2021-03-20', summary: 'Home visit, written up the same day', recordedAt: '2021-03-20T16:05' },
    { date: '2021-04-02', summary: 'Strategy discussion notes typed later', recordedAt: '2021-04-19' },
  ])
  episodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId,
    { title: 'Second call and its follow-up', dateStart: '2021-03-10', dateEnd: '2021-04-10', agencies: ['Police', 'Education'] },
    { eventIds: [f.events.march] })
})

const pageUrl = () => `/reviews/${f.reviewId}/analysis/episodes/${episodeId}`

function section(body: string, id: string, until: string): string {
  const start = body.indexOf(`id="${id}"`)
  expect(start).toBeGreaterThan(-1)
  return body.slice(start, body.indexOf(until, start)).replaceAll('&#x3D;', '=').replaceAll('&#x27;', "'")
}

describe('the tunnel per agency', () => {
  it('lists what each agency had on file by the episode end, counting a record from when it was written', async () => {
    const agent = await signedIn(t, f.lead)
    const res = await agent.get(pageUrl())
    expect(res.statusCode).toBe(200)
    const tunnel = section(res.body, 'tunnel', '</section>')
    // The merged picture hides the notes typed after the episode, though the meeting itself came before it.
    expect(tunnel).toContain('Home visit, written up the same day')
    expect(tunnel).not.toContain('Strategy discussion notes typed later')
    expect(tunnel).toContain('Events after 10 April 2021 are hidden (3 events)')
    expect(tunnel).toContain('Recorded 20 March 2021')
    // One row per agency: on file by then, written after, about later events; Education is named but has nothing.
    const rowOf = (agency: string) => {
      const at = tunnel.indexOf(`scope="row" class="govuk-table__header">${agency}`)
      expect(at).toBeGreaterThan(-1)
      return [...tunnel.slice(at, tunnel.indexOf('</tr>', at)).matchAll(/--numeric">(\d+)</g)].map((m) => Number(m[1]))
    }
    expect(rowOf('Police')).toEqual([4, 0, 0])
    expect(rowOf("Children's Social Care")).toEqual([1, 1, 0])
    expect(rowOf('Health Visiting')).toEqual([0, 0, 2])
    expect(rowOf('Education')).toEqual([0, 0, 0])
  })

  it("sets one agency's own records beside the merged picture", async () => {
    const agent = await signedIn(t, f.lead)
    const res = await agent.get(`${pageUrl()}?agency=${encodeURIComponent("children's social care")}`)
    expect(res.statusCode).toBe(200)
    const own = section(res.body, 'agency-tunnel', 'The merged picture')
    expect(own).toContain("Children's Social Care's own records on file by 10 April 2021")
    expect(own).toContain('Home visit, written up the same day')
    expect(own).not.toContain('Second call to the address')
    expect(own).not.toContain('Strategy discussion notes typed later')
    const merged = section(res.body, 'tunnel', '</section>').split('The merged picture')[1]!
    expect(merged).toContain('Second call to the address')
    expect(merged).toContain('Home visit, written up the same day')
  })

  it('shows the records written after the episode only with hindsight, and audits that reveal', async () => {
    const agent = await signedIn(t, f.team)
    const before = (await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')).length
    const res = await agent.get(`${pageUrl()}?hindsight=shown&agency=${encodeURIComponent("children's social care")}`)
    const own = section(res.body, 'agency-tunnel', 'The merged picture')
    expect(own).toContain('Strategy discussion notes typed later')
    expect(own).toContain('Written down after the episode')
    const rows = await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')
    expect(rows.length).toBe(before + 1)
    expect(JSON.parse(rows.at(-1)!.details)).toEqual({ laterEvents: 3 })
  })

  it('says so when the chosen agency has no records the viewer can see', async () => {
    const agent = await signedIn(t, f.lead)
    const res = await agent.get(`${pageUrl()}?agency=probation`)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('There are no records you can see from that agency in this review.')
    expect(res.body).not.toContain('id="agency-tunnel"')
  })

  it("keeps a case-group viewer's tunnel to their own agency's rows, merged picture and agency list alike", async () => {
    const detail = await requireEpisode(t.db, f.reviewId, episodeId)
    const view = await tunnelChronology(t.db, { agencyScope: 'police' }, detail, true, "children's social care")
    expect(new Set(view.events.map((e) => e.event.agency))).toEqual(new Set(['Police']))
    expect(view.agencies.map((a) => a.agency)).toEqual(['Police'])
    expect(view.chosen).toBeNull()
    expect(view.chosenEvents).toEqual([])
  })
})
