// Reads of case content are audited like changes: one row per page or API read, written before the content is
// returned, naming what was read (ids, counts and which filters; never the words searched or any content).
import { recordAudit, type AuditEntry } from './audit.js'
import type { ServiceContext } from './context.js'
import type { ReviewViewer } from './viewer.js'

export async function auditRead(ctx: ServiceContext, viewer: ReviewViewer, entry: Omit<AuditEntry, 'reviewId'>): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await recordAudit(trx, ctx.clock, viewer.actor, { ...entry, reviewId: viewer.reviewId })
  })
}
