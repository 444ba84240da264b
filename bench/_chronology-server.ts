// Child process of bench/chronology.ts: a review with 2,000 events from five agencies, served by the real
// app on a free port, so the load generator and the server do not share one thread. Prints one JSON line
// (address, review, session cookie) and serves until it is killed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../server/app.js'
import { startUserSession } from '../server/services/sessions.js'
import { createBenchReview, importFiveAgencies } from './_chronology-setup.js'

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-server-'))
const b = await createBenchReview(path.join(work, 'data'))
const events = await importFiveAgencies(b, work)
const app = await buildApp({ db: b.ctx.db, clock: b.ctx.clock, config: b.ctx.config, logger: false })
const address = await app.listen({ host: '127.0.0.1', port: 0 })
const { token } = await startUserSession(b.ctx, b.actor.userId!, null)
console.log(JSON.stringify({ address, reviewId: b.reviewId, cookie: `cwl_session=${token}`, events }))

const stop = async () => {
  // Keep-alive connections from the load generator must not hold the process open.
  setTimeout(() => process.exit(0), 2000).unref()
  await app.close()
  await b.database.close()
  fs.rmSync(work, { recursive: true, force: true })
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
