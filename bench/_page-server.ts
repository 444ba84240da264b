// Child process of bench/page.ts. `app`: the real app over a SQLite file (WAL) with the demo review seeded, as
// `npm start` gives it, and a signed-in session of the demo lead reviewer. `bare`: Fastify alone, answering every
// request with the HTML bytes in the file PAGE_HTML from memory (the floor: the HTTP work any page costs). Prints
// one JSON line (address, page path, cookie, pid) and serves until it is killed. PAGE_PROFILE=dir has the app
// write a V8 CPU profile of its serving there.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'

const mode = process.argv[2]
if (mode === 'bare') {
  const html = fs.readFileSync(process.env.PAGE_HTML!)
  const app = Fastify({ logger: false })
  app.get('/*', (_request, reply) => reply.type('text/html; charset=utf-8').send(html))
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  console.log(JSON.stringify({ address, path: '/', cookie: '', pid: process.pid }))
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
} else {
  const { buildApp } = await import('../server/app.js')
  const { randomIds, systemClock } = await import('../server/clock.js')
  const { loadConfig } = await import('../server/config.js')
  const { migrateToLatest, openAppDatabase } = await import('../server/db/database.js')
  const { seedDemo } = await import('../server/demo/seed.js')
  const { startUserSession } = await import('../server/services/sessions.js')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-bench-page-'))
  const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' })
  const database = openAppDatabase(config)
  await migrateToLatest(database.db)
  const ctx = { db: database.db, clock: systemClock, config, newId: randomIds }
  const demo = await seedDemo(ctx)
  const lead = await database.db.selectFrom('users').select('id').where('email', '=', demo.logins[0]!.email).executeTakeFirstOrThrow()
  const { token } = await startUserSession(ctx, lead.id, null)
  const app = await buildApp({ db: database.db, clock: systemClock, config, logger: false, database })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })

  const profileDir = process.env.PAGE_PROFILE
  const profiler = profileDir ? new (await import('node:inspector')).Session() : null
  if (profiler) {
    profiler.connect()
    await new Promise((resolve) => profiler.post('Profiler.enable', () => profiler.post('Profiler.start', resolve)))
  }
  console.log(JSON.stringify({ address, path: `/reviews/${demo.reviewId}/chronology`, cookie: `cwl_session=${token}`, pid: process.pid }))
  process.on('SIGTERM', () => void (async () => {
    setTimeout(() => process.exit(0), 5000).unref()
    if (profiler && profileDir) {
      const { profile } = await new Promise<{ profile: unknown }>((resolve) => profiler.post('Profiler.stop', (_e, r) => resolve(r as { profile: unknown })))
      fs.writeFileSync(path.join(profileDir, `page-${Date.now()}.cpuprofile`), JSON.stringify(profile))
    }
    await app.close()
    await database.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  })())
}
