// A preview's rows are written into the chronology's table as soon as the file is read (migration 0040), marked
// previewing: until the commit, nobody sees them anywhere the chronology is read (its page, the API, search, the
// filters' counts, the export, episode suggestions, the report), and re-reading or discarding the preview removes
// them. Both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'
import { discardImport, reanalyseImport } from '../../../server/services/chronology-import.js'
import { listAgencySources } from '../../../server/data/report-content.js'
import { listEventEvidence } from '../../../server/data/evidence.js'
import { apiCall, apiChronology, apiUpload, previewRows, settle, setUpReview, type ReviewFixture } from './chronology-helpers.js'

let t: TestApp
let f: ReviewFixture
let lead: Agent
beforeAll(async () => {
  t = await createTestApp()
  f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
  lead = await signIn(t.app, f.lead.email)
})
afterAll(async () => {
  await settle(t)
  await t.close()
})

const WORD = 'Zanzibarine'
const AGENCY = 'Quillshire Youth Offending'
const csv = (rows: string[]) => ({ name: 'hidden.csv', content: Buffer.from(`Date,Category,Summary\n${rows.join('\n')}\n`) })
const committedCsv = csv(['01/02/2020,Visit,Home visit: child seen', '02/02/2020,Call,Telephone call with mother'])
// Rows 2 and 3 are exact duplicates: their flag is added once the whole file is read.
const hiddenCsv = csv([`03/03/2020,Meeting,${WORD} strategy meeting`, `04/03/2020,Meeting,${WORD} review of plan`, `04/03/2020,Meeting,${WORD} review of plan`])

async function upload(agency: string, file: { name: string; content: Buffer }): Promise<{ importId: string; accepted: number }> {
  const res = await apiUpload(t, f.leadToken, f.reviewId, { agency }, file)
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { importId: string; accepted: number }
}

async function everywhere(): Promise<{ api: string; search: string; page: string; export: string; suggestions: string; report: string }> {
  const get = async (url: string) => (await lead.get(url)).body
  return {
    api: JSON.stringify(await apiChronology(t, f.leadToken, f.reviewId)),
    search: JSON.stringify(await apiChronology(t, f.leadToken, f.reviewId, `?q=${WORD.toLowerCase()}`)),
    page: await get(`/reviews/${f.reviewId}/chronology`),
    export: await get(`/reviews/${f.reviewId}/chronology/export`),
    suggestions: await get(`/reviews/${f.reviewId}/chronology/suggestions`),
    report: await get(`/reviews/${f.reviewId}/report/download?edition=internal&format=html`),
  }
}

describe('a preview waiting to be committed', () => {
  it('is seen nowhere the chronology is read until it is committed', async () => {
    const first = await upload('Police', committedCsv)
    expect((await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${first.importId}/commit`)).statusCode).toBe(200)

    // A second file from the same agency waits too: the report's summary of that agency's records counts only what
    // was committed.
    const policeWaiting = await upload('Police', csv([`07/07/2020,Visit,${WORD} welfare check`]))
    const hidden = await upload(AGENCY, hiddenCsv)
    expect(hidden.accepted).toBe(3)
    const rows = await previewRows(t.db, hidden.importId)
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3])
    expect(rows.map((r) => r.flags.includes('exact-duplicate'))).toEqual([false, true, true])

    const before = await everywhere()
    for (const [where, body] of Object.entries(before)) {
      expect(body, where).not.toContain(WORD)
      expect(body, where).not.toContain(AGENCY)
    }
    expect(before.page).toContain('of 2 events')
    // The search box repeats the word searched for; nothing else on the page has it.
    expect((await lead.get(`/reviews/${f.reviewId}/chronology?q=${WORD}`)).body).toContain('No events match these filters.')
    expect(JSON.parse(before.api)).toHaveLength(2)
    expect((await listAgencySources(t.db, f.reviewId)).map((a) => [a.agency, a.events])).toEqual([['Police', 2]])
    // The evidence pickers (episodes, factors, the map) offer committed events only.
    expect((await listEventEvidence(t.db, f.reviewId)).map((e) => e.label).join(' ')).not.toContain(WORD)

    const commit = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${hidden.importId}/commit`)
    expect(commit.json()).toEqual({ committed: 3 })
    const after = await everywhere()
    expect(after.page).toContain('of 5 events')
    expect(after.page).toContain(AGENCY)
    expect(JSON.parse(after.search)).toHaveLength(3)
    expect(after.export).toContain(WORD)
    expect(after.report).toContain(AGENCY)
    const events = await apiChronology(t, f.leadToken, f.reviewId, `?q=${WORD.toLowerCase()}`) as unknown as { flags: string[] }[]
    expect(events.filter((e) => e.flags.includes('exact-duplicate'))).toHaveLength(2)
    expect(await previewRows(t.db, hidden.importId)).toEqual([])
    expect(await previewRows(t.db, policeWaiting.importId)).toHaveLength(1)
  })

  it('leaves no rows behind when read again or discarded', async () => {
    const viewer = systemReviewViewer(f.leadActor, f.reviewId)
    const { importId } = await upload('Health visiting', csv(['05/05/2020,Visit,First reading', '06/05/2020,Visit,Second reading']))
    expect(await previewRows(t.db, importId)).toHaveLength(2)

    // Read again with the first data row taken as the headings: one row now, not three.
    const again = await reanalyseImport(t.ctx, viewer, importId, { headerRow: '2' })
    expect(await again.finished).toEqual({ ok: true })
    expect(await previewRows(t.db, importId)).toHaveLength(1)

    await discardImport(t.ctx, viewer, importId)
    expect(await previewRows(t.db, importId)).toEqual([])
    expect(await t.db.selectFrom('chronology_events').select('id').where('import_id', '=', importId).execute()).toEqual([])
  })

  it('removes what it had written when the file turns out unreadable part-way', async () => {
    // Accepted rows go to the database in batches of 500 while the file is read; a file past the row limit fails
    // after several batches are written.
    const small = await createTestApp({ IMPORT_MAX_ROWS: '1200' })
    try {
      const g = await setUpReview(small, { from: '2020-01-01', to: '2020-12-31' })
      const lines = Array.from({ length: 1500 }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}/01/2020,Visit,Row ${i}`)
      const res = await apiUpload(small, g.leadToken, g.reviewId, { agency: 'Police' }, csv(lines))
      expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400)
      expect(res.body).toContain('at most 1,200 rows')
      expect(await small.db.selectFrom('chronology_events').select('id').execute()).toEqual([])
    } finally {
      await settle(small)
      await small.close()
    }
  })
})
