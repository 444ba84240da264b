// Report files are drawn on a worker thread: the server answers /health promptly while a PDF is drawn, and a
// file past the worker's memory or time limit fails with a message saying so while the server carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { renderReportInWorker } from '../../../server/export/render-in-worker.js'
import { buildReportModel } from '../../../server/services/report-content.js'
import { expectHealthAnswered, whileTimingHealth } from '../../support/health-watch.js'
import { seedReportReview, type ReportReview } from './report-fixture.js'

let t: TestApp
let r: ReportReview
let token: string

beforeAll(async () => {
  t = await createTestApp()
  r = await seedReportReview(t, { dir: demoCaseDir, rowsPerFile: 8 })
  token = (await createApiToken(t.ctx, systemActor, r.lead.email, 'reports')).token
}, 60_000)
afterAll(async () => { await t?.close() })

async function exportPdf() {
  return t.app.inject({ method: 'GET', url: `/api/v1/reviews/${r.reviewId}/report?format=pdf&edition=internal`, headers: { authorization: `Bearer ${token}` } })
}

describe('drawing report files off the event loop', () => {
  it('keeps answering /health while the PDF is drawn', async () => {
    await exportPdf() // starts the drawing worker, as the first export after start-up does
    const { result: res, healthMs } = await whileTimingHealth(t.app, exportPdf)
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    // The report's content is still gathered on the event loop (database reads, the map drawing when it has
    // changed), so single answers may wait for that part; the drawing itself no longer holds anyone up.
    expectHealthAnswered(healthMs, 3, false)
  })

  it('stops a drawing past its memory or time limit with a message naming the limit', async () => {
    const model = await buildReportModel(t.db, r.reviewId, 'internal', t.clock.now())
    await expect(renderReportInWorker(model, 'pdf', undefined, { maxMemoryMb: 16, maxSeconds: 60 })).rejects.toThrow(/needed more than 16 MB of memory/)
    await expect(renderReportInWorker(model, 'pdf', undefined, { maxMemoryMb: 1024, maxSeconds: 0.001 })).rejects.toThrow(/took longer than 0.001 seconds/)
    // The server's own drawing worker is unaffected.
    expect((await exportPdf()).statusCode).toBe(200)
  })
})
