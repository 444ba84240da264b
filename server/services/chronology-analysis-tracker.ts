// Imports being analysed in this process, with how far each has got, so the upload page can show progress.
// An import marked 'analysing' in the database but neither tracked here nor announced by another process
// (job-heartbeat.ts) was cut short (the service restarted).
// Keyed by database handle, so two apps in one process (tests) never see each other's work.

export interface AnalysisProgress {
  rowsRead: number
  startedAt: number
  /** Settles when the analysis has finished and its outcome is saved. */
  finished: Promise<void>
}

import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
import { announceJob } from './job-heartbeat.js'

const running = new WeakMap<object, Map<string, AnalysisProgress>>()

function table(db: object): Map<string, AnalysisProgress> {
  let map = running.get(db)
  if (!map) {
    map = new Map()
    running.set(db, map)
  }
  return map
}

/** Starts tracking an analysis; call done() once its outcome is saved. */
export function trackAnalysis(db: Kysely<Database>, importId: string, startedAt: number): { progress: AnalysisProgress; done(): void } {
  const unannounce = announceJob(db, importId, 'chronology-analysis')
  let resolve: () => void = () => undefined
  const finished = new Promise<void>((r) => {
    resolve = r
  })
  const progress: AnalysisProgress = { rowsRead: 0, startedAt, finished }
  table(db).set(importId, progress)
  return {
    progress,
    done() {
      if (table(db).get(importId) === progress) table(db).delete(importId)
      unannounce()
      resolve()
    },
  }
}

export function analysisInProgress(db: object, importId: string): AnalysisProgress | undefined {
  return table(db).get(importId)
}

/** Every analysis still running (tests wait for them before closing the database). */
export function runningAnalyses(db: object): Promise<void>[] {
  return [...table(db).values()].map((p) => p.finished)
}
