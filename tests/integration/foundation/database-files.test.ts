// The database's files on disk: who can read them, and a backup taken while another process keeps writing.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config.js'
import { openAppDatabase } from '../../../server/db/database.js'
import { backupDatabase } from '../../../server/db/backup.js'

let root: string
beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-files-')) })
afterEach(() => { fs.rmSync(root, { recursive: true, force: true }) })

const modeOf = (file: string) => fs.statSync(file).mode & 0o777

describe('the data directory', () => {
  it('is created for its owner only, with the database, WAL, shared memory and audit key readable by the owner only', async () => {
    const config = loadConfig({ DATA_DIR: path.join(root, 'data') })
    const database = openAppDatabase(config)
    database.sqlite!.exec('create table t (x); insert into t values (1)')
    expect(modeOf(config.dataDir)).toBe(0o700)
    for (const file of [config.databaseFile, `${config.databaseFile}-wal`, `${config.databaseFile}-shm`, path.join(config.dataDir, 'audit.key')]) {
      expect({ file: path.basename(file), mode: modeOf(file) }).toEqual({ file: path.basename(file), mode: 0o600 })
    }
    await database.close()
  })

  it('tightens a database file an older version left readable by others', async () => {
    const config = loadConfig({ DATA_DIR: path.join(root, 'data') })
    fs.mkdirSync(config.dataDir)
    new SqliteDatabase(config.databaseFile).close()
    fs.chmodSync(config.databaseFile, 0o644)
    const database = openAppDatabase(config)
    expect(modeOf(config.databaseFile)).toBe(0o600)
    await database.close()
  })
})

describe('backup', () => {
  it('finishes while another connection writes between every step, with a consistent copy readable by its owner only', async () => {
    const config = loadConfig({ DATA_DIR: path.join(root, 'data') })
    const source = openAppDatabase(config)
    source.sqlite!.exec('create table filler (id integer primary key, x blob)')
    const fill = source.sqlite!.prepare('insert into filler (x) values (randomblob(4000))')
    source.sqlite!.transaction(() => { for (let i = 0; i < 1500; i++) fill.run() })()
    const writer = new SqliteDatabase(config.databaseFile)
    writer.pragma('busy_timeout = 1000')
    const write = writer.prepare('insert into filler (x) values (randomblob(100))')
    let done = false
    let writes = 0
    // The server goes on writing, from its own connection, all through the backup.
    const writing = (async () => {
      while (!done) {
        write.run()
        writes++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const target = path.join(root, 'backups', 'nightly.sqlite')
    const result = await backupDatabase(source.sqlite!, target).finally(() => { done = true })
    await writing
    expect(writes).toBeGreaterThan(2)
    expect(result.restarts).toBeGreaterThan(0) // the writes did make SQLite start again, and it still finished
    expect(modeOf(target)).toBe(0o600)
    expect(modeOf(path.dirname(target))).toBe(0o700)
    const copy = new SqliteDatabase(target, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    const copied = (copy.prepare('select count(*) as n from filler').get() as { n: number }).n
    expect(copied).toBeGreaterThanOrEqual(1500)
    expect(copied).toBeLessThanOrEqual(1500 + writes)
    copy.close()
    writer.close()
    await expect(backupDatabase(source.sqlite!, target)).rejects.toThrow('already exists; choose a new file name')
    await source.close()
  }, 30_000)
})
