// The map as PNG is laid out and drawn in a child process at the lowest priority, and kept per map version: a
// second download of the same map reuses the drawing (still audited), a saved change draws it afresh, a huge map
// is drawn at a bounded size, and a panic in resvg ends the drawer, not the server.
import fs from 'node:fs'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { type Agent } from '../../support/browser-agent.js'
import { mapPngCounts } from '../../../server/services/map-png.js'
import { pngWidthFor } from '../../../templates/svg-png.js'
import { drawSvgAsPng } from '../../../server/export/figure-drawing.js'
import { LOWEST_PRIORITY, startTsProcess } from '../../../server/workers/ts-process.js'
import type { FromFigureProcess } from '../../../server/export/figure-process.js'
import { MAP_LEVELS, NODE_KINDS, type MapDocument } from '../../../methodology/map/map-model.js'
import { api, auditRows, useAnalysisReview, type AnalysisFixture } from './analysis-fixture.js'
import { expectHealthAnswered, whileTimingHealth } from '../../support/health-watch.js'
import { DRAWABLE_SVG, PANICKING_SVG } from '../../support/resvg-panic.js'

let t: TestApp
let f: AnalysisFixture
let lead: Agent
useAnalysisReview((s) => { ({ t, f, lead } = s) })

function chain(n: number): MapDocument {
  return {
    nodes: Array.from({ length: n }, (_, i) => ({
      id: `n${i}`, kind: NODE_KINDS[i % NODE_KINDS.length]!, level: MAP_LEVELS[i % MAP_LEVELS.length]!, label: `Node ${i}`,
      description: null, eventIds: [f.events.jan], kpeIds: [], factorIds: [], x: (i % 10) * 200, y: Math.floor(i / 10) * 120,
    })),
    edges: Array.from({ length: n - 1 }, (_, i) => ({
      id: `e${i}`, source: `n${i}`, target: `n${i + 1}`, label: null, strength: 'moderate' as const, evidence: [{ type: 'event' as const, id: f.events.jan }], counterfactual: null,
    })),
  }
}

async function save(map: MapDocument, version: number): Promise<number> {
  const res = await api(t, f.lead.token, 'PUT', `/api/v1/reviews/${f.reviewId}/map`, map, { 'if-match': String(version) })
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  return (res.json() as { version: number }).version
}

async function png(): Promise<Buffer> {
  const res = await t.app.inject({ method: 'GET', url: `/reviews/${f.reviewId}/map/figure.png`, headers: { cookie: `cwl_session=${lead.sessionCookie()}` } })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe('image/png')
  return res.rawPayload
}

describe('the map as PNG', () => {
  it('draws a map version once: a second download reuses it, audited each time; a saved change draws again', async () => {
    const v1 = await save(chain(12), 0)
    const before = mapPngCounts()
    const first = await png()
    const second = await png()
    expect(mapPngCounts().drawn - before.drawn).toBe(1)
    expect(mapPngCounts().reused - before.reused).toBe(1)
    expect(second.equals(first)).toBe(true)
    expect((await auditRows(t, f.reviewId, 'analysis.map.export')).slice(-2).map((a) => JSON.parse(a.details).version)).toEqual([v1, v1])

    await save(chain(13), v1)
    const third = await png()
    expect(mapPngCounts().drawn - before.drawn).toBe(2)
    expect(third.equals(first)).toBe(false)
  })

  // Issue 13: a 2,000-node map's PNG took 20 s on the event loop, drawn again for every download.
  it('draws a 2,000-node map (the most a map may have) while /health keeps answering, and a second download reuses it', async () => {
    const current = (await api(t, f.lead.token, 'GET', `/api/v1/reviews/${f.reviewId}/map`)).json() as { version: number }
    await save(chain(2_000), current.version)
    const before = mapPngCounts()
    const { result: drawn, healthMs } = await whileTimingHealth(t.app, () => png())
    expect(drawn.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(mapPngCounts().drawn - before.drawn).toBe(1)
    // Layout, SVG and PNG are all drawn in the drawing process: only reading the map and sending it are left here.
    expectHealthAnswered(healthMs)
    const { result: again, healthMs: reusedMs } = await whileTimingHealth(t.app, () => png())
    expect(again.equals(drawn)).toBe(true)
    expect(mapPngCounts().drawn - before.drawn).toBe(1)
    expectHealthAnswered(reusedMs, 1)
  }, 180_000)

  it('draws the 2,000-node map as SVG in the drawing process too, while /health keeps answering', async () => {
    const { result: res, healthMs } = await whileTimingHealth(t.app, () =>
      t.app.inject({ method: 'GET', url: `/reviews/${f.reviewId}/map/figure.svg`, headers: { cookie: `cwl_session=${lead.sessionCookie()}` } }))
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Node 1999')
    expectHealthAnswered(healthMs, 1)
  }, 180_000)

  // resvg panics on this picture, and a Rust panic aborts the whole process it runs in.
  it('fails only that drawing, with a message, when resvg panics: the server and the next drawing carry on', async () => {
    const failed = await drawSvgAsPng(PANICKING_SVG, 100, 'The test picture').then(() => null, (error: unknown) => error as Error & { code?: string })
    expect(failed?.message).toMatch(/^The test picture could not be drawn: the drawing stopped unexpectedly/)
    expect(failed?.code).toBe('figure-not-drawn')
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    const fine = await drawSvgAsPng(DRAWABLE_SVG, 100)
    expect(fine.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect((await png()).subarray(1, 4).toString('latin1')).toBe('PNG')
  }, 60_000)

  it('draws in a child process whose every thread has the lowest priority, so the event loop gets the CPU first', async () => {
    const drawer = startTsProcess(new URL('../../../server/export/figure-process.ts', import.meta.url), { maxOldGenerationSizeMb: 256 })
    try {
      const answer = await new Promise<FromFigureProcess>((resolve, reject) => {
        drawer.once('message', resolve)
        drawer.once('exit', (code, signal) => reject(new Error(`the drawer stopped (${signal ?? code})`)))
        drawer.send({ type: 'svg-png', svg: DRAWABLE_SVG, widthPx: 50 })
      })
      expect(answer.type).toBe('png')
      expect(os.getPriority(drawer.pid)).toBe(LOWEST_PRIORITY)
      // On Linux a priority is a thread's: every one of the drawer's threads is lowered.
      if (fs.existsSync(`/proc/${drawer.pid}/task`)) {
        for (const tid of fs.readdirSync(`/proc/${drawer.pid}/task`)) expect(os.getPriority(Number(tid)), `thread ${tid}`).toBe(LOWEST_PRIORITY)
      }
    } finally {
      drawer.kill('SIGKILL')
    }
  }, 60_000)

  it('draws a huge map at no more than 36 million pixels, and a small one at twice its size', () => {
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="25000">'
    const width = pngWidthFor(huge)
    expect(width * width * (25000 / 40000)).toBeLessThanOrEqual(36_000_000)
    expect(pngWidthFor('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">')).toBe(1600)
    expect(pngWidthFor('<svg xmlns="http://www.w3.org/2000/svg" width="5000" height="300">')).toBe(6000)
  })
})
