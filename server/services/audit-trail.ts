// The audit trail as administrators read it: filtered, a page at a time, with the chain checked on every view
// (against the checkpoints noted outside the database).
import { listAuditActions, searchAudit, type AuditFilter } from '../data/audit-log.js'
import type { AuditRow } from '../data/schema.js'
import { listUsers } from '../data/users.js'
import { verifyAuditChain, type ChainVerdict } from './audit.js'
import { readAuditCheckpoints } from './audit-checkpoints.js'
import { requireAdmin } from './capability.js'
import type { ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'

export interface AuditTrailPage {
  chain: ChainVerdict
  rows: (AuditRow & { actorName: string })[]
  actions: string[]
  users: { id: string; name: string }[]
}

export async function auditTrailFor(ctx: ServiceContext, viewer: Viewer, filter: AuditFilter): Promise<AuditTrailPage> {
  requireAdmin(viewer)
  const [users, actions, chain, rows] = await Promise.all([listUsers(ctx.db), listAuditActions(ctx.db), verifyAuditChain(ctx.db, readAuditCheckpoints(ctx.config.dataDir).checkpoints), searchAudit(ctx.db, filter)])
  const names = new Map(users.map((u) => [u.id, u.name]))
  return {
    chain, actions, users: users.map((u) => ({ id: u.id, name: u.name })),
    rows: rows.map((r) => ({ ...r, actorName: r.actor_user_id ? (names.get(r.actor_user_id) ?? r.actor_user_id) : r.actor_kind })),
  }
}
