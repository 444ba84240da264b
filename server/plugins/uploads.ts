// Multipart uploads stream to private temporary files (never held whole in memory) and are deleted
// when the response has been sent, whatever happened.
import fp from 'fastify-plugin'
import multipart, { type MultipartFile } from '@fastify/multipart'
import fs from 'node:fs'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { TooLarge } from '../errors.js'
import { cleanFileName } from '../export/file-names.js'

export interface UploadedFile {
  path: string
  filename: string
  mimetype: string
  size: number
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && 'path' in value && 'filename' in value && 'size' in value
}

export default fp(
  async (app, opts: { tempDir: string; maxBytes: number }) => {
    fs.mkdirSync(opts.tempDir, { recursive: true, mode: 0o700 })
    await app.register(multipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: opts.maxBytes, files: 5, fields: 50, fieldSize: 1024 * 1024, parts: 60 },
      async onFile(this: FastifyRequest, part: MultipartFile & { value?: unknown }) {
        const target = path.join(opts.tempDir, `${randomUUID()}.upload`)
        this.tempFiles.push(target)
        await pipeline(part.file, fs.createWriteStream(target, { mode: 0o600 }))
        if (part.file.truncated) throw new TooLarge(`The file is larger than the ${Math.round(opts.maxBytes / 1024 / 1024)} MB limit. Split it into smaller files, or ask your administrator to raise MAX_UPLOAD_MB.`)
        const uploaded: UploadedFile = { path: target, filename: cleanFileName(path.basename(part.filename || 'upload')), mimetype: part.mimetype, size: fs.statSync(target).size }
        part.value = uploaded
      },
    })
    app.addHook('onResponse', async (request) => {
      for (const file of request.tempFiles ?? []) fs.rm(file, { force: true }, () => undefined)
    })
  },
  { name: 'uploads', dependencies: ['authentication'] },
)
