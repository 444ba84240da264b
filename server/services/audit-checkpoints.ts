// Checkpoints of the audit chain: the newest entry's number and hash, written where the database file does not
// hold them (a file in the data directory, the log, and the administrator's screen on request), so that
// `audit:verify` can tell when entries were deleted or the chain was recomputed with the key.
import fs from 'node:fs'
import path from 'node:path'
import { findAuditEntry, readChainHead } from '../data/audit-log.js'
import type { Executor } from '../data/schema.js'
import type { Clock } from '../clock.js'
import { recordAudit, type AuditCheckpoint } from './audit.js'
import type { ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'
import { requireInstanceAdmin } from './capability.js'

export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl'

export function checkpointFile(dataDir: string): string {
  return path.join(dataDir, CHECKPOINT_FILE)
}

/** One checkpoint per line; lines that are not checkpoints are counted, not trusted. */
export function readAuditCheckpoints(dataDir: string): { checkpoints: AuditCheckpoint[]; unreadable: number } {
  let text: string
  try {
    text = fs.readFileSync(checkpointFile(dataDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], unreadable: 0 }
    throw error
  }
  const checkpoints: AuditCheckpoint[] = []
  let unreadable = 0
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const parsed = parseCheckpointLine(line)
    if (parsed) checkpoints.push(parsed)
    else unreadable++
  }
  return { checkpoints, unreadable }
}

function parseCheckpointLine(line: string): AuditCheckpoint | null {
  try {
    const value = JSON.parse(line) as Partial<AuditCheckpoint>
    if (typeof value.seq !== 'number' || !Number.isInteger(value.seq) || value.seq < 0) return null
    if (typeof value.hash !== 'string' || !/^[0-9a-f]{64}$/.test(value.hash)) return null
    const keyedFrom = typeof value.keyedFromSeq === 'number' && Number.isInteger(value.keyedFromSeq) && value.keyedFromSeq > 0 ? { keyedFromSeq: value.keyedFromSeq } : {}
    return { at: String(value.at ?? ''), seq: value.seq, hash: value.hash, source: String(value.source ?? 'file'), ...keyedFrom }
  } catch {
    return null
  }
}

/** A checkpoint as an administrator notes it from the screen or the log: "1234:ab12…" (entry number, colon, hash). */
export function parseCheckpointArgument(text: string): AuditCheckpoint | null {
  const match = /^\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*$/.exec(text)
  if (!match) return null
  return { at: 'given on the command line', seq: Number(match[1]), hash: match[2]!.toLowerCase(), source: 'noted' }
}

/**
 * Notes the chain's newest entry in the checkpoint file (created readable by its owner only) and returns it.
 * Unless `always`, nothing is written when the chain has not moved since the last checkpoint.
 */
export async function writeAuditCheckpoint(
  deps: { db: Executor; clock: Clock; dataDir: string }, source: string, opts: { always?: boolean } = {},
): Promise<{ checkpoint: AuditCheckpoint; written: boolean }> {
  const head = await readChainHead(deps.db)
  // The keyed boundary too: the database holds it, so a rewrite could move it (see verifyAuditChain).
  const checkpoint: AuditCheckpoint = { at: deps.clock.now().toISOString(), seq: head.seq, hash: head.hash, source, keyedFromSeq: head.keyedFromSeq }
  const last = readAuditCheckpoints(deps.dataDir).checkpoints.at(-1)
  if (!opts.always && last && last.seq === head.seq && last.hash === head.hash && last.keyedFromSeq === head.keyedFromSeq) return { checkpoint, written: false }
  fs.mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 })
  fs.appendFileSync(checkpointFile(deps.dataDir), `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 })
  return { checkpoint, written: true }
}

/**
 * An administrator asks for a checkpoint to note down: the request is itself audited first, so the checkpoint
 * covers it. Written to the file always, and to the log by the caller.
 */
export async function takeCheckpointForAdmin(ctx: ServiceContext, viewer: Viewer): Promise<AuditCheckpoint> {
  requireInstanceAdmin(viewer)
  const actor = viewer.actor
  await ctx.db.transaction().execute((trx) => recordAudit(trx, ctx.clock, actor, { action: 'audit.checkpoint' }))
  const { checkpoint } = await writeAuditCheckpoint({ db: ctx.db, clock: ctx.clock, dataDir: ctx.config.dataDir }, 'admin', { always: true })
  return checkpoint
}

/** The entry an administrator's noted checkpoint names, to show it again with its hash. */
export async function checkpointAt(ctx: ServiceContext, viewer: Viewer, seq: number): Promise<{ seq: number; hash: string; at: string } | null> {
  requireInstanceAdmin(viewer)
  const row = await findAuditEntry(ctx.db, seq)
  return row ? { seq: row.seq, hash: row.hash, at: row.at } : null
}
