// Partnerships as tenants (issue 14). The instance administrator adds partnerships and gives each its first
// administrator; everything else in a partnership (its accounts, its reviews) is managed by that partnership's own
// administrators and is invisible to every other partnership.
import { BadInput, NotFound } from '../errors.js'
import { findPartnership, findPartnershipByName, insertPartnership, listPartnershipAdmins, listPartnerships, type Partnership } from '../data/partnerships.js'
import type { User } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { createUser } from './accounts.js'
import { requireAdmin, requireInstanceAdmin } from './capability.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import type { Viewer } from './viewer.js'

const NAME_MAX = 200

/**
 * The partnerships an administrator may name: every one for the instance administrator, their own for a
 * partnership's administrator (the JSON API's GET /api/v1/partnerships). No counts of anyone's reviews or accounts.
 */
export async function partnershipsOfAdmin(ctx: ServiceContext, viewer: Viewer): Promise<Partnership[]> {
  requireAdmin(viewer)
  if (viewer.instanceAdmin) return listPartnerships(ctx.db)
  const own = viewer.partnershipId === null ? undefined : await findPartnership(ctx.db, viewer.partnershipId)
  return own ? [own] : []
}

/** Every partnership, by name: no counts of anyone's reviews or accounts. */
export async function partnershipsFor(ctx: ServiceContext, viewer: Viewer): Promise<Partnership[]> {
  requireInstanceAdmin(viewer)
  return listPartnerships(ctx.db)
}

export async function partnershipFor(ctx: ServiceContext, viewer: Viewer, partnershipId: string): Promise<{ partnership: Partnership; admins: Awaited<ReturnType<typeof listPartnershipAdmins>> }> {
  requireInstanceAdmin(viewer)
  const partnership = await findPartnership(ctx.db, partnershipId)
  if (!partnership) throw new NotFound('There is no such partnership')
  return { partnership, admins: await listPartnershipAdmins(ctx.db, partnershipId) }
}

export async function createPartnership(ctx: ServiceContext, viewer: Viewer, input: { name: string }): Promise<Partnership> {
  requireInstanceAdmin(viewer)
  return addPartnership(ctx, viewer.actor, input)
}

/** Adds a partnership, checked and audited; the instance administrator's page and the command line call this. */
export async function addPartnership(ctx: ServiceContext, actor: Actor, input: { name: string }): Promise<Partnership> {
  const name = input.name.trim().replace(/\s+/g, ' ')
  if (!name) throw new BadInput('There is a problem with the partnership', [{ path: 'name', message: 'Enter the safeguarding partnership’s name' }])
  if (name.length > NAME_MAX) throw new BadInput('There is a problem with the partnership', [{ path: 'name', message: `The name must be ${NAME_MAX} characters or fewer` }])
  return ctx.db.transaction().execute(async (trx) => {
    if (await findPartnershipByName(trx, name)) {
      throw new BadInput('There is a problem with the partnership', [{ path: 'name', message: 'A partnership with this name already exists' }])
    }
    const row: Partnership = { id: ctx.newId(), name, created_by: actor.userId, created_at: nowIso(ctx) }
    await insertPartnership(trx, row)
    await recordAudit(trx, ctx.clock, actor, { action: 'partnership.create', objectType: 'partnership', objectId: row.id })
    return row
  })
}

/** The instance administrator adds an administrator to a partnership (a new account with a temporary password). */
export async function addPartnershipAdmin(
  ctx: ServiceContext, viewer: Viewer, partnershipId: string, input: { email: string; name: string; password: string },
): Promise<User> {
  requireInstanceAdmin(viewer)
  if (!(await findPartnership(ctx.db, partnershipId))) throw new NotFound('There is no such partnership')
  return createUser(ctx, viewer.actor, { ...input, role: 'admin', mustChangePassword: true, partnershipId })
}
