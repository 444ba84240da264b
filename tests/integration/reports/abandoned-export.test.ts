// A report download whose client goes away before the file is ready gives up its place: it leaves the queue for
// the two drawing workers (or stops its worker), records nothing, and the next person waiting gets the drawer.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { reportDrawers } from '../../../server/export/render-in-worker.js'
import { seedReportReview, type ReportReview } from './report-fixture.js'

let t: TestApp
let r: ReportReview
let token: string

beforeAll(async () => {
  t = await createTestApp()
  r = await seedReportReview(t, { dir: demoCaseDir, rowsPerFile: 8 })
  token = (await createApiToken(t.ctx, systemActor, r.lead.email, 'reports')).token
  await t.app.listen({ host: '127.0.0.1', port: 0 })
}, 60_000)
afterAll(async () => { await t?.close() })

const exportPath = () => `/api/v1/reviews/${r.reviewId}/report?format=html&edition=internal`
const exportsRecorded = async () => (await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'report.export').execute()).length
const waitFor = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 60_000, interval: 20 })

describe('an abandoned report download', () => {
  it('leaves the drawers’ queue when its client goes away, so the next one waiting gets the drawer', async () => {
    const drawers = reportDrawers()
    // Both drawers busy, as with two long exports under way.
    const held: ChildProcess[] = [await drawers.take(), await drawers.take()]
    const before = await exportsRecorded()

    // Someone asks for a file and waits in the queue...
    const { port } = t.app.server.address() as AddressInfo
    const abandoned = http.get({ host: '127.0.0.1', port, path: exportPath(), headers: { authorization: `Bearer ${token}` } })
    abandoned.on('error', () => undefined)
    await waitFor(() => expect(drawers.queued).toBe(1))
    // ...then closes the tab: they leave the queue.
    abandoned.destroy()
    await waitFor(() => expect(drawers.queued).toBe(0))

    // The next person waits behind no one: the first drawer given back is theirs.
    const patient = t.app.inject({ method: 'GET', url: exportPath(), headers: { authorization: `Bearer ${token}` } })
    await waitFor(() => expect(drawers.queued).toBe(1))
    drawers.giveBack(held.pop()!)
    const res = await patient
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<html')
    drawers.giveBack(held.pop()!)
    // Only the file someone received was recorded as exported.
    expect(await exportsRecorded()).toBe(before + 1)
    // A request already gone never queues.
    await expect(drawers.take(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone')
  }, 120_000)
})
