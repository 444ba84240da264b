// Agency text is stored exactly as written and never run: random cells with quotes, separators, line breaks
// and formula prefixes go in through the import and come back unchanged from the API, and neutralised in exports.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { apiCall, apiChronology, apiUpload, setUpReview, type ReviewFixture } from './chronology-helpers.js'

let t: TestApp
let f: ReviewFixture
let lead: Agent
beforeAll(async () => {
  t = await createTestApp()
  f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
  lead = await signIn(t.app, f.lead.email)
})
afterAll(async () => { await t.close() })

const text = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '"', ',', ';', '\t', '\n', '\r\n', '=', '+', '-', '@', '£', 'é', '’'), minLength: 1, maxLength: 30 })
  // Text must hold a letter: a cell of spaces and punctuation alone is not a note.
  .filter((s) => /[aBé£]/.test(s))

describe('agency text', () => {
  it('round-trips through import, the chronology and export as text', async () => {
    let run = 0
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 6 }), async (rows) => {
      run++
      const agency = `Agency ${run}`
      const csv = stringify([['Date', 'Author', 'Summary'], ...rows.map(([author, summary], i) => [`0${(i % 9) + 1}/03/2020`, author, summary])], { quoted: true })
      const res = await apiUpload(t, f.leadToken, f.reviewId, { agency, dateFormat: 'DD/MM/YYYY', delimiter: ',', mapping: JSON.stringify({ occurredAt: 'Date', author: 'Author', summary: 'Summary' }) }, { name: `${run}.csv`, content: Buffer.from(csv) })
      expect(res.statusCode, res.body).toBe(201)
      const { importId } = res.json() as { importId: string }
      expect((await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${importId}/commit`)).statusCode).toBe(200)
      const events = (await apiChronology(t, f.leadToken, f.reviewId, `?agency=${encodeURIComponent(agency)}`)).sort((a, b) => a.source.row - b.source.row)
      expect(events.map((e) => [e.author, e.summary])).toEqual(rows)

      const exported = await lead.get(`/reviews/${f.reviewId}/chronology/export?format=csv&agency=${encodeURIComponent(agency)}`)
      const back = (parse(exported.rawPayload, { bom: true, columns: true }) as Record<string, string>[]).sort((a, b) => Number(a['Source row']) - Number(b['Source row']))
      // Formula starts (also after leading blanks or invisible characters) come back with a leading apostrophe.
      const neutral = (s: string) => (/^(?:[\t\r\n]|[\s\p{Zs}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*[=+\-@\uff1d\uff0b\uff0d\uff20\u2212\ufe62\ufe63\ufe66])/u.test(s) ? `'${s}` : s)
      expect(back.map((r) => [r['Recorded by'], r['What happened']])).toEqual(rows.map(([a, s]) => [neutral(a), neutral(s)]))
    }), { numRuns: 25 })
  }, 120_000)
})
