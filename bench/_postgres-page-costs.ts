// Where a chronology page request's time goes on PostgreSQL (BENCHMARKS.md, "The chronology on PostgreSQL"): one app
// in this process on a fresh database with a 400-event review, the first chronology page requested N times (default
// 400) one after another; prints the statements each request sends (counted on pg's Client), the wall time, this
// process's CPU time, and the time spent waiting on PostgreSQL, per request.
// BENCH_POSTGRES_URL names the server (default: the local test server). node --import tsx bench/_postgres-page-costs.ts
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { buildApp } from '../server/app.js'
import { migrateToLatest, openPostgres } from '../server/db/database.js'
import { startUserSession } from '../server/services/sessions.js'
import { writeChronologyCsv } from './_chronology-fixture.js'
import { commitFile, createBenchReview, previewFile } from './_chronology-setup.js'

const N = Number(process.env.N ?? 400)
const server = new URL(process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test')
const name = `cwl_bench_costs_${process.pid}`
const admin = new pg.Client({ connectionString: server.toString() })
await admin.connect()
await admin.query(`create database ${name}`)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-page-costs-'))
try {
  server.pathname = `/${name}`
  const url = server.toString()
  const migrating = openPostgres(url, { poolSize: 1 })
  await migrateToLatest(migrating.db)
  await migrating.db.destroy()
  const b = await createBenchReview(path.join(work, 'data'), url)
  const csv = path.join(work, 'agency.csv')
  writeChronologyCsv(csv, { rows: 400 })
  await commitFile(b, await previewFile(b, 'Police', csv))
  const { token } = await startUserSession(b.ctx, b.actor.userId!, null)
  const app = await buildApp({ db: b.ctx.db, clock: b.ctx.clock, config: b.ctx.config, logger: false })
  const get = async () => {
    const res = await app.inject({ url: `/reviews/${b.reviewId}/chronology`, headers: { cookie: `cwl_session=${token}` } })
    if (res.statusCode !== 200) throw new Error(`the page answered ${res.statusCode}`)
  }

  // Every statement the app sends goes through Client.prototype.query: count them and time their round trips.
  const statements = new Map<string, number>()
  let waiting = 0
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string }
    const text = (typeof first === 'string' ? first : first?.text ?? '?').replace(/\s+/g, ' ').slice(0, 100)
    statements.set(text, (statements.get(text) ?? 0) + 1)
    const started = performance.now()
    const result = query.apply(this, args)
    if (result instanceof Promise) result.then(() => { waiting += performance.now() - started }, () => {})
    return result
  } as typeof pg.Client.prototype.query

  for (let i = 0; i < 20; i++) await get()
  statements.clear()
  waiting = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) await get()
  const wall = (performance.now() - t0) / N
  const cpu = process.cpuUsage(cpu0)
  const sent = [...statements.values()].reduce((a, n) => a + n, 0)
  console.log(`Load average ${os.loadavg().map((n) => n.toFixed(1)).join(', ')}; ${N} requests`)
  console.log(`Per request: ${(sent / N).toFixed(1)} statements, ${wall.toFixed(1)} ms wall, ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms CPU, ${(waiting / N).toFixed(1)} ms waiting on PostgreSQL`)
  for (const [text, n] of [...statements].sort((x, y) => y[1] - x[1])) console.log(`  ${(n / N).toFixed(1)} × ${text}`)
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query
  await app.close()
  await b.database.close()
} finally {
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
  fs.rmSync(work, { recursive: true, force: true })
}
