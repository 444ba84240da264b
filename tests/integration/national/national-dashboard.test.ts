// The national dashboard for national users: suppression wherever a count appears (tables, charts, CSV,
// XLSX), totals withheld when a hidden cell could be worked out from them, drill-down and search over the
// anonymised findings, filters in the address, importing and exporting returns as files.
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUNDLE_FORMAT, type NationalReturn } from '../../../methodology/national/return-format.js'
import type { User } from '../../../server/data/schema.js'
import { systemActor } from '../../../server/services/context.js'
import { draftNextVersion, loadTypology, publishTypologyVersion } from '../../../server/services/typology.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { makeReturn, postReturn, returnFinding, tableCount, tokenFor } from './national-support.js'

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

/** Six London reviews on MAI-1 (about supervision); two North East reviews on MAI-2. */
async function fileSet(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await postReturn(t, token, makeReturn({ review: { region: 'London', year: 2021 }, findings: [returnFinding({ pattern: 'Supervision was squeezed out by workload.', typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }] })] }))
  }
  for (let i = 0; i < 2; i++) {
    await postReturn(t, token, makeReturn({ review: { region: 'North East', year: 2021 }, findings: [returnFinding({ pattern: 'Strategy discussions were late.', typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }] })] }))
  }
}

function csvRows(body: string): string[][] {
  return body.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((line) => line.split(','))
}

async function xlsxRows(raw: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(raw as unknown as ArrayBuffer)
  const rows: unknown[][] = []
  workbook.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
  return rows
}

describe('the dashboard', () => {
  it('shows "<5" for cells under 5 reviews in its tables and charts, and withholds totals a hidden cell could be worked out from', async () => {
    await fileSet()
    const page = await agent.get('/national')
    expect(page.statusCode).toBe(200)
    const html = page.body
    // The region table: North East hidden, and London withheld with it (the year table's one row, 8, is the
    // total, and 8 − 6 would give the North East's 2 away); no total row.
    const region = html.slice(html.indexOf('id="theme-region"'), html.indexOf('id="theme-year"'))
    expect(region).toMatch(/London<\/a><\/th>\s*<td[^>]*>\[c\]<\/td>\s*<td[^>]*>\[c\]<\/td>/)
    expect(region).toMatch(/North East<\/a><\/th>\s*<td[^>]*>&lt;5<\/td>\s*<td[^>]*>&lt;5<\/td>/)
    expect(region).not.toContain('>Total<')
    // The chart draws no bar for a hidden cell, only its label.
    const chart = region.slice(region.indexOf('<svg'), region.indexOf('</svg>'))
    expect(chart).toContain('role="img"')
    expect(chart).toContain('<title id="chart-region-title">')
    expect((chart.match(/<rect /g) ?? []).length).toBe(0)
    expect(chart).toContain('>&lt;5</text>')
    expect(chart).toContain('>[c]</text>')
    // The code table's rows overlap (they add up to nothing), so MAI-1 is shown beside the hidden MAI-2.
    const code = html.slice(html.indexOf('id="theme-code"'), html.indexOf('id="theme-level"'))
    expect(code).toMatch(/>6<\/td>/)
    // 8 reviews in all; with the North East hidden, 8 would give its 2 away, so no totals or shares.
    expect(html).not.toMatch(/\b8 reviews\b/)
    expect(html).toContain('The total number of reviews and findings is not shown for these filters')
    expect(html).not.toContain('Share of findings')
  })

  it('shows totals and shares when no table that splits the reviews hides a row', async () => {
    await fileSet()
    // Five more outside London, so the filter leaves out 7 reviews, not 2 (which would withhold the view: minimum complement).
    for (let i = 0; i < 5; i++) await postReturn(t, token, makeReturn({ review: { region: 'North East', year: 2021 } }))
    const page = await agent.get('/national?region=London')
    expect(page.body).toContain('6 findings from 6 reviews match these filters.')
    expect(page.body).toContain('Share of findings')
    expect(page.body).toContain('>100%<')
    expect(page.body).toContain('Region: London')
  })

  it('exports any table as CSV and XLSX with the same suppression, audited', async () => {
    await fileSet()
    const csv = await agent.get('/national/export?table=region&format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="national-region-2026-03-02\.csv"/)
    const rows = csvRows(csv.body)
    expect(rows).toContainEqual(['London', 'London', '[c]', '[c]'])
    expect(rows).toContainEqual(['North East', 'North East', '<5', '<5'])
    expect(rows.some((r) => r[0] === 'Total')).toBe(false)

    const xlsx = await t.app.inject({ method: 'GET', url: '/national/export?table=code&format=xlsx', headers: { cookie: `cwl_session=${agent.sessionCookie()}` } })
    expect(xlsx.statusCode).toBe(200)
    const sheet = await xlsxRows(xlsx.rawPayload)
    expect(sheet).toContainEqual(['MAI-1', 'Sharing information when it matters', 6, 6])
    expect(sheet).toContainEqual(['MAI-2', 'Strategy discussions and joint decisions', '<5', '<5'])

    const audit = await t.db.selectFrom('audit_log').select(['action', 'object_id', 'details']).where('action', '=', 'national.themes.export').execute()
    expect(audit.map((a) => [a.object_id, JSON.parse(a.details).format])).toEqual([['region', 'csv'], ['code', 'xlsx']])
  })

  it('includes the total row in an export when the page shows it, and neutralises cells that would run as formulas', async () => {
    const { current } = await loadTypology(t.db)
    const draft = draftNextVersion(current)
    await publishTypologyVersion(t.ctx, systemActor, {
      version: '2.1', publishedAt: '2027-03-01',
      codes: [...draft.codes, { code: 'TLS-5', label: '=HYPERLINK("http://example.org","forms")', parent: 'TLS', description: 'A test code', examples: [] }],
      crosswalk: draft.crosswalk,
    })
    for (let i = 0; i < 5; i++) await postReturn(t, token, makeReturn({ review: { region: 'London', year: 2021 }, findings: [returnFinding({ typologyCodes: [{ code: 'TLS-5', typologyVersion: '2.1' }] })] }))
    const csv = await agent.get('/national/export?table=code&format=csv')
    expect(csv.body).toContain(`"'=HYPERLINK(""http://example.org"",""forms"")"`)
    const year = csvRows((await agent.get('/national/export?table=year&format=csv')).body)
    expect(year).toContainEqual(['Total', '', '5', '5', '100%'])
  })

  it('says when no returns have arrived, rather than showing empty tables', async () => {
    const page = await agent.get('/national')
    expect(page.body).toContain('No national returns have been received yet.')
    expect(page.body).not.toContain('<svg')
  })

  it('refuses filters it cannot read with the error summary, keeping what was typed', async () => {
    const page = await agent.get('/national?from=twenty&region=Atlantis')
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('govuk-error-summary')
    expect(page.body).toContain('From must be a year, like 2021')
    expect(page.body).toContain('Choose an English region from the list')
    expect(page.body).toContain('value="twenty"')
    expect((await agent.get('/national/export?table=colour&format=pdf')).statusCode).toBe(400)
  })

  it('is for national users only', async () => {
    for (const role of ['reviewer', 'board', 'admin'] as const) {
      const user = await addUser(t, role)
      const other = await signIn(t.app, user.email)
      for (const url of ['/national', '/national/findings', '/national/returns', '/national/export?table=code&format=csv', '/national/returns/export']) {
        expect((await other.get(url)).statusCode, `${role} ${url}`).toBe(403)
      }
    }
    expect(await t.db.selectFrom('audit_log').select('action').where('action', 'like', 'national.%export').execute()).toEqual([])
  })
})

describe('the anonymised findings', () => {
  it('lists findings with their board questions when they come from at least 5 reviews, and searches their words', async () => {
    await fileSet()
    // MAI-1's six reviews leave out the North East's two: this list less the unfiltered one would show those two,
    // so it is withheld, naming the filter (minimum complement).
    const mai1 = await agent.get('/national/findings?code=MAI-1')
    expect(mai1.statusCode).toBe(200)
    expect(mai1.body).toContain('Not shown: the filter ‘Typology code: MAI-1 Sharing information when it matters’ leaves out fewer than 5 reviews')
    expect(mai1.body).not.toContain('How does the board know?')
    // London's six leave out the North East's two (and are withheld in the table by region too).
    expect((await agent.get('/national/findings?region=London')).body).toContain('Not shown: the filter ‘Region: London’ leaves out fewer than 5 reviews')
    // Every finding is the page's total, which would give the North East's two away.
    expect((await agent.get('/national/findings')).body).toContain('The findings that match are not listed')
    // Five more North East reviews: MAI-1 and the words now leave out 7 reviews, and the lists are shown.
    for (let i = 0; i < 5; i++) {
      await postReturn(t, token, makeReturn({ review: { region: 'North East', year: 2021 }, findings: [returnFinding({ pattern: 'Strategy discussions were late.', typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }] })] }))
    }
    const shown = await agent.get('/national/findings?code=MAI-1')
    expect(shown.body).toContain('Findings 1 to 6')
    expect(shown.body).toContain('How does the board know?')
    const search = await agent.get('/national/findings?q=supervision&code=MAI-1')
    expect(search.body).toContain('Findings 1 to 6')
    expect(search.body).toContain('How does the board know?')
    expect(search.body).toContain('Supervision was squeezed out by workload.')
    expect(search.body).not.toContain('Strategy discussions were late.')
  })

  it('withholds the list when the findings come from fewer than 5 reviews', async () => {
    await fileSet()
    const few = await agent.get('/national/findings?code=MAI-2')
    expect(few.statusCode).toBe(200)
    expect(few.body).toContain('The findings that match are not listed')
    expect(few.body).not.toContain('Strategy discussions were late.')
    const drill = await agent.get('/national/findings?q=%22strategy%20discussions%22')
    expect(drill.body).not.toContain('Strategy discussions were late.')
  })
})

describe('returns as files', () => {
  it('imports a bundle of returns from the page, a newer version replacing the older', async () => {
    await postReturn(t, token, makeReturn({ returnId: 'file-1' }))
    const bundle = { format: BUNDLE_FORMAT, formatVersion: 1, returns: [makeReturn({ returnId: 'file-1', version: 2 }), makeReturn({ returnId: 'file-2' })] }
    await agent.get('/national/returns')
    const res = await agent.multipart('/national/returns/import', {}, [{ field: 'file', filename: 'returns.json', content: Buffer.from(JSON.stringify(bundle)), type: 'application/json' }])
    expect(res.statusCode).toBe(303)
    const page = await agent.get('/national/returns')
    expect(page.body).toContain('2 returns imported')
    expect(page.body).toContain('1 replaced an earlier version of the same return')
    expect(await t.db.selectFrom('national_returns').select(['return_id', 'version', 'is_current']).orderBy('return_id').orderBy('version').execute()).toEqual([
      { return_id: 'file-1', version: 1, is_current: 0 }, { return_id: 'file-1', version: 2, is_current: 1 }, { return_id: 'file-2', version: 1, is_current: 1 },
    ])
  })

  it('imports nothing from a file with any bad return, and says which and why', async () => {
    const good = makeReturn({ returnId: 'good' })
    const bad = makeReturn({ returnId: 'bad', findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '7.0' }] })] })
    await agent.get('/national/returns')
    const res = await agent.multipart('/national/returns/import', {}, [{ field: 'file', filename: 'returns.json', content: Buffer.from(JSON.stringify({ format: BUNDLE_FORMAT, formatVersion: 1, returns: [good, bad] })) }])
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('returns[1].findings[0].typologyCodes[0].typologyVersion')
    expect(res.body).toContain('typology version 7.0 is not known here')
    const notJson = await agent.multipart('/national/returns/import', {}, [{ field: 'file', filename: 'returns.json', content: Buffer.from('{"returns": [') }])
    expect(notJson.statusCode).toBe(400)
    expect(notJson.body).toContain('The file is not valid JSON')
    expect(await tableCount(t, 'national_returns')).toBe(0)
  })

  it('exports every current return as one file that imports into another instance', async () => {
    await fileSet()
    await postReturn(t, token, makeReturn({ returnId: 'later', version: 1 }))
    await postReturn(t, token, makeReturn({ returnId: 'later', version: 2 }))
    const res = await agent.get('/national/returns/export')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="national-returns-2026-03-02\.json"/)
    const bundle = JSON.parse(res.body) as { format: string; returns: NationalReturn[] }
    expect(bundle.format).toBe(BUNDLE_FORMAT)
    expect(bundle.returns).toHaveLength(9)
    expect(bundle.returns.find((r) => r.returnId === 'later')?.version).toBe(2)
    expect(JSON.parse((await t.db.selectFrom('audit_log').select('details').where('action', '=', 'national.returns.export').executeTakeFirstOrThrow()).details)).toEqual({ returns: 9 })

    const other = await createTestApp()
    try {
      const user = await addUser(other, 'national')
      const otherAgent = await signIn(other.app, user.email)
      await otherAgent.get('/national/returns')
      const imported = await otherAgent.multipart('/national/returns/import', {}, [{ field: 'file', filename: 'national.json', content: Buffer.from(res.body) }])
      expect(imported.statusCode).toBe(303)
      expect(await other.db.selectFrom('national_returns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 9 })
    } finally {
      await other.close()
    }
  })
})
