// Filtering the audit trail by action behaves the same on SQLite and PostgreSQL: a prefix of the action, in any
// case, with % and _ taken as themselves (LIKE ignored case on SQLite only and read them as wildcards).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { searchAudit } from '../../../server/data/audit-log.js'
import { recordAudit } from '../../../server/services/audit.js'
import { systemActor } from '../../../server/services/context.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const ACTIONS = ['user.create', 'user.disable', 'userx.other', 'auth.login', 'auth.login_failed', 'review.read']

async function actionsMatching(filter: string): Promise<string[]> {
  const rows = await searchAudit(t.db, { action: filter, limit: 100 })
  return rows.map((r) => r.action).filter((a) => ACTIONS.includes(a)).sort()
}

describe('filtering the audit trail by action', () => {
  beforeEach(async () => {
    for (const action of ACTIONS) await t.db.transaction().execute((trx) => recordAudit(trx, t.clock, systemActor, { action }))
  })

  it('matches the start of the action name, in any case', async () => {
    expect(await actionsMatching('user.')).toEqual(['user.create', 'user.disable'])
    expect(await actionsMatching('USER.')).toEqual(['user.create', 'user.disable'])
    expect(await actionsMatching('Auth.Login')).toEqual(['auth.login', 'auth.login_failed'])
    expect(await actionsMatching('auth.login_failed')).toEqual(['auth.login_failed'])
    expect(await actionsMatching('user')).toEqual(['user.create', 'user.disable', 'userx.other'])
  })

  it('takes % and _ as themselves, not as wildcards', async () => {
    expect(await actionsMatching('%')).toEqual([])
    expect(await actionsMatching('user_')).toEqual([])
    expect(await actionsMatching('%.login')).toEqual([])
    expect(await actionsMatching('auth.login%')).toEqual([])
  })
})
