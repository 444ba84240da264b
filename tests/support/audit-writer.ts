// Worker thread for concurrent-writers.test.ts: a second writer on the same database (a SQLite file, or a
// PostgreSQL database by URL), as another process would be (its own connection, its own thread). Appends `count`
// audit entries, each in its own transaction that reads the chain's head before writing, and reports how many
// were written and the first error.
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase, openPostgres } from '../../server/db/database.js'
import { recordAudit } from '../../server/services/audit.js'
import { systemActor } from '../../server/services/context.js'
import { systemClock } from '../../server/clock.js'

const { file, url, key, count, name } = workerData as { file?: string; url?: string; key: string; count: number; name: string }
const auditKey = Buffer.from(key, 'hex')
const opened = url ? openPostgres(url, { auditKey, poolSize: 2 }) : openDatabase(file!, { auditKey })
let written = 0
let error: string | null = null
for (let i = 0; i < count; i++) {
  try {
    await opened.db.transaction().execute((trx) => recordAudit(trx, systemClock, systemActor, { action: 'test.concurrent', objectId: `${name}-${i}` }))
    written++
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e)
  }
}
await opened.close()
parentPort!.postMessage({ written, error })
