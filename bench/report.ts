// The learning report at size: a review whose report runs to about 100 pages, with a 300-node causal map, built
// once from the database (publication edition, so every text is pseudonymised) and drawn as PDF, DOCX and HTML.
// Targets: PDF under 5 s and at most twice the time of bare pdfkit writing the same strings, one text() call each
// (the figure's labels included; same font and size, full width: no tags, tables, shapes, headers or bookmarks) in
// the same run; DOCX under 5 s; memory bounded (peak RSS reported).
import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import { FixedClock } from '../server/clock.js'
import { loadConfig } from '../server/config.js'
import { migrateToLatest, openDatabase } from '../server/db/database.js'
import { systemActor, type ServiceContext } from '../server/services/context.js'
import { createUser } from '../server/services/accounts.js'
import { createReview } from '../server/services/reviews.js'
import { demoCaseDir } from '../server/demo/case/demo-case.js'
import { MAP_LEVELS, NODE_KINDS, type MapDocument } from '../methodology/map/map-model.js'
import { reportSections, walkSections, type ReportModel } from '../templates/report-model.js'
import { buildReportModel } from '../server/services/report-content.js'
import { renderPdf } from '../templates/pdf/render-pdf.js'
import { renderDocx } from '../templates/docx/render-docx.js'
import { renderHtml } from '../templates/html/render-html.js'
import { FONT_DIR } from '../templates/fonts/font-chain.js'
import { join } from 'node:path'

const EVENTS = 60
const FINDINGS = 4
const MAP_NODES = 300
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss) }, 20)

const opened = openDatabase(':memory:')
await migrateToLatest(opened.db)
let n = 0
const ctx: ServiceContext = { db: opened.db, clock: new FixedClock('2026-03-02T10:00:00.000Z'), newId: () => `bench-${++n}`, config: loadConfig({ DATA_DIR: '/tmp', SCR_DEMO: '0', PASSWORD_COST: '10' }) }
const lead = await createUser(ctx, systemActor, { email: 'lead@example.org', name: 'Bench Lead', role: 'reviewer', password: 'correct horse battery staple' })
const actor = { userId: lead.id, role: lead.role, name: lead.name, via: 'system' as const, requestId: null }
const review = await createReview(ctx, actor, {
  title: 'Learning review: Child M', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child M', methodology: 'learning-together',
  periodFrom: '2020-10-01', periodTo: '2021-09-30', incidentDate: '2021-09-14', notificationDate: '', decisionDate: '', region: '', childAgeBand: '1-4', harmCategory: 'serious-harm',
})
const now = ctx.clock.now().toISOString()
const reviewId = review.id

// The project's fictional person register, so the publication edition has real pseudonymising to do.
const lines = readFileSync(join(demoCaseDir, 'persons.csv'), 'utf8').trim().split('\n').slice(1)
const names: string[] = []
for (const [i, line] of lines.entries()) {
  const cells = line.match(/("[^"]*"|[^,]*)(,|$)/g)?.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')) ?? []
  names.push(cells[0] ?? '')
  await opened.db.insertInto('persons').values({
    id: `p-${i}`, review_id: reviewId, real_name: cells[0] ?? '', role: cells[1] || null, pseudonym: cells[2] ?? `Person ${i}`, date_of_birth: cells[3] || null,
    nhs_number: cells[4] || null, address: cells[5] || null, postcode: cells[6] || null, phone: cells[7] || null, created_at: now, updated_at: now,
  }).execute()
}

await opened.db.insertInto('chronology_imports').values({
  id: 'imp', review_id: reviewId, agency: 'Children\u2019s Social Care', agency_key: 'csc', file_name: 'x.csv', file_size: 1, format: 'csv', options: '{}', detected: null,
  headers: null, status: 'committed', rows_read: EVENTS, data_rows: EVENTS, accepted_rows: EVENTS, rejected_rows: 0, duplicate_rows: 0, reduced_precision_rows: 0,
  outside_period_rows: 0, analysis: null, error: null, committed_rows: EVENTS, uploaded_by: lead.id, uploaded_at: now, analysed_at: now, committed_by: lead.id,
  committed_at: now, rolled_back_by: null, rolled_back_at: null, discarded_by: null, discarded_at: null,
}).execute()
const words = 'visit assessment mother child nursery referral plan health worker home concern weight bruise partner police school review meeting'.split(' ')
const sentence = (k: number, len: number) => Array.from({ length: len }, (_, j) => words[(k * 7 + j * 3) % words.length]).join(' ')
for (let i = 0; i < EVENTS; i += 100) {
  await opened.db.insertInto('chronology_events').values(Array.from({ length: Math.min(100, EVENTS - i) }, (_, j) => {
    const k = i + j
    const day = new Date(Date.UTC(2020, 9, 1 + (k % 360))).toISOString().slice(0, 10)
    return {
      id: `e-${k}`, review_id: reviewId, import_id: 'imp', agency: 'Children\u2019s Social Care', agency_key: 'csc', occurred_at: day, date_start: day, date_end: day,
      time: null, precision: 'day' as const, sort_key: `${day}T00:00`, author: null, category: null,
      summary: `${names[k % names.length]} seen at home. ${sentence(k, 28)}. ${sentence(k + 1, 14)}.`, outcome: k % 3 === 0 ? sentence(k + 2, 8) : null,
      source_file: 'x.csv', source_row: k + 1, flags: '[]', significant: 1, shared: 0, annotation: null, annotated_by: null, annotated_at: null, created_at: now,
    }
  })).execute()
}
for (let f = 0; f < FINDINGS; f++) {
  const para = Array.from({ length: 6 }, (_, p) => `${sentence(f + p, 40)}.`).join(' ')
  await opened.db.insertInto('findings').values({
    id: `f-${f}`, review_id: reviewId, kind: f === FINDINGS - 1 ? 'good-practice' : 'systemic', position: f + 1, title: `Finding ${f + 1}: ${sentence(f, 8)}`,
    pattern: para, in_this_case: `${para}\n\n${para}`, how_widespread: para, why_it_matters: para, system_level: 'local-partnership', created_by: lead.id, created_at: now, updated_at: now, version: 1,
  }).execute()
  await opened.db.insertInto('board_questions').values({ id: `q-${f}`, finding_id: `f-${f}`, review_id: reviewId, position: 1, text: `${sentence(f, 16)}?`, response: para, responded_by: lead.id, responded_at: now }).execute()
}
const map: MapDocument = { nodes: [], edges: [] }
for (let i = 0; i < MAP_NODES; i++) {
  map.nodes.push({ id: `n${i}`, kind: NODE_KINDS[i % NODE_KINDS.length] ?? 'event', level: MAP_LEVELS[i % MAP_LEVELS.length] ?? 'frontline', label: `${sentence(i, 7)} (${i})`, description: null, eventIds: [], kpeIds: [], factorIds: [] })
  if (i > 0) map.edges.push({ id: `l${i}`, source: `n${(i * 7) % i}`, target: `n${i}`, label: null, evidence: [{ type: 'event', id: `e-${i}` }], counterfactual: { answer: 'no', note: null }, strength: 'moderate' })
  if (i > 2) map.edges.push({ id: `m${i}`, source: `n${i - 3}`, target: `n${i}`, label: null, evidence: [], counterfactual: null, strength: null })
}
await opened.db.insertInto('causal_maps').values({ review_id: reviewId, version: 1, document: JSON.stringify(map), updated_by: lead.id, updated_at: now }).execute()

/** Every string the report draws, each as its own text() call, in order: what bare pdfkit writes for the comparison. */
function allText(model: ReportModel): string[] {
  const out: string[] = [model.titlePage.title, model.titlePage.notice]
  for (const { section } of walkSections(reportSections(model))) {
    out.push(section.title)
    for (const b of section.blocks) {
      if (b.type === 'paragraph' || b.type === 'quote') out.push(b.text)
      else if (b.type === 'list') out.push(...b.items)
      else if (b.type === 'facts') out.push(...b.items.map((i) => `${i.term}: ${i.detail}`))
      else if (b.type === 'table') out.push(b.caption, ...b.columns.map((c) => c.header), ...b.rows.flat())
      // The figure's words too: every label line the map draws.
      else if (b.type === 'figure') out.push(b.figure.caption, ...[...b.figure.svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>|<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1] ?? m[2] ?? ''))
    }
  }
  return out
}

async function barePdfkit(texts: string[]): Promise<{ bytes: number; pages: number }> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 72, bottom: 64, left: 56, right: 56 }, font: join(FONT_DIR, 'DejaVuSans.ttf') })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()))
  let pages = 1
  doc.on('pageAdded', () => pages++)
  doc.fontSize(10.5)
  for (const text of texts) doc.text(text, { lineGap: 2.5, paragraphGap: 6 })
  doc.end()
  await done
  return { bytes: Buffer.concat(chunks).length, pages }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

const timings = { model: [] as number[], pdf: [] as number[], bare: [] as number[], ratio: [] as number[], docx: [] as number[], html: [] as number[] }
let pages = 0
let pdfBytes = 0
let barePages = 0
let docxBytes = 0
let htmlBytes = 0
let coldPdf = 0
let coldDocx = 0
for (let run = 0; run < RUNS; run++) {
  let t0 = performance.now()
  const model = await buildReportModel(opened.db, reviewId, 'publication', ctx.clock.now())
  timings.model.push(performance.now() - t0)
  t0 = performance.now()
  const pdf = await renderPdf(model)
  const pdfMs = performance.now() - t0
  if (run === 0) coldPdf = pdfMs
  timings.pdf.push(pdfMs)
  pages = pdf.pages
  pdfBytes = pdf.bytes.length
  t0 = performance.now()
  const bare = await barePdfkit(allText(model))
  timings.bare.push(performance.now() - t0)
  // Each run's own ratio: the machine's load changes between runs more than within one.
  timings.ratio.push(pdfMs / (performance.now() - t0))
  barePages = bare.pages
  t0 = performance.now()
  docxBytes = (await renderDocx(model)).length
  const docxMs = performance.now() - t0
  // The first run draws the map's PNG fallbacks; later runs of the same map reuse them (templates/svg-png.ts).
  if (run === 0) coldDocx = docxMs
  timings.docx.push(docxMs)
  t0 = performance.now()
  htmlBytes = renderHtml(model).length
  timings.html.push(performance.now() - t0)
}
clearInterval(sampler)
peakRss = Math.max(peakRss, process.memoryUsage().rss)

const pdfMs = median(timings.pdf)
const bareMs = median(timings.bare)
const ratio = median(timings.ratio)
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`
const ms = (v: number) => `${v.toFixed(0)} ms`
console.log(`A publication edition of ${pages} pages: ${EVENTS} significant events, ${FINDINGS} findings, a ${MAP_NODES}-node map with ${map.edges.length} links. Median of ${RUNS} runs.`)
console.log('')
console.log('| step | time | target | size |')
console.log('| --- | --- | --- | --- |')
console.log(`| build the model from the database (pseudonymised) | ${ms(median(timings.model))} | | |`)
console.log(`| PDF (tagged, tables, vector map) | ${ms(pdfMs)} (first run ${ms(coldPdf)}, fonts loaded) | < 5000 ms ${pdfMs < 5000 ? 'met' : 'NOT met'} | ${pages} pages, ${mb(pdfBytes)} |`)
console.log(`| bare pdfkit, same text and font | ${ms(bareMs)} | | ${barePages} pages |`)
console.log(`| ratio PDF / bare pdfkit (median of each run's ratio) | ${ratio.toFixed(2)}× | ≤ 2× ${ratio <= 2 ? 'met' : 'NOT met'} | |`)
console.log(`| DOCX, first export of the map (its PNG fallbacks drawn) | ${ms(coldDocx)} | < 5000 ms ${coldDocx < 5000 ? 'met' : 'NOT met'} | ${mb(docxBytes)} |`)
console.log(`| DOCX, the same map again (fallbacks kept) | ${ms(median(timings.docx.slice(1)))} | | |`)
console.log(`| HTML | ${ms(median(timings.html))} | | ${mb(htmlBytes)} |`)
console.log(`| peak RSS of the whole run | ${mb(peakRss)} | bounded | |`)
await opened.close()
