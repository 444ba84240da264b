// The rapid review as the safeguarding partners write it for the Child Safeguarding Practice Review Panel:
// the facts, immediate safeguarding action, learning so far, the criteria for a local review considered one by
// one, the decision and its reasons, each partner's sign-off, and what was sent to the Panel and what came back.
//
// Our reading of Working Together to Safeguard Children (2023, chapter 5), in our own words: the partners
// gather the facts quickly, make sure the child and any other children are safe, note what can be learned now
// (good practice too), weigh the criteria for a local child safeguarding practice review, decide (a local
// review, none, or a recommendation that the Panel considers a national review), and all three partners agree
// what goes to the Panel.

import type { IsoDate } from '../calendar/iso-date.js'

export const PARTNERS = ['police', 'health', 'local-authority'] as const
export type Partner = (typeof PARTNERS)[number]

export const PARTNER_LABELS: Record<Partner, string> = {
  police: 'Police',
  health: 'Health (integrated care board)',
  'local-authority': 'Local authority',
}

export const DECISIONS = ['lcspr', 'no-lcspr', 'national-review-recommended'] as const
export type RapidReviewDecision = (typeof DECISIONS)[number]

export const DECISION_LABELS: Record<RapidReviewDecision, string> = {
  lcspr: 'Carry out a local child safeguarding practice review',
  'no-lcspr': 'No local child safeguarding practice review',
  'national-review-recommended': 'Recommend that the Panel considers a national review',
}

export const DECISION_HINTS: Record<RapidReviewDecision, string> = {
  lcspr: 'A local review could find learning about how agencies work together that the rapid review cannot reach',
  'no-lcspr': 'The learning is already clear and being acted on; say why a local review would add little',
  'national-review-recommended': 'The case may raise issues that are complex or of national importance',
}

/**
 * The matters the partners weigh in deciding on a local review, as we summarise Working Together 2023. Each is
 * answered on its own (met, not met, or not yet known) with a note, so the reasons can be followed.
 */
export const LCSPR_CRITERIA = [
  { key: 'improvements-needed', text: 'The case shows, or may show, improvements needed to safeguard and promote the welfare of children, including ones identified before' },
  { key: 'recurrent-themes', text: 'The case shows, or may show, themes that keep recurring in how children are safeguarded' },
  { key: 'agencies-working-together', text: 'The case raises, or may raise, concerns about two or more agencies working together' },
  { key: 'single-agency-concern', text: 'The partners are concerned about the actions of a single agency' },
  { key: 'no-agency-involvement', text: 'No agency was involved with the family, and that itself gives the partners cause for concern' },
  { key: 'more-than-one-area', text: 'More than one local authority, police force or integrated care board area is involved' },
  { key: 'institutional-setting', text: 'The case raises issues about safeguarding children in an institutional setting' },
  { key: 'panel-suggested-local', text: 'The Panel has considered the case and thinks a local review more suitable' },
  { key: 'complex-or-national', text: 'The case raises issues that are complex or of national importance (a reason to recommend a national review)' },
] as const

export type CriterionKey = (typeof LCSPR_CRITERIA)[number]['key']

/** The words of a criterion: one of ours by key, or the partners' own wording. */
export function criterionText(criterion: string): string {
  return LCSPR_CRITERIA.find((c) => c.key === criterion)?.text ?? criterion
}

export interface RapidReviewFacts {
  /** The child: pseudonym, age, who they lived with (no identifying detail). */
  child: string
  /** The household: adults and other children, and their relationship to the child. */
  household: string
  /** Agencies involved with the child and family. */
  agencies: string[]
  /** What happened, as far as it is known. */
  incident: string
  incidentDate: IsoDate | null
  /** When the safeguarding partnership became aware of the incident: the notification and rapid review clocks start here. */
  becameAware: IsoDate | null
}

export interface SafeguardingAction {
  /** What was done, or is to be done, to keep the child and any other children safe. */
  action: string
  /** Whom it protects: the child, a sibling, other children in the household. */
  for: string
  /** Who is responsible. */
  by: string
  /** When it was done, or is due. */
  date: IsoDate | null
  done: boolean
}

export interface CriterionAnswer {
  /** A key from LCSPR_CRITERIA, or the partners' own wording. */
  criterion: string
  /** null while it is not yet known. */
  met: boolean | null
  note: string
}

export interface SignOff {
  partner: Partner
  name: string
  role: string
  date: IsoDate
}

export interface PanelResponse {
  date: IsoDate
  text: string
}

export interface RapidReviewRecord {
  facts: RapidReviewFacts
  immediateSafeguarding: SafeguardingAction[]
  learning: { goodPractice: string; toImprove: string }
  criteria: CriterionAnswer[]
  decision: RapidReviewDecision | null
  decisionReasons: string
  /** When the partners reached the decision. */
  decisionDate: IsoDate | null
  /** Questions a local review would start from: its draft research questions. */
  draftQuestions: string[]
  signOff: SignOff[]
  sentToPanel: IsoDate | null
  panelResponse: PanelResponse | null
}

export const EMPTY_RAPID_REVIEW: RapidReviewRecord = {
  facts: { child: '', household: '', agencies: [], incident: '', incidentDate: null, becameAware: null },
  immediateSafeguarding: [],
  learning: { goodPractice: '', toImprove: '' },
  criteria: [],
  decision: null,
  decisionReasons: '',
  decisionDate: null,
  draftQuestions: [],
  signOff: [],
  sentToPanel: null,
  panelResponse: null,
}

/** The partners who have not signed off yet. */
export function partnersStillToSign(record: Pick<RapidReviewRecord, 'signOff'>): Partner[] {
  return PARTNERS.filter((p) => !record.signOff.some((s) => s.partner === p))
}

/** The standard criteria not yet answered (met or not met). */
export function criteriaNotConsidered(record: Pick<RapidReviewRecord, 'criteria'>): CriterionKey[] {
  return LCSPR_CRITERIA.filter((c) => !record.criteria.some((a) => a.criterion === c.key && a.met !== null)).map((c) => c.key)
}
