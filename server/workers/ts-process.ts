// Runs one of our TypeScript modules in a child process at the lowest CPU priority. Long drawing (the causal map's
// SVG and PNG) goes here rather than to a worker thread for two reasons: resvg, a Rust library, aborts the whole
// process when it panics (a thread cannot contain that; a child's death is only a failed job), and on a 2-core
// machine drawing competes with the event loop for the CPU, which the niced child gives up first.
import { fork, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Pool } from './ts-worker.js'

// tsx's ESM loader ('tsx' under the import condition), registered in the child by --import.
const tsxLoader = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs')).href

/** The lowest priority: the child runs when nothing else on the machine wants the CPU. */
export const LOWEST_PRIORITY = os.constants.priority.PRIORITY_LOW

export interface ProcessLimits {
  /** V8's old-generation heap limit; past it the child dies and the job fails. */
  maxOldGenerationSizeMb: number
}

export function startTsProcess(moduleUrl: URL, limits: ProcessLimits): ChildProcess {
  const child = fork(fileURLToPath(moduleUrl), [], {
    // Not the parent's flags (tsx's or vitest's loaders): our own loader and limit only.
    execArgv: ['--import', tsxLoader, `--max-old-space-size=${limits.maxOldGenerationSizeMb}`],
    // Structured clone rather than JSON: buffers travel as bytes.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  })
  // Passed on as it comes, and its end kept: V8 says there why it stopped a child past its memory limit.
  let tail = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk)
    tail = (tail + chunk.toString()).slice(-4096)
  })
  lastWords.set(child, () => tail)
  // The child lowers every one of its threads itself (lowerOwnPriority); this covers its main thread from the start.
  try {
    if (child.pid !== undefined) os.setPriority(child.pid, LOWEST_PRIORITY)
  } catch {
    // Already gone: its 'exit' says so to whoever waits for it.
  }
  return child
}

const lastWords = new WeakMap<ChildProcess, () => string>()

/** Whether the child stopped because it reached its heap limit (V8 says so on stderr before aborting). */
export function ranOutOfMemory(child: ChildProcess): boolean {
  return /heap out of memory|Reached heap limit/i.test(lastWords.get(child)?.() ?? '')
}

/**
 * Called first in the child. On Linux a priority belongs to a thread, and threads started before the parent lowered
 * the main one (V8's helpers) keep theirs, so each thread of the process is lowered; elsewhere the process as one.
 */
export function lowerOwnPriority(): void {
  let threads: string[] = []
  try {
    threads = fs.readdirSync('/proc/self/task')
  } catch {
    // Not Linux.
  }
  for (const tid of threads.length > 0 ? threads.map(Number) : [0]) {
    try {
      os.setPriority(tid, LOWEST_PRIORITY)
    } catch {
      // A thread that has just ended.
    }
  }
}

/** Child processes for one module, as WorkerPool has threads: at most `max`, `keep` kept started between jobs. */
export class ProcessPool extends Pool<ChildProcess> {
  constructor(moduleUrl: URL, limits: ProcessLimits, options: { keep: number; max: number }) {
    super(() => startTsProcess(moduleUrl, limits), (child) => void child.kill('SIGKILL'), options)
  }
}

/**
 * Pools of one drawing script, one pool per memory limit (each limit is a process flag, so processes with different
 * limits cannot be shared): `keep` one warm, at most `max` drawing at once.
 */
export function poolsByMemoryLimit(moduleUrl: URL, max: number): (memoryMb: number) => ProcessPool {
  const pools = new Map<number, ProcessPool>()
  return (memoryMb) => {
    let pool = pools.get(memoryMb)
    if (!pool) {
      pool = new ProcessPool(moduleUrl, { maxOldGenerationSizeMb: memoryMb }, { keep: 1, max })
      pools.set(memoryMb, pool)
    }
    return pool
  }
}
