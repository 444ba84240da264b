// The worker side of analyse-in-worker.ts: reads one file per job with analyseImport, sending accepted
// events to the main thread a batch at a time, already laid out as the preview rows' values (preview-batch.ts: one
// JSON text per batch, cheap to pass between threads), reading on while at most AHEAD batches wait to be stored.
import { parentPort } from 'node:worker_threads'
import { BadInput } from '../errors.js'
import { analyseImport } from './analyse-import.js'
import { MappingProblem, type ImportInput } from './import-types.js'
import { encodePreviewBatch, type PreviewBatch } from './preview-batch.js'
import type { Cell } from '../../methodology/chronology/cell.js'

export type ToWorker = { type: 'job'; input: ImportInput } | { type: 'stored' }

export type FromWorker =
  | { type: 'events'; batch: PreviewBatch; firstCells: { row: number; cells: Cell[] }[] }
  | { type: 'progress'; rows: number }
  | { type: 'done'; analysis: unknown }
  | { type: 'bad-input'; message: string; details: BadInput['details']; code: string; headers?: string[] }
  | { type: 'failed'; message: string }

/**
 * Batches sent but not yet stored before reading pauses: the worker reads the next batch while the main thread
 * stores the last, and memory stays bounded by a few batches.
 */
const AHEAD = 2

const port = parentPort
if (port) {
  let unstored = 0
  let resume: (() => void) | null = null
  const send = (message: FromWorker) => port.postMessage(message)
  port.on('message', (message: ToWorker) => {
    if (message.type === 'stored') {
      unstored--
      if (resume && unstored < AHEAD) {
        const next = resume
        resume = null
        next()
      }
      return
    }
    // A job ended early (an error) may leave batches unacknowledged: each job counts from nothing.
    unstored = 0
    resume = null
    analyseImport(message.input, {
      onEvents: (events) => {
        // Only the first events carry their cells (the preview shows their dates as written).
        const firstCells: { row: number; cells: Cell[] }[] = []
        for (const e of events) if (e.cells) firstCells.push({ row: e.row, cells: e.cells })
        send({ type: 'events', batch: encodePreviewBatch(events), firstCells })
        return ++unstored < AHEAD ? undefined : new Promise<void>((resolve) => { resume = resolve })
      },
      onProgress: (rows) => send({ type: 'progress', rows }),
    }).then(
      (analysis) => send({ type: 'done', analysis }),
      (error: unknown) => {
        if (error instanceof MappingProblem) send({ type: 'bad-input', message: error.message, details: error.details, code: error.code, headers: error.headers })
        else if (error instanceof BadInput) send({ type: 'bad-input', message: error.message, details: error.details, code: error.code })
        else send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      },
    )
  })
}
