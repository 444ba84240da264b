// The review-conduct part of the review snapshot: independence declarations of the current lead reviewers,
// case-group steps and the parallel processes register, as counts.
import { agencyKeyOf } from '../../methodology/agency-key.js'
import { listCaseGroupSteps, listIndependenceDeclarations, listParallelProcesses } from '../data/review-conduct.js'
import type { Executor } from '../data/schema.js'
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { parseParticipants } from './review-conduct.js'

export type ReviewConductPart = Pick<ReviewSnapshot, 'independence' | 'caseGroupSteps' | 'parallelProcesses'>

/** `leadReviewerIds`: the review's current lead reviewers (only their latest declarations count). */
export async function reviewConductPart(db: Executor, reviewId: string, leadReviewerIds: readonly string[]): Promise<ReviewConductPart> {
  const [declarations, steps, processes] = await Promise.all([
    listIndependenceDeclarations(db, reviewId), listCaseGroupSteps(db, reviewId), listParallelProcesses(db, reviewId),
  ])
  const leads = new Set(leadReviewerIds)
  // Newest first: the first declaration seen per lead reviewer is the one that counts.
  const latest = new Map<string, (typeof declarations)[number]>()
  for (const d of declarations) if (leads.has(d.user_id) && !latest.has(d.user_id)) latest.set(d.user_id, d)
  const current = [...latest.values()]
  const agencies = new Map<string, string>()
  for (const step of steps) for (const p of parseParticipants(step.participants)) if (p.agency) agencies.set(agencyKeyOf(p.agency), p.agency.trim())
  return {
    independence: {
      leadReviewers: leads.size,
      declaredIndependent: current.filter((d) => d.independent === 1).length,
      declaredNotIndependent: current.filter((d) => d.independent === 0).length,
      interestsDeclared: current.filter((d) => d.interests !== null).length,
    },
    caseGroupSteps: {
      followOnMeetings: steps.filter((s) => s.kind === 'follow-on-meeting').length,
      draftFindingsFeedback: steps.filter((s) => s.kind === 'draft-findings-feedback').length,
      agencies: [...agencies.values()],
    },
    parallelProcesses: {
      total: processes.length,
      open: processes.filter((p) => p.status !== 'concluded').length,
      kinds: [...new Set(processes.map((p) => p.kind))],
    },
  }
}
