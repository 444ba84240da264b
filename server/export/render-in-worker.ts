// Draws a report file in a drawing process (composing its model there too), and reads files back for the publication
// leak scan there: a long PDF takes seconds and a great deal of memory, which must not stop the server answering
// everyone else. The drawer is a child process at the lowest priority, so the event loop gets the CPU first on a
// busy machine, and a panic in resvg (the DOCX's map pictures) ends the drawer, not the server. It has its own
// memory and time limits; past either the export fails with a message saying so, and the server carries on.
import { RuleBroken } from '../errors.js'
import type { AllowedLeak } from '../../methodology/redaction/leak-scan.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import type { ReportContent, ReportModelOptions } from '../../templates/model/build-report-model.js'
import type { ReportEdition, ReportFormat, ReportModel } from '../../templates/report-model.js'
import type { FoundLeak } from '../services/report-leaks.js'
import { OutputUnreadable } from '../services/report-output-text.js'
import type { ProcessPool} from '../workers/ts-process.js';
import { poolsByMemoryLimit, ranOutOfMemory } from '../workers/ts-process.js'
import type { FromRenderWorker, ToRenderWorker } from './render-worker.js'

export interface RenderLimits {
  maxMemoryMb: number
  maxSeconds: number
}

export const DEFAULT_RENDER_LIMITS: Readonly<RenderLimits> = Object.freeze({ maxMemoryMb: 1024, maxSeconds: 300 })


/** Files drawn at once; more exports wait their turn (a long PDF may use its full memory limit). */
const DRAWERS = 2

const poolFor = poolsByMemoryLimit(new URL('./render-worker.ts', import.meta.url), DRAWERS)

function tooLarge(format: ReportFormat, why: string): RuleBroken {
  return new RuleBroken(`The report is too large to draw as ${format.toUpperCase()}: ${why}. Try another format, or shorten the longest sections.`, [], 'report-too-large')
}

/** One job on a report worker, under the limits; resolves with its answer, rejects with a message naming a limit passed. */
function runJob(
  job: ToRenderWorker, what: ReportFormat, onProgress: ((fraction: number) => void) | undefined, limits: RenderLimits, signal?: AbortSignal,
): Promise<Extract<FromRenderWorker, { type: 'done' | 'scanned' }>> {
  // An abandoned job leaves the queue (take), or stops its worker mid-drawing (below), so the drawers are free for
  // the people still waiting.
  return poolFor(limits.maxMemoryMb).take(signal).then((worker) => new Promise((resolve, reject) => {
    const pool = poolFor(limits.maxMemoryMb)
    let settled = false
    const abandon = () => finish(signal!.reason as Error, false)
    const finish = (outcome: Extract<FromRenderWorker, { type: 'done' | 'scanned' }> | Error, reusable: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', abandon)
      if (reusable) pool.giveBack(worker)
      else pool.discard(worker)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const timer = setTimeout(() => finish(tooLarge(what, `drawing it took longer than ${limits.maxSeconds} seconds`), false), limits.maxSeconds * 1000)
    worker.on('message', (message: FromRenderWorker) => {
      if (message.type === 'progress') onProgress?.(message.fraction)
      else if (message.type === 'failed') finish(message.unreadable ? new OutputUnreadable(message.message) : new Error(message.message), !message.unreadable)
      else finish(message, true)
    })
    worker.on('error', (error: Error) => finish(error, false))
    // 'close' rather than 'exit': V8's reason for stopping a child past its memory limit arrives on stderr first.
    worker.on('close', (code, signal) => finish(ranOutOfMemory(worker)
      ? tooLarge(what, `drawing it needed more than ${limits.maxMemoryMb} MB of memory`)
      : new RuleBroken(`The report could not be drawn as ${what.toUpperCase()}: its drawing process stopped unexpectedly (${signal ?? `exit code ${code}`}). Try another format, or tell your administrator.`, [], 'report-not-drawn'), false))
    if (signal?.aborted) {
      finish(signal.reason as Error, true)
      return
    }
    signal?.addEventListener('abort', abandon, { once: true })
    worker.send(job)
  }))
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** Draws a report model already made. */
export async function renderReportInWorker(
  model: ReportModel, format: ReportFormat, onProgress?: (fraction: number) => void, limits: RenderLimits = DEFAULT_RENDER_LIMITS, signal?: AbortSignal,
): Promise<{ bytes: Buffer; pages: number | null }> {
  const done = await runJob({ type: 'render', model, format }, format, onProgress, limits, signal)
  if (done.type !== 'done') throw new Error('The report worker answered with something else')
  return { bytes: asBuffer(done.bytes), pages: done.pages }
}

/**
 * Builds the model from the content read from the database (server/services/report-content.ts) and draws it, both
 * on the worker: for a large review building it (every piece of text pseudonymised, the map drawn) holds the event
 * loop as long as a drawing would.
 */
export async function composeAndRenderInWorker(
  content: ReportContent, edition: ReportEdition, now: Date, options: ReportModelOptions, format: ReportFormat,
  onProgress?: (fraction: number) => void, limits: RenderLimits = DEFAULT_RENDER_LIMITS, signal?: AbortSignal,
): Promise<{ bytes: Buffer; pages: number | null; fileName: string }> {
  const done = await runJob({ type: 'compose-and-render', content, edition, now: now.toISOString(), options, format }, format, onProgress, limits, signal)
  if (done.type !== 'done') throw new Error('The report worker answered with something else')
  return { bytes: asBuffer(done.bytes), pages: done.pages, fileName: done.fileName }
}

/**
 * Reads produced files back (the PDF through pdfjs-dist) and runs the publication leak scan over their text, on the
 * worker. Throws OutputUnreadable when a file cannot be read back.
 */
export async function scanOutputInWorker(
  files: ReadonlyArray<{ format: ReportFormat; bytes: Buffer }>, register: readonly RegisterPerson[], allowed: readonly AllowedLeak[],
  limits: RenderLimits = DEFAULT_RENDER_LIMITS, signal?: AbortSignal,
): Promise<FoundLeak[]> {
  const job: ToRenderWorker = { type: 'scan', files: files.map((f) => ({ format: f.format, bytes: f.bytes })), register: [...register], allowed: [...allowed] }
  const done = await runJob(job, files[0]?.format ?? 'pdf', undefined, limits, signal)
  if (done.type !== 'scanned') throw new Error('The report worker answered with something else')
  return done.leaks
}

/** The report drawers (for tests: to hold them busy and see who waits). */
export function reportDrawers(limits: RenderLimits = DEFAULT_RENDER_LIMITS): ProcessPool {
  return poolFor(limits.maxMemoryMb)
}
