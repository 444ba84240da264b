// The audit trail as administrators read it: filtered, a page at a time, with the chain checked on every view
// (against the checkpoints noted outside the database).
import { listAuditActions, searchAudit, type AuditFilter } from '../data/audit-log.js'
import type { AuditRow } from '../data/schema.js'
import { listUsers, listUsersOfPartnership } from '../data/users.js'
import { NotPermitted } from '../errors.js'
import { verifyAuditChain, type ChainVerdict } from './audit.js'
import { readAuditCheckpoints } from './audit-checkpoints.js'
import { requireAdmin } from './capability.js'
import type { ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'

export interface AuditTrailPage {
  /** The whole chain's check: the instance administrator's alone (its length counts every partnership's entries). */
  chain: ChainVerdict | null
  rows: (AuditRow & { actorName: string })[]
  actions: string[]
  users: { id: string; name: string }[]
}

/**
 * The instance administrator reads the whole trail and its chain check; a partnership's administrator reads only
 * that partnership's entries (see searchAudit), and sees no count of anyone else's.
 */
export async function auditTrailFor(ctx: ServiceContext, viewer: Viewer, filter: AuditFilter): Promise<AuditTrailPage> {
  requireAdmin(viewer)
  if (!viewer.instanceAdmin && viewer.partnershipId === null) throw new NotPermitted()
  const scope = viewer.instanceAdmin ? undefined : viewer.partnershipId!
  const [users, actions, chain, rows] = await Promise.all([
    scope === undefined ? listUsers(ctx.db) : listUsersOfPartnership(ctx.db, scope),
    listAuditActions(ctx.db, scope),
    scope === undefined ? verifyAuditChain(ctx.db, readAuditCheckpoints(ctx.config.dataDir).checkpoints) : null,
    searchAudit(ctx.db, filter, scope),
  ])
  const names = new Map(users.map((u) => [u.id, u.name]))
  return {
    chain, actions, users: users.map((u) => ({ id: u.id, name: u.name })),
    rows: rows.map((r) => ({ ...r, actorName: r.actor_user_id ? (names.get(r.actor_user_id) ?? r.actor_user_id) : r.actor_kind })),
  }
}
