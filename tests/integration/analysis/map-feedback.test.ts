import { beforeAll, describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { findMapRow } from '../../../server/data/causal-maps.js'
import { reviewProgress } from '../../../server/services/stages.js'
import type { Agent } from '../../support/browser-agent.js'
import { api, auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture

useAnalysisReview((s) => { ({ t, f } = s) })

const url = () => `/api/v1/reviews/${f.reviewId}/map`
const version = async () => (await findMapRow(t.db, f.reviewId))?.version ?? 0
const link = (id: string, source: string, target: string, type?: string) => ({
  id, source, target, evidence: [{ type: 'event', id: f.events.may }], counterfactual: { answer: 'no', note: null }, strength: 'moderate', ...(type ? { type } : {}),
})
const loopMap = (closing: string | undefined) => ({
  nodes: [
    { id: 'caseload', kind: 'contributory-factor', level: 'team', label: 'High caseloads' },
    { id: 'visits', kind: 'event', level: 'frontline', label: 'Visits cut short' },
    { id: 'backlog', kind: 'condition', level: 'team', label: 'Backlog grows' },
    { id: 'plan', kind: 'outcome', level: 'frontline', label: 'Plan not reviewed' },
    { id: 'harm', kind: 'harm', level: 'child-family', label: 'Child seriously injured' },
  ],
  edges: [link('e1', 'caseload', 'visits'), link('e2', 'visits', 'backlog'), link('e3', 'backlog', 'caseload', closing), link('e4', 'backlog', 'plan')],
})

async function mapCheckOutcome() {
  const progress = await reviewProgress(t.ctx, f.reviewId)
  return progress.stages.flatMap((s) => s.checks).find((c) => c.key === 'map-checks')!
}

describe('feedback links and the harm to the child through the API', () => {
  it('refuses a loop of causal links, naming its links and suggesting feedback, and writes nothing', async () => {
    const before = await version()
    const saves = (await auditRows(t, f.reviewId, 'analysis.map.save')).length
    const res = await api(t, f.lead.token, 'PUT', url(), loopMap(undefined), { 'if-match': String(before) })
    expect(res.statusCode).toBe(400)
    const body = res.json() as { error: string; message: string; details: Array<{ path: string; message: string }> }
    expect(body.error).toBe('causal-loop')
    expect(body.message).toBe('The map has a loop of causal links')
    expect(body.details).toHaveLength(1)
    // The closing link (the third) carries the problem; the message walks the loop and names each link in it.
    expect(body.details[0]!.path).toBe('edges[2].type')
    const message = body.details[0]!.message
    expect(message).toContain('"High caseloads" → "Visits cut short" → "Backlog grows" → "High caseloads"')
    for (const [from, to] of [['High caseloads', 'Visits cut short'], ['Visits cut short', 'Backlog grows'], ['Backlog grows', 'High caseloads']]) {
      expect(message).toContain(`the link from "${from}" to "${to}"`)
    }
    expect(message).toContain('as a feedback link')
    expect(message).not.toContain('Plan not reviewed')
    expect(await version()).toBe(before)
    expect(await auditRows(t, f.reviewId, 'analysis.map.save')).toHaveLength(saves)
  })

  it('stores a feedback link, reports it as a warning only, and lets the stage check pass', async () => {
    const res = await api(t, f.lead.token, 'PUT', url(), loopMap('feedback'), { 'if-match': String(await version()) })
    expect(res.statusCode).toBe(200)
    const got = (await api(t, f.team.token, 'GET', url())).json()
    expect(got.edges.map((e: { id: string; type: string }) => [e.id, e.type])).toEqual([['e1', 'causal'], ['e2', 'causal'], ['e3', 'feedback'], ['e4', 'causal']])
    expect(got.nodes.find((n: { id: string }) => n.id === 'harm').kind).toBe('harm')
    const checks = (await api(t, f.lead.token, 'GET', `${url()}/checks`)).json().issues as Array<{ code: string; severity: string }>
    expect(checks.filter((i) => i.severity === 'error')).toEqual([])
    expect(checks.find((i) => i.code === 'feedback-loop')).toMatchObject({ severity: 'warning', edgeIds: ['e3'] })
    expect((await mapCheckOutcome()).passed).toBe(true)
  })

  it('refuses an unknown link type with the field named, and changes nothing', async () => {
    const before = await version()
    const body = loopMap('loop')
    const res = await api(t, f.lead.token, 'PUT', url(), body, { 'if-match': String(before) })
    expect(res.statusCode).toBe(400)
    expect(JSON.stringify(res.json().details)).toContain('edges[2].type')
    expect(await version()).toBe(before)
  })

  it('warns when a link leads into the harm to the child', async () => {
    const body = loopMap('feedback')
    body.edges.push(link('e5', 'plan', 'harm'))
    expect((await api(t, f.lead.token, 'PUT', url(), body, { 'if-match': String(await version()) })).statusCode).toBe(200)
    const checks = (await api(t, f.lead.token, 'GET', `${url()}/checks`)).json().issues as Array<{ code: string; severity: string; message: string }>
    expect(checks.find((i) => i.code === 'harm-as-effect')).toMatchObject({ severity: 'warning' })
  })
})

describe('feedback links without JavaScript', () => {
  let agent: Agent
  beforeAll(async () => { agent = await signedIn(t, f.lead) })

  it('adds a feedback link with the table form and shows its kind in the links table', async () => {
    const page = await agent.get(`/reviews/${f.reviewId}/map/table`)
    expect(page.body).toContain('name="linkType"')
    const res = await agent.post(`/reviews/${f.reviewId}/map/edges`, {
      version: String(await version()), source: 'plan', target: 'visits', linkType: 'feedback',
    })
    expect(res.statusCode).toBe(303)
    const stored = await findMapRow(t.db, f.reviewId)
    const edges = JSON.parse(stored!.document).edges as Array<{ source: string; target: string; type: string }>
    expect(edges.find((e) => e.source === 'plan' && e.target === 'visits')?.type).toBe('feedback')
    const table = await agent.get(`/reviews/${f.reviewId}/map/table`)
    expect(table.body).toMatch(/govuk-tag--purple">\s*Feedback/)
    expect(table.body).toContain('Harm to the child')
  })

  it('refuses a causal link that closes a loop, with the error by the link type and nothing written', async () => {
    const before = await version()
    // The map now holds caseload → visits → backlog → caseload (feedback): a causal backlog → visits closes a loop.
    const res = await agent.post(`/reviews/${f.reviewId}/map/edges`, {
      version: String(before), source: 'backlog', target: 'visits', linkType: 'causal',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('govuk-error-summary')
    expect(res.body).toContain('href="#linkType"')
    expect(res.body).toContain('These causal links go round in a loop: &quot;Visits cut short&quot; → &quot;Backlog grows&quot; → &quot;Visits cut short&quot;')
    expect(res.body).toContain('as a feedback link')
    expect(await version()).toBe(before)
    const edges = JSON.parse((await findMapRow(t.db, f.reviewId))!.document).edges as Array<{ source: string; target: string }>
    expect(edges.some((e) => e.source === 'backlog' && e.target === 'visits')).toBe(false)
  })
})
