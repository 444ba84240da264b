// Purpose-built review snapshots for tests: a review just created, and one with everything done.
// Tests start from one and change only what they are about.

import type { ReviewSnapshot } from '../../../methodology/review-snapshot.js'

type Patch<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object | null ? Patch<T[K]> | T[K] : T[K] }

export type SnapshotPatch = Patch<ReviewSnapshot>

/** A review the lead reviewer has just created: one unaccredited lead reviewer, nothing else yet. */
export function newReview(patch: SnapshotPatch = {}): ReviewSnapshot {
  return apply(
    {
      methodology: 'learning-together',
      dates: { incident: null, notification: null, becameAware: null, decisionToReview: null, plannedPublication: null, finalReportSent: null },
      reviewPeriod: { from: '2021-01-04', to: '2021-09-30' },
      scope: null,
      researchQuestions: [],
      members: [{ role: 'lead-reviewer', agency: null, accredited: false }],
      boardLinkPersonRecorded: false,
      independence: { leadReviewers: 1, declaredIndependent: 0, declaredNotIndependent: 0, interestsDeclared: 0 },
      caseGroupSteps: { followOnMeetings: 0, draftFindingsFeedback: 0, agencies: [] },
      parallelProcesses: { total: 0, open: 0, kinds: [] },
      family: { invited: false, viewsRecorded: false },
      chronology: { agencies: [], events: 0, significantEvents: 0 },
      documents: 0,
      conversations: { held: 0, practitioners: 0, quotes: 0 },
      keyPracticeEpisodes: { total: 0, appraised: 0, lostEvents: 0 },
      contributoryFactors: { total: 0, withEvidence: 0 },
      map: { nodes: 0, edges: 0, edgesWithEvidence: 0, edgesWithCounterfactual: 0, checkIssues: { error: 0, warning: 0 } },
      findings: {
        systemic: 0,
        drafts: 0,
        goodPractice: 0,
        withEvidence: 0,
        systemicWithBoardQuestions: 0,
        systemicWithTypologyCode: 0,
        researchQuestionIdsAddressed: [],
        citingRemovedEvents: 0,
      },
      languageIssuesOpen: 0,
      board: { questions: 0, questionsAnswered: 0, actionsAgreed: 0, actionsCompleted: 0, actionsOverdue: 0 },
      reports: { editionsExported: [], publicationLeakScanPassed: null },
      nationalReturnSubmitted: false,
      rapidReview: {
        agenciesReturnedFacts: [],
        immediateLearningRecorded: false,
        decision: null,
        decisionRationale: null,
        sentToNationalPanelOn: null,
        factsRecorded: false,
        immediateActions: { total: 0, done: 0 },
        criteriaNotConsidered: 9,
        signedOffBy: [],
        decisionDate: null,
        panelResponseOn: null,
        linkedReviewId: null,
      },
      stages: [],
    },
    patch,
  )
}

/** A review where every piece of work has been done (stages not yet marked complete). */
export function finishedReview(patch: SnapshotPatch = {}): ReviewSnapshot {
  return apply(
    newReview({
      dates: { incident: '2021-02-08', notification: '2021-02-10', becameAware: '2021-02-09', decisionToReview: '2021-03-01', plannedPublication: null, finalReportSent: null },
      scope: 'Health, children’s social care and police contact with Child D and family, January to September 2021.',
      researchQuestions: [
        { id: 'rq1', text: 'How do agencies share worries about a baby’s injuries?' },
        { id: 'rq2', text: 'How does supervision help workers step back from a case?' },
      ],
      members: [
        { role: 'lead-reviewer', agency: null, accredited: true },
        { role: 'review-team', agency: 'Children’s Social Care', accredited: false },
        { role: 'review-team', agency: 'Health Visiting', accredited: false },
        { role: 'review-team', agency: 'Police', accredited: false },
        { role: 'case-group', agency: 'Children’s Social Care', accredited: false },
        { role: 'case-group', agency: 'health visiting ', accredited: false },
        { role: 'case-group', agency: 'Police', accredited: false },
        { role: 'board-chair', agency: null, accredited: false },
      ],
      boardLinkPersonRecorded: true,
      independence: { leadReviewers: 1, declaredIndependent: 1, declaredNotIndependent: 0, interestsDeclared: 0 },
      caseGroupSteps: { followOnMeetings: 1, draftFindingsFeedback: 1, agencies: ['Children’s Social Care', 'Health Visiting', 'Police'] },
      parallelProcesses: { total: 1, open: 0, kinds: ['criminal'] },
      family: { invited: true, viewsRecorded: true },
      chronology: { agencies: ['Children’s Social Care', 'Health Visiting', 'Police'], events: 240, significantEvents: 18 },
      documents: 12,
      conversations: { held: 5, practitioners: 4, quotes: 31 },
      keyPracticeEpisodes: { total: 6, appraised: 6, lostEvents: 0 },
      contributoryFactors: { total: 14, withEvidence: 14 },
      map: { nodes: 40, edges: 52, edgesWithEvidence: 52, edgesWithCounterfactual: 52, checkIssues: { error: 0, warning: 2 } },
      findings: {
        systemic: 4,
        drafts: 0,
        goodPractice: 1,
        withEvidence: 5,
        systemicWithBoardQuestions: 4,
        systemicWithTypologyCode: 4,
        researchQuestionIdsAddressed: ['rq1', 'rq2'],
        citingRemovedEvents: 0,
      },
      languageIssuesOpen: 0,
      board: { questions: 9, questionsAnswered: 9, actionsAgreed: 6, actionsCompleted: 2, actionsOverdue: 0 },
      reports: { editionsExported: ['internal', 'publication'], publicationLeakScanPassed: true },
      nationalReturnSubmitted: true,
      rapidReview: {
        agenciesReturnedFacts: ['Children’s Social Care', 'Health Visiting', 'Police'],
        immediateLearningRecorded: true,
        decision: 'lcspr',
        decisionRationale: 'The case may show how agencies share worries about injuries to babies, which is not yet understood locally.',
        sentToNationalPanelOn: '2021-03-02',
        factsRecorded: true,
        immediateActions: { total: 2, done: 2 },
        criteriaNotConsidered: 0,
        signedOffBy: ['local-authority', 'police', 'health'],
        decisionDate: '2021-02-24',
        panelResponseOn: '2021-03-12',
        linkedReviewId: null,
      },
    }),
    patch,
  )
}

/** Deep merge: plain objects merge, arrays and other values replace. Never mutates its inputs. */
function apply<T>(base: T, patch: Patch<T>): T {
  const out = structuredClone(base) as Record<string, unknown>
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    const current = out[key]
    out[key] =
      isPlainObject(value) && isPlainObject(current) ? apply(current, value as Patch<typeof current>) : structuredClone(value)
  }
  return out as T
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
