// Committing a large import moves its rows in slices inside one transaction, letting the event loop turn
// between them: /health answers promptly throughout, and every row arrives (or, on failure, none: see
// kill-during-commit.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { expectHealthAnswered, whileTimingHealth } from '../../support/health-watch.js'
import { apiCall, apiUpload, setUpReview, previewRows, type ReviewFixture } from './chronology-helpers.js'

let t: TestApp
let f: ReviewFixture
beforeAll(async () => {
  t = await createTestApp({ MAX_UPLOAD_MB: '10' })
  f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
})
afterAll(async () => { await t.close() })

// The attack's figure: 100,000 rows took 4 s of blocking to commit in one go (issue 13).
const ROWS = 100_000

describe('committing a large import', () => {
  it(`commits ${ROWS.toLocaleString('en-GB')} rows in one step while /health keeps answering`, { timeout: 240_000 }, async () => {
    const lines = Array.from({ length: ROWS }, (_, i) => `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2020,Home visit ${i}: child seen`)
    const upload = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name: 'large.csv', content: Buffer.from(`Date,Summary\n${lines.join('\n')}\n`) })
    expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201)
    const { importId } = upload.json() as { importId: string }

    const { result: commit, healthMs } = await whileTimingHealth(t.app, () => apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${importId}/commit`))
    expect(commit.statusCode, commit.body.slice(0, 300)).toBe(200)
    expectHealthAnswered(healthMs)

    const events = await t.db.selectFrom('chronology_events').select((eb) => eb.fn.countAll<number>().as('n')).where('import_id', '=', importId).executeTakeFirstOrThrow()
    expect(Number(events.n)).toBe(ROWS)
        expect(await previewRows(t.db)).toHaveLength(0)
    const rows = await t.db.selectFrom('chronology_events').select('source_row').where('import_id', '=', importId).orderBy('source_row').execute()
    expect(rows[0]!.source_row).toBe(1)
    expect(rows[ROWS - 1]!.source_row).toBe(ROWS)
  })
})
