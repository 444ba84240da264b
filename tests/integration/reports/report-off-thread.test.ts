// Report files are composed and drawn in a drawing process, and the publication edition read back and scanned there:
// the server answers /health within 100 ms while a large review's report is produced, and a file past the drawer's
// memory or time limit, or one on which resvg panics, fails with a message saying so while the server carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { renderReportInWorker } from '../../../server/export/render-in-worker.js'
import { buildReportModel } from '../../../server/services/report-content.js'
import { expectHealthAnswered, whileTimingHealth } from '../../support/health-watch.js'
import { seedReportReview, type ReportReview } from './report-fixture.js'
import type { MapDocument, MapLevel } from '../../../methodology/map/map-model.js'
import type { MapFigure, ReportModel } from '../../../templates/report-model.js'
import { PANICKING_SVG } from '../../support/resvg-panic.js'

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

const LEVELS: MapLevel[] = ['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family']

/** A map of 280 nodes over the seven levels, each linked to one on the level below. */
function largeMap(): MapDocument {
  const nodes = Array.from({ length: 280 }, (_, i) => ({
    id: `n${i}`, kind: 'condition' as const, level: LEVELS[i % LEVELS.length] as MapLevel, label: `Condition ${i + 1}: a label long enough to wrap onto a second line`,
    description: null, eventIds: [], kpeIds: [], factorIds: [],
  }))
  const edges = nodes.slice(LEVELS.length).map((n, i) => ({ id: `e${i}`, source: (nodes[i] as { id: string }).id, target: n.id, label: null, evidence: [], counterfactual: null, strength: null }))
  return { nodes, edges }
}

describe('drawing report files off the event loop', () => {
  it('keeps answering /health while the PDF is drawn', async () => {
    await exportPdf() // starts the drawing process, as the first export after start-up does
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
    // Three drawing processes start here, at the lowest priority: slow on a busy shared machine.
  }, 120_000)

  it('fails only that export when resvg panics drawing the DOCX’s map picture, and the server carries on', async () => {
    const model = await buildReportModel(t.db, r.reviewId, 'internal', t.clock.now())
    const figures: MapFigure[] = []
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk)
      else if (value && typeof value === 'object') {
        if ('print' in value && 'svg' in value) figures.push(value as MapFigure)
        else Object.values(value).forEach(walk)
      }
    }
    walk(model)
    expect(figures.length).toBeGreaterThan(0)
    const part = figures[0]!.print.parts[0]!
    const broken: ReportModel = JSON.parse(JSON.stringify(model, (_k, v: unknown) => v === part.svg ? PANICKING_SVG : v)) as ReportModel
    await expect(renderReportInWorker(broken, 'docx')).rejects.toThrow(/^The report could not be drawn as DOCX: its drawing process stopped unexpectedly \(SIGABRT\)/)
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    expect((await exportPdf()).statusCode).toBe(200)
  })
})

describe('a large review’s report off the event loop', () => {
  let big: TestApp
  let large: ReportReview
  let lead: string
  beforeAll(async () => {
    big = await createTestApp()
    // Every row a significant event (about 2,000), and a map of 280 nodes.
    large = await seedReportReview(big, { dir: demoCaseDir, rowsPerFile: 400, map: largeMap() })
    lead = (await createApiToken(big.ctx, systemActor, large.lead.email, 'reports')).token
  }, 120_000)
  afterAll(async () => { await big?.close() })

  it('keeps answering /health within 100 ms while a large review’s publication edition is composed, drawn, read back and scanned', async () => {
    const exportLarge = () => big.app.inject({ method: 'GET', url: `/api/v1/reviews/${large.reviewId}/report?format=pdf&edition=publication`, headers: { authorization: `Bearer ${lead}` } })
    await exportLarge() // the workers started, as after start-up
    const { result: res, healthMs } = await whileTimingHealth(big.app, exportLarge)
    // Released, or held back by the leak scan: either way the file was read back and scanned.
    expect([200, 409]).toContain(res.statusCode)
    if (res.statusCode === 200) expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
    else expect(res.body).toMatch(/leak scan/)
    // Only the database reads are left on the event loop: every answer within the ceiling, the median within 100 ms.
    expectHealthAnswered(healthMs, 5, true)
  }, 180_000)
})
