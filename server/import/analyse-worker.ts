// The worker side of analyse-in-worker.ts: reads one file per job with analyseImport, sending accepted
// events to the main thread a batch at a time and waiting for each to be stored before reading on.
import { parentPort } from 'node:worker_threads'
import { BadInput } from '../errors.js'
import { analyseImport } from './analyse-import.js'
import { MappingProblem, type ImportInput } from './import-types.js'

export type ToWorker = { type: 'job'; input: ImportInput } | { type: 'stored' }

export type FromWorker =
  | { type: 'events'; batch: unknown[] }
  | { type: 'progress'; rows: number }
  | { type: 'done'; analysis: unknown }
  | { type: 'bad-input'; message: string; details: BadInput['details']; code: string; headers?: string[] }
  | { type: 'failed'; message: string }

const port = parentPort
if (port) {
  let stored: (() => void) | null = null
  const send = (message: FromWorker) => port.postMessage(message)
  port.on('message', (message: ToWorker) => {
    if (message.type === 'stored') {
      const next = stored
      stored = null
      next?.()
      return
    }
    analyseImport(message.input, {
      onEvents: (batch) => new Promise<void>((resolve) => {
        stored = resolve
        send({ type: 'events', batch })
      }),
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
