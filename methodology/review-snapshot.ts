// A plain data view of one review, built by the server from the database and read by the methodology
// packs (readiness checks), the statutory clocks and the quality self-assessment. It carries counts and
// facts only: no names of family members, no case content, so it is safe to pass around and to log.
//
// Conventions: every field is always present. A value the review has not got yet is `null` (a date not
// recorded) or zero / false / an empty list (nothing done yet). Dates are `YYYY-MM-DD` in England;
// timestamps are ISO 8601 strings in UTC. "Agency" is the agency's display name as recorded in the
// review; the server must use the same spelling for members, chronology imports and rapid review facts
// (matching ignores case and surrounding spaces).

import type { IsoDate } from './calendar/iso-date.js'
import type { ReviewRole } from './permissions.js'

export type { IsoDate } from './calendar/iso-date.js'

/** An instant as an ISO 8601 string in UTC, e.g. `2024-03-01T10:15:00.000Z`. */
export type IsoTimestamp = string

export type ReportEdition = 'internal' | 'publication'

export type { RapidReviewDecision } from './rapid-review/rapid-review-record.js'
import type { Partner, RapidReviewDecision } from './rapid-review/rapid-review-record.js'

export interface ResearchQuestion {
  /** Stable id, so findings can say which question they answer. */
  id: string
  /** The question as agreed at scoping. */
  text: string
}

export interface SnapshotMember {
  /** The member's role in this review (a person with two roles appears twice). */
  role: ReviewRole
  /** The agency the member works for; `null` for independent reviewers and board members without one. */
  agency: string | null
  /** Holds an accreditation that is valid today (the server judges validity against its clock). */
  accredited: boolean
}

export interface StageOverride {
  /** Why the lead reviewer moved on although some readiness checks had not passed. Never empty. */
  reason: string
  /** Who moved on: the user's display name as shown in the audit and the report's methodology section. */
  by: string
  at: IsoTimestamp
}

export interface StageRecord {
  /** A stage key from the review's methodology pack, e.g. `scoping`. */
  stageKey: string
  /** When the lead reviewer marked the stage complete; `null` while it is open. */
  completedAt: IsoTimestamp | null
  /** Set when the stage was completed with failing checks; `null` when every check had passed. */
  override: StageOverride | null
}

export interface ReviewSnapshot {
  /** The methodology pack key, e.g. `learning-together` or `rapid-review`. */
  methodology: string

  dates: {
    /** When the incident (death or serious harm) happened. */
    incident: IsoDate | null
    /** When the incident was notified to the national panel. */
    notification: IsoDate | null
    /**
     * When the safeguarding partnership became aware of the incident (a rapid review's facts): the notification
     * and rapid review clocks start here, not at the incident.
     */
    becameAware: IsoDate | null
    /** When the report is to be published. */
    plannedPublication: IsoDate | null
    /** When the final report was sent to the national panel and the Department for Education. */
    finalReportSent: IsoDate | null
    /** When the board or safeguarding partners decided to carry out this review (starts the report clock). */
    decisionToReview: IsoDate | null
  }

  /** The period of practice the review looks at; required when a review is created. */
  reviewPeriod: { from: IsoDate; to: IsoDate }

  /** The written scope statement; `null` until the lead reviewer writes one. */
  scope: string | null

  /** The review's research questions, in the order agreed at scoping. */
  researchQuestions: ResearchQuestion[]

  /** Every current membership of the review. */
  members: SnapshotMember[]

  /** Whether the board's named link person is recorded (joint working with the board, as Munro asked). */
  boardLinkPersonRecorded: boolean

  /** Lead reviewers' declarations of independence from the agencies under review (each one's latest counts). */
  independence: {
    /** Lead reviewers of the review. */
    leadReviewers: number
    /** Lead reviewers whose latest declaration says they are independent of every agency under review. */
    declaredIndependent: number
    /** Lead reviewers whose latest declaration says they are not. */
    declaredNotIndependent: number
    /** Lead reviewers whose latest declaration lists interests (which may still be compatible with independence). */
    interestsDeclared: number
  }

  /** The case group's recorded steps after the conversations. */
  caseGroupSteps: {
    /** Follow-on meetings of the case group, testing the emerging analysis. */
    followOnMeetings: number
    /** Occasions practitioners gave feedback on the draft findings. */
    draftFindingsFeedback: number
    /** Distinct agencies that took part in any step. */
    agencies: string[]
  }

  /** The register of parallel processes (criminal proceedings, inquests, disciplinary, domestic homicide reviews). */
  parallelProcesses: {
    total: number
    /** Not yet concluded. */
    open: number
    /** Kinds recorded, e.g. `criminal`, `inquest`. */
    kinds: string[]
  }

  family: {
    /** The family has been invited to contribute (a contact recorded, whatever their answer). */
    invited: boolean
    /** The family's views, or the child's lived experience as they describe it, are recorded in the review. */
    viewsRecorded: boolean
  }

  chronology: {
    /** Agencies with at least one committed chronology import (distinct names). */
    agencies: string[]
    /** Events in the integrated chronology. */
    events: number
    /** Events marked significant. */
    significantEvents: number
  }

  /** Supporting documents attached to the review (procedures, forms, records). */
  documents: number

  conversations: {
    /** Conversations recorded with practitioners. */
    held: number
    /** Distinct practitioners who took part in at least one conversation (members or not). */
    practitioners: number
    /** Quotes taken from conversations and marked as evidence. */
    quotes: number
  }

  keyPracticeEpisodes: {
    total: number
    /** Episodes whose appraisal (adequate, good or a problem) is recorded. */
    appraised: number
    /** Episodes that lost chronology events when an import was rolled back, and have not been edited since. */
    lostEvents: number
  }

  contributoryFactors: {
    total: number
    /** Factors citing at least one piece of evidence (event, quote or document). */
    withEvidence: number
  }

  map: {
    nodes: number
    edges: number
    /** Edges with at least one evidence link. */
    edgesWithEvidence: number
    /** Edges whose counterfactual question has an answer (yes, no or unsure). */
    edgesWithCounterfactual: number
    /**
     * Open map check issues by severity: `error` for problems that break the map's logic (such as a
     * cycle or an edge with no evidence), `warning` for patterns worth a second look.
     */
    checkIssues: { error: number; warning: number }
  }

  findings: {
    /** Systemic findings (any state, drafts included). */
    systemic: number
    /** Findings of either kind not yet agreed by the lead reviewer: drafts count as not done. */
    drafts: number
    /** Good practice findings. */
    goodPractice: number
    /** Findings of either kind linked to at least one piece of evidence (episode, map node, event, quote). */
    withEvidence: number
    /** Systemic findings with at least one question for the board. */
    systemicWithBoardQuestions: number
    /** Systemic findings tagged with at least one typology code. */
    systemicWithTypologyCode: number
    /** Ids of research questions that at least one finding says it addresses. */
    researchQuestionIdsAddressed: string[]
    /** Findings citing a chronology event that no longer exists (an import was rolled back). */
    citingRemovedEvents: number
  }

  /** Language check issues (hindsight or blame wording) neither fixed nor dismissed with a reason. */
  languageIssuesOpen: number

  board: {
    /** Questions for the board across the agreed findings (the board sees no drafts). */
    questions: number
    /** Questions with the board's written response recorded. */
    questionsAnswered: number
    /** Actions the board has agreed. */
    actionsAgreed: number
    /** Agreed actions marked done, with evidence. */
    actionsCompleted: number
    /** Agreed actions past their due date and not done. */
    actionsOverdue: number
  }

  reports: {
    /** Editions exported at least once (each distinct edition once). */
    editionsExported: ReportEdition[]
    /** Result of the latest publication leak scan; `null` when none has run. */
    publicationLeakScanPassed: boolean | null
  }

  /** The anonymised national return has been submitted. */
  nationalReturnSubmitted: boolean

  /** Facts a rapid review records. All empty or `null` for a review that had none. */
  rapidReview: {
    /** Agencies that returned their facts (distinct names). */
    agenciesReturnedFacts: string[]
    immediateLearningRecorded: boolean
    decision: RapidReviewDecision | null
    /** Why that decision was reached; `null` until written. */
    decisionRationale: string | null
    /** When the rapid review was sent to the Child Safeguarding Practice Review Panel. */
    sentToNationalPanelOn: IsoDate | null
    /** The account of the incident is written. */
    factsRecorded: boolean
    /** Immediate safeguarding actions recorded, and how many are done. */
    immediateActions: { total: number; done: number }
    /** Standard criteria for a local review not yet answered. */
    criteriaNotConsidered: number
    /** Partners who have signed off, in the order they signed. */
    signedOffBy: Partner[]
    /** When the partners reached the decision. */
    decisionDate: IsoDate | null
    /** When the Panel's response came; `null` while none is recorded. */
    panelResponseOn: IsoDate | null
    /** For a rapid review: the local review started from it. For a local review: the rapid review it came from. */
    linkedReviewId: string | null
  }

  /** Records of the review's stages. A stage with no record, or with `completedAt: null`, is open. */
  stages: StageRecord[]
}
