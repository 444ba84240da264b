// Every chart of the national dashboard downloads as SVG and PNG: the SVG is the one the page shows (so a
// suppressed cell has no bar in the file either), the PNG is drawn from it, text is escaped, and each download
// is audited like the tables' downloads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemActor } from '../../../server/services/context.js'
import { draftNextVersion, loadTypology, publishTypologyVersion } from '../../../server/services/typology.js'
import { figureDrawers } from '../../../server/export/figure-drawing.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { makeReturn, postReturn, returnFinding, tokenFor } from './national-support.js'

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

async function fileSet(): Promise<void> {
  for (let i = 0; i < 6; i++) await postReturn(t, token, makeReturn({ review: { region: 'London', year: 2020 + (i % 3) }, findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }] })] }))
  for (let i = 0; i < 2; i++) await postReturn(t, token, makeReturn({ review: { region: 'North East', year: 2021 }, findings: [returnFinding({ typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }] })] }))
}

function pageSvg(html: string, key: string): string {
  const section = html.slice(html.indexOf(`id="theme-${key}"`))
  return section.slice(section.indexOf('<svg'), section.indexOf('</svg>') + '</svg>'.length)
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

async function download(url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: `cwl_session=${agent.sessionCookie()}` } })
}

describe('chart downloads', () => {
  it('serves each chart as the SVG the page shows, with no bar for a suppressed cell', async () => {
    await fileSet()
    const page = await agent.get('/national')
    for (const key of ['family', 'code', 'level', 'agency', 'region', 'year']) {
      const hrefs = page.body.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&')
      expect(hrefs, key).toContain(`href="/national/export?table=${key}&format=svg"`)
      expect(hrefs, key).toContain(`href="/national/export?table=${key}&format=png"`)
      const res = await download(`/national/export?table=${key}&format=svg`)
      expect(res.statusCode, key).toBe(200)
      expect(res.headers['content-type']).toContain('image/svg+xml')
      expect(res.headers['content-disposition']).toBe(`attachment; filename="national-${key}-2026-03-02.svg"`)
      expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
      expect(res.body.trim().endsWith(pageSvg(page.body, key)), key).toBe(true)
    }
    // By code (rows that overlap): MAI-1 drawn, MAI-2 hidden.
    const code = (await download('/national/export?table=code&format=svg')).body
    expect((code.match(/<rect /g) ?? []).length).toBe(1)
    expect(code).toContain('>&lt;5</text>')
    // By region: the North East hidden, and London withheld with it (the total less London gives it), neither drawn.
    const region = (await download('/national/export?table=region&format=svg')).body
    expect((region.match(/<rect /g) ?? []).length).toBe(0)
    expect(region).toContain('>&lt;5</text>')
    expect(region).toContain('>[c]</text>')
    // Stands on its own: colours and fonts without the page's stylesheet.
    expect(code).toContain('fill="#1d70b8"')
    expect(code).toContain('font-family="Arial, Helvetica, sans-serif"')
    // The trend is a line, broken where a year is hidden.
    for (const year of [2020, 2022]) for (let i = 0; i < 5; i++) await postReturn(t, token, makeReturn({ review: { year } }))
    const trend = (await download('/national/export?table=year&format=svg')).body
    // 2021 (4 reviews) is hidden, and 2020 withheld with it (the total less the others would give it): one point, no line.
    expect((trend.match(/<polyline /g) ?? []).length).toBe(0)
    expect((trend.match(/<circle /g) ?? []).length).toBe(1)
    for (let i = 0; i < 2; i++) await postReturn(t, token, makeReturn({ review: { year: 2021 } }))
    expect(((await download('/national/export?table=year&format=svg')).body.match(/<polyline /g) ?? []).length).toBe(1)
  })

  it('draws the PNG from the SVG at twice its width, and audits each download with its format', async () => {
    await fileSet()
    const svg = (await download('/national/export?table=region&format=svg')).body
    const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)![1])
    const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)![1])
    const png = await download('/national/export?table=region&format=png')
    expect(png.statusCode).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect(pngSize(png.rawPayload)).toEqual({ width: width * 2, height: height * 2 })
    const audit = await t.db.selectFrom('audit_log').select(['object_id', 'details']).where('action', '=', 'national.themes.export').orderBy('seq').execute()
    expect(audit.map((a) => [a.object_id, JSON.parse(a.details).format])).toEqual([['region', 'svg'], ['region', 'png']])
  })

  // resvg aborts the whole process it runs in when it panics (tests/support/resvg-panic.ts), and a large chart takes
  // time to draw: the PNG is drawn in a drawing process, so a drawer that dies fails only that download.
  it('draws the PNG in a drawing process: one that dies while drawing fails only that download, with a message', async () => {
    await fileSet()
    const drawers = figureDrawers()
    // Every drawer held, so the download waits for the one handed to it.
    const held = [await drawers.take(), await drawers.take()]
    const pending = download('/national/export?table=region&format=png')
    for (let waited = 0; drawers.queued === 0; waited += 10) {
      expect(waited, 'the PNG did not wait for a drawing process').toBeLessThan(10_000)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const [dying, other] = held as [typeof held[0], typeof held[0]]
    drawers.giveBack(dying)
    dying.kill('SIGKILL')
    drawers.giveBack(other)
    const failed = await pending
    expect(failed.statusCode).toBe(409)
    expect(failed.body).toContain('The chart could not be drawn')
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    const next = await download('/national/export?table=region&format=png')
    expect(next.statusCode).toBe(200)
    expect(pngSize(next.rawPayload).width).toBeGreaterThan(0)
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'national.themes.export').orderBy('seq').execute()
    expect(audit.map((a) => JSON.parse(a.details).format)).toEqual(['png'])
  }, 60_000)

  it('escapes labels in the drawing', async () => {
    const { current } = await loadTypology(t.db)
    const draft = draftNextVersion(current)
    await publishTypologyVersion(t.ctx, systemActor, {
      version: '2.1', publishedAt: '2027-03-01',
      codes: [...draft.codes, { code: 'TLS-5', label: '<script>alert(1)</script> & forms', parent: 'TLS', description: 'A test code', examples: [] }],
      crosswalk: draft.crosswalk,
    })
    for (let i = 0; i < 5; i++) await postReturn(t, token, makeReturn({ findings: [returnFinding({ typologyCodes: [{ code: 'TLS-5', typologyVersion: '2.1' }] })] }))
    const svg = (await download('/national/export?table=code&format=svg')).body
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; forms')
    const png = await download('/national/export?table=code&format=png')
    expect(png.statusCode).toBe(200)
  })

  it('refuses a chart of the pairs, or of nothing, or an unknown format, saying why, with nothing audited', async () => {
    await fileSet()
    for (const [query, message] of [
      ['table=pairs&format=svg', 'This table has no chart'],
      ['table=cross&by=region&cross=year&format=png', 'This table has no chart'],
      ['table=region&format=svg&region=South%20West', 'No findings match these filters, so there is no chart to download'],
      ['table=region&format=gif', 'Choose csv, xlsx, svg, png'],
    ] as const) {
      const res = await download(`/national/export?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.body, query).toContain(message)
    }
    expect(await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'national.themes.export').execute()).toEqual([])
  })

  it('says under each shown year of the trend, in the chart, the table and the download, which typology versions it was tagged in', async () => {
    const file = async (n: number, year: number, typologyVersion: string) => {
      for (let i = 0; i < n; i++) {
        const res = await postReturn(t, token, makeReturn({ review: { region: 'London', year }, findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion }] })] }))
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    // 2020 is withheld with 2023 (the smallest other year), so that 2023 cannot be worked out from the total.
    await file(5, 2020, '1.0')
    await file(5, 2021, '1.0')
    await file(3, 2022, '1.0')
    await file(3, 2022, '2.0')
    await file(2, 2023, '2.0')
    const page = await agent.get('/national')
    const svg = pageSvg(page.body, 'year')
    expect(svg).toContain('>v1.0</text>')
    expect(svg).toContain('>v1.0, 2.0</text>')
    expect(svg).toContain('2021, v1.0; 2022, v1.0, 2.0')
    // 2023 counts 2 reviews: hidden, and so are its versions.
    expect(svg).not.toContain('>v2.0</text>')
    const table = page.body.slice(page.body.indexOf('id="theme-year"'), page.body.indexOf('id="theme-pairs"'))
    expect(table).toContain('Typology versions tagged')
    expect(table).toMatch(/>2022<\/a><\/th>[\s\S]*?<td class="govuk-table__cell">v1.0, 2.0<\/td>/)
    const csv = (await download('/national/export?table=year&format=csv')).body
    expect(csv).toContain('2021,2021,5,5,1.0')
    expect(csv).toContain('2022,2022,6,6,1.0 2.0')
    expect(csv).toContain('2023,2023,<5,<5,')
    expect(csv).toContain('2020,2020,[c],[c],')
  })
})
