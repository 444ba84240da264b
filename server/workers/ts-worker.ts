// Runs one of our TypeScript modules in a worker thread. The app runs under tsx and tests under vitest,
// and neither passes its loader to a worker, so the worker registers tsx itself before importing the module.
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
export function forgetListeners(worker: Worker): void {
  for (const event of ['message', 'error', 'exit', 'messageerror'] as const) worker.removeAllListeners(event)
}

/**
 * Workers kept started between jobs, one module each: starting one (tsx, exceljs) takes most of a second.
 * A worker is given back only after a job that ended normally; one stopped for time or memory is not.
 */
export class WarmWorkers {
  private readonly idle: Worker[] = []

  constructor(
    private readonly moduleUrl: URL,
    private readonly resourceLimits: ResourceLimits,
    private readonly keep = 1,
  ) {}

  take(): Worker {
    const worker = this.idle.pop()
    if (worker) {
      forgetListeners(worker)
      worker.ref()
      return worker
    }
    return startTsWorker(this.moduleUrl, this.resourceLimits)
  }

  giveBack(worker: Worker): void {
    forgetListeners(worker)
    if (this.idle.length >= this.keep) {
      void worker.terminate()
      return
    }
    // An idle worker must not keep the process (or a test run) alive, and one that dies is dropped.
    worker.unref()
    const drop = () => {
      const i = this.idle.indexOf(worker)
      if (i >= 0) this.idle.splice(i, 1)
    }
    worker.once('exit', drop)
    worker.once('error', drop)
    this.idle.push(worker)
  }
}
