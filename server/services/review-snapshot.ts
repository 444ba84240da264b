// Builds the methodology's ReviewSnapshot (counts and facts, no case content) from the database.
// The reviews area fills in what it owns; each feature area adds its part through a contributor
// listed in snapshot-contributors.ts, so this file does not grow with every feature.
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { LCSPR_CRITERIA } from '../../methodology/rapid-review/rapid-review-record.js'
import { londonDate } from '../clock.js'
import type { Executor } from '../data/schema.js'
import { listMembers } from '../data/review-members.js'
import { listResearchQuestions, listStageRecords } from '../data/reviews.js'
import { findUserById } from '../data/users.js'
import { requireReview } from './reviews.js'
import { snapshotContributors } from './snapshot-contributors.js'

/** `now` is the clock's time, for parts judged by date (such as overdue actions); most contributors ignore it. */
export type SnapshotContributor = (db: Executor, reviewId: string, snapshot: ReviewSnapshot, now: Date) => Promise<ReviewSnapshot>

export async function buildReviewSnapshot(db: Executor, reviewId: string, now: Date): Promise<ReviewSnapshot> {
  const review = await requireReview(db, reviewId)
  const today = londonDate(now)
  const [members, questions, stages] = await Promise.all([listMembers(db, reviewId), listResearchQuestions(db, reviewId), listStageRecords(db, reviewId)])
  const accreditedUntil = new Map(
    (await db.selectFrom('accreditations').select(['user_id', (eb) => eb.fn.max('valid_until').as('until')])
      .where('user_id', 'in', members.length ? members.map((m) => m.user_id) : [''])
      .groupBy('user_id').execute()).map((r) => [r.user_id, r.until]),
  )
  const names = new Map<string, string>()
  for (const s of stages) {
    if (s.completed_by && !names.has(s.completed_by)) names.set(s.completed_by, (await findUserById(db, s.completed_by))?.name ?? 'a former user')
  }
  let snapshot: ReviewSnapshot = {
    methodology: review.methodology,
    dates: { incident: review.incident_date, notification: review.notification_date, becameAware: null, decisionToReview: review.decision_date, plannedPublication: review.publication_planned_on, finalReportSent: review.final_report_sent_on },
    reviewPeriod: { from: review.period_from, to: review.period_to },
    scope: review.scope,
    researchQuestions: questions.map((q) => ({ id: q.id, text: q.text })),
    members: members.map((m) => ({ role: m.role, agency: m.agency, accredited: (accreditedUntil.get(m.user_id) ?? '') >= today })),
    boardLinkPersonRecorded: Boolean(review.board_link_name),
    family: { invited: review.family_invited_on !== null, viewsRecorded: Boolean(review.family_views) },
    chronology: { agencies: [], events: 0, significantEvents: 0 },
    documents: 0,
    conversations: { held: 0, practitioners: 0, quotes: 0 },
    keyPracticeEpisodes: { total: 0, appraised: 0 },
    contributoryFactors: { total: 0, withEvidence: 0 },
    map: { nodes: 0, edges: 0, edgesWithEvidence: 0, edgesWithCounterfactual: 0, checkIssues: { error: 0, warning: 0 } },
    findings: { systemic: 0, drafts: 0, goodPractice: 0, withEvidence: 0, systemicWithBoardQuestions: 0, systemicWithTypologyCode: 0, researchQuestionIdsAddressed: [] },
    languageIssuesOpen: 0,
    board: { questions: 0, questionsAnswered: 0, actionsAgreed: 0, actionsCompleted: 0, actionsOverdue: 0 },
    reports: { editionsExported: [], publicationLeakScanPassed: null },
    nationalReturnSubmitted: false,
    // Filled in from the rapid review record by rapidReviewSnapshot.
    rapidReview: {
      agenciesReturnedFacts: [], immediateLearningRecorded: false, decision: null, decisionRationale: null, sentToNationalPanelOn: null,
      factsRecorded: false, immediateActions: { total: 0, done: 0 }, criteriaNotConsidered: LCSPR_CRITERIA.length, signedOffBy: [],
      decisionDate: null, panelResponseOn: null, linkedReviewId: null,
    },
    stages: stages.map((s) => ({
      stageKey: s.stage_key,
      completedAt: s.completed_at,
      override: s.override_reason && s.completed_at ? { reason: s.override_reason, by: names.get(s.completed_by ?? '') ?? 'a former user', at: s.completed_at } : null,
    })),
  }
  for (const contribute of snapshotContributors) snapshot = await contribute(db, reviewId, snapshot, now)
  return snapshot
}
