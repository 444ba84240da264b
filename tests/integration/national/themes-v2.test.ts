// The groupings of return format 2 in the themes API (ageBand, sex, ethnicity, harmType, riskFactor,
// socialCareStatus, findingType), each alone and with &cross=, filtered by the same names; risk factors with
// typology families (the "toxic trio" view) suppressed like any two-way table; format 1 returns under "not known".
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signIn } from '../../support/browser-agent.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { getJson, makeReturn, makeReturnV2, postReturn, returnFinding, returnFindingV2, tokenFor } from './national-support.js'

let t: TestApp
let token: string
beforeEach(async () => {
  t = await createTestApp()
  token = await tokenFor(t, await addUser(t, 'national'))
})
afterEach(async () => { await t.close() })

type Row = { key: string; label: string; reviews: number | string; findings: number | string }

async function themes(query: string): Promise<{ rows: Row[] }> {
  const res = await getJson(t, token, `/api/v1/national/themes?${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const counts = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r.reviews]))

/** Six girls in care-proceedings households with the toxic trio, on MAI-1; five boys with no factor identified; two format 1 returns. */
async function fileSet(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const res = await postReturn(t, token, makeReturnV2({
      review: { harmType: 'neglect', householdRiskFactors: ['domestic-abuse', 'parental-mental-ill-health', 'parental-substance-misuse'], child: { sex: 'female', ageBand: '1-5', ethnicity: 'mixed', socialCareStatus: 'child-protection-plan' } },
      findings: [returnFindingV2({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }] }), returnFindingV2({ ref: 'F2', kind: 'good-practice', findingType: 'good-practice', typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }] })],
    }))
    expect(res.statusCode, res.body).toBe(201)
  }
  for (let i = 0; i < 5; i++) {
    await postReturn(t, token, makeReturnV2({ review: { harmType: 'suicide', householdRiskFactors: ['none-identified'], child: { sex: 'male', ageBand: '16-17', ethnicity: 'white', socialCareStatus: 'neither' } } }))
  }
  for (let i = 0; i < 2; i++) await postReturn(t, token, makeReturn({ findings: [returnFinding()] }))
}

describe('format 2 groupings', () => {
  it('counts by each of them, format 1 returns under not known, small cells hidden', async () => {
    await fileSet()
    // Each of these puts every review in one row, so the rows add up to the total (13): the smallest other row is
    // withheld ("[c]") with the format 1 returns' 2, which it would otherwise give away.
    expect(counts((await themes('by=sex')).rows)).toEqual({ female: 6, male: '[c]', 'not-known': '<5' })
    expect(counts((await themes('by=ageBand')).rows)).toEqual({ 'under-1': '<5', '1-5': 6, '16-17': '[c]' })
    expect(counts((await themes('by=ethnicity')).rows)).toEqual({ mixed: 6, white: '[c]', 'not-known': '<5' })
    expect(counts((await themes('by=harmType')).rows)).toEqual({ neglect: 6, suicide: '[c]', 'not-known': '<5' })
    expect(counts((await themes('by=socialCareStatus')).rows)).toEqual({ 'child-protection-plan': 6, neither: '[c]', 'not-known': '<5' })
    // Risk factors overlap (a review counts under each of its factors): they add up to nothing, so only the small row is hidden.
    expect(counts((await themes('by=riskFactor')).rows)).toEqual({
      'domestic-abuse': 6, 'parental-mental-ill-health': 6, 'parental-substance-misuse': 6, 'none-identified': 5, 'not-known': '<5',
    })
    const types = (await themes('by=findingType')).rows
    expect(types.find((r) => r.key === 'good-practice')).toMatchObject({ label: 'Good practice', reviews: 6, findings: 6 })
    expect(types.find((r) => r.key === 'area-for-improvement')).toMatchObject({ reviews: 13, findings: 13 })
    expect((await themes('by=sex')).rows.find((r) => r.key === 'female')!.label).toBe('Female')
  })

  it('filters by them with the same names, and crosses them with anything', async () => {
    await fileSet()
    expect(counts((await themes('by=sex&riskFactor=domestic-abuse')).rows)).toEqual({ female: 6 })
    expect(counts((await themes('by=family&findingType=good-practice')).rows)).toEqual({ MAI: 6 })
    expect(counts((await themes('by=harmType&ageBand=16-17')).rows)).toEqual({ suicide: 5 })
    const trio = (await getJson(t, token, '/api/v1/national/themes?by=riskFactor&cross=family')).json()
    expect(trio.rows.map((r: { key: string }) => r.key)).toEqual(['domestic-abuse', 'parental-mental-ill-health', 'parental-substance-misuse', 'none-identified', 'not-known'])
    expect(trio.columns.map((c: { key: string }) => c.key)).toEqual(['MAI'])
    expect(trio.cells[0][0]).toEqual({ reviews: 6, findings: 12, withheld: false })
    // The format 1 returns (2 reviews) are hidden, and with them whatever would give them away.
    expect(trio.cells[4][0].withheld).toBe(true)
    expect(trio.rowTotals[4].reviews).toBe('[c]')
    const bySex = (await getJson(t, token, '/api/v1/national/themes?by=sex&cross=socialCareStatus')).json()
    expect(bySex.cells[0][0]).toMatchObject({ reviews: 6 })
  })

  it('names a bad value with the allowed ones', async () => {
    const bad = await getJson(t, token, '/api/v1/national/themes?by=sex&riskFactor=aliens')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].path).toBe('riskFactor')
    expect(bad.json().details[0].message).toContain('domestic-abuse')
    const by = await getJson(t, token, '/api/v1/national/themes?by=gender')
    expect(by.json().details[0]).toEqual({ path: 'by', message: 'by must be one of family, code, level, agency, region, year, ageBand, sex, ethnicity, harmType, riskFactor, socialCareStatus, findingType, nationalAttention, published' })
  })

  it('shows the toxic trio view on the two-way tables page, cells linking to their findings', async () => {
    await fileSet()
    const agent = await signIn(t.app, (await addUser(t, 'national')).email)
    const page = await agent.get('/national/cross?by=riskFactor&cross=family')
    expect(page.statusCode).toBe(200)
    const html = page.body.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')
    expect(html).toContain('Reviews by household risk factor and typology family')
    expect(html).toContain('href="/national/findings?code=MAI&riskFactor=domestic-abuse&by=riskFactor&cross=family"')
    const findings = await agent.get('/national/findings?code=MAI&riskFactor=domestic-abuse')
    expect(findings.body).toContain('Findings 1 to 12 of 12')
  })
})
