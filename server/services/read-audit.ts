// Reads of case content are audited like changes: one row per page or API read, written before the content is
// returned, naming what was read (ids, counts and which filters; never the words searched or any content).
import { recordAuditAlone, type AuditEntry } from './audit.js'
import type { ServiceContext } from './context.js'
import type { ReviewViewer } from './viewer.js'

export async function auditRead(ctx: ServiceContext, viewer: ReviewViewer, entry: Omit<AuditEntry, 'reviewId'>): Promise<void> {
  await recordAuditAlone(ctx.db, ctx.clock, viewer.actor, { ...entry, reviewId: viewer.reviewId })
}

// The viewer object is built once per request, so it stands for the request here.
const auditedThisRequest = new WeakMap<ReviewViewer, Set<string>>()

/**
 * auditRead for pages that read the same content through several calls (the analysis pages): one row per request
 * for each action and object, however many times the page reads it.
 */
export async function auditReadOnce(ctx: ServiceContext, viewer: ReviewViewer, entry: Omit<AuditEntry, 'reviewId'>): Promise<void> {
  const key = `${entry.action}\u0000${entry.objectId ?? ''}`
  let seen = auditedThisRequest.get(viewer)
  if (!seen) auditedThisRequest.set(viewer, (seen = new Set()))
  if (seen.has(key)) return
  seen.add(key)
  await auditRead(ctx, viewer, entry)
}
