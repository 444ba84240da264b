// Where a review stands in its methodology: each stage's status, the current stage, and whether the
// lead reviewer may mark a stage complete. Guidance, not a cage: failing checks can be overridden with a reason.
//
// Status rules, first match wins:
// - complete: the stage has a completedAt (with or without an override);
// - ready: every readiness check passes;
// - in-progress: the data shows work on the stage (the stage's own hasStarted), or the stage just before
//   it is complete, so work has moved on to it. Only the stage before counts: completing scoping does not
//   put all eight later stages in progress;
// - not-started: otherwise.

import { roleCan, type ReviewRole } from '../permissions.js'
import type { IsoTimestamp, ReviewSnapshot, StageOverride } from '../review-snapshot.js'
import { stageRecord } from '../review-snapshot-queries.js'
import type { MethodologyPack, Stage } from './pack.js'

export type StageProgress = 'not-started' | 'in-progress' | 'ready' | 'complete'

export interface CheckOutcome {
  key: string
  label: string
  passed: boolean
  reason: string
}

export interface StageStatus {
  key: string
  title: string
  status: StageProgress
  checks: CheckOutcome[]
  completedAt: IsoTimestamp | null
  override: StageOverride | null
}

export function runChecks(stage: Stage, snapshot: ReviewSnapshot): CheckOutcome[] {
  return stage.checks.map((c) => {
    const result = c.check(snapshot)
    return { key: c.key, label: c.label, passed: result.passed, reason: result.reason }
  })
}

export function stageStatuses(pack: MethodologyPack, snapshot: ReviewSnapshot): StageStatus[] {
  const statuses: StageStatus[] = []
  for (const stage of pack.stages) {
    const record = stageRecord(snapshot, stage.key)
    const checks = runChecks(stage, snapshot)
    const completedAt = record?.completedAt ?? null
    const previousComplete = statuses.at(-1)?.status === 'complete'
    let status: StageProgress
    const heldOpen = stage.holdsOpen?.(snapshot) ?? null
    if (completedAt !== null && heldOpen === null) status = 'complete'
    else if (checks.every((c) => c.passed)) status = 'ready'
    else if (stage.hasStarted(snapshot) || previousComplete || completedAt !== null) status = 'in-progress'
    else status = 'not-started'
    statuses.push({ key: stage.key, title: stage.title, status, checks, completedAt, override: record?.override ?? null })
  }
  return statuses
}

/** The first stage not yet complete, or `null` once every stage is complete. */
export function currentStage(pack: MethodologyPack, snapshot: ReviewSnapshot): StageStatus | null {
  return stageStatuses(pack, snapshot).find((s) => s.status !== 'complete') ?? null
}

export interface CompletionRequest {
  /** The requester's role in this review; `null` when they are not a member. */
  role: ReviewRole | null
  /** Why to move on despite failing checks; ignored when every check passes. */
  overrideReason: string | null
}

export interface CompletionDecision {
  allowed: boolean
  /** Why, in words to show the user, allowed or not. */
  reason: string
  /** True when completing needs the override recorded (reason, who, when) in the audit and the report. */
  override: boolean
  failingChecks: CheckOutcome[]
}

/**
 * Whether a stage may be marked complete. Only roles with the stage.complete capability may complete a
 * stage; with failing checks, only a lead reviewer, and only with a reason.
 */
export function canComplete(stage: Stage, snapshot: ReviewSnapshot, request: CompletionRequest): CompletionDecision {
  const failingChecks = runChecks(stage, snapshot).filter((c) => !c.passed)
  const refuse = (reason: string): CompletionDecision => ({ allowed: false, reason, override: false, failingChecks })

  if (request.role === null || !roleCan(request.role, 'stage.complete')) {
    return refuse('Only a lead reviewer can mark a stage complete.')
  }
  const heldOpen = stage.holdsOpen?.(snapshot) ?? null
  if (heldOpen !== null) return refuse(heldOpen)
  if ((stageRecord(snapshot, stage.key)?.completedAt ?? null) !== null) {
    return refuse(`“${stage.title}” is already complete.`)
  }
  if (failingChecks.length === 0) {
    return { allowed: true, reason: 'Every readiness check has passed.', override: false, failingChecks }
  }
  const labels = failingChecks.map((c) => c.label.charAt(0).toLowerCase() + c.label.slice(1))
  const summary = `${failingChecks.length === 1 ? 'One check has' : `${failingChecks.length} checks have`} not passed: ${labels.join('; ')}.`
  if (request.role !== 'lead-reviewer') {
    return refuse(`${summary} Only a lead reviewer can move on with checks not passed.`)
  }
  const reason = request.overrideReason?.trim() ?? ''
  if (reason === '') {
    return refuse(
      `${summary} To move on anyway, give your reason. It is kept in the audit and shown in the report’s methodology section.`,
    )
  }
  return { allowed: true, reason: `${summary} Moving on with the reason given.`, override: true, failingChecks }
}
