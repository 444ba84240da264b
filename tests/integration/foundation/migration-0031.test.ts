// Migration 0031 on a deployment with accounts: SQLite rebuilds the users table to drop the instance-wide unique
// address, PostgreSQL drops the constraint. Every account, session and token is kept (the rebuild must not cascade
// a delete), foreign keys still hold, and addresses are then unique within a partnership only.
import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'

async function emptyDatabase(): Promise<{ database: OpenDatabase; drop(): Promise<void> }> {
  if (testEngine === 'sqlite') return { database: openDatabase(':memory:'), drop: async () => {} }
  const empty = await createEmptyPostgresDatabase()
  return { database: openPostgres(empty.url, { poolSize: 1 }), drop: empty.drop }
}

const AT = '2026-03-01T09:00:00.000Z'
const user = (id: string, email: string, partnershipId: string | null) => ({
  id, email, name: id, role: partnershipId === null ? 'national' : 'reviewer', password_hash: 'x', must_change_password: 0, disabled_at: null,
  created_at: AT, updated_at: AT, partnership_id: partnershipId, instance_admin: 0,
})

describe(`migration 0031 (addresses unique within a partnership) on ${testEngine}`, () => {
  it('keeps every account, session and token, and then allows an address once per partnership', async () => {
    const { database, drop } = await emptyDatabase()
    try {
      const db = database.db as unknown as Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any
      await migrateToLatest(database.db, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0031')))
      await db.insertInto('partnerships').values({ id: 'south', name: 'Southvale', created_by: null, created_at: AT }).execute()
      await db.insertInto('users').values([user('u1', 'sam@example.org', 'default'), user('u2', 'kim@example.org', 'default'), user('n1', 'ana@example.org', null)]).execute()
      await expect(db.insertInto('users').values(user('u3', 'sam@example.org', 'south')).execute()).rejects.toThrow(/unique/i)
      await db.insertInto('sessions').values({ id_hash: 's1', user_id: 'u1', csrf_token: 'c', created_at: AT, last_seen_at: AT, expires_at: AT, flash: null }).execute()
      await db.insertInto('api_tokens').values({ id: 't1', user_id: 'u2', label: 'l', token_hash: 'h', created_at: AT, last_used_at: null, revoked_at: null, expires_at: AT }).execute()
      const usersBefore = await db.selectFrom('users').selectAll().orderBy('id').execute()

      expect(await migrateToLatest(database.db)).toContain('0031_addresses_per_partnership')

      expect(await db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(usersBefore)
      expect(await db.selectFrom('sessions').select(['id_hash', 'user_id']).execute()).toEqual([{ id_hash: 's1', user_id: 'u1' }])
      expect(await db.selectFrom('api_tokens').select(['id', 'user_id']).execute()).toEqual([{ id: 't1', user_id: 'u2' }])
      // The same address in another partnership now goes in; twice in one partnership, or twice without one, does not.
      await db.insertInto('users').values(user('u3', 'sam@example.org', 'south')).execute()
      await db.insertInto('users').values(user('u4', 'ana@example.org', 'south')).execute()
      await expect(db.insertInto('users').values(user('u5', 'sam@example.org', 'default')).execute()).rejects.toThrow(/unique/i)
      await expect(db.insertInto('users').values(user('n2', 'ana@example.org', null)).execute()).rejects.toThrow(/unique/i)
      // Foreign keys to the rebuilt table still hold, and still cascade.
      await expect(db.insertInto('sessions').values({ id_hash: 's2', user_id: 'nobody', csrf_token: 'c', created_at: AT, last_seen_at: AT, expires_at: AT, flash: null }).execute()).rejects.toThrow(/foreign key/i)
      await db.deleteFrom('users').where('id', '=', 'u1').execute()
      expect(await db.selectFrom('sessions').select('id_hash').execute()).toEqual([])
    } finally {
      await database.close()
      await drop()
    }
  })
})
