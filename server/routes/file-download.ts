// Sending a produced file (a report) as a download, the same way from the pages and the API.
import type { FastifyReply } from 'fastify'
import { RequestAbandoned } from '../errors.js'

export interface DownloadFile {
  fileName: string
  contentType: string
  bytes: Buffer | Uint8Array
}

/** The file as a download: never cached, never shown inline. */
export function sendDownload(reply: FastifyReply, file: DownloadFile): FastifyReply {
  const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.bytes)
}

/**
 * Aborted when the client goes away before the response is finished (the connection closes first): long work
 * done for the request (drawing a report) stops instead of holding a worker for a file nobody will receive.
 */
export function untilClientLeaves(reply: FastifyReply): AbortSignal {
  const controller = new AbortController()
  const response = reply.raw
  const closed = () => {
    if (!response.writableFinished) controller.abort(new RequestAbandoned())
  }
  response.once('close', closed)
  return controller.signal
}
