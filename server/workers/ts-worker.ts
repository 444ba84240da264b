// Runs one of our TypeScript modules in worker threads. The app runs under tsx and tests under vitest, and
// neither passes its loader to a worker, so the worker registers tsx itself before importing the module.
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker, type ResourceLimits } from 'node:worker_threads'

// tsx's ESM entry ('tsx/esm/api' under the import condition); require.resolve would give the CommonJS one.
const tsxApi = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href

export function startTsWorker(moduleUrl: URL, resourceLimits: ResourceLimits, workerData?: unknown): Worker {
  const module = JSON.stringify(moduleUrl.href)
  const code = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.register({ namespace: 'worker' }).import(${module}, ${module}))`
  // No execArgv: the parent's loader flags (tsx's or vitest's) are not for the worker.
  return new Worker(code, { eval: true, execArgv: [], resourceLimits, workerData })
}

/** Drops the listeners a job added. Not removeAllListeners(): Worker listens to itself to start its port. */
export function forgetListeners(worker: NodeJS.EventEmitter): void {
  for (const event of ['message', 'error', 'exit', 'close', 'messageerror'] as const) worker.removeAllListeners(event)
}

/** A worker thread or a child process: what a pool needs of either. */
type Member = NodeJS.EventEmitter & { ref(): void; unref(): void }

/**
 * Workers for one module: at most `max` at a time (jobs beyond that wait their turn, so a burst of uploads or
 * exports cannot start a worker each and take the machine's memory and cores), and `keep` kept started
 * between jobs, since starting one (tsx, exceljs, pdfkit) takes most of a second. A worker goes back after a
 * job that ended normally; one stopped for time or memory is discarded. Threads (WorkerPool) or child
 * processes (server/workers/ts-process.ts) alike.
 */
export class Pool<T extends Member> {
  private readonly idle: T[] = []
  private readonly waiting: Array<(worker: T) => void> = []
  /** Jobs waiting for a worker (for tests and the load bench). */
  get queued(): number {
    return this.waiting.length
  }
  private live = 0

  constructor(
    private readonly startOne: () => T,
    private readonly stopOne: (worker: T) => void,
    private readonly options: { keep: number; max: number },
  ) {}

  /**
   * A worker for one job: at once if one is free, or when one comes back. With `signal`, a job whose caller has
   * gone (a download abandoned) leaves the queue when it is aborted, so it never holds a worker the next caller
   * could have; the promise rejects with the signal's reason.
   */
  take(signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    const worker = this.idle.pop()
    if (worker) {
      forgetListeners(worker)
      worker.ref()
      return Promise.resolve(worker)
    }
    if (this.live < this.options.max) return Promise.resolve(this.start())
    return new Promise((resolve, reject) => {
      const admit = (given: T) => {
        signal?.removeEventListener('abort', leave)
        resolve(given)
      }
      const leave = () => {
        const i = this.waiting.indexOf(admit)
        if (i >= 0) this.waiting.splice(i, 1)
        reject(signal!.reason as Error)
      }
      signal?.addEventListener('abort', leave, { once: true })
      this.waiting.push(admit)
    })
  }

  giveBack(worker: T): void {
    forgetListeners(worker)
    const next = this.waiting.shift()
    if (next) {
      next(worker)
      return
    }
    if (this.idle.length >= this.options.keep) {
      this.discard(worker)
      return
    }
    // An idle worker must not keep the process (or a test run) alive, and one that dies is dropped.
    worker.unref()
    worker.once('exit', () => {
      const i = this.idle.indexOf(worker)
      if (i >= 0) this.idle.splice(i, 1)
      this.live--
    })
    worker.once('error', () => undefined)
    this.idle.push(worker)
  }

  /** Stops a worker (after a failure, or one more than is kept) and starts one for the next waiting job. */
  discard(worker: T): void {
    forgetListeners(worker)
    worker.on('error', () => undefined)
    this.stopOne(worker)
    this.live--
    const next = this.waiting.shift()
    if (next) next(this.start())
  }

  private start(): T {
    this.live++
    return this.startOne()
  }
}

/** Worker threads running one of our modules. */
export class WorkerPool extends Pool<Worker> {
  constructor(moduleUrl: URL, resourceLimits: ResourceLimits, options: { keep: number; max: number }) {
    super(() => startTsWorker(moduleUrl, resourceLimits), (worker) => void worker.terminate(), options)
  }
}
