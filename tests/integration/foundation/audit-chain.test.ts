import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { recordAudit, verifyAuditChain } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function someEntries(n: number) {
  for (let i = 0; i < n; i++) {
    await t.db.transaction().execute((trx) => recordAudit(trx, t.clock, systemActor, { action: 'test.entry', objectId: `o${i}`, details: { i } }))
  }
}

describe('the audit chain', () => {
  it('verifies an untouched chain', async () => {
    await addUser(t, 'admin')
    await someEntries(5)
    const verdict = await verifyAuditChain(t.db)
    expect(verdict).toEqual({ ok: true, rows: 6, brokenAt: null })
  })

  it('refuses updates and deletes at the database level', async () => {
    await someEntries(2)
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(t.db)).rejects.toThrow(/append-only/)
    await expect(sql`delete from audit_log where seq = 1`.execute(t.db)).rejects.toThrow(/append-only/)
  })

  it('detects a row altered behind the triggers’ back', async () => {
    await someEntries(4)
    t.database.sqlite.exec('DROP TRIGGER audit_log_no_update')
    t.database.sqlite.prepare("UPDATE audit_log SET details = '{\"i\":99}' WHERE seq = 3").run()
    expect(await verifyAuditChain(t.db)).toEqual({ ok: false, rows: 3, brokenAt: { seq: 3, reason: 'its contents were changed after it was written' } })
  })

  it('detects a deleted row and a forged row', async () => {
    await someEntries(4)
    t.database.sqlite.exec('DROP TRIGGER audit_log_no_delete')
    t.database.sqlite.prepare('DELETE FROM audit_log WHERE seq = 2').run()
    expect((await verifyAuditChain(t.db)).brokenAt).toEqual({ seq: 3, reason: 'row 2 is missing' })
  })

  it('writes the audit row in the same transaction as the change: a failed change leaves no audit row', async () => {
    const before = (await t.db.selectFrom('audit_log').select('seq').execute()).length
    await expect(t.db.transaction().execute(async (trx) => {
      await recordAudit(trx, t.clock, systemActor, { action: 'test.doomed' })
      throw new Error('the change failed')
    })).rejects.toThrow('the change failed')
    expect((await t.db.selectFrom('audit_log').select('seq').execute()).length).toBe(before)
  })
})
