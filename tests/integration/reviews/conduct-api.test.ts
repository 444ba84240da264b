// The conduct page's JSON API (declaration, follow-on meetings and feedback on the draft findings, parallel processes)
// and the tunnel per agency: the same services as the pages, reads audited, writes audited as on the page, bad input
// refused with `details` naming each field and nothing written.
import { beforeAll, describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { createEpisode } from '../../../server/services/key-practice-episodes.js'
import { api, auditRows, insertEvents, useAnalysisReview, signedIn, type AnalysisFixture } from '../analysis/analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
useAnalysisReview((s) => { ({ t, f } = s) })

const base = () => `/api/v1/reviews/${f.reviewId}/conduct`
const count = async (table: 'independence_declarations' | 'case_group_steps' | 'parallel_processes') =>
  (await t.db.selectFrom(table).select('id').where('review_id', '=', f.reviewId).execute()).length
type Detail = { path: string; message: string }
const paths = (body: { details?: Detail[] }) => (body.details ?? []).map((d) => d.path)

describe('the conduct API', () => {
  it('reads an empty register, audited as the page is', async () => {
    const before = (await auditRows(t, f.reviewId, 'review.conduct.read')).length
    const res = await api(t, f.team.token, 'GET', base())
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ declarations: [], steps: [], processes: [] })
    expect(await auditRows(t, f.reviewId, 'review.conduct.read')).toHaveLength(before + 1)
  })

  it('records the lead reviewer’s declaration; a review team member may not declare', async () => {
    const bad = await api(t, f.lead.token, 'POST', `${base()}/independence`, { independent: false, interests: '', declaredOn: '2021-13-40' })
    expect(bad.statusCode).toBe(400)
    expect(paths(bad.json())).toEqual(expect.arrayContaining(['interests', 'declaredOn']))
    const missing = await api(t, f.lead.token, 'POST', `${base()}/independence`, { declaredOn: '2021-10-15' })
    expect(missing.statusCode).toBe(400)
    expect(paths(missing.json())).toContain('independent')
    expect(await count('independence_declarations')).toBe(0)
    expect((await api(t, f.team.token, 'POST', `${base()}/independence`, { independent: true, declaredOn: '2021-10-15' })).statusCode).toBe(403)
    const res = await api(t, f.lead.token, 'POST', `${base()}/independence`, { independent: true, interests: null, declaredOn: '2021-10-15' })
    expect(res.statusCode).toBe(201)
    const { id } = res.json() as { id: string }
    expect((await auditRows(t, f.reviewId, 'review.independence.declare')).map((r) => r.object_id)).toEqual([id])
    const got = (await api(t, f.lead.token, 'GET', base())).json()
    expect(got.declarations).toEqual([{ id, userId: f.lead.user.id, by: f.lead.user.name, independent: true, interests: null, declaredOn: '2021-10-15', current: true }])
  })

  it('records a follow-on meeting and feedback on the draft findings, naming each bad field and writing nothing on bad input', async () => {
    const bad = await api(t, f.team.token, 'POST', `${base()}/steps`, {
      kind: 'coffee', heldOn: '2099-01-01', participants: [{ role: 'Health visitor' }, 'x'], changes: '',
    })
    expect(bad.statusCode).toBe(400)
    expect(paths(bad.json())).toEqual(expect.arrayContaining(['stepKind', 'heldOn', 'participants[0].agency', 'participants[1].role', 'changes']))
    expect((await api(t, f.team.token, 'POST', `${base()}/steps`, { kind: 'follow-on-meeting', heldOn: '2022-02-17', participants: [], changes: 'Map changed' })).statusCode).toBe(400)
    expect(await count('case_group_steps')).toBe(0)
    const meeting = await api(t, f.team.token, 'POST', `${base()}/steps`, {
      kind: 'follow-on-meeting', heldOn: '2022-02-17', participants: [{ role: 'Health visitor', agency: 'Health Visiting' }, { role: 'Social worker', agency: "Children's Social Care" }],
      changes: 'The map now shows the missing occupancy check.',
    })
    expect(meeting.statusCode).toBe(201)
    const feedback = await api(t, f.lead.token, 'POST', `${base()}/steps`, {
      kind: 'draft-findings-feedback', heldOn: '2022-03-03', participants: [{ role: 'Nursery key worker', agency: 'Nursery' }], changes: 'Wording of finding 2 changed.',
    })
    expect(feedback.statusCode).toBe(201)
    expect((await auditRows(t, f.reviewId, 'review.case-group-step.record')).map((r) => JSON.parse(r.details!).kind)).toEqual(['follow-on-meeting', 'draft-findings-feedback'])
    const steps = (await api(t, f.lead.token, 'GET', base())).json().steps as Array<{ kind: string; heldOn: string; participants: unknown[] }>
    expect(steps.map((s) => [s.kind, s.heldOn, s.participants.length])).toEqual(expect.arrayContaining([['follow-on-meeting', '2022-02-17', 2], ['draft-findings-feedback', '2022-03-03', 1]]))
  })

  it('adds and changes a parallel process; bad input and an unknown process change nothing', async () => {
    const bad = await api(t, f.team.token, 'POST', `${base()}/processes`, { kind: 'trial', status: 'concluded', startedOn: '2021-09-14', effect: '' })
    expect(bad.statusCode).toBe(400)
    expect(paths(bad.json())).toEqual(expect.arrayContaining(['processKind', 'concludedOn', 'effect']))
    expect(await count('parallel_processes')).toBe(0)
    const added = await api(t, f.team.token, 'POST', `${base()}/processes`, { kind: 'criminal', status: 'ongoing', startedOn: '2021-09-14', concludedOn: null, effect: 'Mr Y is not spoken to.' })
    expect(added.statusCode).toBe(201)
    const { id } = added.json() as { id: string }
    const early = await api(t, f.team.token, 'PUT', `${base()}/processes/${id}`, { kind: 'criminal', status: 'concluded', startedOn: '2021-09-14', concludedOn: '2021-09-01', effect: 'Trial over.' })
    expect(early.statusCode).toBe(400)
    expect(paths(early.json())).toEqual(['concludedOn'])
    expect((await api(t, f.team.token, 'PUT', `${base()}/processes/nope`, { kind: 'criminal', status: 'ongoing', startedOn: '', concludedOn: '', effect: 'x' })).statusCode).toBe(404)
    expect((await api(t, f.lead.token, 'GET', base())).json().processes).toEqual([{ id, kind: 'criminal', status: 'ongoing', startedOn: '2021-09-14', concludedOn: null, effect: 'Mr Y is not spoken to.' }])
    const changed = await api(t, f.team.token, 'PUT', `${base()}/processes/${id}`, { kind: 'criminal', status: 'concluded', startedOn: '2021-09-14', concludedOn: '2022-06-30', effect: 'Trial over.' })
    expect(changed.statusCode).toBe(200)
    expect((await api(t, f.lead.token, 'GET', base())).json().processes[0]).toMatchObject({ status: 'concluded', concludedOn: '2022-06-30' })
    expect((await auditRows(t, f.reviewId, 'review.parallel-process.change'))).toHaveLength(1)
  })

  it('is closed to the case group, the board chair and non-members as the page is', async () => {
    expect((await api(t, f.caseGroup.token, 'GET', base())).statusCode).toBe(403)
    expect((await api(t, f.boardChair.token, 'GET', base())).statusCode).toBe(403)
    expect((await api(t, f.outsider.token, 'GET', base())).statusCode).toBe(404)
    expect((await api(t, f.caseGroup.token, 'POST', `${base()}/processes`, { kind: 'inquest', status: 'expected', effect: 'x' })).statusCode).toBe(403)
  })

  it('shows on the conduct page what the API recorded', async () => {
    const page = await (await signedIn(t, f.lead)).get(`/reviews/${f.reviewId}/conduct`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('The map now shows the missing occupancy check.')
    expect(page.body).toContain('Trial over.')
  })
})

describe('the tunnel per agency through the API', () => {
  let episodeId: string
  beforeAll(async () => {
    await insertEvents(t, f.reviewId, "Children's Social Care", [
      { date: '2021-03-20', summary: 'Home visit, written up the same day', recordedAt: '2021-03-20T16:05' },
      { date: '2021-04-02', summary: 'Strategy discussion notes typed later', recordedAt: '2021-04-19' },
    ])
    episodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId,
      { title: 'Second call and its follow-up', dateStart: '2021-03-10', dateEnd: '2021-04-10', agencies: ['Police', "Children's Social Care"] }, { eventIds: [f.events.march] })
  })
  const url = (query = '') => `/api/v1/reviews/${f.reviewId}/episodes/${episodeId}/tunnel${query}`

  it("gives one agency's records beside the merged picture, hindsight left out, audited like the page", async () => {
    const before = { episode: (await auditRows(t, f.reviewId, 'analysis.episode.view')).length, evidence: (await auditRows(t, f.reviewId, 'analysis.evidence.view')).length }
    const res = await api(t, f.team.token, 'GET', url("?agency=Children's Social Care"))
    expect(res.statusCode).toBe(200)
    const body = res.json() as { cutOff: string; events: Array<{ summary: string; agency: string; linked: boolean }>; hiddenLater: number; agency: { agencyKey: string; onFile: number; recordedLater: number }; agencyEvents: Array<{ summary: string }>; agencies: Array<{ agency: string }> }
    expect(body.cutOff).toBe('2021-04-10')
    const summaries = body.events.map((e) => e.summary)
    expect(summaries).toContain('Second call to the address')
    expect(summaries).toContain('Home visit, written up the same day')
    // Happened before the cut-off but written up after it, and events after it: hidden, only counted.
    expect(summaries).not.toContain('Strategy discussion notes typed later')
    expect(summaries).not.toContain('One-year review by video')
    expect(body.hiddenLater).toBeGreaterThanOrEqual(3)
    expect(body.events.find((e) => e.summary === 'Second call to the address')?.linked).toBe(true)
    expect(body.agency).toMatchObject({ agencyKey: "children's social care", onFile: 1, recordedLater: 1 })
    expect(body.agencyEvents.map((e) => e.summary)).toEqual(['Home visit, written up the same day'])
    expect(body.agencies.map((a) => a.agency)).toEqual(expect.arrayContaining(['Police', "Children's Social Care", 'Health Visiting']))
    expect(await auditRows(t, f.reviewId, 'analysis.episode.view')).toHaveLength(before.episode + 1)
    expect(await auditRows(t, f.reviewId, 'analysis.evidence.view')).toHaveLength(before.evidence + 1)
    expect(await auditRows(t, f.reviewId, 'analysis.hindsight.reveal')).toHaveLength(0)
  })

  it('gives the merged picture alone without ?agency, and refuses an unknown episode and the case group', async () => {
    const body = (await api(t, f.lead.token, 'GET', url())).json()
    expect(body.agency).toBeNull()
    expect(body.agencyEvents).toEqual([])
    expect((await api(t, f.lead.token, 'GET', `/api/v1/reviews/${f.reviewId}/episodes/nope/tunnel`)).statusCode).toBe(404)
    expect((await api(t, f.caseGroup.token, 'GET', url())).statusCode).toBe(403)
  })
})
