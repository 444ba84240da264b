// The publication edition read back from the files actually produced (PDF with pdfjs-dist, DOCX unzipped, HTML):
// register names disguised with invisible characters, look-alike and full-width letters, a collar number, a
// staff number the register records (written with a space the register does not have), a shortened street name
// and a dotted NHS number, put into the review title (PDF properties and bookmarks, DOCX
// core properties, HTML title), an event summary (body), a map node label (the map picture, its labels and alt
// text), a quote and a finding title, are all gone, and the leak scan passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { outputText } from '../../../server/services/report-output-text.js'
import { normaliseForMatching } from '../../../methodology/redaction/normalise-text.js'
import { fold } from '../../../methodology/redaction/text-tokens.js'
import type { MapDocument } from '../../../methodology/map/map-model.js'
import { seedReportReview, type ReportReview } from './report-fixture.js'

let t: TestApp
let r: ReportReview
let token = ''

// "Leanne Kershaw" with a soft hyphen, a Cyrillic "е" and a zero-width space; "Kershaw" in full-width letters.
const DISGUISED_NAME = 'Lea\u00adnne K\u0435rs\u200bhaw'
const FULL_WIDTH_SURNAME = '\uff2b\uff45\uff52\uff53\uff48\uff41\uff57'
const SHORT_ADDRESS = '40 Station Rd'
const COLLAR = 'PC 2987'
const DOTTED_NHS = '999.417.2867'
const RTL_NAME = '\u202ewahsreK\u202c'
// The register holds the health visitor's staff number as HV40712; the records write it with a space.
const STAFF = 'HV 40712'

beforeAll(async () => {
  t = await createTestApp()
  r = await seedReportReview(t, { dir: demoCaseDir, rowsPerFile: 4 })
  token = (await createApiToken(t.ctx, systemActor, r.lead.email, 'reports')).token
  const staffed = await t.db.updateTable('persons').set({ staff_number: 'HV40712' }).where('review_id', '=', r.reviewId).where('pseudonym', '=', 'Health Visitor 1').executeTakeFirst()
  expect(Number(staffed.numUpdatedRows)).toBeGreaterThan(0)
  const hostile = `${DISGUISED_NAME} (NHS ${DOTTED_NHS}) was visited at ${SHORT_ADDRESS} by ${COLLAR} and staff ${STAFF}; ${FULL_WIDTH_SURNAME} and ${RTL_NAME} agreed.`
  await t.db.updateTable('reviews').set({ title: `Learning review: ${DISGUISED_NAME} and ${STAFF}` }).where('id', '=', r.reviewId).execute()
  const event = await t.db.selectFrom('chronology_events').select('id').where('review_id', '=', r.reviewId).orderBy('occurred_at').executeTakeFirstOrThrow()
  await t.db.updateTable('chronology_events').set({ summary: hostile }).where('id', '=', event.id).execute()
  await t.db.updateTable('quotes').set({ text: `${COLLAR} said ${DISGUISED_NAME} was at ${SHORT_ADDRESS}, as ${STAFF} knew` }).where('review_id', '=', r.reviewId).execute()
  const finding = await t.db.selectFrom('findings').select('id').where('review_id', '=', r.reviewId).orderBy('id').executeTakeFirstOrThrow()
  await t.db.updateTable('findings').set({ title: `Nobody asked ${DISGUISED_NAME} or ${COLLAR}` }).where('id', '=', finding.id).execute()
  const map = await t.db.selectFrom('causal_maps').select(['document', 'version']).where('review_id', '=', r.reviewId).orderBy('version', 'desc').executeTakeFirstOrThrow()
  const document = JSON.parse(map.document) as MapDocument
  document.nodes[0]!.label = `${FULL_WIDTH_SURNAME} moved to ${SHORT_ADDRESS}; ${COLLAR} and ${STAFF} told`
  await t.db.updateTable('causal_maps').set({ document: JSON.stringify(document) }).where('review_id', '=', r.reviewId).where('version', '=', map.version).execute()
}, 120_000)
afterAll(async () => { await t?.close() })

/** What a reader of the text could read: normalised as the scan does, folded, white space made single. */
function readable(text: string): string {
  return fold(normaliseForMatching(text).text).replace(/\s+/g, ' ')
}

describe('disguised identifiers in the publication edition, read back from the files', () => {
  it.each(['pdf', 'docx', 'html'] as const)('leaves none in the %s, in any part of the file', async (format) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${r.reviewId}/report?format=${format}&edition=publication`, headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(200)
    const parts = await outputText(format, res.rawPayload)
    const all = readable(parts.map((p) => p.text).join('\n'))
    // The seeded texts did reach the file (so their absence below is the pseudonymiser's doing).
    for (const seeded of ['was visited at', 'nobody asked', 'moved to']) expect(all, `${format}: ${seeded}`).toContain(seeded)
    for (const word of ['leanne', 'kershaw', 'station rd', 'station road', '2987', '40712']) expect(all, `${format}: ${word}`).not.toContain(word)
    expect(all).not.toMatch(/999\W{0,2}417\W{0,2}2867/)
    const hidden = parts.filter((p) => /properties|bookmarks|alt text|map picture|page title/.test(p.location)).map((p) => readable(p.text)).join('\n')
    expect(hidden).not.toMatch(/leanne|kershaw|2987|40712/)
  }, 120_000)
})
