// The national return exactly as it would be submitted now, as the lead reviewer reads it before sending
// (page and API): capability check and audit row in one place, over the national return service.
import type { BuiltReturn } from '../../methodology/national/build-return.js'
import { buildReturnFor } from './national-return.js'
import { requireCapability } from './capability.js'
import type { ServiceContext } from './context.js'
import { auditRead } from './read-audit.js'
import type { ReviewViewer } from './viewer.js'

export async function returnPreviewFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<BuiltReturn> {
  requireCapability(viewer, 'national.return')
  const built = await buildReturnFor(ctx.db, viewer.reviewId)
  await auditRead(ctx, viewer, {
    action: 'national.return.preview', objectType: 'national-return', objectId: viewer.reviewId,
    details: { findings: built.document.findings?.length ?? 0, leaks: built.leaks.length },
  })
  return built
}
