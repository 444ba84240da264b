// The drawing process's side of render-in-worker.ts (a child process at the lowest priority), one job at a time: build the report model from the content read from the
// database (pseudonymising every piece of text, the map drawings) and draw the file, or draw a model already made,
// or read produced files back (pdfjs-dist for PDF) and run the publication leak scan over their text. Each is long
// work for a large review that must not hold up the server's event loop.
import type { AllowedLeak } from '../../methodology/redaction/leak-scan.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import { renderDocx } from '../../templates/docx/render-docx.js'
import { renderHtml } from '../../templates/html/render-html.js'
import { buildReportModel, type ReportContent, type ReportModelOptions } from '../../templates/model/build-report-model.js'
import { renderPdf } from '../../templates/pdf/render-pdf.js'
import { reportFileName, type ReportEdition, type ReportFormat, type ReportModel } from '../../templates/report-model.js'
import { leakScanner, type FoundLeak } from '../services/report-leaks.js'
import { OutputUnreadable, outputText } from '../services/report-output-text.js'
import { lowerOwnPriority } from '../workers/ts-process.js'

export type ToRenderWorker =
  | { type: 'render'; model: ReportModel; format: ReportFormat }
  | { type: 'compose-and-render'; content: ReportContent; edition: ReportEdition; now: string; options: ReportModelOptions; format: ReportFormat }
  | { type: 'scan'; files: Array<{ format: ReportFormat; bytes: Uint8Array }>; register: RegisterPerson[]; allowed: AllowedLeak[] }

export type FromRenderWorker =
  | { type: 'progress'; fraction: number }
  | { type: 'done'; bytes: Uint8Array; pages: number | null; fileName: string }
  | { type: 'scanned'; leaks: FoundLeak[] }
  | { type: 'failed'; message: string; unreadable?: boolean }

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

async function run(message: ToRenderWorker, send: (reply: FromRenderWorker) => void): Promise<void> {
  if (message.type === 'scan') {
    const scanner = leakScanner(message.register, message.allowed)
    const leaks: FoundLeak[] = []
    for (const file of message.files) leaks.push(...scanner.scanParts(file.format, await outputText(file.format, Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength))))
    send({ type: 'scanned', leaks })
    return
  }
  const model = message.type === 'render' ? message.model : buildReportModel(message.content, message.edition, new Date(message.now), message.options)
  const { bytes, pages } = await render(model, message.format, (fraction) => send({ type: 'progress', fraction }))
  send({ type: 'done', bytes, pages, fileName: reportFileName(model, message.format) })
}

if (process.send) {
  lowerOwnPriority()
  const send = (reply: FromRenderWorker) => void process.send!(reply)
  process.on('message', (message: ToRenderWorker) => {
    run(message, send).catch((error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error), unreadable: error instanceof OutputUnreadable }),
    )
  })
  // The server has gone (or dropped this drawer): nothing is left to draw for.
  process.on('disconnect', () => process.exit(0))
}
