// Run by kill-during-commit(-postgres).test.ts in its own process: opens the data directory's file database (or
// the PostgreSQL database named by DATABASE_URL in its environment) and commits one import,
// saying on stdout when the commit starts and when it has finished. The test kills it in between.
// node --import tsx tests/integration/chronology/commit-child.ts <dataDir> <reviewId> <importId> <userId>
import { randomIds, systemClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase } from '../../../server/db/database.js'
import { commitImport } from '../../../server/services/chronology-import.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'

const [dataDir, reviewId, importId, userId] = process.argv.slice(2)
if (!dataDir || !reviewId || !importId || !userId) throw new Error('usage: commit-child.ts <dataDir> <reviewId> <importId> <userId>')
const config = loadConfig({ DATA_DIR: dataDir, SCR_DEMO: '0', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) })
const database = openAppDatabase(config)
await migrateToLatest(database.db)
const ctx = { db: database.db, clock: systemClock, config, newId: randomIds }
process.stdout.write('commit-started\n')
const { committed } = await commitImport(ctx, systemReviewViewer({ userId, role: 'reviewer', name: 'kill test', via: 'system', requestId: null }, reviewId), importId)
process.stdout.write(`commit-finished ${committed}\n`)
await database.close()
