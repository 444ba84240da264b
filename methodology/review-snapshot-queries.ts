// Questions asked of a review snapshot by more than one pack or by the quality self-assessment.

import { agencyKeyOf } from './agency-key.js'
import type { ReviewRole } from './permissions.js'
import type { ReviewSnapshot, StageRecord } from './review-snapshot.js'

export function membersWithRole(snapshot: ReviewSnapshot, role: ReviewRole): ReviewSnapshot['members'] {
  return snapshot.members.filter((m) => m.role === role)
}

/** Agency names compare as everywhere else (see agency-key.ts). */
const agencyKey = agencyKeyOf

/** Distinct agencies of the members in a role, in first-seen order and original spelling. */
export function agenciesOf(snapshot: ReviewSnapshot, role: ReviewRole): string[] {
  return distinctAgencies(membersWithRole(snapshot, role).flatMap((m) => (m.agency === null ? [] : [m.agency])))
}

export function distinctAgencies(agencies: readonly string[]): string[] {
  const seen = new Map<string, string>()
  for (const agency of agencies) {
    const key = agencyKey(agency)
    if (key !== '' && !seen.has(key)) seen.set(key, agency.trim())
  }
  return [...seen.values()]
}

/** The agencies in `required` that do not appear in `present`. */
export function agenciesMissing(required: readonly string[], present: readonly string[]): string[] {
  const have = new Set(present.map(agencyKey))
  return distinctAgencies(required).filter((a) => !have.has(agencyKey(a)))
}

export function stageRecord(snapshot: ReviewSnapshot, stageKey: string): StageRecord | null {
  return snapshot.stages.find((s) => s.stageKey === stageKey) ?? null
}

export function hasText(value: string | null): value is string {
  return value !== null && value.trim() !== ''
}

export function allFindings(snapshot: ReviewSnapshot): number {
  return snapshot.findings.systemic + snapshot.findings.goodPractice
}

/** Research questions no finding says it addresses. */
export function researchQuestionsUnanswered(snapshot: ReviewSnapshot): ReviewSnapshot['researchQuestions'] {
  const answered = new Set(snapshot.findings.researchQuestionIdsAddressed)
  return snapshot.researchQuestions.filter((q) => !answered.has(q.id))
}
