// Causal map words follow the name rule for every viewer (issue 12): a reviewer who has chosen pseudonyms gets them
// in the map's labels, descriptions, edge labels and counterfactual notes through the API, the editor's data, the
// table page and the SVG and PNG figures, and real names otherwise; the editor is read-only while names are hidden
// (pseudonyms must never be saved back over the real words); reading the map through a page is audited.
import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { api, auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture

const REAL = 'Leanne Kershaw'
const SURNAME = 'Kershaw'

useAnalysisReview(async (s) => {
  ({ t, f } = s)
  const at = t.clock.now().toISOString()
  await t.db.insertInto('persons').values({
    id: 'person-mother', review_id: f.reviewId, real_name: REAL, role: 'Mother', pseudonym: 'Mother', date_of_birth: null, nhs_number: null,
    address: null, postcode: null, phone: null, staff_number: null, created_at: at, updated_at: at,
  }).execute()
  const map = {
    nodes: [
      { id: 'a', kind: 'contributory-factor', level: 'team', label: `Nobody asked ${REAL} who lived there`, description: `${SURNAME} had said so twice` },
      { id: 'b', kind: 'outcome', level: 'child-family', label: 'Child seriously injured' },
    ],
    edges: [{ id: 'e1', source: 'a', target: 'b', label: `${SURNAME} not asked`, evidence: [], counterfactual: { answer: 'unsure', note: `${REAL} may have said` }, strength: null }],
  }
  const saved = await t.app.inject({
    method: 'PUT', url: `/api/v1/reviews/${f.reviewId}/map`, payload: JSON.stringify(map),
    headers: { authorization: `Bearer ${f.lead.token}`, 'content-type': 'application/json', 'if-match': '0' },
  })
  expect(saved.statusCode, saved.body).toBe(200)
}, { timeout: 60_000 })

describe('the causal map under the name rule', () => {
  it('shows real names by default and pseudonyms when chosen, through the API, the editor data, the table page and the figures', async () => {
    const real = await api(t, f.lead.token, 'GET', `/api/v1/reviews/${f.reviewId}/map`)
    expect(real.body).toContain(REAL)

    const hidden = await api(t, f.lead.token, 'GET', `/api/v1/reviews/${f.reviewId}/map?names=pseudonyms`)
    expect(hidden.statusCode).toBe(200)
    expect(hidden.body).not.toContain(SURNAME)
    expect(hidden.json().nodes[0].label).toContain('Nobody asked Mother')

    const agent = await signedIn(t, f.lead)
    const data = await agent.get(`/reviews/${f.reviewId}/map/data?names=pseudonyms`)
    expect(data.body).not.toContain(SURNAME)
    expect(data.json().canEdit).toBe(false)
    expect((await agent.get(`/reviews/${f.reviewId}/map/data`)).json().canEdit).toBe(true)

    const table = await agent.get(`/reviews/${f.reviewId}/map/table?names=pseudonyms`)
    expect(table.statusCode).toBe(200)
    expect(table.body).toContain('Nobody asked Mother')
    expect(table.body).not.toContain(SURNAME)

    const svg = await agent.get(`/reviews/${f.reviewId}/map/figure.svg?names=pseudonyms`)
    expect(svg.statusCode).toBe(200)
    expect(svg.body).not.toContain(SURNAME)
    expect((await agent.get(`/reviews/${f.reviewId}/map/figure.svg`)).body).toContain(SURNAME)
    // The PNG drawn for real names is not handed out for pseudonyms (its cache is keyed by what was drawn).
    const pngReal = await agent.get(`/reviews/${f.reviewId}/map/figure.png`)
    const pngHidden = await agent.get(`/reviews/${f.reviewId}/map/figure.png?names=pseudonyms`)
    expect(pngReal.statusCode).toBe(200)
    expect(pngHidden.statusCode).toBe(200)
    expect(Buffer.compare(pngReal.rawPayload, pngHidden.rawPayload)).not.toBe(0)
  }, 60_000)

  it('audits reading the map through the editor and the table page', async () => {
    const before = (await auditRows(t, f.reviewId, 'analysis.map.view')).length
    const agent = await signedIn(t, f.team)
    await agent.get(`/reviews/${f.reviewId}/map/data`)
    await agent.get(`/reviews/${f.reviewId}/map/table`)
    expect((await auditRows(t, f.reviewId, 'analysis.map.view')).length).toBe(before + 2)
  })
})
