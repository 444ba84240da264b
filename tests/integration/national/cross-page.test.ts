// The dashboard's two-way tables (/national/cross): the same suppressed table as the API, cells linking to the
// findings behind them, the measure switched, bad groupings named, and CSV/XLSX downloads neutralised and audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { getJson, makeReturn, postReturn, returnFinding, tokenFor } from './national-support.js'

let t: TestApp
let token: string
let agent: Agent
beforeEach(async () => {
  t = await createTestApp()
  const national = await addUser(t, 'national')
  token = await tokenFor(t, national)
  agent = await signIn(t.app, national.email)
})
afterEach(async () => { await t.close() })

async function file(n: number, region: 'London' | 'North East', year: number, code: string, findings = 1): Promise<void> {
  for (let i = 0; i < n; i++) {
    await postReturn(t, token, makeReturn({ review: { region, year }, findings: Array.from({ length: findings }, (_, k) => returnFinding({ ref: `F${k + 1}`, typologyCodes: [{ code, typologyVersion: '1.0' }] })) }))
  }
}

const decode = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')

function csvRows(body: string): string[][] {
  return body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(','))
}

describe('the two-way table page', () => {
  it('shows the table the API gives, hidden entries marked, shown cells linking to their findings', async () => {
    await file(6, 'London', 2021, 'MAI-1')
    await file(6, 'London', 2022, 'MAI-1', 2)
    await file(6, 'London', 2023, 'MAI-1')
    await file(2, 'North East', 2022, 'MAI-1')
    await file(6, 'North East', 2021, 'MAI-1')
    await file(7, 'North East', 2023, 'MAI-1')
    const api = (await getJson(t, token, '/api/v1/national/themes?by=region&cross=year')).json()
    const page = await agent.get('/national/cross?by=region&cross=year')
    expect(page.statusCode).toBe(200)
    const html = decode(page.body)
    expect(html).toContain('Reviews by region and year')
    // The North East in 2022 counts 2 reviews: hidden, and with it enough others that it cannot be worked out.
    const hidden = api.cells.flat().filter((c: { withheld: boolean }) => c.withheld).length + api.rowTotals.filter((c: { withheld: boolean }) => c.withheld).length + api.columnTotals.filter((c: { withheld: boolean }) => c.withheld).length + (api.total.withheld ? 1 : 0)
    expect(hidden).toBeGreaterThanOrEqual(3)
    expect((html.match(/<span aria-hidden="true">\[c\]<\/span><span class="govuk-visually-hidden">hidden<\/span>/g) ?? []).length).toBe(hidden)
    expect(html).not.toMatch(/>2<span class="govuk-visually-hidden">/)
    // Every shown cell links to exactly the findings it counts.
    let links = 0
    api.rows.forEach((r: { key: string; label: string }, i: number) => api.columns.forEach((c: { key: string }, j: number) => {
      const cell = api.cells[i][j]
      if (cell.withheld || cell.reviews === 0) return
      links++
      expect(html).toContain(`href="/national/findings?from=${c.key}&to=${c.key}&region=${r.key.replace(' ', '+')}&by=region&cross=year">${cell.reviews}<span class="govuk-visually-hidden"> – findings for ${r.label}, ${c.key}</span>`)
    }))
    expect(links).toBeGreaterThan(0)
    const findings = await agent.get('/national/findings?from=2023&to=2023&region=London')
    expect(findings.body).toContain('Findings 1 to 6 of 6')
    // Counting findings instead.
    const byFindings = decode((await agent.get('/national/cross?by=region&cross=year&measure=findings')).body)
    expect(byFindings).toContain('Findings by region and year')
    expect(byFindings).toContain('href="/national/findings?region=London&by=region&cross=year">24<')
  })

  it('keeps both codes when a family is crossed with a code, and the filters in every link', async () => {
    await file(5, 'London', 2021, 'MAI-1')
    const html = decode((await agent.get('/national/cross?by=family&cross=code&region=London')).body)
    expect(html).toContain('href="/national/findings?code=MAI&code=MAI-1&region=London&by=family&cross=code"')
    expect(html).toContain('href="/national/export?region=London&table=cross&by=family&cross=code&format=csv"')
  })

  it('names a bad or repeated grouping on the page, and in the API with the allowed values', async () => {
    const bad = await agent.get('/national/cross?by=colour&cross=year')
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('by must be one of family, code, level, agency, region, year, ageBand, sex, ethnicity, harmType, riskFactor, socialCareStatus, findingType, nationalAttention, published')
    const same = await agent.get('/national/cross?by=year&cross=year')
    expect(same.statusCode).toBe(400)
    expect(same.body).toContain('cross must differ from by')
    for (const [query, path] of [['by=colour', 'by'], ['by=region&cross=colour', 'cross'], ['', 'by']] as const) {
      const res = await getJson(t, token, `/api/v1/national/themes?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().details, query).toEqual([{ path, message: `${path} must be one of family, code, level, agency, region, year, ageBand, sex, ethnicity, harmType, riskFactor, socialCareStatus, findingType, nationalAttention, published` }])
    }
  })

  it('downloads the two-way table as CSV and XLSX with reviews and findings, hidden entries marked, audited', async () => {
    await file(6, 'London', 2021, 'MAI-1')
    await file(2, 'North East', 2021, 'MAI-1')
    const csv = await agent.get('/national/export?table=cross&by=region&cross=year&format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toBe('attachment; filename="national-region-by-year-2026-03-02.csv"')
    const rows = csvRows(csv.body)
    const api = (await getJson(t, token, '/api/v1/national/themes?by=region&cross=year')).json()
    const expected = (measure: 'reviews' | 'findings') => [
      ['', ...api.columns.map((c: { label: string }) => c.label), 'Total'],
      ...api.rows.map((r: { label: string }, i: number) => [r.label, ...api.cells[i].map((c: Record<string, unknown>) => String(c[measure])), String(api.rowTotals[i][measure])]),
      ['Total', ...api.columnTotals.map((c: Record<string, unknown>) => String(c[measure])), String(api.total[measure])],
    ]
    const start = rows.findIndex((r) => r[0]!.startsWith('Reviews:'))
    expect(rows.slice(start + 1, start + 5)).toEqual(expected('reviews'))
    const findingsStart = rows.findIndex((r) => r[0]!.startsWith('Findings:'))
    expect(rows.slice(findingsStart + 1, findingsStart + 5)).toEqual(expected('findings'))
    expect(rows).toContainEqual(['North East', '[c]', '[c]'])
    const xlsx = await t.app.inject({ method: 'GET', url: '/national/export?table=cross&by=region&cross=year&format=xlsx', headers: { cookie: `cwl_session=${agent.sessionCookie()}` } })
    expect(xlsx.statusCode).toBe(200)
    const missing = await agent.get('/national/export?table=cross&by=region&format=csv')
    expect(missing.statusCode).toBe(400)
    const audit = await t.db.selectFrom('audit_log').select(['object_id', 'details']).where('action', '=', 'national.themes.export').orderBy('seq').execute()
    expect(audit.map((a) => [a.object_id, JSON.parse(a.details).format])).toEqual([['cross:region:year', 'csv'], ['cross:region:year', 'xlsx']])
  })
})
