// Group commit of the read audit (server/data/audit-group-commit.ts), on both engines: the entries asked for at once
// are written as one chained transaction, every one of them is in the one chain however many pools or processes
// append at once, and when a batch fails every request in it fails instead of returning what it read unaudited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { databaseUrl, testEngine } from '../../support/postgres-test-databases.js'
import { recordAudit, recordAuditAlone, verifyAuditChain } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { loadAuditKey } from '../../../server/db/audit-key.js'
import type { Database } from '../../../server/data/schema.js'
import { apiCall, apiUpload, setUpReview } from '../chronology/chronology-helpers.js'

const postgres = testEngine === 'postgres'

let t: TestApp
const others: OpenDatabase[] = []
beforeEach(async () => { t = await createTestApp({ AUDIT_KEY: 'k'.repeat(40) }) })
afterEach(async () => {
  for (const o of others.splice(0)) await o.close()
  await t.close()
})

/** A guard such as a broken disk or a full table would be: the database refuses entries of one action. */
async function refuseAction(db: Kysely<Database>, action: string): Promise<void> {
  if (postgres) {
    await sql`create function refuse_for_test() returns trigger language plpgsql as $$
      begin raise exception 'refused for the test'; end $$`.execute(db)
    await sql`create trigger refuse_for_test before insert on audit_log for each row
      when (new.action = ${sql.lit(action)}) execute function refuse_for_test()`.execute(db)
  } else {
    await sql`create trigger refuse_for_test before insert on audit_log when new.action = ${sql.lit(action)}
      begin select raise(abort, 'refused for the test'); end`.execute(db)
  }
}

async function allowAgain(db: Kysely<Database>): Promise<void> {
  await sql`drop trigger refuse_for_test ${postgres ? sql`on audit_log` : sql``}`.execute(db)
}

const read = (db: Kysely<Database>, objectId: string, action = 'test.read') => recordAuditAlone(db, t.clock, systemActor, { action, objectId })

async function entries(action: string): Promise<string[]> {
  return (await t.db.selectFrom('audit_log').select('object_id').where('action', '=', action).orderBy('seq').execute()).map((r) => r.object_id!)
}

describe('reads appended by group commit', () => {
  it('leave one unbroken chain holding every read, when readers in two processes append at once beside changes', async () => {
    // A second process: its own pool of the same PostgreSQL database, or its own connection to the same SQLite file.
    let dir: string | null = null
    let a = t.db
    if (postgres) {
      const name = (await sql<{ name: string }>`select current_database() as name`.execute(t.db)).rows[0]!.name
      others.push(openPostgres(databaseUrl(name), { auditKey: loadAuditKey(t.config), poolSize: 3 }))
    } else {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-group-'))
      const key = loadAuditKey({ auditKey: null, dataDir: dir })
      others.push(openDatabase(path.join(dir, 'db.sqlite'), { auditKey: key }))
      await migrateToLatest(others[0]!.db)
      others.push(openDatabase(path.join(dir, 'db.sqlite'), { auditKey: key }))
      a = others[0]!.db
    }
    const b = others.at(-1)!.db
    try {
      // Three rounds of 40 reads, half through each process, and on PostgreSQL changes in between (on SQLite a change
      // holds the file's one write lock across awaits, which the other connection in this same thread cannot wait out).
      const asked: string[] = []
      for (let round = 0; round < 3; round++) {
        const work: Promise<unknown>[] = []
        for (let i = 0; i < 40; i++) {
          const id = `r${round}-${i}`
          asked.push(id)
          work.push(read(i % 2 ? a : b, id))
          if (postgres && i % 8 === 0) work.push(b.transaction().execute((trx) => recordAudit(trx, t.clock, systemActor, { action: 'test.change' })))
        }
        await Promise.all(work)
      }
      const db = postgres ? t.db : a
      const rows = await db.selectFrom('audit_log').select(['object_id', 'action']).orderBy('seq').execute()
      expect(rows.filter((r) => r.action === 'test.read').map((r) => r.object_id).sort()).toEqual([...asked].sort())
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: rows.length, brokenAt: null })
      const seqs = (await db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq)
      expect(seqs).toEqual(seqs.map((_, i) => i + 1))
    } finally {
      for (const o of others.splice(0)) await o.close()
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it.runIf(postgres)('writes the reads asked for in one turn as one transaction, not one each', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => read(t.db, `r${i}`)))
    // Rows inserted by one transaction carry its id (xmin).
    const transactions = await sql<{ n: string }>`select count(distinct xmin::text) as n from audit_log where action = 'test.read'`.execute(t.db)
    expect(Number(transactions.rows[0]!.n)).toBe(1)
    expect(await entries('test.read')).toHaveLength(20)
  })

  it('fails every read in a batch that fails, writes none of them, and appends the next batch after the same head', async () => {
    await read(t.db, 'before')
    await refuseAction(t.db, 'test.refused')
    const outcomes = await Promise.allSettled([read(t.db, 'a'), read(t.db, 'b'), read(t.db, 'c', 'test.refused'), read(t.db, 'd')])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected'])
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/refused for the test/)
    expect(await entries('test.read')).toEqual(['before'])
    expect(await entries('test.refused')).toEqual([])

    await read(t.db, 'after')
    expect(await entries('test.read')).toEqual(['before', 'after'])
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, brokenAt: null })
  })

  it('answers a read whose audit entry could not be written with an error, never with the content', async () => {
    const f = await setUpReview(t, { from: '2020-01-01', to: '2020-12-31' })
    const upload = await apiUpload(t, f.leadToken, f.reviewId, { agency: 'Police' }, { name: 'p.csv', content: Buffer.from('Date,Summary\n01/02/2020,Unaudited visit\n') })
    expect(upload.statusCode, upload.body).toBe(201)
    const commit = await apiCall(t, f.leadToken, 'POST', `/api/v1/reviews/${f.reviewId}/imports/${(upload.json() as { importId: string }).importId}/commit`)
    expect(commit.statusCode, commit.body).toBe(200)
    const url = `/api/v1/reviews/${f.reviewId}/chronology`
    expect((await apiCall(t, f.leadToken, 'GET', url)).body).toContain('Unaudited visit')
    const views = async () => (await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'chronology.view').execute()).length
    const viewed = await views()

    await refuseAction(t.db, 'chronology.view')
    // Several at once, so that they share a batch.
    const answers = await Promise.all(Array.from({ length: 5 }, () => apiCall(t, f.leadToken, 'GET', url)))
    for (const res of answers) {
      expect(res.statusCode).toBe(500)
      expect(res.body).not.toContain('Unaudited visit')
    }
    expect(await views()).toBe(viewed)

    await allowAgain(t.db)
    expect((await apiCall(t, f.leadToken, 'GET', url)).statusCode).toBe(200)
    expect(await views()).toBe(viewed + 1)
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, brokenAt: null })
  })
})
