// Moving through a methodology's stages: completing (with an override reason when checks fail) and reopening.
import { getPack } from '../../methodology/packs/index.js'
import { canComplete, stageStatuses, type StageStatus } from '../../methodology/packs/stage-status.js'
import { computeClocks, type ClockState } from '../../methodology/calendar/statutory-clocks.js'
import { CalendarYearNotCoveredError } from '../../methodology/calendar/bank-holidays-england-wales.js'
import type { MethodologyPack, Stage } from '../../methodology/packs/pack.js'
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import type { ReviewRole } from '../../methodology/permissions.js'
import { BadInput, NotFound, RuleBroken } from '../errors.js'
import { londonDate } from '../clock.js'
import { listStageRecords, upsertStageRecord } from '../data/reviews.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { buildReviewSnapshot } from './review-snapshot.js'
import { requireReview } from './reviews.js'

export interface ReviewProgress {
  pack: MethodologyPack
  snapshot: ReviewSnapshot
  stages: StageStatus[]
  current: StageStatus | null
  clocks: ClockState[]
  /** Why deadlines cannot be shown (dates outside the bank holiday data), or null. */
  clocksProblem: string | null
}

export async function reviewProgress(ctx: ServiceContext, reviewId: string): Promise<ReviewProgress> {
  const review = await requireReview(ctx.db, reviewId)
  const pack = getPack(review.methodology)
  if (!pack) throw new RuleBroken(`This review uses a methodology this instance does not know (${review.methodology})`)
  const snapshot = await buildReviewSnapshot(ctx.db, reviewId, ctx.clock.now())
  const stages = stageStatuses(pack, snapshot)
  let clocks: ClockState[] = []
  let clocksProblem: string | null = null
  try {
    clocks = computeClocks(pack, snapshot, londonDate(ctx.clock.now()))
  } catch (error) {
    // A deadline is never guessed: say why it is missing instead.
    if (!(error instanceof CalendarYearNotCoveredError)) throw error
    clocksProblem = `Deadlines cannot be worked out: ${error.message}`
  }
  return { pack, snapshot, stages, current: stages.find((s) => s.status !== 'complete') ?? null, clocks, clocksProblem }
}

export function findStage(pack: MethodologyPack, stageKey: string): Stage {
  const stage = pack.stages.find((s) => s.key === stageKey)
  if (!stage) throw new NotFound('There is no such stage in this review’s methodology')
  return stage
}

export async function completeStage(
  ctx: ServiceContext, actor: Actor, reviewId: string, stageKey: string, role: ReviewRole | null, overrideReason: string,
): Promise<{ override: boolean }> {
  const { pack, snapshot } = await reviewProgress(ctx, reviewId)
  const stage = findStage(pack, stageKey)
  const reason = overrideReason.trim()
  if (reason.length > 2000) throw new BadInput('There is a problem', [{ path: 'overrideReason', message: 'The reason must be 2,000 characters or fewer' }])
  const decision = canComplete(stage, snapshot, { role, overrideReason: reason || null })
  if (!decision.allowed) {
    if (decision.failingChecks.length && role === 'lead-reviewer') throw new BadInput(decision.reason, [{ path: 'overrideReason', message: decision.reason }])
    throw new RuleBroken(decision.reason)
  }
  await ctx.db.transaction().execute(async (trx) => {
    await upsertStageRecord(trx, {
      review_id: reviewId, stage_key: stageKey, completed_at: nowIso(ctx), completed_by: actor.userId, override_reason: decision.override ? reason : null,
    })
    await recordAudit(trx, ctx.clock, actor, {
      action: decision.override ? 'stage.complete.override' : 'stage.complete', reviewId, objectType: 'stage', objectId: stageKey,
      details: decision.override ? { reason, failingChecks: decision.failingChecks.map((c) => c.key) } : {},
    })
  })
  return { override: decision.override }
}

export async function reopenStage(ctx: ServiceContext, actor: Actor, reviewId: string, stageKey: string): Promise<void> {
  const review = await requireReview(ctx.db, reviewId)
  findStage(getPack(review.methodology)!, stageKey)
  const record = (await listStageRecords(ctx.db, reviewId)).find((r) => r.stage_key === stageKey)
  if (!record?.completed_at) throw new RuleBroken('This stage is not complete')
  await ctx.db.transaction().execute(async (trx) => {
    await upsertStageRecord(trx, { review_id: reviewId, stage_key: stageKey, completed_at: null, completed_by: null, override_reason: null })
    await recordAudit(trx, ctx.clock, actor, { action: 'stage.reopen', reviewId, objectType: 'stage', objectId: stageKey })
  })
}

/** Today's date in England for this service's clock (deadlines are local dates). */
export function today(ctx: ServiceContext): string {
  return londonDate(ctx.clock.now())
}
