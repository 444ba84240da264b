// The quality self-assessment: the eighteen quality markers for case reviews published by the NSPCC and
// SCIE (2016), in their three groups. Principles and questions here are our own wording of each marker.
// Where the review's data can show something, a marker pre-fills a suggested answer with the evidence for
// it; people confirm or change it. The rest are answered by the lead reviewer and the board.

import { CalendarYearNotCoveredError } from './calendar/bank-holidays-england-wales.js'
import { workingDaysBetween } from './calendar/working-days.js'
import { count, listInWords } from './counted-words.js'
import type { IsoDate, ReviewSnapshot } from './review-snapshot.js'
import { computeClock, reviewReportClock } from './calendar/statutory-clocks.js'
import { agenciesMissing, agenciesOf, hasText, membersWithRole } from './review-snapshot-queries.js'

export type QualityMarkerGroup = 'setting-up' | 'running-the-review' | 'outputs'

export type MarkerAnswer = 'met' | 'partly' | 'not-met'

/**
 * What the data suggests. `evidence-incomplete`: what the data holds points the right way, but the marker asks for
 * more than the product records, so it is not offered as met; `missing` says what a person must show.
 */
export type PrefillAnswer = MarkerAnswer | 'evidence-incomplete'

export interface MarkerPrefill {
  answer: PrefillAnswer
  /** What in the review's data supports the answer, in plain words. */
  evidence: string
  /** For `evidence-incomplete`: what is missing before the marker could read as met. */
  missing?: string[]
}

function incomplete(evidence: string, missing: string[]): MarkerPrefill {
  return { answer: 'evidence-incomplete', evidence, missing }
}

export interface QualityMarker {
  key: string
  /** 1 to 18, in the published order. */
  number: number
  group: QualityMarkerGroup
  title: string
  /** What good looks like, in one or two sentences. */
  principle: string
  /** Two to four questions to judge the marker by. */
  questions: string[]
  /**
   * A suggested answer from the data, or `null` from the function when the data cannot say.
   * The property is `null` for markers only people can judge.
   */
  prefill: ((snapshot: ReviewSnapshot, today?: IsoDate) => MarkerPrefill | null) | null
}

export const QUALITY_MARKER_GROUPS: readonly { key: QualityMarkerGroup; title: string }[] = [
  { key: 'setting-up', title: 'Setting up the review' },
  { key: 'running-the-review', title: 'Running the review' },
  { key: 'outputs', title: 'Outputs' },
]

/** The working days the law allows between learning of an incident and notifying the national panel. */
const NOTIFICATION_WORKING_DAYS = 5

function grade(parts: readonly boolean[]): MarkerAnswer {
  const done = parts.filter(Boolean).length
  return done === parts.length ? 'met' : done === 0 ? 'not-met' : 'partly'
}

function sentences(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ')
}

const referral: QualityMarker = {
  key: 'referral',
  number: 1,
  group: 'setting-up',
  title: 'Referral',
  principle:
    'Cases that may need a review reach the board promptly, with enough information for a decision, and serious incidents are notified to the national panel on time.',
  questions: [
    'Was the incident notified to the national panel within the time allowed?',
    'Did the referral give the board enough information to decide?',
    'Did agencies know how, when and to whom to refer?',
  ],
  prefill: (s) => {
    const { incident, notification } = s.dates
    if (notification === null) return { answer: 'not-met', evidence: 'No notification date is recorded.' }
    if (incident === null) {
      return { answer: 'partly', evidence: 'A notification date is recorded, but not the incident date, so its timing cannot be shown.' }
    }
    let days: number
    try {
      days = workingDaysBetween(incident, notification)
    } catch (error) {
      // A year outside the bank holiday data must not stop the self-assessment; people judge it instead.
      if (error instanceof CalendarYearNotCoveredError) return null
      throw error
    }
    return days <= NOTIFICATION_WORKING_DAYS
      ? { answer: 'met', evidence: `Notified ${count(days, 'working day')} after the incident date.` }
      : {
          answer: 'partly',
          evidence: `Notified ${count(days, 'working day')} after the incident date; check whether the incident came to light later.`,
        }
  },
}

const decisionToReview: QualityMarker = {
  key: 'decision-to-review',
  number: 2,
  group: 'setting-up',
  title: 'The decision to review',
  principle: 'The decision whether to review is made promptly and openly, and the reasons for it are recorded.',
  questions: [
    'Was the decision made promptly after the referral?',
    'Are the reasons for the decision written down and clear to someone outside the room?',
    'Were the views of the agencies involved taken into account?',
  ],
  prefill: (s) => {
    const decided = s.dates.decisionToReview !== null || s.rapidReview.decision !== null
    const reasons = hasText(s.rapidReview.decisionRationale)
    return {
      answer: grade([decided, reasons]),
      evidence: sentences(
        decided ? 'The decision is recorded.' : 'No decision is recorded.',
        reasons ? 'Its reasons are written down.' : 'No reasons are written down.',
      ),
    }
  },
}

const advisingBoardMembers: QualityMarker = {
  key: 'advising-board-members',
  number: 3,
  group: 'setting-up',
  title: 'Advising board members',
  principle:
    'Board members understand what the review will involve, what part they play in it, and what will be asked of them when it reports.',
  questions: [
    'Were board members told about the review, its approach and its likely timetable?',
    'Does the board have a named link person working with the reviewers?',
    'Do board members know they will be asked to respond to the findings?',
  ],
  prefill: (s) => {
    const chair = membersWithRole(s, 'board-chair').length > 0
    const reasons = hasText(s.rapidReview.decisionRationale)
    const evidence = sentences(
      s.boardLinkPersonRecorded ? 'The board’s link person is recorded.' : 'No board link person is recorded.',
      chair ? 'The board chair is a member of the review.' : 'The board chair is not a member of the review.',
      reasons ? 'The decision to review and its reasons are written down.' : 'The reasons for the decision to review are not written down.',
    )
    const answer = grade([s.boardLinkPersonRecorded, chair, reasons])
    // A link person and a chair do not show that the whole board knows the decision and why: nothing records it.
    return answer === 'met'
      ? incomplete(evidence, ['a record that the whole board was told of the decision to review and its reasons (a board minute or briefing, with its date)'])
      : { answer, evidence }
  },
}

const informingTheFamily: QualityMarker = {
  key: 'informing-the-family',
  number: 4,
  group: 'setting-up',
  title: 'Informing the family',
  principle:
    'The family hears about the review early, from the right person and in a sensitive way, and is invited to take part.',
  questions: [
    'Was the family told about the review before it started in earnest?',
    'Was the approach agreed with anyone running parallel processes, such as the police?',
    'Was the invitation made in a way and at a time that suited the family?',
  ],
  prefill: (s) =>
    s.family.invited
      ? { answer: 'met', evidence: 'The family has been invited to take part.' }
      : { answer: 'not-met', evidence: 'No invitation to the family is recorded.' },
}

const clarityOfPurpose: QualityMarker = {
  key: 'clarity-of-purpose',
  number: 5,
  group: 'setting-up',
  title: 'Clarity of purpose',
  principle:
    'Everyone involved understands that the review sets out to learn about the system, not to find someone to blame, and what questions it is asking.',
  questions: [
    'Is the scope written down and shared with those taking part?',
    'Do the research questions ask about the system rather than individuals?',
    'Was the purpose explained to practitioners and the family in plain words?',
  ],
  prefill: (s) => {
    const scope = hasText(s.scope)
    const questions = s.researchQuestions.length
    return {
      answer: grade([scope, questions > 0]),
      evidence: sentences(
        scope ? 'The scope is written down.' : 'No scope is written down.',
        questions > 0 ? `${count(questions, 'research question')} recorded.` : 'No research questions are recorded.',
      ),
    }
  },
}

const commissioning: QualityMarker = {
  key: 'commissioning',
  number: 6,
  group: 'running-the-review',
  title: 'Commissioning',
  principle:
    'The form of review is proportionate to the case, agreed with lead reviewers who are independent of the agencies involved and have the skills the method needs.',
  questions: [
    'Is the chosen methodology proportionate to what the case may teach?',
    'Are the lead reviewers independent of the agencies involved, and accredited?',
    'Were the terms of the commission agreed with the lead reviewers?',
  ],
  prefill: null,
}

const governance: QualityMarker = {
  key: 'governance',
  number: 7,
  group: 'running-the-review',
  title: 'Governance',
  principle:
    'It is clear who oversees the review, how decisions are made, and how disagreements between agencies or with the reviewers are settled.',
  questions: [
    'Is there a clear line of accountability from the review to the board?',
    'Are decisions about the review recorded, and by whom?',
    'Is there an agreed way to resolve disagreements?',
  ],
  prefill: null,
}

const managingTheReview: QualityMarker = {
  key: 'managing-the-review',
  number: 8,
  group: 'running-the-review',
  title: 'Managing the review',
  principle:
    'The review is planned and run to a realistic timetable, with enough time and support for each stage, and changes of plan explained.',
  questions: [
    'Was there a timetable, and was it kept or changes explained?',
    'Did the review team and case group have the time and support they needed?',
    'Were stages moved on from with checks not passed explained and recorded?',
  ],
  prefill: (s, today) => managingFromClocks(s, today),
}

/** Marker 8 from the six-month report clock and the reasons recorded for moving on with checks not passed. */
function managingFromClocks(s: ReviewSnapshot, today: IsoDate | undefined): MarkerPrefill | null {
  const overrides = s.stages.filter((r) => r.completedAt !== null && r.override !== null).length
  const movedOn = overrides === 0
    ? 'No stage was moved on from with checks not passed.'
    : `${count(overrides, 'stage')} moved on from with checks not passed, each with its reason recorded.`
  if (s.dates.decisionToReview === null) {
    return incomplete(movedOn, ['the date of the decision to review, which starts the six-month clock for the report'])
  }
  let clock
  try {
    clock = computeClock(reviewReportClock('report-and-publication'), s, today ?? s.dates.decisionToReview)
  } catch (error) {
    if (error instanceof CalendarYearNotCoveredError) return null
    throw error
  }
  const due = clock.due ?? ''
  const metOn = s.stages.find((r) => r.stageKey === 'report-and-publication')?.completedAt?.slice(0, 10) ?? null
  if (metOn !== null) {
    return metOn <= due
      ? { answer: 'met', evidence: sentences(`The report stage was finished on ${metOn}, within the six months due by ${due}.`, movedOn) }
      : { answer: 'partly', evidence: sentences(`The report stage was finished on ${metOn}, after the six months due by ${due}; say why in the note.`, movedOn) }
  }
  if (today !== undefined && clock.status === 'overdue') {
    return { answer: 'partly', evidence: sentences(`The report was due by ${due} (six months from the decision) and the review is still open.`, movedOn) }
  }
  return incomplete(sentences(`The report is due by ${due}, six months from the decision; the review is on time so far.`, movedOn), ['the report stage finished within the six months'])
}

const parallelProcesses: QualityMarker = {
  key: 'parallel-processes',
  number: 9,
  group: 'running-the-review',
  title: 'Parallel processes',
  principle:
    'The review works alongside criminal proceedings, inquests and disciplinary processes without harming them and without losing its own learning.',
  questions: [
    'Were parallel processes identified early and their leads contacted?',
    'Was it agreed what the review could do, and when, without prejudicing them?',
    'Was any delay they caused kept to what was necessary and explained?',
  ],
  prefill: (s) => {
    const p = s.parallelProcesses
    if (p.total === 0) {
      return incomplete('No parallel processes are recorded in the register.', [
        'a parallel process in the register for each criminal proceeding, inquest, disciplinary process or domestic homicide review, or confirmation in the note that there are none',
      ])
    }
    const kinds = listInWords(p.kinds.map((k) => PROCESS_WORDS[k] ?? k))
    const evidence = `${count(p.total, 'parallel process', 'parallel processes')} recorded (${kinds}), each with its effect on the review; ${p.open === 0 ? 'all concluded' : `${p.open} not yet concluded`}.`
    return { answer: 'met', evidence }
  },
}

const PROCESS_WORDS: Readonly<Record<string, string>> = {
  criminal: 'criminal proceedings', inquest: 'an inquest', disciplinary: 'a disciplinary process', 'domestic-homicide-review': 'a domestic homicide review', other: 'another process',
}

const assemblingInformation: QualityMarker = {
  key: 'assembling-information',
  number: 10,
  group: 'running-the-review',
  title: 'Assembling information',
  principle:
    'The review gathers the records and documents it needs from every agency involved, in a form that can be brought together and checked.',
  questions: [
    'Did every agency involved supply its chronology?',
    'Were the documents that shaped practice (procedures, forms, records) gathered?',
    'Were conflicts between agencies’ records noted and followed up?',
  ],
  prefill: (s) => {
    const supplied = s.chronology.agencies.length
    if (supplied === 0) return { answer: 'not-met', evidence: 'No agency chronology has been imported.' }
    const missing = agenciesMissing(agenciesOf(s, 'review-team'), s.chronology.agencies)
    const documents = s.documents > 0
    return {
      answer: grade([missing.length === 0, documents]),
      evidence: sentences(
        missing.length === 0
          ? `Chronologies from ${count(supplied, 'agency', 'agencies')}, covering every agency on the review team.`
          : `No chronology yet from ${listInWords(missing)}.`,
        documents ? `${count(s.documents, 'supporting document')} attached.` : 'No supporting documents attached.',
      ),
    }
  },
}

const practitionerInvolvement: QualityMarker = {
  key: 'practitioner-involvement',
  number: 11,
  group: 'running-the-review',
  title: 'Practitioner involvement',
  principle:
    'Practitioners who worked with the family take part as contributors whose view of the work is central to the analysis, with support and fair treatment.',
  questions: [
    'Did the practitioners involved take part in conversations about their work?',
    'Were they told how their accounts would be used, and offered support?',
    'Did they see and comment on the findings before the report was finished?',
  ],
  prefill: (s) => {
    const heard = s.conversations.practitioners
    const caseGroup = membersWithRole(s, 'case-group').length
    if (heard === 0) return { answer: 'not-met', evidence: 'No practitioner has taken part in a conversation.' }
    return heard >= caseGroup
      ? { answer: 'met', evidence: `${count(heard, 'practitioner')} took part in ${count(s.conversations.held, 'conversation')}.` }
      : { answer: 'partly', evidence: `${heard} of ${count(caseGroup, 'case group member')} took part in conversations.` }
  },
}

const familyInvolvement: QualityMarker = {
  key: 'family-involvement',
  number: 12,
  group: 'running-the-review',
  title: 'Family involvement',
  principle:
    'The family’s views, and the child’s daily life as they and others saw it, are sought, recorded and used in the analysis.',
  questions: [
    'Were family members offered a conversation in a way that suited them?',
    'Are their views recorded and reflected in the findings?',
    'Were they told about the findings before publication?',
  ],
  prefill: (s) => {
    if (s.family.viewsRecorded) return { answer: 'met', evidence: 'The family’s views are recorded.' }
    return s.family.invited
      ? { answer: 'partly', evidence: 'The family was invited, but their views are not recorded.' }
      : { answer: 'not-met', evidence: 'The family has not been invited and their views are not recorded.' }
  },
}

const analysis: QualityMarker = {
  key: 'analysis',
  number: 13,
  group: 'running-the-review',
  title: 'Analysis',
  principle:
    'The analysis is open and rigorous: it explains why practice was as it was using human-factors thinking, keeps hindsight and outcome bias in check, and shows its working so it can be challenged.',
  questions: [
    'Is each key practice episode appraised from what was known at the time?',
    'Do contributory factors reach beyond individuals to the wider system?',
    'Does each causal link show its evidence and a counterfactual answer?',
    'Could a reader follow and challenge the reasoning?',
  ],
  prefill: (s) => {
    const kpe = s.keyPracticeEpisodes
    const cf = s.contributoryFactors
    const map = s.map
    if (kpe.total === 0 && map.edges === 0 && cf.total === 0) {
      return { answer: 'not-met', evidence: 'No appraisal, contributory factors or causal map yet.' }
    }
    const parts: [boolean, string][] = [
      [kpe.total > 0 && kpe.appraised >= kpe.total, `${kpe.appraised} of ${count(kpe.total, 'key practice episode')} appraised.`],
      [cf.total > 0 && cf.withEvidence >= cf.total, `${cf.withEvidence} of ${count(cf.total, 'contributory factor')} cite evidence.`],
      [
        map.edges > 0 && map.edgesWithEvidence >= map.edges,
        map.edges > 0 && map.edgesWithEvidence >= map.edges ? 'Every map link has evidence.' : `${map.edgesWithEvidence} of ${count(map.edges, 'map link')} have evidence.`,
      ],
      [
        map.edges > 0 && map.edgesWithCounterfactual >= map.edges,
        `${map.edgesWithCounterfactual} of ${count(map.edges, 'map link')} have a counterfactual answer.`,
      ],
      [map.checkIssues.error === 0, map.checkIssues.error === 0 ? 'The map checks find no errors.' : `The map checks find ${count(map.checkIssues.error, 'error')}.`],
    ]
    return { answer: grade(parts.map(([ok]) => ok)), evidence: sentences(...parts.map(([, words]) => words)) }
  },
}

const report: QualityMarker = {
  key: 'report',
  number: 14,
  group: 'outputs',
  title: 'The report',
  principle:
    'The report sets out the analysis and findings clearly for its readers, and keeps detail about the family to what the learning needs.',
  questions: [
    'Are the findings easy to find and understand?',
    'Is family detail limited to what the learning needs?',
    'Is the language free of hindsight and blame?',
  ],
  prefill: (s) => {
    if (s.reports.editionsExported.length === 0) return { answer: 'not-met', evidence: 'No report has been produced yet.' }
    const language = s.languageIssuesOpen === 0
    const scan = s.reports.publicationLeakScanPassed === true
    return {
      answer: grade([language, scan]),
      evidence: sentences(
        language ? 'No hindsight or blame wording is left unresolved.' : `${count(s.languageIssuesOpen, 'flagged phrase')} unresolved.`,
        scan ? 'The publication edition passed the leak scan.' : 'The publication edition has not passed the leak scan.',
      ),
    }
  },
}

const improvementAction: QualityMarker = {
  key: 'improvement-action',
  number: 15,
  group: 'outputs',
  title: 'Improvement action',
  principle:
    'The findings lead to actions that tackle the patterns they describe, each with an owner and a way to tell whether it worked.',
  questions: [
    'Does each systemic finding lead to at least one action?',
    'Does each action have an owner, a date and a measure of success?',
    'Do the actions change the system rather than only add procedure?',
  ],
  prefill: (s) => {
    const { actionsAgreed } = s.board
    if (actionsAgreed === 0) return { answer: 'not-met', evidence: 'No actions are agreed yet.' }
    const evidence = `${count(actionsAgreed, 'action')} agreed against ${count(s.findings.systemic, 'systemic finding')}.`
    const missing = [
      ...(actionsAgreed < s.findings.systemic ? [`an action for each systemic finding (${count(s.findings.systemic - actionsAgreed, 'finding')} more than there are actions)`] : []),
      'for each action, whether it changes the system rather than only adding procedure or training, and how the board will tell whether it worked',
    ]
    return incomplete(evidence, missing)
  },
}

const boardResponse: QualityMarker = {
  key: 'board-response',
  number: 16,
  group: 'outputs',
  title: 'The board’s written response',
  principle: 'The board responds in writing to each finding and its questions, saying what it will do and why.',
  questions: [
    'Has the board answered every question put to it?',
    'Does the response say what will change and who is responsible?',
    'Is the response published with the report?',
  ],
  prefill: (s) => {
    const { questions, questionsAnswered } = s.board
    if (questions === 0) return { answer: 'not-met', evidence: 'No questions have been put to the board yet.' }
    return questionsAnswered >= questions
      ? { answer: 'met', evidence: `The board has responded to all ${count(questions, 'question')}.` }
      : {
          answer: questionsAnswered === 0 ? 'not-met' : 'partly',
          evidence: `The board has responded to ${questionsAnswered} of ${count(questions, 'question')}.`,
        }
  },
}

const publication: QualityMarker = {
  key: 'publication',
  number: 17,
  group: 'outputs',
  title: 'Publication',
  principle:
    'The decision to publish, and when, is made with care for its impact on the family, the practitioners and any proceedings, and nothing published identifies the family.',
  questions: [
    'Was the timing agreed with care for the family and any proceedings?',
    'Was the family told before publication?',
    'Is the published edition free of identifying details?',
  ],
  prefill: (s) => {
    if (!s.reports.editionsExported.includes('publication')) {
      return { answer: 'not-met', evidence: 'No publication edition has been produced yet.' }
    }
    if (s.reports.publicationLeakScanPassed === true) {
      const open = s.parallelProcesses.open
      return incomplete('The publication edition passed the leak scan for identifying details.', [
        'a record that the impact of publishing on the family, the child’s siblings and the practitioners was weighed, and the family told before publication',
        ...(open > 0 ? [`agreement on timing with the ${count(open, 'parallel process', 'parallel processes')} not yet concluded`] : []),
      ])
    }
    return s.reports.publicationLeakScanPassed === false
      ? { answer: 'not-met', evidence: 'The latest leak scan found identifying details in the publication edition.' }
      : { answer: 'partly', evidence: 'A publication edition exists, but no leak scan has run on it.' }
  },
}

const implementationAndEvaluation: QualityMarker = {
  key: 'implementation-and-evaluation',
  number: 18,
  group: 'outputs',
  title: 'Implementation and evaluation',
  principle:
    'The learning is built into the board’s plans, actions are followed up until done, and the board checks whether they made a difference.',
  questions: [
    'Are the actions in the board’s business plan?',
    'Are actions monitored, with overdue ones followed up?',
    'Has the board checked whether completed actions changed practice?',
  ],
  prefill: (s) => {
    const { actionsAgreed, actionsCompleted, actionsOverdue } = s.board
    if (actionsAgreed === 0) return { answer: 'not-met', evidence: 'No actions are agreed, so none can be followed up.' }
    const evidence = `${count(actionsAgreed, 'action')} agreed, ${actionsCompleted} done, ${actionsOverdue} overdue.`
    if (actionsOverdue > 0) return { answer: 'partly', evidence }
    return incomplete(evidence, [
      ...(actionsCompleted < actionsAgreed ? [`${count(actionsAgreed - actionsCompleted, 'action')} still to complete`] : []),
      'evaluation: a record that the board checked whether the completed actions changed practice',
    ])
  },
}

export const QUALITY_MARKERS: readonly QualityMarker[] = [
  referral,
  decisionToReview,
  advisingBoardMembers,
  informingTheFamily,
  clarityOfPurpose,
  commissioning,
  governance,
  managingTheReview,
  parallelProcesses,
  assemblingInformation,
  practitionerInvolvement,
  familyInvolvement,
  analysis,
  report,
  improvementAction,
  boardResponse,
  publication,
  implementationAndEvaluation,
]

export interface PrefilledMarker {
  key: string
  number: number
  group: QualityMarkerGroup
  title: string
  /** The suggested answer, or `null` when people must judge it unaided. */
  prefill: MarkerPrefill | null
}

/** Every marker with its suggested answer for this review. */
export function prefillQualityMarkers(snapshot: ReviewSnapshot, today?: IsoDate): PrefilledMarker[] {
  return QUALITY_MARKERS.map((m) => ({
    key: m.key,
    number: m.number,
    group: m.group,
    title: m.title,
    prefill: m.prefill === null ? null : m.prefill(snapshot, today),
  }))
}

export function qualityMarker(key: string): QualityMarker | null {
  return QUALITY_MARKERS.find((m) => m.key === key) ?? null
}

