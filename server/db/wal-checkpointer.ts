// SQLite's write-ahead log is copied back into the database file (a checkpoint) by a timer, rather than by
// whichever commit passes the autocheckpoint mark: with autocheckpoint on, one page view in a few hundred paid
// for copying the log back and syncing the file inside its audit entry's commit, and so did its p99. The database
// is opened with wal_autocheckpoint = 0 (database.ts), and this checkpoints PASSIVE (never waiting for readers or
// other processes' writers) every interval, in a turn of the event loop of its own, between requests: no write
// of this process is under way then, so the checkpoint completes and the next writer starts the log over from
// its beginning; the log stays about one interval's writes long.
//
// (A checkpointing thread with its own connection was tried first: under constant writes its passive checkpoints
// raced the app's commits and the log was never started over, so it grew by every write.)
import type SqliteDatabase from 'better-sqlite3'

export interface CheckpointResult {
  /** Whether another connection held the checkpoint lock (nothing was done this time). */
  busy: boolean
  /** Frames in the log, and how many of them are now in the database file. */
  logFrames: number
  checkpointedFrames: number
}

export interface WalCheckpointer {
  /** Checkpoints now (PASSIVE), as the timer does. */
  checkpoint(): CheckpointResult
  /** Resolves after the timer's next checkpoint, with its result. */
  next(): Promise<CheckpointResult>
  stop(): void
}

export const DEFAULT_CHECKPOINT_MS = 1000

/** Checkpoints the database's log (already in WAL mode, autocheckpoint off) every `intervalMs`. */
export function startWalCheckpointer(sqlite: SqliteDatabase.Database, intervalMs = DEFAULT_CHECKPOINT_MS): WalCheckpointer {
  const waiting: Array<(result: CheckpointResult) => void> = []
  const checkpoint = (): CheckpointResult => {
    const [row] = sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>
    return { busy: row!.busy === 1, logFrames: row!.log, checkpointedFrames: row!.checkpointed }
  }
  const timer = setInterval(() => {
    // Inside a transaction held across awaits (a long import's commit) the checkpoint waits for the next round.
    if (sqlite.inTransaction || !sqlite.open) return
    let result: CheckpointResult
    try {
      result = checkpoint()
    } catch {
      return // busy or closing: the next round tries again
    }
    for (const resolve of waiting.splice(0)) resolve(result)
    timer.unref()
  }, intervalMs)
  // A process that does not close its database (a one-off command) must not be kept alive by it.
  timer.unref()
  return {
    checkpoint,
    next: () => new Promise((resolve) => {
      // Someone waiting for it keeps the process alive until it comes.
      timer.ref()
      waiting.push(resolve)
    }),
    stop: () => clearInterval(timer),
  }
}
