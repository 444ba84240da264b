// The shape of a methodology pack: stages as data, readiness checks as pure functions over a review snapshot.

import type { ClockDefinition } from '../calendar/statutory-clocks.js'
import type { ReviewSnapshot } from '../review-snapshot.js'

export interface CheckResult {
  passed: boolean
  /** Says why, whether the check passed or not, in words a lead reviewer can act on. */
  reason: string
}

export interface ReadinessCheck {
  /** Unique within its stage; stable, because overrides and tests refer to it. */
  key: string
  /** What must be true, as a statement: "Every key practice episode is appraised". */
  label: string
  check(snapshot: ReviewSnapshot): CheckResult
}

export interface Stage {
  /** Unique within the pack; stored with the review, so never renamed once released. */
  key: string
  title: string
  /** One sentence: what the stage is for. */
  purpose: string
  /** Short plain paragraphs of practical advice for the lead reviewer (no Markdown). */
  guidance: string[]
  /** What the stage produces. */
  artefacts: string[]
  /** What must be true before the stage is complete. Every stage has at least one. */
  checks: ReadinessCheck[]
  /** Whether the data shows any work on this stage yet (moves it from not started to in progress). */
  hasStarted(snapshot: ReviewSnapshot): boolean
  /**
   * What keeps the stage from being complete whatever the checks and any override reason (null when nothing
   * does). A stage marked complete shows as in progress again while this holds, and as complete once it clears.
   */
  holdsOpen?(snapshot: ReviewSnapshot): string | null
}

export interface MethodologyPack {
  key: string
  title: string
  summary: string
  /** In the order the methodology expects them to be done. */
  stages: readonly Stage[]
  /** Statutory or expected deadlines for reviews using this pack. */
  clocks: readonly ClockDefinition[]
}

export function passed(reason: string): CheckResult {
  return { passed: true, reason }
}

export function failed(reason: string): CheckResult {
  return { passed: false, reason }
}
