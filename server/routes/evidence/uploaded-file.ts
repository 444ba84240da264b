// The file a multipart form sent in a field, if any (a form posted without a file has none).
import type { FastifyRequest } from 'fastify'
import { isUploadedFile, type UploadedFile } from '../../plugins/uploads.js'

export function uploadedFile(request: FastifyRequest, field: string): UploadedFile | null {
  const value = (request.body as Record<string, unknown> | null | undefined)?.[field]
  return isUploadedFile(value) ? value : null
}
