// A consistent copy of the live database, taken with SQLite's online backup API in steps so the server keeps writing.
import fs from 'node:fs'
import path from 'node:path'
import type SqliteDatabase from 'better-sqlite3'

export class BackupError extends Error {}

export interface BackupResult {
  file: string
  pages: number
  /** How many times a write during the copy made SQLite start again (each time with larger steps). */
  restarts: number
}

const FIRST_STEP_PAGES = 256

/**
 * Copies the database to `target`, a new file created readable by its owner only (its directory, if created,
 * likewise). The copy goes a few pages at a time, yielding between steps, so writers are never held up; when a
 * write by another connection makes SQLite restart the copy, the steps grow, so even a busy server's backup ends.
 */
export async function backupDatabase(sqlite: SqliteDatabase.Database, target: string): Promise<BackupResult> {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 })
  let fd: number
  try {
    fd = fs.openSync(target, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(`${target} already exists; choose a new file name`)
    throw error
  }
  fs.closeSync(fd)
  let step = FIRST_STEP_PAGES
  let restarts = 0
  let lastRemaining = Number.POSITIVE_INFINITY
  try {
    const { totalPages } = await sqlite.backup(target, {
      progress({ totalPages: total, remainingPages }) {
        if (remainingPages > lastRemaining) {
          restarts++
          step = Math.min(step * 4, Math.max(total, 1))
        }
        lastRemaining = remainingPages
        return step
      },
    })
    return { file: target, pages: totalPages, restarts }
  } catch (error) {
    fs.rmSync(target, { force: true })
    throw error
  }
}
