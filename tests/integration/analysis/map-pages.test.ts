import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import type { Agent } from '../../support/browser-agent.js'
import { loadMap } from '../../../server/services/causal-map.js'
import { auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let lead: Agent

useAnalysisReview((s) => { ({ t, f, lead } = s) })

const base = () => `/reviews/${f.reviewId}/map`

async function version(): Promise<string> {
  return String((await loadMap(t.db, f.reviewId)).version)
}

async function addNode(agent: Agent, label: string, kind: string, level: string): Promise<string> {
  await agent.get(`${base()}/table`)
  const res = await agent.post(`${base()}/nodes`, { version: await version(), label, kind, level })
  expect(res.statusCode).toBe(303)
  return (await loadMap(t.db, f.reviewId)).map.nodes.find((n) => n.label === label)!.id
}

describe('the map as tables, without JavaScript', () => {
  it('adds nodes and a link with forms, then the link’s evidence and counterfactual on its own page', async () => {
    const cause = await addNode(lead, 'No strategy discussion after the April injury', 'omission', 'team')
    const effect = await addNode(lead, 'Professionals did not know the partner was back', 'condition', 'frontline')
    let res = await lead.post(`${base()}/edges`, { version: await version(), source: cause, target: effect, strength: 'strong' })
    expect(res.statusCode).toBe(303)
    const edge = (await loadMap(t.db, f.reviewId)).map.edges.find((e) => e.source === cause)!
    expect(res.headers.location).toBe(`${base()}/edges/${edge.id}`)
    const page = await lead.get(`${base()}/edges/${edge.id}`)
    expect(page.body).toContain(`value="event:${f.events.march}"`)
    expect(page.body).toContain(`value="quote:${f.quotes.device}"`)
    res = await lead.post(`${base()}/edges/${edge.id}`, {
      version: await version(), source: cause, target: effect, strength: 'strong', counterfactual: 'no', counterfactualNote: 'A strategy discussion would have asked who lived there.',
      evidence: [`event:${f.events.march}`, `quote:${f.quotes.device}`],
    })
    expect(res.statusCode).toBe(303)
    const saved = (await loadMap(t.db, f.reviewId)).map.edges.find((e) => e.id === edge.id)!
    expect(saved).toMatchObject({
      strength: 'strong', counterfactual: { answer: 'no', note: 'A strategy discussion would have asked who lived there.' },
      evidence: [{ type: 'event', id: f.events.march }, { type: 'quote', id: f.quotes.device }],
    })
    const table = await lead.get(`${base()}/table`)
    expect(table.statusCode).toBe(200)
    expect(table.body).toContain('No strategy discussion after the April injury')
    expect(table.body).toContain('Second call to the address')
    expect(table.body).toContain('A strategy discussion would have asked who lived there.')
    // The description in words names the link.
    expect(table.body).toContain('is shown as caused by ‘No strategy discussion after the April injury’ (a strong link; 2 pieces of evidence')
  })

  it('refuses a node without a label and a link from a node to itself, keeping the input and saving nothing', async () => {
    const before = await version()
    await lead.get(`${base()}/table`)
    let res = await lead.post(`${base()}/nodes`, { version: before, label: ' ', kind: 'event', level: 'frontline' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Label must not be empty')
    const node = (await loadMap(t.db, f.reviewId)).map.nodes[0]!
    res = await lead.post(`${base()}/edges`, { version: before, source: node.id, target: node.id })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('cannot join node')
    expect(await version()).toBe(before)
  })

  it('says someone else changed the map when a form was opened on an older version, and saves nothing', async () => {
    const old = await version()
    await addNode(await signedIn(t, f.team), 'Added by the review team', 'condition', 'agency-management')
    await lead.get(`${base()}/table`)
    const res = await lead.post(`${base()}/nodes`, { version: old, label: 'Added by the lead', kind: 'event', level: 'frontline' })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('Someone else changed this map')
    expect(res.body).toContain('Added by the lead')
    expect((await loadMap(t.db, f.reviewId)).map.nodes.some((n) => n.label === 'Added by the lead')).toBe(false)
  })

  it('changes a node’s level and links it to an episode’s events, then removes it with its links', async () => {
    const nodeId = await addNode(lead, 'Front Door decision', 'event', 'frontline')
    const other = (await loadMap(t.db, f.reviewId)).map.nodes.find((n) => n.label === 'Professionals did not know the partner was back')!
    await lead.post(`${base()}/edges`, { version: await version(), source: nodeId, target: other.id })
    await lead.get(`${base()}/nodes/${nodeId}`)
    let res = await lead.post(`${base()}/nodes/${nodeId}`, { version: await version(), label: 'Front Door decision to assess', kind: 'event', level: 'team', eventIds: [f.events.feb] })
    expect(res.statusCode).toBe(303)
    expect((await loadMap(t.db, f.reviewId)).map.nodes.find((n) => n.id === nodeId)).toMatchObject({ label: 'Front Door decision to assess', level: 'team', eventIds: [f.events.feb] })
    const confirm = await lead.get(`${base()}/nodes/${nodeId}/delete`)
    expect(confirm.body).toContain('Its 1 link to other nodes will be removed too')
    res = await lead.post(`${base()}/nodes/${nodeId}/delete`, { version: await version() })
    expect(res.statusCode).toBe(303)
    const map = (await loadMap(t.db, f.reviewId)).map
    expect(map.nodes.some((n) => n.id === nodeId)).toBe(false)
    expect(map.edges.some((e) => e.source === nodeId || e.target === nodeId)).toBe(false)
  })

  it('shows the case group and the board no way in, and the review team no forms they cannot use', async () => {
    for (const m of [f.caseGroup, f.boardChair]) expect((await (await signedIn(t, m)).get(`${base()}/table`)).statusCode).toBe(403)
    const team = await signedIn(t, f.team)
    const page = await team.get(`${base()}/table`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Add a node')
  })
})

describe('history and the figure', () => {
  it('lists every saved version, newest first, with who saved it and what changed', async () => {
    const res = await lead.get(`${base()}/history`)
    expect(res.statusCode).toBe(200)
    const rows = await t.db.selectFrom('causal_map_history').select('version').where('review_id', '=', f.reviewId).execute()
    expect(res.body).toContain(`${rows.length} saved versions, newest first`)
    expect(res.body).toContain('Added 1 node: ‘No strategy discussion after the April injury’')
    expect(res.body).toContain(`${f.lead.user.name}, in the map tables`)
    expect(res.body).toContain(`${f.team.user.name}, in the map tables`)
    expect(res.body.indexOf('Removed 1 node')).toBeLessThan(res.body.indexOf('Added 1 node: ‘No strategy'))
  })

  it('downloads the map as an SVG figure, audited as an export with the format asked for', async () => {
    const res = await lead.get(`${base()}/figure.svg`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="why-map-v\d+\.svg"$/)
    expect(res.body.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(res.body).toContain('Professionals did not know the partner was back')
    const png = await t.app.inject({ method: 'GET', url: `${base()}/figure.png`, headers: { cookie: `cwl_session=${lead.sessionCookie()}` } })
    expect(png.statusCode).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect([...png.rawPayload.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const audit = await auditRows(t, f.reviewId, 'analysis.map.export')
    expect(audit.slice(-2).map((a) => JSON.parse(a.details).format)).toEqual(['svg', 'png'])
  })

  it('serves the editor page with its script and the fallback links, and the options its pickers need', async () => {
    const page = await lead.get(base())
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('src="/assets/build/map-editor.js"')
    expect(page.body).toContain(`href="${base()}/table"`)
    expect(page.body).toContain('id="__________cytoscape_stylesheet"')
    const options = (await lead.get(`${base()}/options`)).json() as { events: Array<{ id: string }>; quotes: unknown[]; documents: unknown[] }
    expect(options.events.map((e) => e.id)).toContain(f.events.jan)
    expect(options.quotes).toHaveLength(2)
    expect(options.documents).toHaveLength(1)
  })
})
