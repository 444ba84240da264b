// Exporting the learning report through the API and the pages: every format and edition of a review full of
// real names and identifiers, read back with pdfjs-dist and from the DOCX and HTML, the publication edition
// proven clean, a seeded leak refused with 409, and every export audited.
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { expectedIdentifiers, seedReportReview, type ReportReview } from './report-fixture.js'
import { docxText, htmlText, inkPerPage, pdfFonts, pdfInfo, pdfText } from './report-text.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { changeMemberRole } from '../../../server/services/reviews.js'
import { bumpContentVersion } from '../../../server/data/review-standing.js'

let t: TestApp
let r: ReportReview
const tokens: Record<string, string> = {}

beforeAll(async () => {
  t = await createTestApp()
  r = await seedReportReview(t, { dir: demoCaseDir, rowsPerFile: 8 })
  for (const [key, user] of Object.entries({ lead: r.lead, team: r.team, caseGroup: r.caseGroup, boardChair: r.boardChair })) {
    tokens[key] = (await createApiToken(t.ctx, systemActor, user.email, 'reports')).token
  }
}, 60_000)
afterAll(async () => { await t?.close() })

async function exportVia(token: string, format: string, edition: string) {
  return t.app.inject({ method: 'GET', url: `/api/v1/reviews/${r.reviewId}/report?format=${format}&edition=${edition}`, headers: { authorization: `Bearer ${token}` } })
}

/** The file's text with white space made single, so wrapped lines read as they were written. */
async function textOf(format: string, body: Buffer): Promise<string> {
  const text = format === 'pdf' ? await pdfText(body) : format === 'docx' ? await docxText(body) : await htmlText(body)
  return text.replace(/\s+/g, ' ')
}

const SECTIONS = [
  'Summary', 'The child and their family', 'About this review', 'Research questions', 'Stages completed with a recorded reason',
  'Who took part', 'What happened: significant events', 'Key practice episodes and appraisal', 'Why it happened: the causal map',
  'Systemic findings', 'The board’s response', 'Good practice', 'Glossary of abbreviations', 'Appendix: agencies and sources', 'Contents',
]

describe('the glossary of abbreviations', () => {
  it('lists an abbreviation the report uses but nobody has defined on the report page, and adds the meaning the lead reviewer gives', async () => {
    const lead = await signIn(t.app, r.lead.email)
    const { undefinedAbbreviations } = await import('../../../server/services/report-glossary.js')
    const unknown = await undefinedAbbreviations(t.ctx, r.reviewId)
    const page = await lead.get(`/reviews/${r.reviewId}/report`)
    expect(page.body).toContain('Glossary of abbreviations')
    for (const a of unknown) expect(page.body).toContain(`What ${a} stands for`)
    // A finding that uses an abbreviation no list knows.
    await t.db.updateTable('findings').set({ pattern: sql<string>`pattern || ' The QRTX attended twice.'` }).where('review_id', '=', r.reviewId).execute()
    const after = await undefinedAbbreviations(t.ctx, r.reviewId)
    expect(after).toContain('QRTX')
    expect((await lead.get(`/reviews/${r.reviewId}/report`)).body).toContain('What QRTX stands for')
    const bad = await lead.post(`/reviews/${r.reviewId}/report/glossary`, { 'meaning-QRTX': 'x'.repeat(201) })
    expect(bad.statusCode).toBe(400)
    const saved = await lead.post(`/reviews/${r.reviewId}/report/glossary`, { 'meaning-QRTX': 'Quick response team (fictional)' })
    expect(saved.statusCode).toBe(303)
    expect(await undefinedAbbreviations(t.ctx, r.reviewId)).not.toContain('QRTX')
    const html = await textOf('html', (await exportVia(tokens.lead!, 'html', 'internal')).rawPayload)
    expect(html).toContain('QRTX Quick response team (fictional)')
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'report.glossary.define').execute()).toHaveLength(1)
  }, 60_000)
})

describe('exporting the learning report', () => {
  for (const edition of ['internal', 'publication'] as const) {
    for (const format of ['pdf', 'docx', 'html'] as const) {
      it(`exports the ${edition} edition as ${format} with every section, the right headers and an audit row`, async () => {
        const before = await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'report.export').execute()
        const res = await exportVia(tokens.lead!, format, edition)
        expect(res.statusCode, res.body.slice(0, 2000)).toBe(200)
        expect(res.headers['content-type']).toContain({ pdf: 'application/pdf', docx: 'wordprocessingml.document', html: 'text/html' }[format])
        expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="learning-review-child-m-${edition}\\.${format}"`))
        expect(res.headers['cache-control']).toBe('no-store')
        const text = await textOf(format, res.rawPayload)
        for (const heading of SECTIONS) expect(text, heading).toContain(heading)
        expect(text).toContain(edition === 'internal' ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL')
        if (edition === 'publication') expect(text).not.toContain('OFFICIAL-SENSITIVE')
        expect(text).toContain('The decision date is held by the partnership and will be added later.') // the override's reason
        expect(text).toContain('MAI-1') // typology codes
        expect(text).toContain('How will the partnership know that agencies share what they hold about a new adult in the home?') // board question
        expect(text).toContain('Episode 1: Responding to the first domestic abuse call')
        expect(text).toContain('Questions were asked with the children present, so the answers were guarded.')
        expect(text).toContain('The map in words')
        expect(text).toContain('Mr Y lives elsewhere') // a map node's label, in the figure or the tables
        // The glossary spells out the abbreviations the text uses; the appendix summarises each agency's records.
        expect(text).toMatch(/MARAC Multi-agency risk assessment conference/)
        expect(text).toContain('Dates covered')
        expect(text).toContain('Commonest types of event')
        const after = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.export').orderBy('seq').execute()
        expect(after.length).toBe(before.length + 1)
        const row = after[after.length - 1]!
        expect(row.actor_user_id).toBe(r.lead.id)
        expect(JSON.parse(row.details)).toMatchObject({ edition, format, bytes: res.rawPayload.length })
        expect(row.details).not.toMatch(/Kershaw|Colley/i)
        const record = await t.db.selectFrom('report_exports').selectAll().where('id', '=', row.object_id!).executeTakeFirstOrThrow()
        expect(record).toMatchObject({ edition, format, status: 'done', requested_by: r.lead.id, content: null })
      }, 60_000)
    }
  }

  it('keeps real names in the lead reviewer’s internal edition and takes them out of the publication edition', async () => {
    const internal = await htmlText((await exportVia(tokens.lead!, 'html', 'internal')).rawPayload)
    expect(internal).toMatch(/Kershaw/i)
    for (const format of ['pdf', 'docx', 'html'] as const) {
      const res = await exportVia(tokens.lead!, format, 'publication')
      expect(res.statusCode).toBe(200)
      const text = await textOf(format, res.rawPayload)
      const found = expectedIdentifiers(demoCaseDir).filter((id) => id.pattern.test(text)).map((id) => `${id.kind}: ${id.value}`)
      expect(found, `${format} publication edition`).toEqual([])
      expect(text).toContain('Mother')
    }
  }, 120_000)

  it('gives the board chair an internal edition with pseudonyms, because the role cannot see real names', async () => {
    const res = await exportVia(tokens.boardChair!, 'html', 'internal')
    expect(res.statusCode).toBe(200)
    const text = await htmlText(res.rawPayload)
    expect(text).toContain('OFFICIAL-SENSITIVE')
    expect(text).not.toMatch(/Kershaw|Penhaligon|McAllister/i)
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'report.export').where('actor_user_id', '=', r.boardChair.id).executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toMatchObject({ names: 'pseudonyms' })
  })

  it('refuses the publication edition to anyone but the lead reviewer, and the report to the case group', async () => {
    expect((await exportVia(tokens.team!, 'pdf', 'publication')).statusCode).toBe(403)
    expect((await exportVia(tokens.boardChair!, 'html', 'publication')).statusCode).toBe(403)
    expect((await exportVia(tokens.caseGroup!, 'html', 'internal')).statusCode).toBe(403)
    expect((await exportVia(tokens.team!, 'docx', 'internal')).statusCode).toBe(200)
  })

  it('names the bad choice when the format or edition is unknown', async () => {
    const res = await exportVia(tokens.lead!, 'rtf', 'secret')
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([
      { path: 'format', message: 'Choose a format: pdf, docx or html' },
      { path: 'edition', message: 'Choose an edition: internal or publication' },
    ])
  })

  it('makes a tagged PDF: structure tree, marked, outline, en-GB, title, embedded fonts, pages that are not blank', async () => {
    const pdf = (await exportVia(tokens.lead!, 'pdf', 'publication')).rawPayload
    const raw = pdf.toString('latin1')
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R|\/MarkInfo <</)
    expect(raw).toMatch(/\/Marked true/)
    expect(raw).toMatch(/\/StructTreeRoot \d+ 0 R/)
    expect(raw).toMatch(/\/Outlines \d+ 0 R/)
    expect(raw).toContain('/Lang (en-GB)')
    expect(raw).toMatch(/\/S \/H2/)
    expect(raw).toMatch(/\/S \/Table/)
    expect(raw).toMatch(/\/S \/TH/)
    const info = await pdfInfo(pdf)
    expect(info.Title).toBe('Learning review: Child M')
    expect(info.Tagged).toBe('yes')
    const pages = Number(info.Pages)
    expect(pages).toBeGreaterThan(5)
    const fonts = pdfFonts(pdf)
    expect(fonts).toContain('DejaVuSans')
    // Every font embedded: no line of pdffonts says "no" in the emb column.
    expect(fonts.split('\n').slice(2).filter((l) => l.trim()).every((l) => /\s+yes\s+yes\s+yes\s+/.test(l))).toBe(true)
    const ink = inkPerPage(pdf, 1, Math.min(pages, 4))
    expect(ink).toHaveLength(Math.min(pages, 4))
    for (const share of ink) expect(share).toBeGreaterThan(0.01)
    // Running header with the marking and page numbers on every page.
    const text = await pdfText(pdf)
    expect(text).toContain(`Page 1 of ${pages}`)
    expect(text).toContain(`Page ${pages} of ${pages}`)
  }, 60_000)
})

describe('a leak in the publication edition', () => {
  it('refuses the export with 409 listing where the detail occurs, until it is marked as a false positive with a reason', async () => {
    // A significant event on the child's date of birth puts the date of birth into the report's table of events.
    const now = t.clock.now().toISOString()
    await t.db.insertInto('chronology_events').values({
      id: 'event-birth', review_id: r.reviewId, import_id: 'import-police.csv', agency: 'Police', agency_key: 'police', occurred_at: '2020-02-19',
      date_start: '2020-02-19', date_end: '2020-02-19', time: null, precision: 'day', sort_key: '2020-02-19T00:00', author: null, category: null,
      summary: 'Record of the birth', outcome: null, source_file: 'police.csv', source_row: 99, flags: '[]', significant: 1, shared: 0,
      annotation: null, annotated_by: null, annotated_at: null, created_at: now,
    }).execute()
    // As an import's commit does in its transaction: what the report works out from the chronology is read afresh.
    await bumpContentVersion(t.db, r.reviewId)
    try {
      const res = await exportVia(tokens.lead!, 'pdf', 'publication')
      expect(res.statusCode).toBe(409)
      const body = res.json()
      expect(body.error).toBe('leaks-found')
      expect(body.leaks).toContainEqual(expect.objectContaining({ format: 'pdf', kind: 'date-of-birth', value: '19 February 2020', location: expect.stringMatching(/^page \d+$/) }))
      expect(body.details[0].path).toMatch(/^pdf, page \d+$/)
      const blocked = await t.db.selectFrom('report_exports').selectAll().where('review_id', '=', r.reviewId).where('status', '=', 'blocked').execute()
      expect(blocked).toHaveLength(1)
      const audit = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'report.export.blocked').executeTakeFirstOrThrow()
      expect(JSON.parse(audit.details)).toMatchObject({ edition: 'publication', format: 'pdf', leaks: body.leaks.length })
      expect(audit.details).not.toContain('February')

      // The lead reviewer marks it as a false positive on the report page, with a reason; then the export goes through.
      const agent = await signIn(t.app, r.lead.email)
      // Without JavaScript the plain download link is refused the same way, and the page lists each leak.
      const link = await agent.get(`/reviews/${r.reviewId}/report/download?edition=publication&format=docx`)
      expect(link.statusCode).toBe(409)
      expect(link.body).toContain('The publication edition was not released')
      expect(link.body).toMatch(/Word \(DOCX\), section “What happened: significant events”/)
      const page = await agent.get(`/reviews/${r.reviewId}/report`)
      expect(page.body).toContain('19 February 2020')
      const noReason = await agent.post(`/reviews/${r.reviewId}/report/false-positives`, { kind: 'date-of-birth', value: '19 February 2020', reason: '', index: '0' })
      expect(noReason.statusCode).toBe(400)
      expect(noReason.body).toContain('Enter why this is not an identifying detail')
      expect(noReason.body).toContain('href="#reason-0"')
      const marked = await agent.post(`/reviews/${r.reviewId}/report/false-positives`, { kind: 'date-of-birth', value: '19 February 2020', reason: 'The birth itself is a public fact in the report', index: '0' })
      expect(marked.statusCode).toBe(303)
      const allowAudit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'report.leak.allow').executeTakeFirstOrThrow()
      expect(JSON.parse(allowAudit.details)).toEqual({ kind: 'date-of-birth', reason: 'The birth itself is a public fact in the report' })
      expect((await exportVia(tokens.lead!, 'pdf', 'publication')).statusCode).toBe(200)
      const fp = await t.db.selectFrom('report_false_positives').select('id').executeTakeFirstOrThrow()
      expect((await agent.post(`/reviews/${r.reviewId}/report/false-positives/${fp.id}/remove`)).statusCode).toBe(303)
      expect((await exportVia(tokens.lead!, 'html', 'publication')).statusCode).toBe(409)
    } finally {
      await t.db.deleteFrom('chronology_events').where('id', '=', 'event-birth').execute()
      await bumpContentVersion(t.db, r.reviewId)
    }
  }, 120_000)
})

describe('the report page', () => {
  it('exports in the background with progress, then gives the file only to the person who asked, and audits the download', async () => {
    const agent = await signIn(t.app, r.team.email)
    const page = await agent.get(`/reviews/${r.reviewId}/report`)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('Internal edition (OFFICIAL-SENSITIVE)')
    expect(page.body).not.toContain('Publication edition (OFFICIAL)') // the review team cannot release it
    expect(page.body).not.toContain('Run the leak scan')
    const started = await agent.post(`/reviews/${r.reviewId}/report/exports`, { edition: 'internal', format: 'docx' })
    expect(started.statusCode).toBe(303)
    const exportUrl = String(started.headers.location)
    let status = { status: 'running', percent: 0, downloadUrl: null as string | null }
    for (let i = 0; i < 200 && status.status === 'running'; i++) {
      const res = await agent.get(`${exportUrl}/status`, { accept: 'application/json' })
      expect(res.statusCode).toBe(200)
      status = res.json()
      expect(status.percent).toBeGreaterThanOrEqual(0)
      if (status.status === 'running') await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(status.status).toBe('done')
    const done = await agent.get(exportUrl)
    expect(done.body).toContain('Your report is ready')
    const file = await agent.get(status.downloadUrl!)
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-disposition']).toContain('learning-review-child-m-internal.docx')
    expect(await docxText(file.rawPayload)).toContain('Systemic findings')
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'report.download').where('actor_user_id', '=', r.team.id).execute()).toHaveLength(1)
    // Someone else's export is not there for the lead reviewer.
    const lead = await signIn(t.app, r.lead.email)
    expect((await lead.get(status.downloadUrl!)).statusCode).toBe(404)
    // The file is deleted once it has waited its hour.
    const exportId = exportUrl.split('/').pop()!
    const kept = await t.db.selectFrom('report_exports').select(['expires_at', 'content']).where('id', '=', exportId).executeTakeFirstOrThrow()
    expect(Date.parse(kept.expires_at!) - t.clock.now().getTime()).toBe(60 * 60 * 1000)
    await t.db.updateTable('report_exports').set({ expires_at: t.clock.now().toISOString() }).where('id', '=', exportId).execute()
    expect((await agent.get(status.downloadUrl!)).statusCode).toBe(409)
    expect((await t.db.selectFrom('report_exports').select('content').where('id', '=', exportId).executeTakeFirstOrThrow()).content).toBeNull()
  }, 60_000)

  it('drops the files kept for a member whose role changes: an export made under the old role is not handed out under the new one', async () => {
    const agent = await signIn(t.app, r.team.email)
    await agent.get(`/reviews/${r.reviewId}/report`)
    const started = await agent.post(`/reviews/${r.reviewId}/report/exports`, { edition: 'internal', format: 'html' })
    expect(started.statusCode).toBe(303)
    const exportUrl = String(started.headers.location)
    let status = { status: 'running', downloadUrl: null as string | null }
    for (let i = 0; i < 200 && status.status === 'running'; i++) {
      status = (await agent.get(`${exportUrl}/status`, { accept: 'application/json' })).json()
      if (status.status === 'running') await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(status.status).toBe('done')
    const membership = await t.db.selectFrom('review_members').select(['role', 'agency']).where('review_id', '=', r.reviewId).where('user_id', '=', r.team.id).executeTakeFirstOrThrow()
    // Made case group (pseudonyms only) and back: the file exported with real names is gone, not kept for later.
    await changeMemberRole(t.ctx, r.actor(r.lead), r.reviewId, r.team.id, { role: 'case-group', agency: membership.agency ?? 'Police' })
    await changeMemberRole(t.ctx, r.actor(r.lead), r.reviewId, r.team.id, { role: membership.role, agency: membership.agency ?? '' })
    const file = await agent.get(status.downloadUrl!)
    expect(file.statusCode).toBe(409)
    expect(file.body).toContain('no longer kept')
    expect((await t.db.selectFrom('report_exports').select('content').where('id', '=', exportUrl.split('/').pop()!).executeTakeFirstOrThrow()).content).toBeNull()
  }, 60_000)

  it('runs the leak scan over all three formats for the lead reviewer and shows the result', async () => {
    const agent = await signIn(t.app, r.lead.email)
    await agent.get(`/reviews/${r.reviewId}/report`)
    const res = await agent.post(`/reviews/${r.reviewId}/report/leak-scan`)
    expect(res.statusCode).toBe(303)
    const scan = await t.db.selectFrom('report_leak_scans').selectAll().orderBy('scanned_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(JSON.parse(scan.formats)).toEqual(['pdf', 'docx', 'html'])
    expect(scan.passed).toBe(1)
    const page = await agent.get(`/reviews/${r.reviewId}/report`)
    expect(page.body).toContain('found no identifying details')
  }, 60_000)
})

describe('the review snapshot', () => {
  it('knows which editions were exported and whether the latest publication leak scan passed', async () => {
    const snapshot = await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())
    expect(snapshot.reports.editionsExported).toEqual(['internal', 'publication'])
    expect(snapshot.reports.publicationLeakScanPassed).toBe(true)
    await t.db.insertInto('report_leak_scans').values({
      id: 'zz-latest', review_id: r.reviewId, scanned_at: '2099-01-01T00:00:00.000Z', scanned_by: r.lead.id, formats: '["pdf"]', passed: 0, leak_count: 1, leaks: '[]',
    }).execute()
    expect((await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())).reports.publicationLeakScanPassed).toBe(false)
    await t.db.deleteFrom('report_leak_scans').where('id', '=', 'zz-latest').execute()
  })
})
