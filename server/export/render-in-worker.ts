// Draws a report file on a worker thread: a long PDF takes seconds and a great deal of memory, which
// must not stop the server answering everyone else. The worker has its own memory and time limits;
// past either the export fails with a message saying so, and the server carries on.
import { RuleBroken } from '../errors.js'
import type { ReportFormat, ReportModel } from '../../templates/report-model.js'
import { WorkerPool } from '../workers/ts-worker.js'
import type { FromRenderWorker, ToRenderWorker } from './render-worker.js'

export interface RenderLimits {
  maxMemoryMb: number
  maxSeconds: number
}

export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = Object.freeze({ maxMemoryMb: 1024, maxSeconds: 300 })

const pools = new Map<number, WorkerPool>()

/** Files drawn at once; more exports wait their turn (a long PDF may use its full memory limit). */
const DRAWERS = 2

function poolFor(memoryMb: number): WorkerPool {
  let pool = pools.get(memoryMb)
  if (!pool) {
    pool = new WorkerPool(new URL('./render-worker.ts', import.meta.url), { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 }, { keep: 1, max: DRAWERS })
    pools.set(memoryMb, pool)
  }
  return pool
}

function tooLarge(format: ReportFormat, why: string): RuleBroken {
  return new RuleBroken(`The report is too large to draw as ${format.toUpperCase()}: ${why}. Try another format, or shorten the longest sections.`, [], 'report-too-large')
}

export async function renderReportInWorker(
  model: ReportModel, format: ReportFormat, onProgress?: (fraction: number) => void, limits: RenderLimits = DEFAULT_RENDER_LIMITS,
): Promise<{ bytes: Buffer; pages: number | null }> {
  const pool = poolFor(limits.maxMemoryMb)
  const worker = await pool.take()
  return new Promise((resolve, reject) => {
    let settled = false
    const finish = (outcome: { bytes: Buffer; pages: number | null } | Error, reusable: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (reusable) pool.giveBack(worker)
      else pool.discard(worker)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const timer = setTimeout(() => finish(tooLarge(format, `drawing it took longer than ${limits.maxSeconds} seconds`), false), limits.maxSeconds * 1000)
    worker.on('message', (message: FromRenderWorker) => {
      if (message.type === 'progress') onProgress?.(message.fraction)
      else if (message.type === 'done') finish({ bytes: Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength), pages: message.pages }, true)
      else finish(new Error(message.message), false)
    })
    worker.on('error', (error: Error & { code?: string }) => {
      finish(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooLarge(format, `drawing it needed more than ${limits.maxMemoryMb} MB of memory`) : error, false)
    })
    worker.on('exit', () => finish(new Error('The report worker stopped before it finished'), false))
    worker.postMessage({ type: 'render', model, format } satisfies ToRenderWorker)
  })
}
