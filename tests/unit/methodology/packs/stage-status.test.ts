import { describe, expect, it } from 'vitest'
import { learningTogether } from '../../../../methodology/packs/learning-together.js'
import type { Stage } from '../../../../methodology/packs/pack.js'
import { canComplete, currentStage, stageStatuses } from '../../../../methodology/packs/stage-status.js'
import type { StageRecord } from '../../../../methodology/review-snapshot.js'
import { finishedReview, newReview } from '../snapshot-builder.js'

const done = (stageKey: string, override: StageRecord['override'] = null): StageRecord => ({
  stageKey,
  completedAt: '2021-04-01T09:00:00.000Z',
  override,
})

function stage(key: string): Stage {
  const found = learningTogether.stages.find((s) => s.key === key)
  if (!found) throw new Error(`no stage ${key}`)
  return found
}

function statusOf(key: string, snapshot = newReview()): string | undefined {
  return stageStatuses(learningTogether, snapshot).find((s) => s.key === key)?.status
}

describe('stage status', () => {
  it('shows every stage as not started on a newly created review', () => {
    expect(new Set(stageStatuses(learningTogether, newReview()).map((s) => s.status))).toEqual(new Set(['not-started']))
  })

  it('lists stages in pack order with their titles and every check with its reason', () => {
    const statuses = stageStatuses(learningTogether, newReview())
    expect(statuses.map((s) => s.key)).toEqual(learningTogether.stages.map((s) => s.key))
    const scoping = statuses[0]
    expect(scoping?.title).toBe('Scoping and research questions')
    expect(scoping?.checks.map((c) => c.key)).toEqual(['decision-date', 'review-period', 'scope-written', 'research-questions'])
    expect(scoping?.checks.every((c) => c.reason.length > 0)).toBe(true)
  })

  it('puts a stage in progress once the data shows work on it', () => {
    expect(statusOf('scoping', newReview({ scope: 'Police and health contact, 2021.' }))).toBe('in-progress')
    expect(statusOf('gathering-data', newReview({ documents: 1 }))).toBe('in-progress')
  })

  it('puts the next stage in progress when the one before is complete, but not the stages after it', () => {
    const snapshot = newReview({ stages: [done('scoping')] })
    expect(statusOf('scoping', snapshot)).toBe('complete')
    expect(statusOf('team-and-case-group', snapshot)).toBe('in-progress')
    expect(statusOf('gathering-data', snapshot)).toBe('not-started')
  })

  it('shows a stage as ready when every check passes but it is not marked complete', () => {
    expect(stageStatuses(learningTogether, finishedReview()).map((s) => s.status)).toEqual(
      learningTogether.stages.map(() => 'ready'),
    )
  })

  it('treats a stage record without a completion time as open', () => {
    const snapshot = newReview({ scope: 'x', stages: [{ stageKey: 'scoping', completedAt: null, override: null }] })
    expect(statusOf('scoping', snapshot)).toBe('in-progress')
  })

  it('shows a stage completed over failing checks as complete, with the override', () => {
    const override = { reason: 'The family declined to take part.', by: 'A. Reviewer', at: '2021-05-01T10:00:00.000Z' }
    const snapshot = finishedReview({ family: { viewsRecorded: false }, stages: [done('conversations', override)] })
    const conversations = stageStatuses(learningTogether, snapshot).find((s) => s.key === 'conversations')
    expect(conversations?.status).toBe('complete')
    expect(conversations?.override).toEqual(override)
    expect(conversations?.checks.find((c) => c.key === 'family-views')?.passed).toBe(false)
  })

  it('does not show the findings stage as complete while a finding is a draft, and does again once none is', () => {
    const override = { reason: 'The board wants the findings now.', by: 'A. Reviewer', at: '2021-05-01T10:00:00.000Z' }
    const withDraft = finishedReview({ findings: { drafts: 1 }, stages: [done('systemic-findings', override)] })
    const held = stageStatuses(learningTogether, withDraft).find((s) => s.key === 'systemic-findings')
    expect(held?.status).toBe('in-progress')
    expect(held?.checks.find((c) => c.key === 'findings-agreed')).toMatchObject({ passed: false, reason: expect.stringMatching(/^1 finding is still a draft/) })
    expect(statusOf('systemic-findings', finishedReview({ stages: [done('systemic-findings', override)] }))).toBe('complete')
  })

  it('ignores records for stages the pack does not have', () => {
    const snapshot = newReview({ stages: [done('no-such-stage')] })
    expect(stageStatuses(learningTogether, snapshot).every((s) => s.status === 'not-started')).toBe(true)
  })
})

describe('current stage', () => {
  it('is the first stage on a new review', () => {
    expect(currentStage(learningTogether, newReview())?.key).toBe('scoping')
  })

  it('is the first stage not complete, even when a later one was completed out of order', () => {
    const snapshot = newReview({ stages: [done('scoping'), done('gathering-data')] })
    expect(currentStage(learningTogether, snapshot)?.key).toBe('team-and-case-group')
  })

  it('is null once every stage is complete', () => {
    const snapshot = newReview({ stages: learningTogether.stages.map((s) => done(s.key)) })
    expect(currentStage(learningTogether, snapshot)).toBeNull()
  })
})

describe('completing a stage', () => {
  const scoping = stage('scoping')

  it('lets a lead reviewer complete a stage whose checks all pass, with no override', () => {
    const decision = canComplete(scoping, finishedReview(), { role: 'lead-reviewer', overrideReason: null })
    expect(decision).toMatchObject({ allowed: true, override: false, failingChecks: [] })
  })

  it('lets a lead reviewer move on over failing checks with a reason, and marks it as an override', () => {
    const decision = canComplete(scoping, newReview(), {
      role: 'lead-reviewer',
      overrideReason: 'The board agreed the scope by email; it will be typed up next week.',
    })
    expect(decision.allowed).toBe(true)
    expect(decision.override).toBe(true)
    expect(decision.failingChecks.map((c) => c.key)).toEqual(['decision-date', 'scope-written', 'research-questions'])
  })

  it.each([null, '', '   \n'])('refuses a lead reviewer with failing checks and no reason (%j)', (overrideReason) => {
    const decision = canComplete(scoping, newReview(), { role: 'lead-reviewer', overrideReason })
    expect(decision.allowed).toBe(false)
    expect(decision.override).toBe(false)
    expect(decision.reason).toMatch(/3 checks have not passed/)
    expect(decision.reason).toMatch(/give your reason/)
  })

  it('names the one failing check in the refusal', () => {
    const decision = canComplete(scoping, finishedReview({ scope: null }), { role: 'lead-reviewer', overrideReason: '' })
    expect(decision.reason).toMatch(/^One check has not passed: the scope is written down\./)
  })

  it('refuses a review team member, even with a reason', () => {
    const decision = canComplete(scoping, newReview(), { role: 'review-team', overrideReason: 'We are ready to move on.' })
    expect(decision.allowed).toBe(false)
    expect(decision.reason).toMatch(/lead reviewer/)
  })

  it.each(['review-team', 'case-group', 'board-chair', null] as const)(
    'refuses %s even when every check passes',
    (role) => {
      expect(canComplete(scoping, finishedReview(), { role, overrideReason: null }).allowed).toBe(false)
    },
  )

  it('refuses to complete the findings stage while drafts remain, even with a reason', () => {
    const decision = canComplete(stage('systemic-findings'), finishedReview({ findings: { drafts: 2 } }), { role: 'lead-reviewer', overrideReason: 'We are out of time.' })
    expect(decision.allowed).toBe(false)
    expect(decision.reason).toMatch(/^2 findings are still drafts: agree each when complete, or delete them\./)
  })

  it('refuses to complete a stage twice', () => {
    const decision = canComplete(scoping, finishedReview({ stages: [done('scoping')] }), {
      role: 'lead-reviewer',
      overrideReason: 'again',
    })
    expect(decision.allowed).toBe(false)
    expect(decision.reason).toMatch(/already complete/)
  })
})
