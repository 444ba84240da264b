import { describe, expect, it } from 'vitest'
import type { ReadinessCheck } from '../../../../methodology/packs/pack.js'
import { rapidReview } from '../../../../methodology/packs/rapid-review.js'
import { finishedReview, newReview, type SnapshotPatch } from '../snapshot-builder.js'

const finished = finishedReview({ methodology: 'rapid-review' })

const FAILING: Record<string, SnapshotPatch> = {
  'agency-facts/became-aware': { dates: { becameAware: null } },
  'agency-facts/notification-date': { dates: { notification: null } },
  'agency-facts/facts-recorded': { rapidReview: { factsRecorded: false } },
  'agency-facts/immediate-safeguarding': { rapidReview: { immediateActions: { total: 2, done: 1 } } },
  'agency-facts/agencies-returned': { rapidReview: { agenciesReturnedFacts: ['Police'] } },
  'immediate-learning/learning-recorded': { rapidReview: { immediateLearningRecorded: false } },
  'decision/criteria-considered': { rapidReview: { criteriaNotConsidered: 2 } },
  'decision/decision-made': { rapidReview: { decision: null } },
  'decision/rationale-written': { rapidReview: { decisionRationale: ' ' } },
  'send-to-panel/decision-made': { rapidReview: { decision: null } },
  'send-to-panel/rationale-written': { rapidReview: { decisionRationale: null } },
  'send-to-panel/signed-off': { rapidReview: { signedOffBy: ['police', 'health'] } },
  'send-to-panel/sent-date': { rapidReview: { sentToNationalPanelOn: null } },
}

function findCheck(id: string): ReadinessCheck {
  const [stageKey, checkKey] = id.split('/')
  const check = rapidReview.stages.find((s) => s.key === stageKey)?.checks.find((c) => c.key === checkKey)
  if (!check) throw new Error(`No check ${id} in the rapid review pack`)
  return check
}

describe('rapid review readiness checks', () => {
  it('has a failing case for every check in the pack', () => {
    const inPack = rapidReview.stages.flatMap((s) => s.checks.map((c) => `${s.key}/${c.key}`))
    expect(Object.keys(FAILING).sort()).toEqual([...inPack].sort())
  })

  it('runs facts, immediate learning, the decision and sending to the panel in that order', () => {
    expect(rapidReview.stages.map((s) => s.key)).toEqual(['agency-facts', 'immediate-learning', 'decision', 'send-to-panel'])
  })

  describe.each(Object.entries(FAILING))('%s', (id, patch) => {
    const check = findCheck(id)
    it('passes with a reason when the rapid review is done', () => {
      const result = check.check(finished)
      expect(result.passed).toBe(true)
      expect(result.reason.trim()).not.toBe('')
    })
    it('fails with a different reason once the evidence is taken away', () => {
      const result = check.check(finishedReview({ methodology: 'rapid-review', ...patch }))
      expect(result.passed).toBe(false)
      expect(result.reason.trim()).not.toBe('')
      expect(result.reason).not.toBe(check.check(finished).reason)
    })
  })

  it('fails every check on a newly created rapid review', () => {
    const fresh = newReview({ methodology: 'rapid-review' })
    const passing = rapidReview.stages.flatMap((s) => s.checks.filter((c) => c.check(fresh).passed).map((c) => c.key))
    expect(passing).toEqual([])
  })

  it('names the agencies whose facts are still awaited', () => {
    const result = findCheck('agency-facts/agencies-returned').check(
      finishedReview({ rapidReview: { agenciesReturnedFacts: ['Police'] } }),
    )
    expect(result.reason).toBe('Still waiting for facts from Children’s Social Care and Health Visiting.')
  })

  it('accepts facts from agencies when no review team has been named yet', () => {
    const result = findCheck('agency-facts/agencies-returned').check(
      newReview({ rapidReview: { agenciesReturnedFacts: ['Police', 'Health Visiting'] } }),
    )
    expect(result).toEqual({ passed: true, reason: 'Facts returned by 2 agencies.' })
  })

  it('names the partners still to sign off', () => {
    expect(findCheck('send-to-panel/signed-off').check(finishedReview({ rapidReview: { signedOffBy: ['health'] } })).reason).toBe('Still to sign off: Police and Local authority.')
  })

  it('says which decision was reached, in words', () => {
    expect(findCheck('decision/decision-made').check(finishedReview({ rapidReview: { decision: 'no-lcspr' } })).reason).toBe(
      'Decision recorded: no local child safeguarding practice review is needed.',
    )
    expect(findCheck('decision/decision-made').check(finished).reason).toBe(
      'Decision recorded: a local child safeguarding practice review is needed.',
    )
  })
})
