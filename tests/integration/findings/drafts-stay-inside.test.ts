// Draft findings never leave the review: the actual PDF (read with pdfjs-dist), DOCX (unzipped) and HTML of the
// publication edition, the board chair's pages and the national return (as previewed and as submitted) carry the
// agreed finding and nothing of the draft; the internal edition carries the draft only in its marked annex at the
// end; the findings stage is not complete while the draft remains.
import { strFromU8, unzipSync } from 'fflate'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { completeStage } from '../../../server/services/stages.js'
import { DRAFT_ANNEX_TITLE } from '../../../templates/model/finding-sections.js'
import { api, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture

// Words that appear nowhere else, so finding them anywhere in an output means the draft leaked.
const DRAFT = {
  title: 'Quokkaridge health visiting draft',
  pattern: 'The health visitor should have seen Zebrafinch at home.',
  boardQuestions: ['Will the board ask about Marmosetvale before this is finished?'],
}
const DRAFT_WORDS = ['Quokkaridge', 'Zebrafinch', 'Marmosetvale']

const AGREED = {
  title: 'Household knowledge held in separate places',
  pattern: 'Each agency holds part of the picture about a new adult in the home.',
  inThisCase: 'Housing knew a man had moved in; the assessment recorded the mother as living alone.',
  howWidespread: 'An audit of twenty assessments found the household checked with housing in four.',
  whyItMatters: 'Risk from an adult nobody has assessed stays unseen.',
  typologyCodes: ['MAL-1'],
  boardQuestions: ['How can the board be assured that assessments ask every agency who lives in the home?'],
}

/** The page text, then the document's properties and bookmarks. */
async function pdfParts(bytes: Buffer): Promise<{ pages: string; meta: string }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const pages: string[] = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  const { info } = await pdf.getMetadata()
  const outline = (await pdf.getOutline()) ?? []
  const titles = (items: typeof outline): string[] => items.flatMap((i) => [i.title, ...titles(i.items)])
  await pdf.destroy()
  return { pages: pages.join('\n'), meta: [JSON.stringify(info), ...titles(outline)].join('\n') }
}

/** Every part of the DOCX (body, core properties, headers), unzipped with fflate. */
function docxText(bytes: Buffer): string {
  return Object.values(unzipSync(new Uint8Array(bytes))).map((part) => strFromU8(part)).join('\n')
}

beforeAll(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
  await t.db.updateTable('reviews').set({ region: 'East Midlands', child_age_band: '1-4', harm_category: 'serious-harm' }).where('id', '=', r.reviewId).execute()
  const agreed = (await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, AGREED)).json()
  expect((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings/${agreed.id}/agree`)).statusCode).toBe(200)
  expect((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, DRAFT)).statusCode).toBe(201)
}, 60_000)
afterAll(async () => { await t?.close() })

function expectAgreedOnly(text: string, where: string) {
  expect(text, where).toContain('Household knowledge held in separate places')
  for (const word of DRAFT_WORDS) expect(text, `${where} shows “${word}” from the draft`).not.toContain(word)
}

const report = async (edition: 'internal' | 'publication') => {
  const get = (format: string) => api(t, r.lead.token, 'GET', `/api/v1/reviews/${r.reviewId}/report?format=${format}&edition=${edition}`)
  const [pdf, docx, html] = await Promise.all([get('pdf'), get('docx'), get('html')])
  for (const res of [pdf, docx, html]) expect(res.statusCode).toBe(200)
  return { pdf: await pdfParts(pdf.rawPayload), docx: docxText(docx.rawPayload), html: html.body }
}

/** The text before the annex of drafts (its last mention: the contents page names it first). */
function beforeAnnex(text: string): string {
  const at = text.lastIndexOf(DRAFT_ANNEX_TITLE)
  return at < 0 ? text : text.slice(0, at)
}

describe('a draft finding', () => {
  it('is absent from the publication edition as PDF, DOCX and HTML, which has no annex of drafts', async () => {
    const { pdf, docx, html } = await report('publication')
    for (const [text, where] of [[pdf.pages, 'PDF'], [pdf.meta, 'PDF properties and bookmarks'], [docx, 'DOCX'], [html, 'HTML']] as const) {
      expectAgreedOnly(text, `publication ${where}`)
      expect(text, where).not.toContain(DRAFT_ANNEX_TITLE)
    }
    // The draft's empty parts would have printed as "Not written yet."
    expect(html).not.toContain('Not written yet')
  }, 120_000)

  it('appears in the internal edition only in the marked annex at the end, never among the findings', async () => {
    const { pdf, docx, html } = await report('internal')
    // The HTML's contents list names each draft, marked as not agreed; the body has them only in the annex.
    const nav = /<nav class="contents"[\s\S]*?<\/nav>/.exec(html)![0]
    expect(nav).toContain(`${DRAFT_ANNEX_TITLE}`)
    expect(nav).toContain('Draft 1 (not agreed): Quokkaridge health visiting draft')
    const body = html.replace(nav, '')
    for (const [text, where] of [[pdf.pages, 'PDF'], [docx, 'DOCX'], [body, 'HTML']] as const) {
      expectAgreedOnly(beforeAnnex(text), `internal ${where} before the annex`)
      const annex = text.slice(text.lastIndexOf(DRAFT_ANNEX_TITLE))
      expect(annex, where).toContain('Draft 1 (not agreed): Quokkaridge health visiting draft')
      expect(annex, where).toContain('Do not circulate, quote or act on them.')
      expect(annex, where).toContain(DRAFT.pattern)
    }
    expect(beforeAnnex(body)).not.toContain('Not written yet')
    expect(pdf.meta).toContain('Draft 1 (not agreed): Quokkaridge health visiting draft')
  }, 120_000)

  it('is absent from the board chair’s pages and API', async () => {
    const chair = await signIn(t.app, r.boardChair.user.email)
    for (const url of ['board', 'findings', 'board/actions/new', 'quality']) {
      const page = await chair.get(`/reviews/${r.reviewId}/${url}`)
      expect(page.statusCode, url).toBe(200)
      for (const word of DRAFT_WORDS) expect(page.body, `${url} shows ${word}`).not.toContain(word)
    }
    expect((await chair.get(`/reviews/${r.reviewId}/board`)).body).toContain(AGREED.boardQuestions[0])
    expectAgreedOnly((await api(t, r.boardChair.token, 'GET', `/api/v1/reviews/${r.reviewId}/findings`)).body, 'findings API for the board chair')
  })

  it('is absent from the national return, previewed and submitted', async () => {
    const preview = await api(t, r.lead.token, 'GET', `/api/v1/reviews/${r.reviewId}/national-return`)
    expect(preview.statusCode).toBe(200)
    expect(preview.json().findings.map((f: { title: string }) => f.title)).toEqual([AGREED.title])
    expectAgreedOnly(preview.body, 'return preview')
    const submitted = await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/national-return/submit`)
    expect(submitted.statusCode).toBe(201)
    const stored = await t.db.selectFrom('national_returns_sent').select('document').where('review_id', '=', r.reviewId).executeTakeFirstOrThrow()
    expectAgreedOnly(stored.document, 'submitted return')
    const filed = await t.db.selectFrom('national_findings').selectAll().execute()
    expect(JSON.stringify(filed)).not.toMatch(new RegExp(DRAFT_WORDS.join('|')))
  })

  it('keeps the findings stage from being complete, even with a reason', async () => {
    await expect(completeStage(t.ctx, r.lead.actor, r.reviewId, 'systemic-findings', 'lead-reviewer', 'The board wants the findings now.'))
      .rejects.toThrow(/1 finding is still a draft/)
    const lead = await signIn(t.app, r.lead.user.email)
    const overview = await lead.get(`/reviews/${r.reviewId}/stages/systemic-findings`)
    expect(overview.body).toContain('1 finding is still a draft')
  })
})
