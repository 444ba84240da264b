import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrateToLatest, openDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'

describe('migrations', () => {
  it('bring an empty database to the latest schema, in order, and are idempotent', async () => {
    const database = openDatabase(':memory:')
    const applied = await migrateToLatest(database.db)
    const names = Object.keys(migrations)
    expect(applied).toEqual(names)
    expect(names).toEqual([...names].sort())
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9-_]+$/)
    expect(await migrateToLatest(database.db)).toEqual([])
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(database.db)).rows.map((r) => r.name)
    for (const table of ['users', 'sessions', 'api_tokens', 'accreditations', 'audit_log', 'reviews', 'review_members', 'research_questions', 'stage_records']) {
      expect(tables).toContain(table)
    }
    // Each index on the chronology's events is paid for by every imported row: only those a query uses.
    const eventIndexes = (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'chronology_events' and sql is not null order by name`.execute(database.db)).rows.map((r) => r.name)
    expect(eventIndexes).toEqual(['chronology_events_import', 'chronology_events_timeline'])
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db)
    expect(fk.rows[0]?.foreign_keys).toBe(1)
    await database.close()
  })

  it('switch a file database to WAL with a busy timeout', async () => {
    const fs = await import('node:fs')
    const os = await import('node:os')
    const path = await import('node:path')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-mig-'))
    const database = openDatabase(path.join(dir, 'db.sqlite'), { auditKey: Buffer.alloc(32, 7) })
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    await database.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
