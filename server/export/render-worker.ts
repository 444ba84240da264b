// The worker side of render-in-worker.ts: draws one report file per job and sends the bytes back.
import { parentPort } from 'node:worker_threads'
import { renderDocx } from '../../templates/docx/render-docx.js'
import { renderHtml } from '../../templates/html/render-html.js'
import { renderPdf } from '../../templates/pdf/render-pdf.js'
import type { ReportFormat, ReportModel } from '../../templates/report-model.js'

export type ToRenderWorker = { type: 'render'; model: ReportModel; format: ReportFormat }

export type FromRenderWorker =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; bytes: Uint8Array; pages: number | null }
  | { type: 'failed'; message: string }

async function render(model: ReportModel, format: ReportFormat, onProgress: (fraction: number) => void): Promise<{ bytes: Buffer; pages: number | null }> {
  switch (format) {
    case 'pdf':
      return renderPdf(model, { onProgress })
    case 'docx':
      return { bytes: await renderDocx(model), pages: null }
    case 'html':
      return { bytes: renderHtml(model), pages: null }
  }
}

const port = parentPort
if (port) {
  port.on('message', (message: ToRenderWorker) => {
    render(message.model, message.format, (fraction) => port.postMessage({ type: 'progress', fraction } satisfies FromRenderWorker)).then(
      ({ bytes, pages }) => {
        // A copy of its own, so its memory can be handed over rather than copied again.
        const own = new Uint8Array(bytes)
        port.postMessage({ type: 'done', bytes: own, pages } satisfies FromRenderWorker, [own.buffer])
      },
      (error: unknown) => port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromRenderWorker),
    )
  })
}
