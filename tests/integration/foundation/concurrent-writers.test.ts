// Two writers on one database file (a second server process, or the command line beside the server): each write
// transaction takes the write lock when it begins, so the other waits for it (the busy timeout) instead of failing
// with "database is locked" when it comes to write after reading.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { migrateToLatest, openDatabase } from '../../../server/db/database.js'
import { loadAuditKey } from '../../../server/db/audit-key.js'
import { verifyAuditChain } from '../../../server/services/audit.js'
import { startTsWorker } from '../../../server/workers/ts-worker.js'

describe('two writers on one database file', () => {
  it('queue for the write lock: every read-then-write transaction of both commits, and the audit chain stays one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-writers-'))
    try {
      const key = loadAuditKey({ auditKey: null, dataDir: dir })
      const file = path.join(dir, 'db.sqlite')
      const main = openDatabase(file, { auditKey: key })
      await migrateToLatest(main.db)
      const count = 150
      const outcomes = await Promise.all(['a', 'b'].map((name) => new Promise<{ written: number; error: string | null }>((resolve, reject) => {
        const worker = startTsWorker(new URL('../../support/audit-writer.ts', import.meta.url), {}, { file, key: key.toString('hex'), count, name })
        worker.once('message', resolve)
        worker.once('error', reject)
      })))
      expect(outcomes).toEqual([{ written: count, error: null }, { written: count, error: null }])
      const verdict = await verifyAuditChain(main.db)
      expect(verdict.ok).toBe(true)
      expect(verdict.rows).toBe(2 * count)
      await main.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
