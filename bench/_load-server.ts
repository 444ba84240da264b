// Child process of bench/load.ts: the real app on a free loopback port, over a SQLite file (WAL) as in
// production, with a review of 2,000 events from five agencies and a 300-node causal map. Prints one JSON line
// (address, review, session cookie, API token, pid) and serves until it is killed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../server/app.js'
import { randomIds, systemClock } from '../server/clock.js'
import { loadConfig } from '../server/config.js'
import { migrateToLatest, openAppDatabase } from '../server/db/database.js'
import type { TestApp } from '../tests/support/test-app.js'
import { insertEvents, setUpAnalysisReview } from '../tests/integration/analysis/analysis-fixture.js'
import { startUserSession } from '../server/services/sessions.js'
import { MAP_LEVELS, NODE_KINDS, type MapDocument } from '../methodology/map/map-model.js'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-load-'))
const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' })
const database = openAppDatabase(config)
await migrateToLatest(database.db)
const ctx = { db: database.db, clock: systemClock, config, newId: randomIds }
const app = await buildApp({ db: database.db, clock: systemClock, config, logger: false, database })
// The test fixtures take a test app; this is one over the file database with the real clock.
const t = {
  app, db: database.db, database, clock: systemClock, config, ctx, dataDir,
  async close() {
    await app.close()
    await database.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  },
} as unknown as TestApp
const f = await setUpAnalysisReview(t)
const agencies = ['Police', 'Health Visiting', 'Children’s Social Care', 'GP', 'Nursery']
const eventIds: string[] = []
for (const [a, agency] of agencies.entries()) {
  eventIds.push(...await insertEvents(t, f.reviewId, agency, Array.from({ length: 400 }, (_, i) => ({
    date: `2021-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    summary: `${agency} contact ${i}: visit to the home, child seen, concerns about the partner discussed with the mother (${a}-${i})`,
  }))))
}
const nodes = Array.from({ length: 300 }, (_, i) => ({
  id: `n${i}`, kind: NODE_KINDS[i % NODE_KINDS.length]!, level: MAP_LEVELS[i % MAP_LEVELS.length]!, label: `Node ${i}: the referral was not followed up`,
  description: null, eventIds: [eventIds[i % eventIds.length]!], kpeIds: [], factorIds: [], x: (i % 20) * 180, y: Math.floor(i / 20) * 120,
}))
const edges = Array.from({ length: 299 }, (_, i) => ({
  id: `e${i}`, source: `n${i}`, target: `n${i + 1}`, label: null, strength: 'moderate' as const,
  evidence: [{ type: 'event' as const, id: eventIds[i % eventIds.length]! }], counterfactual: null,
}))
const map: MapDocument = { nodes, edges }
const saved = await t.app.inject({
  method: 'PUT', url: `/api/v1/reviews/${f.reviewId}/map`, payload: JSON.stringify(map),
  headers: { authorization: `Bearer ${f.lead.token}`, 'content-type': 'application/json', 'if-match': '0' },
})
if (saved.statusCode !== 200) throw new Error(`saving the bench map failed: ${saved.statusCode} ${saved.body.slice(0, 300)}`)
const { token } = await startUserSession(t.ctx, f.lead.user.id, null)
const address = await t.app.listen({ host: '127.0.0.1', port: 0 })
console.log(JSON.stringify({ address, reviewId: f.reviewId, cookie: `cwl_session=${token}`, apiToken: f.lead.token, pid: process.pid, events: eventIds.length }))

// LOAD_PROFILE=dir: a CPU profile of the serving only (not the set-up), written when stopped.
const profileDir = process.env.LOAD_PROFILE
const profiler = profileDir ? new (await import('node:inspector')).Session() : null
if (profiler) {
  profiler.connect()
  await new Promise((resolve) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', resolve)))
}

const stop = async () => {
  setTimeout(() => process.exit(0), 5000).unref()
  if (profiler && profileDir) {
    const { profile } = await new Promise<{ profile: unknown }>((resolve) => profiler.post('Profiler.stop', (_e, r) => resolve(r as { profile: unknown })))
    ;(await import('node:fs')).writeFileSync(path.join(profileDir, `serving-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  }
  await t.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
