// analyseImport on a worker thread, so reading a file (however hostile) never holds up the server: the
// worker has its own memory limit and a time limit, and is stopped when it passes either. Accepted
// events come back a batch at a time, laid out as preview rows (preview-batch.ts), for the sink (the database lives
// on the main thread).
import type { Worker } from 'node:worker_threads'
import { BadInput } from '../errors.js'
import { WorkerPool } from '../workers/ts-worker.js'
import type { FromWorker, ToWorker } from './analyse-worker.js'
import { importLimits, outOfMemory, outOfTime } from './import-limits.js'
import { MappingProblem, type ImportAnalysis, type ImportInput } from './import-types.js'
import type { PreviewBatch } from './preview-batch.js'
import type { Cell } from '../../methodology/chronology/cell.js'

export interface PreviewSink {
  /** A batch of accepted rows in file order, with the cells of any of the first rows. Awaited before the next. */
  onBatch(batch: PreviewBatch, firstCells: { row: number; cells: Cell[] }[]): Promise<void>
  /** Called every 1,000 data rows and at the end. */
  onProgress?(rowsRead: number): void
}

const workerModule = new URL('./analyse-worker.ts', import.meta.url)
const pools = new Map<number, WorkerPool>()

/** Files read at once; more uploads wait their turn (each reader may use its full memory limit). */
const READERS = 2

function poolFor(memoryMb: number): WorkerPool {
  let pool = pools.get(memoryMb)
  if (!pool) {
    pool = new WorkerPool(workerModule, { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 }, { keep: 1, max: READERS })
    pools.set(memoryMb, pool)
  }
  return pool
}

/** Starts the reading worker ahead of the first upload (at start-up), so no upload waits for it. */
export function prewarmImportWorker(limits: { maxMemoryMb: number }): void {
  const pool = poolFor(limits.maxMemoryMb)
  void pool.take().then((worker) => pool.giveBack(worker))
}

export async function analyseImportInWorker(input: ImportInput, sink: PreviewSink): Promise<ImportAnalysis> {
  const limits = importLimits(input.limits)
  const pool = poolFor(limits.maxMemoryMb)
  const worker: Worker = await pool.take()
  return new Promise<ImportAnalysis>((resolve, reject) => {
    let settled = false
    let failed = false
    // Batches still waiting are stored before a finished analysis resolves; after a failure they are dropped, and
    // one being stored finishes first, so the caller's clean-up runs after it.
    let storing: Promise<unknown> = Promise.resolve()
    const finish = (outcome: { analysis: ImportAnalysis } | { error: Error }, reusable: boolean) => {
      if (settled) return
      settled = true
      failed = 'error' in outcome
      clearTimeout(timer)
      if (reusable) pool.giveBack(worker)
      else pool.discard(worker)
      void storing.finally(() => ('analysis' in outcome ? resolve(outcome.analysis) : reject(outcome.error)))
    }
    const timer = setTimeout(() => finish({ error: outOfTime(input.fileName, limits) }, false), limits.maxSeconds * 1000)

    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'events': {
          // Batches are stored one after another, in file order, while the worker reads on.
          const { batch, firstCells } = message
          storing = storing.then(() => (failed ? undefined : sink.onBatch(batch, firstCells))).then(
            () => {
              if (!settled) worker.postMessage({ type: 'stored' } satisfies ToWorker)
            },
            (error: unknown) => finish({ error: error instanceof Error ? error : new Error(String(error)) }, false),
          )
          break
        }
        case 'progress':
          sink.onProgress?.(message.rows)
          break
        case 'done':
          finish({ analysis: message.analysis as ImportAnalysis }, true)
          break
        case 'bad-input':
          finish({
            error: message.headers && (message.code === 'mapping-needed' || message.code === 'mapping-mismatch')
              ? new MappingProblem(message.message, message.details, message.code, message.headers)
              : new BadInput(message.message, message.details, message.code),
          }, true)
          break
        case 'failed':
          finish({ error: new Error(message.message) }, false)
          break
      }
    })
    worker.on('error', (error: Error & { code?: string }) => {
      finish({ error: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory(input.fileName, limits) : error }, false)
    })
    worker.on('exit', () => finish({ error: new Error('The import worker stopped before it finished') }, false))
    worker.postMessage({ type: 'job', input } satisfies ToWorker)
  })
}
