import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { compiledOnce } from '../../../../server/data/compiled-once.js'
import { migrateToLatest, openDatabase, type OpenSqliteDatabase } from '../../../../server/db/database.js'

let database: OpenSqliteDatabase
afterEach(async () => { await database?.close() })

describe('a query compiled once and run with each call’s values', () => {
  it('gives what the query built afresh gives, for every argument', async () => {
    database = openDatabase(':memory:')
    await migrateToLatest(database.db)
    const now = new Date().toISOString()
    for (const id of ['a', 'b', 'c']) {
      await database.db.insertInto('partnerships').values({ id, name: `Partnership ${id}`, created_by: null, created_at: now }).execute()
    }
    const byId = compiledOnce(1, (db, id: string) => db.selectFrom('partnerships').select(['id', 'name']).where('id', '=', id))
    for (const id of ['a', 'c', 'b', 'missing']) {
      expect(await byId(database.db, id)).toEqual(await database.db.selectFrom('partnerships').select(['id', 'name']).where('id', '=', id).executeTakeFirst())
    }
  })

  it('refuses a query that writes an argument into its SQL instead of binding it', async () => {
    database = openDatabase(':memory:')
    await migrateToLatest(database.db)
    const baked = compiledOnce(1, (db, id: string) => db.selectFrom('partnerships').select('id').where(sql<boolean>`id = ${sql.lit(id)}`))
    await expect(baked(database.db, 'a')).rejects.toThrow(/not a bound parameter/)
  })
})
