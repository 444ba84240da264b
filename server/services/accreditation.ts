// The register of reviewers' accreditation (Munro: reviews are led by accredited, independent reviewers).
import { BadInput } from '../errors.js'
import { insertAccreditation, latestAccreditationExpiry, listAccreditationsOfUser } from '../data/accreditations.js'
import type { Accreditation } from '../data/schema.js'
import { londonDate } from '../clock.js'
import { recordAudit } from './audit.js'
import { nowIso, type ServiceContext } from './context.js'
import { requireManagedUser } from './accounts.js'
import type { Viewer } from './viewer.js'
import { parseIsoDate } from './form-dates.js'

export interface AccreditationView extends Accreditation {
  lapsed: boolean
}

export interface AccreditationInput {
  body: string
  reference: string
  validFrom: string
  validUntil: string
}

/** An administrator records an accreditation of an account of their own partnership. */
export async function recordAccreditation(ctx: ServiceContext, viewer: Viewer, userId: string, input: AccreditationInput): Promise<void> {
  const actor = viewer.actor
  await requireManagedUser(ctx, viewer, userId)
  const details = []
  if (!input.body.trim()) details.push({ path: 'body', message: 'Enter the accrediting body' })
  if (!input.reference.trim()) details.push({ path: 'reference', message: 'Enter the accreditation reference' })
  const from = input.validFrom.trim() ? parseIsoDate(input.validFrom, 'validFrom', 'Valid from', details) : null
  const until = parseIsoDate(input.validUntil, 'validUntil', 'Valid until', details)
  if (from && until && until < from) details.push({ path: 'validUntil', message: 'Valid until must be after valid from' })
  if (details.length || !until) throw new BadInput('There is a problem with the accreditation', details)
  const row: Accreditation = {
    id: ctx.newId(), user_id: userId, body: input.body.trim(), reference: input.reference.trim(),
    valid_from: from, valid_until: until, recorded_by: actor.userId, recorded_at: nowIso(ctx),
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertAccreditation(trx, row)
    await recordAudit(trx, ctx.clock, actor, { action: 'accreditation.record', objectType: 'user', objectId: userId, details: { accreditationId: row.id, validUntil: until } })
  })
}

export async function accreditationsOf(ctx: ServiceContext, userId: string): Promise<AccreditationView[]> {
  const today = londonDate(ctx.clock.now())
  return (await listAccreditationsOfUser(ctx.db, userId)).map((a) => ({ ...a, lapsed: a.valid_until < today }))
}

export type AccreditationStatus = { state: 'none' } | { state: 'current'; until: string } | { state: 'lapsed'; until: string }

export async function accreditationStatuses(ctx: ServiceContext): Promise<Map<string, AccreditationStatus>> {
  const today = londonDate(ctx.clock.now())
  const latest = await latestAccreditationExpiry(ctx.db)
  const out = new Map<string, AccreditationStatus>()
  for (const [userId, until] of latest) out.set(userId, until < today ? { state: 'lapsed', until } : { state: 'current', until })
  return out
}
