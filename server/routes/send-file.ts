// Sends a produced file as a download: its type, an attachment file name (ASCII and UTF-8), never cached.
import type { FastifyReply } from 'fastify'

export function sendFile(reply: FastifyReply, file: { bytes: Buffer; contentType: string; fileName: string }): FastifyReply {
  const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.bytes)
}
