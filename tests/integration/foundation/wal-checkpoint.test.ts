// SQLite's write-ahead log is checkpointed by a timer (db/wal-checkpointer.ts), never by a commit on the request
// path; the log must still not grow without bound. (SQLite only: PostgreSQL has no such log to keep.)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrateToLatest, openDatabase, type OpenSqliteDatabase } from '../../../server/db/database.js'
import { recordAuditAlone, verifyAuditChain } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'
import { systemClock } from '../../../server/clock.js'
import type { CheckpointResult } from '../../../server/db/wal-checkpointer.js'

let root: string
let database: OpenSqliteDatabase | null = null
beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-wal-')) })
afterEach(async () => {
  await database?.close()
  database = null
  fs.rmSync(root, { recursive: true, force: true })
})

const open = (file: string) => openDatabase(file, { auditKey: Buffer.from('a test audit key of enough length'), checkpointMs: 20 })

/** A read's audit entry, as every page view writes one: the write the request path makes most. */
async function pageViews(db: OpenSqliteDatabase['db'], n: number): Promise<void> {
  for (let i = 0; i < n; i++) await recordAuditAlone(db, systemClock, systemActor, { action: 'chronology.view', objectType: 'chronology', objectId: `r${i}`, details: { page: 1 } })
}

/** The timer's next checkpoint, after everything written so far. */
async function checkpointAfterWrites(d: OpenSqliteDatabase): Promise<CheckpointResult> {
  return d.checkpointer!.next()
}

describe('the write-ahead log', () => {
  it('is never checkpointed by a commit, and the checkpointer keeps it from growing without bound', async () => {
    const file = path.join(root, 'db.sqlite')
    database = open(file)
    await migrateToLatest(database.db)
    expect(database.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    const walSizes: number[] = []
    for (let round = 0; round < 8; round++) {
      await pageViews(database.db, 200)
      const result = await checkpointAfterWrites(database)
      // Every frame in the log is in the database file: the next writer starts the log over.
      expect(result.busy).toBe(false)
      expect(result.checkpointedFrames).toBe(result.logFrames)
      walSizes.push(fs.statSync(`${file}-wal`).size)
    }
    // Without checkpoints the log would hold all 1,600 entries' pages (eight times the first round's); here it
    // holds about a round's. The log starts over only when a writer finds it wholly checkpointed and unread, so on a
    // busy machine a round can find it still in use and carry on from its end: up to about two rounds, never eight.
    expect(walSizes.at(-1)!).toBeLessThanOrEqual(walSizes[1]! * 2)
    expect((await verifyAuditChain(database.db)).ok).toBe(true)
  })

  it('is folded into the database file when the database is closed', async () => {
    const file = path.join(root, 'db.sqlite')
    database = open(file)
    await migrateToLatest(database.db)
    await pageViews(database.db, 50)
    await database.close()
    database = null
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
    database = open(file)
    const rows = database.sqlite.prepare("select count(*) as n from audit_log where action = 'chronology.view'").get() as { n: number }
    expect(rows.n).toBe(50)
  })
})
