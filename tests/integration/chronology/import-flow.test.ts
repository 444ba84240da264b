import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { addReviewMember, apiCall, apiChronology, apiUpload, setUpReview, previewRows, tokenFor, type ReviewFixture } from './chronology-helpers.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const demoFile = (name: string) => ({ name, content: readFileSync(path.join(demoCaseDir, name)) })

async function auditActions(reviewId: string): Promise<string[]> {
  return (await t.db.selectFrom('audit_log').select('action').where('review_id', '=', reviewId).orderBy('seq').execute()).map((r) => r.action)
}

async function previewAndCommit(f: ReviewFixture, agency: string, file: { name: string; content: Buffer }, fields: Record<string, string> = {}) {
  const res = await apiUpload(t, f.leadToken, f.reviewId, { agency, ...fields }, file)
  expect(res.statusCode, res.body.slice(0, 300)).toBe(201)
  const importId = (res.json() as { importId: string }).importId
  const commit = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${importId}/commit`)
  expect(commit.statusCode, commit.body).toBe(200)
  return { importId, committed: (commit.json() as { committed: number }).committed }
}

describe('uploaded file names', () => {
  it('stores and shows the name without NUL, control or bidi characters', async () => {
    const f = await setUpReview(t)
    const csv = ['Date,Details', '02/03/2021,Domestic incident attended'].join('\r\n')
    const res = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name: 'police\u0000 log\u202Eexe\u202C\u200b.csv', content: Buffer.from(csv) })
    expect(res.statusCode, res.body).toBe(201)
    const stored = await t.db.selectFrom('chronology_imports').select('file_name').where('id', '=', res.json().importId).executeTakeFirstOrThrow()
    expect(stored.file_name).toBe('police logexe.csv')
    const lead = await signIn(t.app, f.lead.email)
    const list = await lead.get(`/reviews/${f.reviewId}/imports`)
    expect([...list.body].filter((c) => /\p{Cf}/u.test(c) || (/\p{Cc}/u.test(c) && !'\n\r\t'.includes(c)))).toEqual([])
  })
})

describe('who recorded an entry and when', () => {
  it('detects an OIC column and a "date recorded" column, keeps when each entry was recorded, and shows it on the event page', async () => {
    const f = await setUpReview(t)
    const csv = ['Date,OIC,Date recorded,Details', '02/03/2021,PC 2987,05/03/2021,Domestic incident attended', '09/03/2021,PC 1001,,Welfare check: all well'].join('\r\n')
    const res = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name: 'police.csv', content: Buffer.from(csv) })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().detected.mapping).toEqual({ occurredAt: 'Date', author: 'OIC', summary: 'Details', recordedAt: 'Date recorded' })
    expect(res.json().preview.map((e: { recordedAt: string | null }) => e.recordedAt)).toEqual(['2021-03-05', null])
    const commit = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${res.json().importId}/commit`)
    expect(commit.statusCode).toBe(200)
    const events = await apiChronology(t, f.leadToken, f.reviewId)
    expect(events.map((e) => [e.author, e.recordedAt])).toEqual([['PC 2987', '2021-03-05'], ['PC 1001', null]])
    const lead = await signIn(t.app, f.lead.email)
    const page = await lead.get(`/reviews/${f.reviewId}/chronology/events/${events[0]!.id}`)
    expect(page.body).toMatch(/Date recorded<\/dt><dd class="govuk-summary-list__value">5 March 2021</)
    expect((await lead.get(`/reviews/${f.reviewId}/chronology/events/${events[1]!.id}`)).body).not.toContain('Date recorded')
  })
})

describe('preview, commit and roll back', () => {
  it('stages a preview without touching the chronology, then commits every accepted row in one step, audited', async () => {
    const f = await setUpReview(t)
    const res = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Housing' }, demoFile('housing.csv'))
    expect(res.statusCode).toBe(201)
    const preview = res.json() as { importId: string; accepted: number; rejected: { row: number; reason: string; column: string; message: string }[] }
    expect(preview.rejected).toHaveLength(1)
    expect(preview.rejected[0]!.message).toMatch(/Row 8, column 'Logged'/)
    const staged = await previewRows(t.db, preview.importId)
    expect(staged).toHaveLength(preview.accepted)
    expect(staged.map((r) => r.row)).not.toContain(8)
    // The preview's rows are written but seen by nobody: not in the chronology, its search or its counts.
    expect(await t.db.selectFrom('chronology_events').select('id').where('previewing', '=', 0).execute()).toHaveLength(0)
    expect(await apiChronology(t, f.leadToken, f.reviewId)).toEqual([])
    expect(await apiChronology(t, f.leadToken, f.reviewId, `?q=${encodeURIComponent(staged[0]!.summary!.split(' ')[0]!)}`)).toEqual([])

    const commit = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${preview.importId}/commit`)
    expect(commit.json()).toEqual({ committed: preview.accepted })
    const events = await t.db.selectFrom('chronology_events').selectAll().where('review_id', '=', f.reviewId).execute()
    expect(events).toHaveLength(preview.accepted)
    expect(new Set(events.map((e) => `${e.source_file}#${e.import_id}`))).toEqual(new Set([`housing.csv#${preview.importId}`]))
    expect(await previewRows(t.db, preview.importId)).toHaveLength(0)
    const imp = await t.db.selectFrom('chronology_imports').selectAll().where('id', '=', preview.importId).executeTakeFirstOrThrow()
    expect(imp).toMatchObject({ status: 'committed', committed_rows: preview.accepted, committed_by: f.lead.id })
    expect(await auditActions(f.reviewId)).toEqual(['review.create', 'chronology.import.upload', 'chronology.view', 'chronology.view', 'chronology.import.commit'])
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'chronology.import.commit').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toMatchObject({ committed: preview.accepted, rejected: 1 })

    // A second commit of the same preview changes nothing.
    const again = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${preview.importId}/commit`)
    expect(again.statusCode).toBe(409)
    expect(await t.db.selectFrom('chronology_events').select('id').execute()).toHaveLength(preview.accepted)
  })

  it('rolls back a committed import as a whole, leaving other agencies’ events, and records who did it', async () => {
    const f = await setUpReview(t)
    const police = await previewAndCommit(f, 'Police', demoFile('police.csv'))
    const housing = await previewAndCommit(f, 'Housing', demoFile('housing.csv'))
    expect((await apiChronology(t, f.leadToken, f.reviewId, '?q=DASH')).length).toBeGreaterThan(0)
    const rollback = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${police.importId}/rollback`)
    expect(rollback.statusCode).toBe(200)
    expect(rollback.json()).toMatchObject({ rolledBack: police.committed })
    const events = await apiChronology(t, f.leadToken, f.reviewId)
    expect(events).toHaveLength(housing.committed)
    expect(events.every((e) => e.agency === 'Housing')).toBe(true)
    // The full-text index followed the deletion: police words are no longer found.
    expect(await apiChronology(t, f.leadToken, f.reviewId, '?q=DASH')).toEqual([])
    if (t.database.engine === 'sqlite') {
      await sql`insert into chronology_events_fts(chronology_events_fts, rank) values ('integrity-check', 1)`.execute(t.db)
    } else {
      // PostgreSQL keeps one row of words per event: none left behind, none missing.
      const counts = await sql<{ events: number; indexed: number; matched: number }>`select (select count(*) from chronology_events) as events,
        (select count(*) from chronology_events_fts) as indexed, (select count(*) from chronology_events_fts f join chronology_events e on e.seq = f.rowid) as matched`.execute(t.db)
      const { events: n, indexed, matched } = counts.rows[0]!
      expect([Number(indexed), Number(matched)]).toEqual([Number(n), Number(n)])
    }
    expect(await t.db.selectFrom('chronology_imports').select(['status', 'rolled_back_by']).where('id', '=', police.importId).executeTakeFirstOrThrow()).toEqual({ status: 'rolled-back', rolled_back_by: f.lead.id })
    // Reads are audited too now (chronology.view): the last change recorded is the roll back.
    expect((await auditActions(f.reviewId)).filter((a) => !a.endsWith('.view')).at(-1)).toBe('chronology.import.rollback')
    // Rolled back once is rolled back.
    expect((await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${police.importId}/rollback`)).statusCode).toBe(409)
  })

  it('remembers an agency’s column choices and month-first dates for its next file, and says so', async () => {
    const f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
    const csv = (rows: string[]) => Buffer.from(['Alpha,Beta,Gamma', ...rows].join('\n'))
    await previewAndCommit(f, 'Ambulance Service', { name: 'first.csv', content: csv(['03/04/2020,Crew 1,Called to the address']) }, {
      mapping: JSON.stringify({ occurredAt: 'Alpha', author: 'Beta', summary: 'Gamma' }), dateFormat: 'MM/DD/YYYY',
    })
    const second = await apiUpload(t, f.leadToken, f.reviewId, { agency: ' ambulance service ' }, { name: 'second.csv', content: csv(['12/25/2020,Crew 2,Second call']) })
    expect(second.statusCode).toBe(201)
    const preview = second.json() as { remembered: boolean; detected: { mapping: Record<string, string>; dateFormat: string }; preview: { occurredAt: string; author: string }[] }
    expect(preview.remembered).toBe(true)
    expect(preview.detected.mapping).toEqual({ occurredAt: 'Alpha', author: 'Beta', summary: 'Gamma' })
    expect(preview.preview[0]).toMatchObject({ occurredAt: '2020-12-25', author: 'Crew 2' })
  })

  it('shows a case group member their own agency’s events and those shared with them, nothing else; board chairs see none', async () => {
    const f = await setUpReview(t)
    await previewAndCommit(f, 'Police', demoFile('police.csv'))
    await previewAndCommit(f, 'Housing', demoFile('housing.csv'))
    const caseGroup = await addReviewMember(t, f, 'case-group', 'police')
    const team = await addReviewMember(t, f, 'review-team', 'Housing')
    const chair = await addReviewMember(t, f, 'board-chair')
    const housingEvent = (await apiChronology(t, f.leadToken, f.reviewId, '?agency=Housing'))[0]!
    await t.db.updateTable('chronology_events').set({ annotation: 'Reviewer’s private thought' }).where('agency', '=', 'Police').execute()

    const cgToken = await tokenFor(t, caseGroup)
    const seen = await apiChronology(t, cgToken, f.reviewId)
    expect(seen.length).toBeGreaterThan(0)
    expect(new Set(seen.map((e) => e.agency))).toEqual(new Set(['Police']))
    expect(seen.every((e) => e.annotation === null)).toBe(true)
    // Nor can they find events by the words of reviewers' notes.
    expect(await apiChronology(t, cgToken, f.reviewId, '?q=private+thought')).toEqual([])
    expect((await apiChronology(t, f.leadToken, f.reviewId, '?q=private+thought')).length).toBeGreaterThan(0)
    expect((await apiChronology(t, await tokenFor(t, team), f.reviewId)).map((e) => e.agency)).toContain('Housing')
    expect((await apiCall(t, await tokenFor(t, chair), 'GET', `/api/v1/reviews/${f.reviewId}/chronology`)).statusCode).toBe(403)

    // The lead reviewer shares one Housing event with the case group.
    const lead = await signIn(t.app, f.lead.email)
    await lead.get(`/reviews/${f.reviewId}/chronology/events/${housingEvent.id}`)
    const share = await lead.post(`/reviews/${f.reviewId}/chronology/events/${housingEvent.id}`, { annotation: '', shared: 'yes' })
    expect(share.statusCode).toBe(303)
    expect((await apiChronology(t, cgToken, f.reviewId)).map((e) => e.id)).toContain(housingEvent.id)

    // Their page says whose events they see, and another agency's event page is not found.
    const agent = await signIn(t.app, caseGroup.email)
    const page = await agent.get(`/reviews/${f.reviewId}/chronology`)
    expect(page.statusCode).toBe(200)
    const other = (await apiChronology(t, f.leadToken, f.reviewId, '?agency=Housing'))[1]!
    // The shared event is there, with identifiers taken out: real identities are for the lead reviewer and team.
    expect(page.body).toContain(housingEvent.summary!.slice(0, 30))
    expect(housingEvent.summary).toContain('07700 900517')
    expect(page.body).not.toContain('07700 900517')
    expect(page.body).not.toContain(other.summary!.slice(0, 30))
    expect((await agent.get(`/reviews/${f.reviewId}/chronology/events/${other.id}`)).statusCode).toBe(404)
    // A link to another agency's event does not show it to them.
    const police = seen.find((e) => e.agency === 'Police')!
    await lead.get(`/reviews/${f.reviewId}/chronology`)
    expect((await lead.post(`/reviews/${f.reviewId}/chronology/selection`, { eventIds: [police.id, other.id], action: 'link' })).statusCode).toBe(303)
    const policePage = await agent.get(`/reviews/${f.reviewId}/chronology/events/${police.id}`)
    expect(policePage.statusCode).toBe(200)
    expect(policePage.body).not.toContain(other.id)
    expect(policePage.body).not.toContain('Linked as the same episode')
    // They upload for their own agency only.
    const wrong = await apiUpload(t, cgToken, f.reviewId, { agency: 'Housing' }, demoFile('housing.csv'))
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toMatchObject({ details: [{ path: 'agency' }] })
    const own = await apiUpload(t, cgToken, f.reviewId, { agency: '' }, demoFile('police.csv'))
    expect(own.statusCode).toBe(201)
    expect(own.json()).toMatchObject({ agency: 'police' })
    // …and cannot open another agency's import.
    const housingImport = (await t.db.selectFrom('chronology_imports').select('id').where('agency', '=', 'Housing').executeTakeFirstOrThrow()).id
    expect((await agent.get(`/reviews/${f.reviewId}/imports/${housingImport}`)).statusCode).toBe(404)
    // Rolling back is for reviewers only (issue 13): refused for any import, before whose it is matters.
    expect((await apiCall(t, cgToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${housingImport}/rollback`)).statusCode).toBe(403)
  })

  it('exports the filtered chronology to CSV and XLSX with formula-like cells neutralised, and audits each export', async () => {
    const f = await setUpReview(t)
    await previewAndCommit(f, 'Housing', demoFile('housing.csv'))
    await previewAndCommit(f, 'Police', demoFile('police.csv'))
    const stored = await t.db.selectFrom('chronology_events').select('summary').where('summary', 'like', '=HYPERLINK(%').executeTakeFirstOrThrow()
    expect(stored.summary!.startsWith('=HYPERLINK(')).toBe(true) // kept as the text it is

    const agent = await signIn(t.app, f.lead.email)
    const csv = await agent.get(`/reviews/${f.reviewId}/chronology/export?agency=Housing&format=csv`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="Child-T-chronology\.csv"/)
    expect(csv.headers['cache-control']).toBe('no-store')
    const rows = parse(csv.rawPayload, { bom: true, columns: true }) as Record<string, string>[]
    expect(rows.length).toBe(17)
    expect(new Set(rows.map((r) => r.Agency))).toEqual(new Set(['Housing']))
    const risky = rows.find((r) => r['What happened']!.includes('HYPERLINK'))!
    expect(risky['What happened']!.startsWith("'=HYPERLINK(")).toBe(true)
    for (const r of rows) for (const cell of Object.values(r)) expect(/^[=+\-@]/.test(cell), cell).toBe(false)

    const xlsx = await agent.get(`/reviews/${f.reviewId}/chronology/export?format=xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('Chronology')!
    expect(sheet.rowCount).toBe(1 + 17 + 22)
    const texts: string[] = []
    sheet.eachRow((row) => row.eachCell((cell) => { if (typeof cell.value === 'string') texts.push(cell.value) }))
    expect(texts.some((v) => v.startsWith("'=HYPERLINK("))).toBe(true)
    expect(texts.filter((v) => /^[=+\-@]/.test(v))).toEqual([])
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)))

    const exports = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'chronology.export').orderBy('seq').execute()
    expect(exports.map((e) => JSON.parse(e.details))).toEqual([
      { format: 'csv', events: 17, filters: ['agencies'] },
      { format: 'xlsx', events: 39, filters: [] },
    ])
  })

  it('fills the review snapshot: agencies with a committed chronology, events, significant events; a rapid review’s facts returned', async () => {
    const f = await setUpReview(t, { from: '2020-10-01', to: '2021-09-30' }, 'rapid-review')
    await previewAndCommit(f, 'Police', demoFile('police.csv'))
    const pending = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Housing' }, demoFile('housing.csv'))
    expect(pending.statusCode).toBe(201)
    const ids = (await apiChronology(t, f.leadToken, f.reviewId)).slice(0, 3).map((e) => e.id)
    await t.db.updateTable('chronology_events').set({ significant: 1 }).where('id', 'in', ids).execute()
    const snapshot = await buildReviewSnapshot(t.db, f.reviewId, t.clock.now())
    expect(snapshot.chronology).toEqual({ agencies: ['Police'], events: 22, significantEvents: 3 })
    expect(snapshot.rapidReview.agenciesReturnedFacts).toEqual(['Police'])
  })
})
