// Builds the methodology's ReviewSnapshot (counts and facts, no case content) from the database.
// The reviews area fills in what it owns; each feature area reads its own part (the *-snapshot.ts files) and they
// are read side by side and put together in one object literal here, so the compiler checks every part is there
// and no part depends on another having run first.
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { londonDate } from '../clock.js'
import type { Executor } from '../data/schema.js'
import { latestAccreditationExpiryOf } from '../data/accreditations.js'
import { listMembers } from '../data/review-members.js'
import { listResearchQuestions, listStageRecords } from '../data/reviews.js'
import { findUserById } from '../data/users.js'
import { requireReview } from './reviews.js'
import { analysisPart } from './analysis-snapshot.js'
import { chronologyPart } from './chronology-snapshot.js'
import { evidencePart } from './evidence-snapshot.js'
import { findingsPart } from './findings-snapshot.js'
import { nationalReturnSubmitted } from './national-snapshot.js'
import { rapidReviewPart } from './rapid-review-snapshot.js'
import { reportsPart } from './reports-snapshot.js'
import { reviewConductPart } from './review-conduct-snapshot.js'
import { computeEveryTime, type KeepPerVersion } from './view-cache.js'

/**
 * `now` is the clock's time, for parts judged by date (such as overdue actions). `keep` keeps the parts worked out
 * from the chronology (and the map with it) per content version (the report passes one).
 */
export async function buildReviewSnapshot(db: Executor, reviewId: string, now: Date, keep: KeepPerVersion = computeEveryTime): Promise<ReviewSnapshot> {
  const review = await requireReview(db, reviewId)
  const today = londonDate(now)
  const [members, questions, stages, chronology, evidence, analysis, findings, reports, nationalSubmitted, rapid] = await Promise.all([
    listMembers(db, reviewId), listResearchQuestions(db, reviewId), listStageRecords(db, reviewId),
    keep('snapshot:chronology', () => chronologyPart(db, reviewId)), evidencePart(db, reviewId), analysisPart(db, reviewId, keep), findingsPart(db, reviewId, now), reportsPart(db, reviewId),
    nationalReturnSubmitted(db, reviewId), rapidReviewPart(db, reviewId, review.methodology),
  ])
  const conduct = await reviewConductPart(db, reviewId, members.filter((m) => m.role === 'lead-reviewer').map((m) => m.user_id))
  const accreditedUntil = await latestAccreditationExpiryOf(db, members.map((m) => m.user_id))
  const names = new Map<string, string>()
  for (const s of stages) {
    if (s.completed_by && !names.has(s.completed_by)) names.set(s.completed_by, (await findUserById(db, s.completed_by))?.name ?? 'a former user')
  }
  return {
    methodology: review.methodology,
    dates: {
      incident: review.incident_date, notification: review.notification_date, becameAware: rapid.becameAware, decisionToReview: review.decision_date,
      plannedPublication: review.publication_planned_on, finalReportSent: review.final_report_sent_on,
    },
    reviewPeriod: { from: review.period_from, to: review.period_to },
    scope: review.scope,
    researchQuestions: questions.map((q) => ({ id: q.id, text: q.text })),
    members: members.map((m) => ({ role: m.role, agency: m.agency, accredited: (accreditedUntil.get(m.user_id) ?? '') >= today })),
    boardLinkPersonRecorded: Boolean(review.board_link_name),
    independence: conduct.independence,
    caseGroupSteps: conduct.caseGroupSteps,
    parallelProcesses: conduct.parallelProcesses,
    family: { invited: review.family_invited_on !== null, viewsRecorded: Boolean(review.family_views) },
    chronology,
    documents: evidence.documents,
    conversations: evidence.conversations,
    keyPracticeEpisodes: analysis.keyPracticeEpisodes,
    contributoryFactors: analysis.contributoryFactors,
    map: analysis.map,
    findings: findings.findings,
    languageIssuesOpen: findings.languageIssuesOpen,
    board: findings.board,
    reports,
    nationalReturnSubmitted: nationalSubmitted,
    // For a rapid review, an agency that has sent its chronology has returned its facts.
    rapidReview: { agenciesReturnedFacts: review.methodology === 'rapid-review' ? chronology.agencies : [], ...rapid.rapidReview },
    stages: stages.map((s) => ({
      stageKey: s.stage_key,
      completedAt: s.completed_at,
      override: s.override_reason && s.completed_at ? { reason: s.override_reason, by: names.get(s.completed_by ?? '') ?? 'a former user', at: s.completed_at } : null,
    })),
  }
}
