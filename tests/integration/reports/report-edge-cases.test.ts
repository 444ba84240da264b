// The report with awkward content: a review with nothing recorded yet, very long texts, other scripts and emoji,
// and markup in the text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { createReview } from '../../../server/services/reviews.js'
import { buildReportModel } from '../../../server/services/report-content.js'
import { renderPdf } from '../../../templates/pdf/render-pdf.js'
import { renderDocx } from '../../../templates/docx/render-docx.js'
import { renderHtml } from '../../../templates/html/render-html.js'
import { actorOf } from './report-fixture.js'
import { docxText, htmlText, inkPerPage, pdfFonts, pdfText } from './report-text.js'

let t: TestApp
let emptyReviewId: string
let awkwardReviewId: string

const SCRIPTS = 'Кириллица ελληνικά العربية עברית 中文汉字 日本語のかな'
const EMOJI = '😀 👍🏽 ❤️'
const MARKUP = '<script>alert("x")</script> & <b>bold</b>'

beforeAll(async () => {
  t = await createTestApp()
  const lead = await addUser(t, 'reviewer')
  const base = {
    boardName: 'Westmere Safeguarding Children Partnership', methodology: 'learning-together', periodFrom: '2020-10-01', periodTo: '2021-09-30',
    incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  }
  emptyReviewId = (await createReview(t.ctx, actorOf(lead), { ...base, title: 'Learning review: Child E', subjectPseudonym: 'Child E' })).id
  awkwardReviewId = (await createReview(t.ctx, actorOf(lead), { ...base, title: `Learning review ${MARKUP}`, subjectPseudonym: 'Child A' })).id
  const now = t.clock.now().toISOString()
  const longWord = 'x'.repeat(3000)
  const longText = Array.from({ length: 900 }, (_, i) => `Sentence ${i + 1} of a very long record that goes on.`).join(' ')
  await t.db.insertInto('chronology_imports').values({
    id: 'import-a', review_id: awkwardReviewId, agency: 'Police', agency_key: 'police', file_name: 'a.csv', file_size: 1, format: 'csv', options: '{}', detected: null,
    headers: null, status: 'committed', rows_read: 2, data_rows: 2, accepted_rows: 2, rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0,
    outside_period_rows: 0, analysis: null, error: null, committed_rows: 2, uploaded_by: lead.id, uploaded_at: now, analysed_at: now, committed_by: lead.id,
    committed_at: now, rolled_back_by: null, rolled_back_at: null, discarded_by: null, discarded_at: null,
  }).execute()
  const event = (id: string, summary: string, date: string) => ({
    id, review_id: awkwardReviewId, import_id: 'import-a', agency: 'Police', agency_key: 'police', occurred_at: date, date_start: date, date_end: date, time: null,
    precision: 'day' as const, sort_key: `${date}T00:00`, author: null, category: null, summary, outcome: null, source_file: 'a.csv', source_row: 1, flags: '[]',
    significant: 1, shared: 0, annotation: null, annotated_by: null, annotated_at: null, created_at: now,
  })
  await t.db.insertInto('chronology_events').values([event('e-long', longText, '2021-01-01'), event('e-scripts', `${SCRIPTS} ${EMOJI} ${MARKUP} ${longWord}`, '2021-02-01')]).execute()
  await t.db.insertInto('findings').values({
    id: 'f-a', review_id: awkwardReviewId, kind: 'systemic', position: 1, title: `Finding with ${MARKUP} ${EMOJI}`, pattern: SCRIPTS, in_this_case: longText,
    how_widespread: '', why_it_matters: '', system_level: null, created_by: lead.id, created_at: now, updated_at: now, version: 1,
    // Marked agreed straight in the table (the rule for agreeing is tested elsewhere): only agreed findings reach the report.
    status: 'agreed', agreed_by: lead.id, agreed_at: now,
  }).execute()
}, 60_000)
afterAll(async () => { await t?.close() })

describe('a review with nothing recorded yet', () => {
  it('still builds every format and edition, and each empty section says so', async () => {
    for (const edition of ['internal', 'publication'] as const) {
      const model = await buildReportModel(t.db, emptyReviewId, edition, t.clock.now())
      const texts = [
        await pdfText((await renderPdf(model)).bytes), await docxText(await renderDocx(model)), await htmlText(renderHtml(model)),
      ].map((x) => x.replace(/\s+/g, ' '))
      for (const text of texts) {
        expect(text).toContain('The review has not recorded any systemic findings yet.')
        expect(text).toContain('The causal map has nothing on it yet.')
        expect(text).toContain('Key practice episodes and their appraisal are not recorded yet.')
        expect(text).toContain('No agency chronology has been added to the review yet.')
        expect(text).toContain('There are no questions for the board yet')
        expect(text).toContain('No good practice is recorded as a finding yet.')
      }
    }
  }, 60_000)
})

describe('awkward text', () => {
  it('draws other scripts and emoji in embedded fonts that have them, and keeps every word of very long texts', async () => {
    const model = await buildReportModel(t.db, awkwardReviewId, 'internal', t.clock.now())
    const { bytes, pages } = await renderPdf(model)
    const text = await pdfText(bytes)
    for (const word of SCRIPTS.split(' ').filter((w) => !/[\u0590-\u06ff]/.test(w))) expect(text).toContain(word)
    // Right-to-left words come back in display order; every letter is there.
    for (const word of ['العربية', 'עברית']) for (const letter of word) expect(text).toContain(letter)
    expect(text).toContain('😀')
    expect(text).toContain('Sentence 900 of a very long record')
    expect(text.replace(/\s+/g, '')).toContain('x'.repeat(3000))
    expect(text).toContain('<script>alert("x")</script>')
    const fonts = pdfFonts(bytes)
    expect(fonts).toContain('NotoEmoji')
    expect(fonts).toContain('NotoSansSC')
    expect(pages).toBeGreaterThan(5)
    for (const ink of inkPerPage(bytes, 1, pages)) expect(ink).toBeGreaterThan(0.005)
  }, 60_000)

  it('escapes markup in the HTML edition and keeps it as text in the Word edition', async () => {
    const model = await buildReportModel(t.db, awkwardReviewId, 'internal', t.clock.now())
    const html = renderHtml(model).toString('utf8')
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<b>bold</b>')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(html).toContain(`<title>Learning review &lt;script&gt;`)
    expect(html).toContain(EMOJI)
    expect(html).toContain('lang="en-GB"')
    const docx = await docxText(await renderDocx(model))
    expect(docx).toContain('<script>alert("x")</script> & <b>bold</b>')
    expect(docx).toContain(SCRIPTS)
  }, 60_000)
})
