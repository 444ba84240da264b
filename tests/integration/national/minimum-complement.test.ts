// The minimum complement (issue 16): a national view whose filter leaves out 1 to 4 of the reviews the other filters
// match is withheld everywhere (themes, two-way tables, timeliness, drill-down, the pages and every download) with
// the filter named and no number; one leaving out none, or 5 or more, is shown. And the counts it rests on, from
// the pre-added counts or the findings' facts, agree with counting the findings one set of filters at a time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { countReviewsEach, countTotalsFromFindings } from '../../../server/data/national-themes.js'
import { readThemeQuery } from '../../../server/services/national-themes.js'
import { loadTypology } from '../../../server/services/typology.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { getJson, makeReturn, postReturn, returnFinding, tokenFor } from './national-support.js'

let t: TestApp
let national: User
let token: string
let agent: Agent
beforeEach(async () => {
  t = await createTestApp()
  national = await addUser(t, 'national')
  token = await tokenFor(t, national)
  agent = await signIn(t.app, national.email)
})
afterEach(async () => { await t.close() })

const SUPERVISION = 'Supervision was squeezed out by workload.'
const LATE = 'Strategy discussions were late.'

async function file(count: number, region: 'London' | 'North East', pattern = SUPERVISION, code = 'MAI-1'): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await postReturn(t, token, makeReturn({ review: { region, year: 2021 }, findings: [returnFinding({ pattern, typologyCodes: [{ code, typologyVersion: '1.0' }] })] }))
    expect(res.statusCode, res.body).toBe(201)
  }
}

const api = async (url: string) => {
  const res = await getJson(t, token, url)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const REASON = /^Not shown: the filter ‘Region: London’ leaves out fewer than 5 reviews that the other filters match/

describe('a filter leaving out 1 to 4 reviews', () => {
  beforeEach(async () => {
    await file(8, 'London')
    await file(3, 'North East')
  })

  it('withholds the themes, the two-way table, timeliness and the drill-down in the API, naming the filter', async () => {
    const themes = await api('/api/v1/national/themes?by=code&region=London')
    expect(themes.viewWithheld.filter).toBe('Region: London')
    expect(themes.viewWithheld.reason).toMatch(REASON)
    expect(themes.rows).toEqual([])
    const cross = await api('/api/v1/national/themes?by=family&cross=year&region=London')
    expect(cross.viewWithheld.filter).toBe('Region: London')
    expect(cross).toMatchObject({ rows: [], columns: [], cells: [], rowTotals: [], columnTotals: [], total: { reviews: '[c]', findings: '[c]', withheld: true } })
    const timeliness = await api('/api/v1/national/timeliness?region=London')
    expect(timeliness).toMatchObject({ byRegion: [], byYear: [], all: null, viewWithheld: { filter: 'Region: London' } })
    const findings = await api('/api/v1/national/findings?region=London')
    expect(findings).toMatchObject({ withheld: true, findings: null, items: [], viewWithheld: { filter: 'Region: London' } })
    // Naming the table it comes from does not get round it.
    const drilled = await api('/api/v1/national/findings?region=London&by=region')
    expect(drilled).toMatchObject({ withheld: true, items: [], viewWithheld: { filter: 'Region: London' } })
  })

  it('shows the view without that filter, which the rule does not touch', async () => {
    const themes = await api('/api/v1/national/themes?by=code')
    expect(themes.viewWithheld).toBeNull()
    expect(themes.rows).toEqual([expect.objectContaining({ key: 'MAI-1', reviews: 11, findings: 11 })])
  })

  it('withholds the dashboard, the two-way table page and the findings page with a warning and no number', async () => {
    for (const url of ['/national?region=London', '/national/cross?by=region&cross=year&region=London', '/national/findings?region=London']) {
      const page = await agent.get(url)
      expect(page.statusCode, url).toBe(200)
      const html = page.body
      const warning = html.slice(html.indexOf('id="view-withheld"'))
      expect(warning, url).toContain('the filter ‘Region: London’ leaves out fewer than 5 reviews')
      expect(html, url).not.toContain('<table')
      expect(html, url).not.toContain('<svg')
      expect(html, url).not.toMatch(/>\s*(8|11|3)\s*</)
      expect(html, url).not.toContain('app-national-finding"')
    }
  })

  it('gives every download the reason and no number, and refuses its charts with the reason', async () => {
    for (const table of ['code', 'region', 'pairs', 'timeliness-year']) {
      const res = await agent.get(`/national/export?region=London&table=${table}&format=csv`)
      expect(res.statusCode, table).toBe(200)
      const lines = res.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
      expect(lines.at(-1), table).toMatch(/Not shown: the filter ‘Region: London’ leaves out fewer than 5 reviews/)
      expect(lines, table).toHaveLength(3)
      expect(res.body, table).not.toMatch(/\b(8|11|3)\b/)
    }
    const cross = await agent.get('/national/export?region=London&table=cross&by=region&cross=year&format=csv')
    expect(cross.body).toMatch(/Not shown: the filter ‘Region: London’/)
    expect(cross.body).not.toMatch(/\b(8|11|3)\b/)
    for (const format of ['svg', 'png']) {
      const chart = await agent.get(`/national/export?region=London&table=region&format=${format}`)
      expect(chart.statusCode, format).toBe(400)
      expect(chart.body, format).toContain('leaves out fewer than 5 reviews')
      expect(chart.body, format).not.toContain('<svg')
    }
  })
})

describe('a filter leaving out none, or 5 or more', () => {
  it('shows the view when the filter leaves out no review', async () => {
    await file(8, 'London')
    const themes = await api('/api/v1/national/themes?by=code&region=London')
    expect(themes.viewWithheld).toBeNull()
    expect(themes.rows).toEqual([expect.objectContaining({ key: 'MAI-1', reviews: 8, findings: 8 })])
    const findings = await api('/api/v1/national/findings?region=London')
    expect(findings).toMatchObject({ withheld: false, findings: 8, viewWithheld: null })
  })

  it('shows the view, its pages and its downloads when the filter leaves out 5 reviews', async () => {
    await file(8, 'London')
    await file(5, 'North East')
    const themes = await api('/api/v1/national/themes?by=code&region=London')
    expect(themes).toMatchObject({ viewWithheld: null, rows: [{ key: 'MAI-1', reviews: 8, findings: 8 }] })
    const cross = await api('/api/v1/national/themes?by=region&cross=year&region=London')
    expect(cross.viewWithheld).toBeNull()
    expect(cross.cells).toEqual([[{ reviews: 8, findings: 8, withheld: false }]])
    const page = await agent.get('/national?region=London')
    expect(page.body).not.toContain('id="view-withheld"')
    expect(page.body).toContain('8 findings from 8 reviews match these filters.')
    const csv = await agent.get('/national/export?region=London&table=code&format=csv')
    expect(csv.body).toMatch(/MAI-1,.*,8,8/)
    expect(csv.body).not.toContain('Not shown')
  })
})

describe('filters the pre-added counts cannot answer (words searched for)', () => {
  it('withholds a search whose words leave out 1 to 4 of the region’s reviews, and names the words', async () => {
    await file(8, 'London')
    await file(2, 'London', LATE, 'MAI-2')
    await file(6, 'North East')
    const themes = await api('/api/v1/national/themes?by=code&region=London&q=supervision')
    expect(themes.viewWithheld.filter).toBe('Words: supervision')
    expect(themes.rows).toEqual([])
  })

  it('shows it when each filter leaves out none or at least 5', async () => {
    await file(8, 'London')
    await file(6, 'London', LATE, 'MAI-2')
    await file(5, 'North East')
    const themes = await api('/api/v1/national/themes?by=code&region=London&q=supervision')
    expect(themes).toMatchObject({ viewWithheld: null, rows: [{ key: 'MAI-1', reviews: 8 }] })
  })
})

describe('the reviews matching each set of filters', () => {
  it('agree with counting the findings for each set alone, from the counts and from the facts alike, in one call', async () => {
    await file(7, 'London')
    await file(3, 'London', LATE, 'MAI-2')
    await file(4, 'North East', LATE, 'MAI-2')
    await file(2, 'North East')
    const { current, versions } = await loadTypology(t.db)
    const sets = [
      {}, { region: 'London' }, { code: 'MAI-2' }, { region: 'North East', code: 'MAI-1' }, { q: 'supervision' },
      { q: 'strategy', region: 'London' }, { code: ['MAI-1', 'MAI-2'] }, { from: '2021', to: '2021', agency: 'police', level: 'local-partnership' },
    ].map((q) => readThemeQuery(q, current, versions).filters)
    const expected = await Promise.all(sets.map(async (f) => (await countTotalsFromFindings(t.db, f)).reviews))
    expect(expected).toEqual([16, 10, 7, 2, 9, 3, 0, 16])
    expect(await countReviewsEach(t.db, sets)).toEqual(expected)
  })
})
