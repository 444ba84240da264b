// Work the running server does by itself, at start and then on a timer: a checkpoint of the audit chain, and
// clearing what nobody will come back for (ended sessions, old sign-in attempts and request counts, abandoned uploads).
import type { FastifyBaseLogger } from 'fastify'
import type { ServiceContext } from './context.js'
import { writeAuditCheckpoint } from './audit-checkpoints.js'
import { pruneSessions } from './sessions.js'
import { pruneLoginAttempts, pruneRateWindows } from './accounts.js'
import { sweepAbandonedUploads } from './upload-sweep.js'

export interface HousekeepingReport {
  checkpoint: { seq: number; hash: string; written: boolean }
  sessionsRemoved: number
  loginAttemptsRemoved: number
  rateWindowsRemoved: number
  uploadsRemoved: { imports: number; temporary: number }
}

/** One round. The checkpoint also goes to the log, which is kept apart from the database. */
export async function runHousekeeping(ctx: ServiceContext, log: FastifyBaseLogger, reason: string): Promise<HousekeepingReport> {
  const { checkpoint, written } = await writeAuditCheckpoint({ db: ctx.db, clock: ctx.clock, dataDir: ctx.config.dataDir }, reason)
  if (written) log.info({ auditCheckpoint: { seq: checkpoint.seq, hash: checkpoint.hash } }, 'audit checkpoint')
  const report: HousekeepingReport = {
    checkpoint: { seq: checkpoint.seq, hash: checkpoint.hash, written },
    sessionsRemoved: await pruneSessions(ctx),
    loginAttemptsRemoved: await pruneLoginAttempts(ctx),
    rateWindowsRemoved: await pruneRateWindows(ctx),
    uploadsRemoved: await sweepAbandonedUploads(ctx),
  }
  const { sessionsRemoved, loginAttemptsRemoved, uploadsRemoved } = report
  if (sessionsRemoved || loginAttemptsRemoved || uploadsRemoved.imports || uploadsRemoved.temporary) {
    log.info({ sessionsRemoved, loginAttemptsRemoved, uploadsRemoved }, 'housekeeping')
  }
  return report
}

/** Runs a round now and then every few minutes; the returned function stops it and runs a last round. */
export function startHousekeeping(ctx: ServiceContext, log: FastifyBaseLogger): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const round = (reason: string) => {
    running = running.then(() => runHousekeeping(ctx, log, reason)).catch((error: unknown) => {
      log.error({ err: error }, 'housekeeping failed')
    })
    return running
  }
  void round('start')
  const timer = setInterval(() => void round('timer'), ctx.config.auditCheckpointMinutes * 60_000)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await round('shutdown')
  }
}
