import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { findMapRow } from '../../../server/data/causal-maps.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { addPerson, changePerson } from '../../../server/services/persons.js'
import { chooseNameDisplay } from '../../../server/services/pseudonym-view.js'
import { api, auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture

useAnalysisReview((s) => { ({ t, f } = s) })

const url = () => `/api/v1/reviews/${f.reviewId}/map`

function node(id: string, level: string, kind = 'event', label = `Node ${id}`) {
  return { id, kind, level, label }
}

function smallMap() {
  return {
    nodes: [
      node('caseload', 'team', 'contributory-factor', 'Caseloads of 26 against a target of 18'),
      node('visit', 'frontline', 'event', 'One-year review held by video'),
      node('harm', 'child-family', 'outcome', 'Child seriously injured'),
    ],
    edges: [
      { id: 'e1', source: 'caseload', target: 'visit', evidence: [{ type: 'event', id: f.events.may }], counterfactual: { answer: 'unsure', note: 'Lockdown rules applied too' }, strength: 'moderate' },
      { id: 'e2', source: 'visit', target: 'harm', evidence: [], counterfactual: null, strength: null },
    ],
  }
}

async function currentVersion(): Promise<number> {
  return (await findMapRow(t.db, f.reviewId))?.version ?? 0
}

describe('GET and PUT /api/v1/reviews/:reviewId/map', () => {
  it('gives version 0 and an empty map before anything is saved', async () => {
    const res = await api(t, f.lead.token, 'GET', url())
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ version: 0, nodes: [], edges: [] })
    expect(res.headers.etag).toBe('"0"')
  })

  it('saves a map with If-Match 0, returns version 1, and keeps the map, its history and an audit row', async () => {
    const res = await api(t, f.lead.token, 'PUT', url(), smallMap(), { 'if-match': '0' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.version).toBe(1)
    expect(body.nodes.map((n: { id: string }) => n.id)).toEqual(['caseload', 'visit', 'harm'])
    const got = (await api(t, f.team.token, 'GET', url())).json()
    expect(got.version).toBe(1)
    expect(got.edges[0]).toMatchObject({ id: 'e1', evidence: [{ type: 'event', id: f.events.may }], counterfactual: { answer: 'unsure', note: 'Lockdown rules applied too' }, strength: 'moderate' })
    expect(got.nodes[0]).toMatchObject({ eventIds: [], kpeIds: [], factorIds: [], description: null })
    const history = await t.db.selectFrom('causal_map_history').selectAll().where('review_id', '=', f.reviewId).execute()
    expect(history.map((h) => [h.version, h.changed_by, h.changed_via])).toEqual([[1, f.lead.user.id, 'api']])
    const audit = (await auditRows(t, f.reviewId, 'analysis.map.save')).at(-1)!
    expect(JSON.parse(audit.details)).toMatchObject({ version: 1, via: 'api', nodes: 3, edges: 2, nodesAdded: 3, edgesAdded: 2 })
    expect(audit.details).not.toContain('Caseloads')
  })

  it('refuses a save made to an older version with 409, says someone else changed the map, and saves nothing', async () => {
    const version = await currentVersion()
    const ok = await api(t, f.team.token, 'PUT', url(), { ...smallMap(), nodes: smallMap().nodes.map((n) => ({ ...n, label: `${n.label} (team)` })) }, { 'if-match': `"${version}"` })
    expect(ok.statusCode).toBe(200)
    const stale = await api(t, f.lead.token, 'PUT', url(), smallMap(), { 'if-match': String(version) })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ error: 'stale-edit', details: [{ path: 'version' }] })
    expect(stale.json().message).toContain('Someone else changed this map')
    const got = (await api(t, f.lead.token, 'GET', url())).json()
    expect(got.version).toBe(version + 1)
    expect(got.nodes[0].label).toContain('(team)')
  })

  it('asks for If-Match when it is missing', async () => {
    const res = await api(t, f.lead.token, 'PUT', url(), smallMap())
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'missing-if-match', details: [{ path: 'If-Match' }] })
  })

  it.each([
    ['an edge to a missing node', (m: ReturnType<typeof smallMap>) => { m.edges[0]!.target = 'nowhere' }, 'edges[0].target', "no node with id 'nowhere'"],
    ['an unknown kind', (m: ReturnType<typeof smallMap>) => { m.nodes[1]!.kind = 'mystery' }, 'nodes[1].kind', "unknown kind 'mystery'"],
    ['an unknown level', (m: ReturnType<typeof smallMap>) => { m.nodes[0]!.level = 'galaxy' }, 'nodes[0].level', "unknown level 'galaxy'"],
    ['a self-loop', (m: ReturnType<typeof smallMap>) => { m.edges[1]!.target = 'visit' }, 'edges[1]', 'cannot join node'],
    ['evidence from outside the review', (m: ReturnType<typeof smallMap>) => { m.edges[0]!.evidence = [{ type: 'quote', id: 'q-other-review' }] }, 'edges[0].evidence[0]', "no quote with id 'q-other-review'"],
  ])('refuses %s with 400 naming the path, and saves nothing', async (_what, spoil, path, message) => {
    const version = await currentVersion()
    const map = smallMap()
    spoil(map)
    const res = await api(t, f.lead.token, 'PUT', url(), map, { 'if-match': String(version) })
    expect(res.statusCode).toBe(400)
    const body = res.json() as { error: string; details: Array<{ path: string; message: string }> }
    expect(body.error).toBe('invalid-map')
    expect(body.details.find((d) => d.path === path)?.message).toContain(message)
    expect(await currentVersion()).toBe(version)
  })

  it('refuses a 10 MB payload with 400 and a message giving its size and the limit, and saves nothing', async () => {
    const version = await currentVersion()
    const filler = 'x'.repeat(4_000)
    const nodes = Array.from({ length: 2_600 }, (_, i) => ({ ...node(`n${i}`, 'team'), description: filler }))
    const payload = JSON.stringify({ nodes, edges: [] })
    expect(payload.length).toBeGreaterThan(10 * 1024 * 1024)
    const res = await api(t, f.lead.token, 'PUT', url(), payload, { 'if-match': String(version) })
    expect(res.statusCode).toBe(400)
    const body = res.json() as { error: string; message: string; details: Array<{ message: string }> }
    expect(body.error).toBe('too-large')
    expect(body.details[0]?.message).toMatch(/The map sent was 10\.\d MB; a map can be at most 5\.0 MB/)
    expect(await currentVersion()).toBe(version)
  })

  it('stores script in a label as text and never returns it as markup', async () => {
    const version = await currentVersion()
    const label = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    const map = smallMap()
    map.nodes[1]!.label = label
    const res = await api(t, f.lead.token, 'PUT', url(), map, { 'if-match': String(version) })
    expect(res.statusCode).toBe(200)
    expect((await api(t, f.lead.token, 'GET', url())).json().nodes[1].label).toBe(label)
    const agent = await signedIn(t, f.lead)
    const table = await agent.get(`/reviews/${f.reviewId}/map/table`)
    expect(table.body).not.toContain('<script>alert')
    expect(table.body).not.toContain('<img src=x')
    expect(table.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    const svg = await agent.get(`/reviews/${f.reviewId}/map/figure.svg`)
    expect(svg.headers['content-type']).toContain('image/svg+xml')
    expect(svg.body).not.toContain('<script')
    expect(svg.body).toContain('&lt;script&gt;')
  })
})

describe('GET /api/v1/reviews/:reviewId/map/checks', () => {
  it('lists the map’s issues with their codes, severities and the nodes and edges involved', async () => {
    const version = await currentVersion()
    const map = smallMap()
    map.nodes.push(node('lonely', 'regulators', 'system-factor', 'Inspection framework'))
    await api(t, f.lead.token, 'PUT', url(), map, { 'if-match': String(version) })
    const res = await api(t, f.team.token, 'GET', `${url()}/checks`)
    expect(res.statusCode).toBe(200)
    const issues = res.json().issues as Array<{ code: string; severity: string; nodeIds: string[]; edgeIds: string[] }>
    expect(issues).toContainEqual(expect.objectContaining({ code: 'edge-without-evidence', severity: 'warning', edgeIds: ['e2'] }))
    expect(issues).toContainEqual(expect.objectContaining({ code: 'edge-without-counterfactual', edgeIds: ['e2'] }))
    expect(issues).toContainEqual(expect.objectContaining({ code: 'orphan-node', nodeIds: ['lonely'] }))
    expect(issues.filter((i) => i.code === 'empty-level').length).toBe(3)
    expect(issues.some((i) => i.code === 'cycle')).toBe(false)
    const snapshot = await buildReviewSnapshot(t.db, f.reviewId, t.clock.now())
    expect(snapshot.map).toEqual({
      nodes: 4, edges: 2, edgesWithEvidence: 1, edgesWithCounterfactual: 1,
      checkIssues: { error: 0, warning: issues.filter((i) => i.severity === 'warning').length },
    })
  })
})

describe('who may read and change the map through the API', () => {
  it('lets the lead reviewer and review team read and save, refuses the case group and board, and hides it from others', async () => {
    const get = async (token: string) => (await api(t, token, 'GET', url())).statusCode
    expect(await get(f.lead.token)).toBe(200)
    expect(await get(f.team.token)).toBe(200)
    expect(await get(f.caseGroup.token)).toBe(403)
    expect(await get(f.boardChair.token)).toBe(403)
    expect(await get(f.outsider.token)).toBe(404)
    expect(await get(f.national.token)).toBe(404)
    const version = await currentVersion()
    expect((await api(t, f.caseGroup.token, 'PUT', url(), smallMap(), { 'if-match': String(version) })).statusCode).toBe(403)
    expect((await api(t, f.boardChair.token, 'PUT', url(), smallMap(), { 'if-match': String(version) })).statusCode).toBe(403)
    expect(await currentVersion()).toBe(version)
  })
})

describe('the editor’s session endpoint', () => {
  it('saves with the CSRF header and If-Match, refuses a stale version with 409, and refuses a request without the token', async () => {
    const agent = await signedIn(t, f.team)
    await agent.get(`/reviews/${f.reviewId}/map`)
    const data = (await agent.get(`/reviews/${f.reviewId}/map/data`)).json() as { version: number; nodes: unknown[]; edges: unknown[]; canEdit: boolean }
    expect(data.canEdit).toBe(true)
    const saved = await agent.sendJson('PUT', `/reviews/${f.reviewId}/map/data`, { nodes: data.nodes, edges: data.edges }, { 'if-match': String(data.version) })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().version).toBe(data.version + 1)
    const history = await t.db.selectFrom('causal_map_history').select('changed_via').where('review_id', '=', f.reviewId).where('version', '=', data.version + 1).executeTakeFirst()
    expect(history?.changed_via).toBe('editor')
    const stale = await agent.sendJson('PUT', `/reviews/${f.reviewId}/map/data`, { nodes: data.nodes, edges: data.edges }, { 'if-match': String(data.version) })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().message).toContain('Someone else changed this map')
    const noToken = await t.app.inject({ method: 'PUT', url: `/reviews/${f.reviewId}/map/data`, payload: JSON.stringify({ nodes: [], edges: [] }), headers: { 'content-type': 'application/json', 'if-match': String(data.version + 1), cookie: `cwl_session=${agent.sessionCookie()}` } })
    expect(noToken.statusCode).toBe(403)
    expect(await currentVersion()).toBe(data.version + 1)
  })
})

describe('the OpenAPI document', () => {
  it('describes the map routes and lists every node kind and level', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>> }
    const map = doc.paths['/api/v1/reviews/{reviewId}/map']
    expect(Object.keys(map ?? {}).sort()).toEqual(['get', 'put'])
    expect(doc.paths['/api/v1/reviews/{reviewId}/map/checks']?.get).toBeDefined()
    const body = JSON.stringify(map?.put?.requestBody)
    for (const word of ['contributory-factor', 'family-voice', 'local-partnership', 'child-family', 'counterfactual']) expect(body).toContain(word)
  })
})

// Last in the file: it adds a person to the register.
describe('GET /api/v1/reviews/:reviewId/map answered from bytes kept per version and name form', () => {
  it('audits every read, and shows a save, a names choice and a register change at once', async () => {
    const get = async () => {
      const res = await api(t, f.lead.token, 'GET', url())
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      return res
    }
    const labelOf = async () => ((await get()).json() as { nodes: { label: string }[] }).nodes[0]!.label
    const start = await currentVersion()
    const map = { nodes: [node('seen', 'frontline', 'event', 'Kelly Marsh was seen at home')], edges: [] }
    expect((await api(t, f.lead.token, 'PUT', url(), map, { 'if-match': String(start) })).statusCode).toBe(200)
    const reads = (await auditRows(t, f.reviewId, 'analysis.map.view')).length
    const [first, second] = [await get(), await get()]
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(first.headers.etag).toBe(`"${start + 1}"`)
    expect(first.json()).toMatchObject({ version: start + 1, nodes: [{ id: 'seen', label: 'Kelly Marsh was seen at home', eventIds: [], description: null }], edges: [] })
    const audited = (await auditRows(t, f.reviewId, 'analysis.map.view')).slice(reads)
    expect(audited.map((a) => JSON.parse(a.details))).toEqual([{ version: start + 1, nodes: 1 }, { version: start + 1, nodes: 1 }])

    const person = await addPerson(t.ctx, f.lead.actor, f.reviewId, { real_name: 'Kelly Marsh', role: 'Mother', pseudonym: 'Mother' })
    await chooseNameDisplay(t.ctx, f.lead.actor, f.reviewId, 'pseudonyms')
    try {
      expect(await labelOf()).toBe('Mother was seen at home')
      await changePerson(t.ctx, f.lead.actor, f.reviewId, person.id, { real_name: 'Kelly Marsh', role: 'Mother', pseudonym: 'Parent A' })
      expect(await labelOf()).toBe('Parent A was seen at home')
    } finally {
      await chooseNameDisplay(t.ctx, f.lead.actor, f.reviewId, 'real')
    }
    expect(await labelOf()).toBe('Kelly Marsh was seen at home')
    const next = { nodes: [node('seen', 'frontline', 'event', 'Kelly Marsh was seen twice')], edges: [] }
    expect((await api(t, f.lead.token, 'PUT', url(), next, { 'if-match': String(start + 1) })).statusCode).toBe(200)
    expect((await get()).json()).toMatchObject({ version: start + 2, nodes: [{ label: 'Kelly Marsh was seen twice' }] })
  })
})
