// The audit trail for administrators: filter by action, user, review and date; the chain is checked on view.
import type { FastifyPluginAsync } from 'fastify'
import { access } from '../../http-types.js'
import { checkpointAt, takeCheckpointForAdmin } from '../../services/audit-checkpoints.js'
import { auditTrailFor } from '../../services/audit-trail.js'
import type { ServiceContext } from '../../services/context.js'
import { dateInputValues, dateValue, parseIsoDate } from '../../services/form-dates.js'
import type { ErrorDetail } from '../../errors.js'

const PAGE_SIZE = 100

interface AuditQuery { action?: string; user?: string; review?: string; from?: string; to?: string; before?: string; checkpoint?: string }

const adminAuditRoutes: FastifyPluginAsync<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get<{ Querystring: AuditQuery }>('/admin/audit', { config: { access: access.roles('admin') } }, async (request, reply) => {
    const q = request.query
    const problems: ErrorDetail[] = []
    const fromValue = dateValue(q as Record<string, unknown>, 'from')
    const toValue = dateValue(q as Record<string, unknown>, 'to')
    const from = fromValue ? parseIsoDate(fromValue, 'from', 'From date', problems) : null
    const to = toValue ? parseIsoDate(toValue, 'to', 'To date', problems) : null
    const noted = q.checkpoint && /^\d{1,12}$/.test(q.checkpoint) ? await checkpointAt(ctx, request.viewer!, Number(q.checkpoint)) : null
    const { users, actions, chain, rows, next } = await auditTrailFor(ctx, request.viewer!, {
      action: q.action || undefined, actorUserId: q.user || undefined, reviewId: q.review?.trim() || undefined,
      from: from ? `${from}T00:00:00.000Z` : undefined,
      to: to ? new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
      before: q.before || undefined, limit: PAGE_SIZE,
    })
    const params = new URLSearchParams(Object.entries({ ...q, before: '', checkpoint: '' }).filter(([, v]) => v) as [string, string][])
    if (next) params.set('before', next)
    const fields = Object.fromEntries(problems.map((p) => [p.path, p.message]))
    return reply.code(problems.length ? 400 : 200).page('pages/admin/audit', {
      pageTitle: 'Audit trail',
      wide: true,
      chain,
      instanceAdmin: request.viewer!.instanceAdmin,
      noted,
      rows,
      filter: q,
      fromParts: dateInputValues(q as Record<string, unknown>, 'from'),
      toParts: dateInputValues(q as Record<string, unknown>, 'to'),
      errors: { summary: problems.map((p) => ({ text: p.message, href: `#${p.path}` })), fields },
      actionOptions: actions.map((a) => ({ value: a, text: a })),
      userOptions: users.map((u) => ({ value: u.id, text: u.name })),
      nextPage: next ? `/admin/audit?${params.toString()}` : null,
      breadcrumbs: [{ text: 'Administration', href: '/admin' }, { text: 'Audit trail' }],
    })
  })

  // A checkpoint for the administrator to note down somewhere the server cannot change (paper, another system):
  // `npm run cli -- audit:verify --checkpoint SEQ:HASH` then proves the trail still holds that entry unchanged.
  app.post('/admin/audit/checkpoint', { config: { access: access.roles('admin') } }, async (request, reply) => {
    const checkpoint = await takeCheckpointForAdmin(ctx, request.viewer!)
    request.log.info({ auditCheckpoint: { seq: checkpoint.seq, hash: checkpoint.hash } }, 'audit checkpoint')
    return reply.redirect(`/admin/audit?checkpoint=${checkpoint.seq}`, 303)
  })
}
export default adminAuditRoutes
