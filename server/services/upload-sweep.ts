// Uploaded files nobody will come back for: an import's kept file once the import is committed, rolled back,
// discarded or gone, and temporary upload files a crash or a dropped connection left behind.
import fs from 'node:fs'
import path from 'node:path'
import { findImportStatuses } from '../data/chronology-imports.js'
import type { ImportStatus } from '../data/tables/chronology.js'
import type { ServiceContext } from './context.js'

/** An import in these states may still be checked again or committed, so its file is kept however old. */
const PENDING: readonly ImportStatus[] = ['analysing', 'previewed', 'failed']
const UPLOAD_SUFFIX = '.upload'

async function oldFiles(dir: string, olderThanMs: number): Promise<string[]> {
  let names: string[]
  try {
    names = await fs.promises.readdir(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const old: string[] = []
  for (const name of names) {
    if (!name.endsWith(UPLOAD_SUFFIX)) continue
    const stat = await fs.promises.lstat(path.join(dir, name)).catch(() => null)
    if (stat?.isFile() && stat.mtimeMs < olderThanMs) old.push(name)
  }
  return old
}

/** Removes abandoned uploads older than UPLOAD_SWEEP_HOURS; returns how many went. */
export async function sweepAbandonedUploads(ctx: ServiceContext): Promise<{ imports: number; temporary: number }> {
  const cutoff = ctx.clock.now().getTime() - ctx.config.uploadSweepHours * 3_600_000
  const importsDir = path.join(ctx.config.dataDir, 'imports')
  const candidates = await oldFiles(importsDir, cutoff)
  const statuses = await findImportStatuses(ctx.db, candidates.map((name) => name.slice(0, -UPLOAD_SUFFIX.length)))
  let imports = 0
  for (const name of candidates) {
    const status = statuses.get(name.slice(0, -UPLOAD_SUFFIX.length))
    if (status && PENDING.includes(status)) continue
    await fs.promises.rm(path.join(importsDir, name), { force: true })
    imports++
  }
  const tempDir = path.join(ctx.config.dataDir, 'tmp')
  let temporary = 0
  for (const name of await oldFiles(tempDir, cutoff)) {
    await fs.promises.rm(path.join(tempDir, name), { force: true })
    temporary++
  }
  return { imports, temporary }
}
