// The publication edition of a review built from the shared "Child D" fixture (its person register, every
// extract row as a significant event, the conversation notes as finding text): in every format, none of the
// identifiers the fixture documents appears, and the scan of the files passes.
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { createApiToken } from '../../server/services/api-tokens.js'
import { systemActor } from '../../server/services/context.js'
import { expectedIdentifiers, seedReportReview, type ReportReview } from '../integration/reports/report-fixture.js'
import { docxText, htmlText, pdfText } from '../integration/reports/report-text.js'
import { sharedDemoCaseDir } from '../support/shared-fixtures.js'

const dir = sharedDemoCaseDir
const present = existsSync(dir) && existsSync(`${dir}/expected.json`) && existsSync(`${dir}/persons.csv`)
if (!present) console.warn(`Skipping the shared-fixture report tests: ${dir} is not present.`)

describe.skipIf(!present)('the publication edition of the shared Child D case', () => {
  let t: TestApp
  let r: ReportReview
  let token: string
  beforeAll(async () => {
    t = await createTestApp()
    r = await seedReportReview(t, { dir })
    token = (await createApiToken(t.ctx, systemActor, r.lead.email, 'conformance')).token
  }, 120_000)
  afterAll(async () => { await t?.close() })

  for (const format of ['pdf', 'docx', 'html'] as const) {
    it(`shows none of the fixture's identifiers in the ${format} file`, async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${r.reviewId}/report?format=${format}&edition=publication`, headers: { authorization: `Bearer ${token}` } })
      expect(res.statusCode, res.body.slice(0, 3000)).toBe(200)
      const raw = format === 'pdf' ? await pdfText(res.rawPayload) : format === 'docx' ? await docxText(res.rawPayload) : await htmlText(res.rawPayload)
      const text = raw.replace(/\s+/g, ' ')
      const found = expectedIdentifiers(dir).filter((id) => id.pattern.test(text)).map((id) => `${id.kind}: ${id.value}`)
      expect(found).toEqual([])
      expect(text).toContain('Child D')
      expect(text).toContain('Systemic findings')
    }, 120_000)
  }

  it('shows the real names in the internal edition the lead reviewer exports', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${r.reviewId}/report?format=html&edition=internal`, headers: { authorization: `Bearer ${token}` } })
    expect(res.statusCode).toBe(200)
    expect(await htmlText(res.rawPayload)).toMatch(/Harlow/i)
  }, 60_000)
})
