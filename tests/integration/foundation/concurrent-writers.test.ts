// Two writers on one database (a second server process, or the command line beside the server). On SQLite each
// write transaction takes the write lock when it begins, so the other waits for it (the busy timeout) instead of
// failing with "database is locked" when it comes to write after reading; on PostgreSQL the audit append takes
// its advisory lock, so the two never read the same head. Either way every entry is written and the chain is one.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrateToLatest, openDatabase, type OpenDatabase } from '../../../server/db/database.js'
import { loadAuditKey } from '../../../server/db/audit-key.js'
import { verifyAuditChain } from '../../../server/services/audit.js'
import { startTsWorker } from '../../../server/workers/ts-worker.js'
import { createPostgresTestDatabase, databaseUrl, testEngine } from '../../support/postgres-test-databases.js'

describe('two writers on one database', () => {
  it('queue for the write lock: every read-then-write transaction of both commits, and the audit chain stays one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-writers-'))
    const key = loadAuditKey({ auditKey: null, dataDir: dir })
    let main: OpenDatabase
    let where: { file?: string; url?: string }
    let drop = async () => {}
    if (testEngine === 'postgres') {
      const made = await createPostgresTestDatabase(key)
      main = made.database
      where = { url: databaseUrl(made.name) }
      drop = made.drop
    } else {
      const file = path.join(dir, 'db.sqlite')
      main = openDatabase(file, { auditKey: key })
      await migrateToLatest(main.db)
      where = { file }
    }
    try {
      const count = 150
      const outcomes = await Promise.all(['a', 'b'].map((name) => new Promise<{ written: number; error: string | null }>((resolve, reject) => {
        const worker = startTsWorker(new URL('../../support/audit-writer.ts', import.meta.url), {}, { ...where, key: key.toString('hex'), count, name })
        worker.once('message', resolve)
        worker.once('error', reject)
      })))
      expect(outcomes).toEqual([{ written: count, error: null }, { written: count, error: null }])
      const verdict = await verifyAuditChain(main.db)
      expect(verdict.ok).toBe(true)
      expect(verdict.rows).toBe(2 * count)
    } finally {
      await main.close()
      await drop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
