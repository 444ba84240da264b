// Findings of the leak scan that a reviewer decides are not identifying (a surname that is also a place, say),
// marked with a reason. The publication edition then leaves that text alone and the scan stops reporting it.
import { allowKey, isLeakKind, type LeakKind } from '../../methodology/redaction/leak-scan.js'
import { BadInput, NotFound, RuleBroken } from '../errors.js'
import { deleteFalsePositive, findFalsePositiveByKey, insertFalsePositive, listFalsePositives } from '../data/reports.js'
import type { ReportFalsePositive } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'

export interface FalsePositiveInput {
  kind: string
  value: string
  reason: string
}

const MAX_REASON = 1000
const MAX_VALUE = 300

export { isLeakKind }

export async function markFalsePositive(ctx: ServiceContext, actor: Actor, reviewId: string, input: FalsePositiveInput): Promise<ReportFalsePositive> {
  const reason = input.reason.trim()
  const value = input.value.trim()
  const details = []
  if (!isLeakKind(input.kind)) details.push({ path: 'kind', message: 'Choose what kind of detail the scan found' })
  if (value === '') details.push({ path: 'value', message: 'Say which text the scan found' })
  else if (value.length > MAX_VALUE) details.push({ path: 'value', message: `The text must be ${MAX_VALUE} characters or fewer` })
  if (reason === '') details.push({ path: 'reason', message: 'Enter why this is not an identifying detail' })
  else if (reason.length > MAX_REASON) details.push({ path: 'reason', message: `The reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer` })
  if (details.length > 0) throw new BadInput('There is a problem', details)
  const kind = input.kind as LeakKind
  const key = allowKey(kind, value)
  return ctx.db.transaction().execute(async (trx) => {
    if (await findFalsePositiveByKey(trx, reviewId, key)) throw new RuleBroken('This is already marked as a false positive')
    const row: ReportFalsePositive = { id: ctx.newId(), review_id: reviewId, kind, value, allow_key: key, reason, marked_by: actor.userId, marked_at: nowIso(ctx) }
    await insertFalsePositive(trx, row)
    // The value may be a name: the audit keeps the kind and the reason, and the row's id.
    await recordAudit(trx, ctx.clock, actor, { action: 'report.leak.allow', reviewId, objectType: 'false-positive', objectId: row.id, details: { kind, reason } })
    return row
  })
}

export async function removeFalsePositive(ctx: ServiceContext, actor: Actor, reviewId: string, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const existing = (await listFalsePositives(trx, reviewId)).find((f) => f.id === id)
    if (!existing) throw new NotFound('There is no such false positive in this review')
    await deleteFalsePositive(trx, reviewId, id)
    await recordAudit(trx, ctx.clock, actor, { action: 'report.leak.unallow', reviewId, objectType: 'false-positive', objectId: id, details: { kind: existing.kind } })
  })
}
