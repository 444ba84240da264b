// Rapid review: the short, time-boxed look at a serious incident that safeguarding partners carry out
// after notification, ending in a reasoned decision on whether a fuller review is needed.

import { notifyNationalPanelClock, rapidReviewClock } from '../calendar/statutory-clocks.js'
import { count, listInWords } from '../counted-words.js'
import { PARTNER_LABELS, PARTNERS } from '../rapid-review/rapid-review-record.js'
import type { ReviewSnapshot } from '../review-snapshot.js'
import { agenciesMissing, agenciesOf, hasText } from '../review-snapshot-queries.js'
import { failed, passed, type CheckResult, type MethodologyPack, type ReadinessCheck, type Stage } from './pack.js'

const DECISION_WORDS = {
  lcspr: 'a local child safeguarding practice review is needed',
  'no-lcspr': 'no local child safeguarding practice review is needed',
  'national-review-recommended': 'the Panel is asked to consider a national review',
} as const

function decisionState(s: ReviewSnapshot): CheckResult {
  if (s.rapidReview.decision === null) return failed('No decision about a fuller review is recorded yet.')
  return passed(`Decision recorded: ${DECISION_WORDS[s.rapidReview.decision]}.`)
}

const decisionMade: ReadinessCheck = {
  key: 'decision-made',
  label: 'The decision on a fuller review is recorded',
  check: decisionState,
}

const rationaleWritten: ReadinessCheck = {
  key: 'rationale-written',
  label: 'The reasons for the decision are written down',
  check: (s) =>
    hasText(s.rapidReview.decisionRationale)
      ? passed('The reasons for the decision are recorded.')
      : failed('Write down why you reached the decision; the national panel reads it.'),
}

const agencyFacts: Stage = {
  key: 'agency-facts',
  title: 'Facts from agencies',
  purpose: 'Gather quickly from each agency what it knew about the child and family and what it did.',
  guidance: [
    'A rapid review is short: finish it within 15 working days of the partnership becoming aware of the incident (not of the incident itself). Ask each agency for a brief account of its involvement, its main contacts with the family and any immediate concerns about how it worked, with a return date a few days away.',
    'Keep to facts and to immediate safety. Record each action taken to keep the child (if they survived) and any siblings or other children safe: what, who, when and whether it is done.',
    'Note what is not yet known. The rapid review does not need to explain everything; it needs enough to decide what happens next.',
  ],
  artefacts: ['Each agency’s summary of its involvement', 'A short combined account of the facts'],
  checks: [
    {
      key: 'became-aware',
      label: 'The date the partnership became aware is recorded',
      check: (s) =>
        s.dates.becameAware === null
          ? failed('Record when the partnership became aware of the incident; the 5 and 15 working days are counted from it.')
          : passed(`The partnership became aware on ${s.dates.becameAware}.`),
    },
    {
      key: 'notification-date',
      label: 'The date of notification is recorded',
      check: (s) =>
        s.dates.notification === null
          ? failed('Record when the incident was notified to the national panel.')
          : passed(`Notified on ${s.dates.notification}.`),
    },
    {
      key: 'facts-recorded',
      label: 'The facts of the incident are written down',
      check: (s) => (s.rapidReview.factsRecorded ? passed('The account of the incident is recorded.') : failed('Write down what happened, as far as it is known.')),
    },
    {
      key: 'immediate-safeguarding',
      label: 'Immediate action to keep the child and other children safe is recorded',
      check: (s) => {
        const { total, done } = s.rapidReview.immediateActions
        if (total === 0) return failed('Record what has been done to keep the child and any siblings or other children safe.')
        return done === total
          ? passed(`${count(total, 'safeguarding action')} recorded, all done.`)
          : failed(`${count(total - done, 'safeguarding action')} of ${total} not yet done.`)
      },
    },
    {
      key: 'agencies-returned',
      label: 'Every agency on the review team has returned its facts',
      check: (s) => {
        const returned = s.rapidReview.agenciesReturnedFacts
        if (returned.length === 0) return failed('No agency has returned its facts yet.')
        const missing = agenciesMissing(agenciesOf(s, 'review-team'), returned)
        return missing.length === 0
          ? passed(`Facts returned by ${count(returned.length, 'agency', 'agencies')}.`)
          : failed(`Still waiting for facts from ${listInWords(missing)}.`)
      },
    },
  ],
  hasStarted: (s) => s.rapidReview.agenciesReturnedFacts.length > 0 || s.rapidReview.factsRecorded || s.dates.becameAware !== null,
}

const immediateLearning: Stage = {
  key: 'immediate-learning',
  title: 'Immediate learning',
  purpose: 'Identify what can be learned and acted on now, without waiting for any fuller review.',
  guidance: [
    'Look across the agencies’ accounts for anything that should change straight away: a gap in how information is shared, a process that is not working, a risk to other children.',
    'Say who will act on each point and how you will know it has happened. Immediate learning that no one owns tends to be lost.',
    'Record good practice as well. It helps practitioners involved to hear what went well, and it shows what the system should keep.',
  ],
  artefacts: ['Immediate learning and who will act on it'],
  checks: [
    {
      key: 'learning-recorded',
      label: 'Immediate learning is recorded',
      check: (s) =>
        s.rapidReview.immediateLearningRecorded
          ? passed('Immediate learning is recorded.')
          : failed('Record what can be learned and acted on now.'),
    },
  ],
  hasStarted: (s) => s.rapidReview.immediateLearningRecorded,
}

const decision: Stage = {
  key: 'decision',
  title: 'Deciding whether a fuller review is needed',
  purpose: 'Decide, with reasons, whether a local child safeguarding practice review would add learning.',
  guidance: [
    'Weigh whether the case may show issues that are complex or of national importance, whether a fuller review could find learning that is not already known, and whether the immediate learning already covers what matters.',
    'Write the reasons so someone outside the room can follow them: what you considered and why you reached your decision. The national panel reads them and may ask you to think again.',
    'Answer each criterion for a local review on its own, with a note, before deciding. The three choices are a local review, no local review, or recommending that the Panel considers a national review.',
    'If you decide on a local review, say which questions it should start from. Starting the local review carries them over as the first draft of its research questions.',
  ],
  artefacts: ['Each criterion for a local review, considered', 'The decision and its reasons'],
  checks: [
    {
      key: 'criteria-considered',
      label: 'Each criterion for a local review has been considered',
      check: (s) =>
        s.rapidReview.criteriaNotConsidered === 0
          ? passed('Every criterion for a local review has been answered.')
          : failed(`${count(s.rapidReview.criteriaNotConsidered, 'criterion', 'criteria')} for a local review not yet answered.`),
    },
    decisionMade,
    rationaleWritten,
  ],
  hasStarted: (s) => s.rapidReview.decision !== null || hasText(s.rapidReview.decisionRationale),
}

const sendToPanel: Stage = {
  key: 'send-to-panel',
  title: 'Sending the rapid review to the national panel',
  purpose: 'Send the completed rapid review, with the decision and its reasons, to the Child Safeguarding Practice Review Panel.',
  guidance: [
    'Each of the three safeguarding partners (police, health and the local authority) signs off the rapid review before it goes. Send it to the national panel within the 15 working days, with the facts, the immediate learning, the decision and the reasons for it.',
    'Use pseudonyms and include only what the panel needs. Do not send material that identifies the family beyond what the panel’s own form asks for.',
    'Record the date you sent it. The panel may reply with its view of the decision; keep that reply with the review.',
  ],
  artefacts: ['Each partner’s sign-off', 'The rapid review as sent to the national panel', 'The date it was sent', 'The Panel’s response'],
  checks: [
    decisionMade,
    rationaleWritten,
    {
      key: 'signed-off',
      label: 'All three safeguarding partners have signed off',
      check: (s) => {
        const missing = PARTNERS.filter((p) => !s.rapidReview.signedOffBy.includes(p))
        return missing.length === 0
          ? passed('Signed off by the police, health and the local authority.')
          : failed(`Still to sign off: ${listInWords(missing.map((p) => PARTNER_LABELS[p]))}.`)
      },
    },
    {
      key: 'sent-date',
      label: 'The date it was sent to the national panel is recorded',
      check: (s) =>
        s.rapidReview.sentToNationalPanelOn === null
          ? failed('Record the date the rapid review was sent to the national panel.')
          : passed(`Sent to the national panel on ${s.rapidReview.sentToNationalPanelOn}.`),
    },
  ],
  hasStarted: (s) => s.rapidReview.sentToNationalPanelOn !== null,
}

export const rapidReview: MethodologyPack = {
  key: 'rapid-review',
  title: 'Rapid review',
  summary:
    'A short review after a serious incident is notified: gather the facts from agencies, record what can be learned now, and decide with reasons whether a fuller review is needed, within 15 working days.',
  stages: [agencyFacts, immediateLearning, decision, sendToPanel],
  clocks: [notifyNationalPanelClock(), rapidReviewClock()],
}
