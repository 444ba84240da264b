// Run by two-process-saves.test.ts, twice at once: a whole app instance of its own on the shared database (the
// data directory's SQLite file, or the PostgreSQL database named by DATABASE_URL in its environment).
// Each line on stdin names a finding and the version to agree it from; the app answers through the JSON API and
// the result goes to stdout as one JSON line. Nothing here retries: what the app answers is what the test sees.
// node --import tsx tests/integration/trust/save-child.ts <dataDir> <token> <reviewId> <now>
import readline from 'node:readline'
import { buildApp } from '../../../server/app.js'
import { FixedClock, randomIds } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { openAppDatabase } from '../../../server/db/database.js'

const [dataDir, token, reviewId, now] = process.argv.slice(2)
if (!dataDir || !token || !reviewId || !now) throw new Error('usage: save-child.ts <dataDir> <token> <reviewId> <now>')
const config = loadConfig({ DATA_DIR: dataDir, SCR_DEMO: '0', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) })
const database = openAppDatabase(config)
const app = await buildApp({ db: database.db, clock: new FixedClock(now), config, logger: false, newId: randomIds })
await app.ready()
process.stdout.write('ready\n')

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [findingId, version] = line.trim().split(' ')
  if (!findingId) continue
  const res = await app.inject({
    method: 'POST', url: `/api/v1/reviews/${reviewId}/findings/${findingId}/agree`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ version: Number(version) }),
  })
  const body = res.json() as { error?: string; message?: string }
  process.stdout.write(`${JSON.stringify({ findingId, status: res.statusCode, error: body.error ?? null, message: body.message ?? null })}\n`)
}
await app.close()
await database.close()
