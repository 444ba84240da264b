import type { Executor } from './schema.js'
import type { RunningJobsTable } from './tables/foundation.js'

export type JobKind = RunningJobsTable['kind']

export async function markJobRunning(db: Executor, jobId: string, kind: JobKind, nowMs: number): Promise<void> {
  await db.insertInto('running_jobs').values({ job_id: jobId, kind, beat_at_ms: nowMs })
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ beat_at_ms: nowMs })).execute()
}

export async function beatJobs(db: Executor, jobIds: readonly string[], nowMs: number): Promise<void> {
  if (jobIds.length === 0) return
  await db.updateTable('running_jobs').set({ beat_at_ms: nowMs }).where('job_id', 'in', jobIds).execute()
}

export async function endJob(db: Executor, jobId: string): Promise<void> {
  await db.deleteFrom('running_jobs').where('job_id', '=', jobId).execute()
}

/** Of these jobs, those some process has beaten for since `sinceMs`. */
export async function liveJobs(db: Executor, jobIds: readonly string[], sinceMs: number): Promise<Set<string>> {
  if (jobIds.length === 0) return new Set()
  const rows = await db.selectFrom('running_jobs').select('job_id').where('job_id', 'in', jobIds).where('beat_at_ms', '>=', sinceMs).execute()
  return new Set(rows.map((r) => r.job_id))
}
