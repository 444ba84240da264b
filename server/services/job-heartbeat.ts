// Work one app process is doing (checking a chronology file, drawing a report), announced in the database with a
// heartbeat, so that another process on the same database (npm run start:cluster) sees it is still going rather
// than taking it for work cut short by a restart. Real time, not the service clock: it measures whether a process
// is alive. A process that dies stops beating, and its work is taken as interrupted once STALE_MS has passed.
import type { Kysely } from 'kysely'
import { beatJobs, endJob, liveJobs, markJobRunning, type JobKind } from '../data/running-jobs.js'
import type { Database } from '../data/schema.js'

const BEAT_MS = 5_000
const STALE_MS = 20_000

/** Announces the job until the returned function is called (when it has finished, however it ended). */
export function announceJob(db: Kysely<Database>, jobId: string, kind: JobKind): () => void {
  const marked = markJobRunning(db, jobId, kind, Date.now()).catch(() => undefined)
  const timer = setInterval(() => void beatJobs(db, [jobId], Date.now()).catch(() => undefined), BEAT_MS)
  timer.unref()
  return () => {
    clearInterval(timer)
    void marked.then(() => endJob(db, jobId)).catch(() => undefined)
  }
}

/** Which of these jobs some process (this one or another) is still doing. */
export function jobsStillRunning(db: Kysely<Database>, jobIds: readonly string[]): Promise<Set<string>> {
  return liveJobs(db, jobIds, Date.now() - STALE_MS)
}
