// Learning Together: SCIE's systems model for case reviews, adapted from safety science. The stages follow
// the model's flow from scoping to publication; the checks ask for the evidence each stage should leave.

import { finalReportClock, reviewReportClock } from '../calendar/statutory-clocks.js'
import { count, listInWords } from '../counted-words.js'
import {
  agenciesMissing,
  agenciesOf,
  allFindings,
  hasText,
  membersWithRole,
  researchQuestionsUnanswered,
} from '../review-snapshot-queries.js'
import { failed, passed, type CheckResult, type MethodologyPack, type ReadinessCheck, type Stage } from './pack.js'

/** Shared by the findings and report stages: wording flagged by the language check must be dealt with. */
const noOpenLanguageIssues: ReadinessCheck = {
  key: 'language-issues-resolved',
  label: 'No hindsight or blame wording is left unresolved',
  check: (s) =>
    s.languageIssuesOpen === 0
      ? passed('Every flagged phrase has been reworded or dismissed with a reason.')
      : failed(
          `${count(s.languageIssuesOpen, 'flagged phrase')} still ${s.languageIssuesOpen === 1 ? 'needs' : 'need'} ` +
            'rewording or dismissing with a reason.',
        ),
}

function everyOf(done: number, total: number, noneYet: string, allDone: string, someLeft: (left: number) => string): CheckResult {
  if (total === 0) return failed(noneYet)
  return done >= total ? passed(allDone) : failed(someLeft(total - done))
}

const scoping: Stage = {
  key: 'scoping',
  title: 'Scoping and research questions',
  purpose: 'Agree what the review will look at, over what period, and what it sets out to learn about the local system.',
  guidance: [
    'Start from the decision to review and the reasons the board gave for it. Set a review period that covers the practice that matters, not the whole of the child’s life; you can widen it later if the evidence points earlier.',
    'Write research questions about the system, not about individuals. A useful question asks how something usually works here, for example how agencies share worries about a baby’s injuries when a family moves between areas, rather than whether one worker did their job.',
    'Keep to a handful of questions. Each should be answerable from evidence you expect to gather and useful to the board beyond this one child. The questions come back in the findings and the report, so word them with care.',
    'Write the scope in plain words: which agencies, which period, what is left out and why. It appears in the report’s methodology section, so write it for a reader who was not in the room.',
  ],
  artefacts: ['Scope statement', 'Research questions', 'Review period'],
  checks: [
    {
      key: 'decision-date',
      label: 'The date of the decision to review is recorded',
      check: (s) =>
        s.dates.decisionToReview === null
          ? failed('Record when the board decided to carry out this review; the report deadline is counted from it.')
          : passed(`The decision to review is dated ${s.dates.decisionToReview}.`),
    },
    {
      key: 'review-period',
      label: 'The review period ends after it starts',
      check: (s) =>
        s.reviewPeriod.to < s.reviewPeriod.from
          ? failed(`The review period ends (${s.reviewPeriod.to}) before it starts (${s.reviewPeriod.from}).`)
          : passed(`The review looks at practice from ${s.reviewPeriod.from} to ${s.reviewPeriod.to}.`),
    },
    {
      key: 'scope-written',
      label: 'The scope is written down',
      check: (s) =>
        hasText(s.scope) ? passed('The scope statement is recorded.') : failed('Write the scope: agencies, period and what is left out.'),
    },
    {
      key: 'research-questions',
      label: 'The review has research questions',
      check: (s) => {
        const blank = s.researchQuestions.filter((q) => q.text.trim() === '').length
        if (s.researchQuestions.length === 0) return failed('Add at least one research question about the local system.')
        if (blank > 0) return failed(`${count(blank, 'research question')} ${blank === 1 ? 'has' : 'have'} no text.`)
        return passed(`${count(s.researchQuestions.length, 'research question')} recorded.`)
      },
    },
  ],
  hasStarted: (s) => hasText(s.scope) || s.researchQuestions.length > 0,
}

const teamAndCaseGroup: Stage = {
  key: 'team-and-case-group',
  title: 'Agreeing the review team and case group',
  purpose:
    'Bring together the senior managers who will carry out the review with you, the practitioners whose work it looks at, and the board’s link person.',
  guidance: [
    'The review team are senior managers from each agency involved. They know how their own organisation works, can open up records and people, and test whether findings ring true. Aim for one from every agency that had significant contact with the family.',
    'The case group are the frontline practitioners and first-line managers who worked with the family. Explain early that they are taking part because their view of the work is the best evidence there is, not because they are under investigation. Tell them what will happen, how their words will be used and what support they can have.',
    'At least one lead reviewer should be independent of the agencies involved and accredited. Agree a named link person with the board, so reviewers and board work together throughout and the board is not surprised by what the review finds.',
    'Decide how and when the family will be invited to take part, and who will make contact. If there are criminal proceedings, agree the timing with the police first.',
  ],
  artefacts: ['Review team', 'Case group', 'Named board link person', 'Invitation to the family'],
  checks: [
    {
      key: 'accredited-lead-reviewer',
      label: 'An accredited lead reviewer leads the review',
      check: (s) => {
        const leads = membersWithRole(s, 'lead-reviewer')
        if (leads.some((m) => m.accredited)) return passed('At least one lead reviewer holds a current accreditation.')
        return failed(
          leads.length === 0
            ? 'The review has no lead reviewer.'
            : 'No lead reviewer has a current accreditation. Record it in the accreditation register, or add an accredited lead reviewer.',
        )
      },
    },
    {
      key: 'independent-lead-reviewer',
      label: 'A lead reviewer has declared independence from the agencies under review',
      check: (s) => {
        const d = s.independence
        if (d.leadReviewers === 0) return failed('The review has no lead reviewer.')
        if (d.declaredIndependent > 0) {
          return passed(
            `${count(d.declaredIndependent, 'lead reviewer')} declared independent of the agencies under review` +
              (d.interestsDeclared > 0 ? `, with ${count(d.interestsDeclared, 'declaration')} of interests for the board to note.` : ', with no interests to declare.'),
          )
        }
        return failed(
          d.declaredNotIndependent > 0
            ? 'The only declarations say the lead reviewer is not independent of an agency under review. Agree with the board how to handle it, or add an independent lead reviewer.'
            : 'No lead reviewer has declared their independence from the agencies under review. Record the declaration, with any interests, under how the review is conducted.',
        )
      },
    },
    {
      key: 'board-link-person',
      label: 'The board’s link person is recorded',
      check: (s) =>
        s.boardLinkPersonRecorded
          ? passed('The board has a named link person for this review.')
          : failed('Record the board’s link person, so the review and the board work together.'),
    },
    {
      key: 'review-team',
      label: 'The review team has members',
      check: (s) => {
        const team = membersWithRole(s, 'review-team')
        return team.length === 0
          ? failed('Add the senior managers from the agencies involved to the review team.')
          : passed(`${count(team.length, 'review team member')} from ${count(agenciesOf(s, 'review-team').length, 'agency', 'agencies')}.`)
      },
    },
    {
      key: 'case-group',
      label: 'The case group has members',
      check: (s) => {
        const group = membersWithRole(s, 'case-group')
        return group.length === 0
          ? failed('Add the practitioners and first-line managers who worked with the family to the case group.')
          : passed(`${count(group.length, 'practitioner')} in the case group.`)
      },
    },
    {
      key: 'agencies-represented',
      label: 'Every agency in the case group has someone on the review team',
      check: (s) => {
        const caseGroupAgencies = agenciesOf(s, 'case-group')
        if (caseGroupAgencies.length === 0) return passed('No case group agencies to match yet.')
        const missing = agenciesMissing(caseGroupAgencies, agenciesOf(s, 'review-team'))
        return missing.length === 0
          ? passed('Each agency in the case group has a senior manager on the review team.')
          : failed(`No one on the review team from ${listInWords(missing)}.`)
      },
    },
    {
      key: 'family-invited',
      label: 'The family has been invited to take part',
      check: (s) =>
        s.family.invited
          ? passed('The family has been invited to contribute.')
          : failed('Invite the family to contribute, and record when and how.'),
    },
  ],
  hasStarted: (s) =>
    s.boardLinkPersonRecorded || s.members.some((m) => m.role === 'review-team' || m.role === 'case-group'),
}

const gatheringData: Stage = {
  key: 'gathering-data',
  title: 'Gathering data',
  purpose:
    'Collect each agency’s chronology and the documents that show how the work was organised, and merge the chronologies into one timeline.',
  guidance: [
    'Ask each agency for a chronology of its contacts with the family within the review period. Check early that dates are readable; partial dates such as “March 2020” are fine if they are marked as partial.',
    'Read the merged chronology as one story. Mark the events that look significant for how the case developed. They are candidates for key practice episodes, not conclusions.',
    'Gather the documents that shaped practice at the time: procedures, assessment forms, referral criteria, supervision arrangements, caseload figures. They describe the system practitioners were working in.',
    'Where agencies’ records disagree about what happened or when, note the conflict rather than choosing one version. Conversations often settle it.',
  ],
  artefacts: ['Agency chronologies', 'Integrated multi-agency chronology', 'Significant events', 'Supporting documents'],
  checks: [
    {
      key: 'agency-chronologies',
      label: 'Every agency on the review team has supplied a chronology',
      check: (s) => {
        if (s.chronology.agencies.length === 0) return failed('No agency chronology has been imported yet.')
        const missing = agenciesMissing(agenciesOf(s, 'review-team'), s.chronology.agencies)
        return missing.length === 0
          ? passed(`Chronologies imported from ${count(s.chronology.agencies.length, 'agency', 'agencies')}.`)
          : failed(`Still waiting for a chronology from ${listInWords(missing)}.`)
      },
    },
    {
      key: 'events',
      label: 'The chronology has events',
      check: (s) =>
        s.chronology.events === 0
          ? failed('The integrated chronology is empty.')
          : passed(`${count(s.chronology.events, 'event')} in the integrated chronology.`),
    },
    {
      key: 'significant-events',
      label: 'Significant events are marked',
      check: (s) =>
        s.chronology.significantEvents === 0
          ? failed('Mark the events that look significant for how the case developed.')
          : passed(`${count(s.chronology.significantEvents, 'event')} marked significant.`),
    },
    {
      key: 'documents',
      label: 'Supporting documents are attached',
      check: (s) =>
        s.documents === 0
          ? failed('Attach the procedures, forms and records that shaped practice at the time.')
          : passed(`${count(s.documents, 'document')} attached.`),
    },
  ],
  hasStarted: (s) => s.chronology.agencies.length > 0 || s.chronology.events > 0 || s.documents > 0,
}

const conversations: Stage = {
  key: 'conversations',
  title: 'Conversations with practitioners and the family',
  purpose:
    'Understand, from the people who were there, what they knew, thought and felt at the time, and what made their actions make sense to them.',
  guidance: [
    'Meet case group members individually or in small groups. Ask about the work as it looked then: what they knew, what worried them, what pressures they were under, and what the forms and systems asked of them.',
    'Hold back from judging. “What made that seem the right thing to do?” gets further than “Why didn’t you?”. People describe the system best when they are not defending themselves.',
    'Record what was said accurately and agree the notes with the person. Mark the passages you may quote as evidence. Quotes are the practitioner’s voice and stay separate from your own analysis.',
    'Offer the family a conversation too, at a time and in a way that suits them. Their account of the help they received, and of the child’s daily life, belongs at the centre of the report. If they decline, record that.',
  ],
  artefacts: ['Conversation records agreed with participants', 'Quotes marked as evidence', 'The family’s views'],
  checks: [
    {
      key: 'conversations-held',
      label: 'Conversations with practitioners are recorded',
      check: (s) =>
        s.conversations.held === 0
          ? failed('No conversations with practitioners are recorded yet.')
          : passed(`${count(s.conversations.held, 'conversation')} recorded.`),
    },
    {
      key: 'case-group-heard',
      label: 'Every case group member has taken part in a conversation',
      check: (s) => {
        const caseGroup = membersWithRole(s, 'case-group').length
        const heard = s.conversations.practitioners
        if (heard === 0) return failed('No practitioner has taken part in a conversation yet.')
        return heard >= caseGroup
          ? passed(`${count(heard, 'practitioner')} took part in conversations.`)
          : failed(`${heard} of ${count(caseGroup, 'case group member')} have taken part in a conversation.`)
      },
    },
    {
      key: 'quotes',
      label: 'Quotes are marked as evidence',
      check: (s) =>
        s.conversations.quotes === 0
          ? failed('Mark the passages from conversations that the analysis will rely on.')
          : passed(`${count(s.conversations.quotes, 'quote')} marked as evidence.`),
    },
    {
      key: 'family-views',
      label: 'The family’s views are recorded',
      check: (s) =>
        s.family.viewsRecorded
          ? passed('The family’s views are recorded.')
          : failed(
              s.family.invited
                ? 'The family was invited but their views are not recorded. If they declined, move on with that as the reason.'
                : 'The family has not been invited to take part yet.',
            ),
    },
  ],
  hasStarted: (s) => s.conversations.held > 0 || s.family.viewsRecorded,
}

const keyPracticeEpisodes: Stage = {
  key: 'key-practice-episodes',
  title: 'Identifying key practice episodes',
  purpose: 'Pick out the moments that most shaped how the case developed, so the analysis can concentrate on them.',
  guidance: [
    'A key practice episode is a period of work or a decision that shaped how the case developed, or that shows something about how the system works. Episodes are neutral: they include good practice as well as practice that did not go as intended. It may be one contact or several weeks of activity.',
    'Draw episodes from the significant events and the conversations. Test each with the review team: does it matter, and is there enough evidence to understand it?',
    'Describe each episode as it looked at the time, using only what was known or could have been known then. Leave what happened later out of the description.',
    'Most reviews settle on a small number of episodes. Too many spreads the analysis thin; too few may miss a pattern.',
  ],
  artefacts: ['Key practice episodes, each with its date, agencies and evidence'],
  checks: [
    {
      key: 'significant-events',
      label: 'Significant events are marked in the chronology',
      check: (s) =>
        s.chronology.significantEvents === 0
          ? failed('Mark significant events in the chronology to draw episodes from.')
          : passed(`${count(s.chronology.significantEvents, 'significant event')} to draw on.`),
    },
    {
      key: 'episodes-identified',
      label: 'Key practice episodes are identified',
      check: (s) =>
        s.keyPracticeEpisodes.total === 0
          ? failed('Identify the key practice episodes the analysis will look at.')
          : passed(`${count(s.keyPracticeEpisodes.total, 'key practice episode')} identified.`),
    },
    {
      // An import rolled back takes its events out of the episodes that cited them (issue 13).
      key: 'episodes-kept-their-events',
      label: 'No key practice episode has lost events to a rolled-back import',
      check: (s) =>
        s.keyPracticeEpisodes.lostEvents === 0
          ? passed('Every episode still has the chronology events it was drawn from.')
          : failed(
              `${count(s.keyPracticeEpisodes.lostEvents, 'key practice episode')} lost chronology events when an import was rolled back; ` +
                'check each against the chronology and edit it to confirm or replace its events.',
            ),
    },
  ],
  hasStarted: (s) => s.keyPracticeEpisodes.total > 0,
}

const appraisal: Stage = {
  key: 'appraisal',
  title: 'Appraising practice and explaining why',
  purpose:
    'Judge the practice in each episode from the view in the tunnel, and explain what in the system made it as it was.',
  guidance: [
    'For each episode, record what was known at the time, what practice would have been expected, what happened, and whether practice was good, adequate or a problem. Judge against what could reasonably be known then, not what is known now.',
    'Then ask why. Look past the individual to the task, the tools and forms, the team and its supervision, the organisation, how agencies worked together, commissioning and national policy. Each contributory factor should point to the evidence it rests on.',
    'Build the causal map as you go. Each link should show its evidence and say whether the effect would still have happened without the cause. A link you cannot support is a question to follow up, not a finding.',
    'Be wary of a map where every path ends at a frontline worker. It usually means the analysis stopped too soon.',
  ],
  artefacts: ['Appraisal of each key practice episode', 'Contributory factors with evidence', 'Causal map'],
  checks: [
    {
      key: 'episodes-appraised',
      label: 'Every key practice episode is appraised',
      check: (s) =>
        everyOf(
          s.keyPracticeEpisodes.appraised,
          s.keyPracticeEpisodes.total,
          'There are no key practice episodes to appraise yet.',
          `All ${count(s.keyPracticeEpisodes.total, 'key practice episode')} are appraised.`,
          (left) => `${count(left, 'key practice episode')} still to appraise.`,
        ),
    },
    {
      key: 'contributory-factors',
      label: 'Contributory factors are recorded',
      check: (s) =>
        s.contributoryFactors.total === 0
          ? failed('Record the contributory factors that explain why practice was as it was.')
          : passed(`${count(s.contributoryFactors.total, 'contributory factor')} recorded.`),
    },
    {
      key: 'factors-evidenced',
      label: 'Every contributory factor cites evidence',
      check: (s) =>
        everyOf(
          s.contributoryFactors.withEvidence,
          s.contributoryFactors.total,
          'There are no contributory factors yet.',
          'Every contributory factor cites evidence.',
          (left) => `${count(left, 'contributory factor')} ${left === 1 ? 'cites' : 'cite'} no evidence.`,
        ),
    },
    {
      key: 'map-built',
      label: 'The causal map links causes to effects',
      check: (s) =>
        s.map.edges === 0
          ? failed('The causal map has no links yet.')
          : passed(`The causal map has ${count(s.map.nodes, 'node')} and ${count(s.map.edges, 'link')}.`),
    },
    {
      key: 'edges-evidenced',
      label: 'Every link on the map has evidence',
      check: (s) =>
        everyOf(
          s.map.edgesWithEvidence,
          s.map.edges,
          'The causal map has no links yet.',
          'Every link on the map has evidence.',
          (left) => `${count(left, 'link')} on the map ${left === 1 ? 'has' : 'have'} no evidence.`,
        ),
    },
    {
      key: 'edges-counterfactual',
      label: 'Every link on the map has a counterfactual answer',
      check: (s) =>
        everyOf(
          s.map.edgesWithCounterfactual,
          s.map.edges,
          'The causal map has no links yet.',
          'Every link says whether the effect would have happened without the cause.',
          (left) => `${count(left, 'link')} still ${left === 1 ? 'needs' : 'need'} the counterfactual question answering.`,
        ),
    },
    {
      key: 'case-group-follow-on',
      label: 'The case group has met again to test the analysis',
      check: (s) =>
        s.caseGroupSteps.followOnMeetings > 0
          ? passed(`${count(s.caseGroupSteps.followOnMeetings, 'follow-on meeting')} with the case group recorded, with what changed.`)
          : failed('Record a follow-on meeting of the case group: who took part by role and agency, and what changed in the analysis.'),
    },
    {
      key: 'map-checks',
      label: 'The map checks find no errors',
      check: (s) =>
        s.map.checkIssues.error === 0
          ? passed(
              s.map.checkIssues.warning === 0
                ? 'The map checks find nothing to fix.'
                : `No errors; ${count(s.map.checkIssues.warning, 'warning')} worth a second look.`,
            )
          : failed(`The map checks found ${count(s.map.checkIssues.error, 'error')} to fix.`),
    },
  ],
  hasStarted: (s) => s.keyPracticeEpisodes.appraised > 0 || s.contributoryFactors.total > 0 || s.map.nodes > 0,
}

const systemicFindings: Stage = {
  key: 'systemic-findings',
  title: 'From case to systemic findings',
  purpose: 'Turn what the case shows into findings about the local system that the board can act on.',
  guidance: [
    'A systemic finding describes a pattern: something in the way the local system works that makes good practice harder or poor practice more likely, for other children as well as this one. Name the pattern, not the person.',
    'For each finding, say how it showed in this case, what suggests it reaches beyond this case (data, audits, other reviews, what the review team knows), and why it matters for children’s safety.',
    'Tag each finding with the typology codes that fit, so it can be compared with findings from other reviews. Record good practice as findings too: it shows what the system should protect.',
    'Check that each research question is answered by at least one finding, and deal with any hindsight or blame wording the language check flags.',
  ],
  artefacts: ['Systemic findings', 'Good practice findings', 'Typology codes'],
  checks: [
    {
      key: 'systemic-findings',
      label: 'At least one systemic finding is drafted',
      check: (s) =>
        s.findings.systemic === 0
          ? failed('No systemic findings are drafted yet.')
          : passed(`${count(s.findings.systemic, 'systemic finding')} and ${count(s.findings.goodPractice, 'good practice finding')}.`),
    },
    {
      key: 'findings-evidenced',
      label: 'Every finding links to evidence',
      check: (s) =>
        everyOf(
          s.findings.withEvidence,
          allFindings(s),
          'There are no findings yet.',
          'Every finding links to evidence.',
          (left) => `${count(left, 'finding')} ${left === 1 ? 'links' : 'link'} to no evidence; link an episode, map node, event or quote.`,
        ),
    },
    {
      // An import rolled back leaves a finding pointing at events that are gone (issue 13).
      key: 'findings-cite-existing-events',
      label: 'No finding cites a chronology event that was removed',
      check: (s) =>
        s.findings.citingRemovedEvents === 0
          ? passed('Every chronology event a finding cites is still in the chronology.')
          : failed(
              `${count(s.findings.citingRemovedEvents, 'finding')} ${s.findings.citingRemovedEvents === 1 ? 'cites' : 'cite'} chronology events ` +
                'that were removed when an import was rolled back; choose other evidence or remove the link.',
            ),
    },
    {
      key: 'findings-tagged',
      label: 'Every systemic finding has a typology code',
      check: (s) =>
        everyOf(
          s.findings.systemicWithTypologyCode,
          s.findings.systemic,
          'There are no systemic findings to tag yet.',
          'Every systemic finding has a typology code.',
          (left) => `${count(left, 'systemic finding')} ${left === 1 ? 'has' : 'have'} no typology code.`,
        ),
    },
    {
      key: 'research-questions-answered',
      label: 'Every research question is addressed by a finding',
      check: (s) => {
        if (s.researchQuestions.length === 0) return failed('The review has no research questions to answer.')
        const unanswered = researchQuestionsUnanswered(s).length
        return unanswered === 0
          ? passed(`All ${count(s.researchQuestions.length, 'research question')} are addressed by findings.`)
          : failed(`${count(unanswered, 'research question')} ${unanswered === 1 ? 'is' : 'are'} not yet addressed by any finding.`)
      },
    },
    {
      key: 'findings-agreed',
      label: 'Every finding is agreed by the lead reviewer',
      check: (s) =>
        s.findings.drafts === 0
          ? allFindings(s) === 0 ? failed('There are no findings to agree yet.') : passed('Every finding is agreed.')
          : failed(draftsHoldOpen(s.findings.drafts)),
    },
    {
      key: 'practitioner-feedback',
      label: 'Practitioners have given feedback on the draft findings',
      check: (s) =>
        s.caseGroupSteps.draftFindingsFeedback > 0
          ? passed(`Practitioners' feedback on the draft findings recorded ${s.caseGroupSteps.draftFindingsFeedback === 1 ? 'once' : `${s.caseGroupSteps.draftFindingsFeedback} times`}, with what changed.`)
          : failed("Share the draft findings with the practitioners and record their feedback: who took part by role and agency, and what changed."),
    },
    noOpenLanguageIssues,
  ],
  hasStarted: (s) => allFindings(s) > 0,
  holdsOpen: (s) => (s.findings.drafts > 0 ? draftsHoldOpen(s.findings.drafts) : null),
}

/** A draft never leaves the review, so the findings stage cannot be complete while one remains. */
function draftsHoldOpen(drafts: number): string {
  return `${count(drafts, 'finding')} ${drafts === 1 ? 'is' : 'are'} still ${drafts === 1 ? 'a draft' : 'drafts'}: agree ${drafts === 1 ? 'it' : 'each'} when complete, or delete ${drafts === 1 ? 'it' : 'them'}. Drafts do not appear in the report, on the board’s pages or in the national return.`
}

const boardResponse: Stage = {
  key: 'board-response',
  title: 'Board questions and response',
  purpose: 'Put questions to the board that leave the decisions with it, and record its response and agreed actions.',
  guidance: [
    'End each systemic finding with questions for the board rather than recommendations. A good question names the problem and asks the board to decide, for example whether it recognises the pattern and how it will find out how far it reaches.',
    'Share draft findings with the board’s link person early, so the board can test them and start planning. The board chair records the board’s written response to each question.',
    'Each agreed action needs an owner agency, an owner role, a due date and a way of knowing whether it worked. Be wary of actions that only add a procedure or a training session, unless the finding shows that is what is missing.',
  ],
  artefacts: ['Questions for the board', 'The board’s written response', 'Agreed actions'],
  checks: [
    {
      key: 'questions-asked',
      label: 'Every systemic finding ends with questions for the board',
      check: (s) =>
        everyOf(
          s.findings.systemicWithBoardQuestions,
          s.findings.systemic,
          'There are no systemic findings to ask the board about yet.',
          'Every systemic finding has questions for the board.',
          (left) => `${count(left, 'systemic finding')} ${left === 1 ? 'has' : 'have'} no questions for the board.`,
        ),
    },
    {
      key: 'responses-recorded',
      label: 'The board has responded to every question',
      check: (s) =>
        everyOf(
          s.board.questionsAnswered,
          s.board.questions,
          'There are no questions for the board yet.',
          `The board has responded to all ${count(s.board.questions, 'question')}.`,
          (left) => `${count(left, 'question')} still ${left === 1 ? 'waits' : 'wait'} for the board’s response.`,
        ),
    },
    {
      key: 'actions-agreed',
      label: 'The board has agreed actions',
      check: (s) =>
        s.board.actionsAgreed === 0
          ? failed('No actions are agreed yet.')
          : passed(`${count(s.board.actionsAgreed, 'action')} agreed.`),
    },
  ],
  hasStarted: (s) => s.findings.systemicWithBoardQuestions > 0 || s.board.questionsAnswered > 0,
}

const reportAndPublication: Stage = {
  key: 'report-and-publication',
  title: 'Report and publication',
  purpose:
    'Write the report, prepare a publication edition that protects the family’s identity, and share the learning nationally.',
  guidance: [
    'Write for the board, practitioners and the public. Lead with the findings, keep family detail to what the learning needs, and show your working so readers can challenge it: the methodology, who took part, and any stage you moved on from with a reason.',
    'The publication edition uses pseudonyms and leaves out dates of birth, addresses, schools and any other detail that could identify the family. Run the leak scan and deal with everything it lists before release.',
    'Agree the timing of publication with the board, thinking of the family, any criminal proceedings and the practitioners involved. Tell the family before the report is published.',
    'Submit the anonymised national return, so the learning joins that of other reviews and reaches national policy.',
  ],
  artefacts: ['Internal report', 'Publication edition', 'Leak scan result', 'National return'],
  checks: [
    {
      key: 'internal-report',
      label: 'The internal report has been produced',
      check: (s) =>
        s.reports.editionsExported.includes('internal')
          ? passed('The internal edition has been exported.')
          : failed('Export the internal edition for the board.'),
    },
    {
      key: 'publication-edition',
      label: 'The publication edition has been produced',
      check: (s) =>
        s.reports.editionsExported.includes('publication')
          ? passed('The publication edition has been exported.')
          : failed('Export the publication edition.'),
    },
    {
      key: 'leak-scan',
      label: 'The publication edition passed the leak scan',
      check: (s) => {
        if (s.reports.publicationLeakScanPassed === null) return failed('The leak scan has not run on a publication edition yet.')
        return s.reports.publicationLeakScanPassed
          ? passed('The latest leak scan found no identifying details.')
          : failed('The latest leak scan found identifying details; fix them or mark false positives with a reason.')
      },
    },
    noOpenLanguageIssues,
    {
      key: 'national-return',
      label: 'The national return has been submitted',
      check: (s) =>
        s.nationalReturnSubmitted
          ? passed('The anonymised national return has been submitted.')
          : failed('Submit the anonymised national return.'),
    },
  ],
  hasStarted: (s) => s.reports.editionsExported.length > 0,
}

export const learningTogether: MethodologyPack = {
  key: 'learning-together',
  title: 'Learning Together',
  summary:
    'SCIE’s systems model for case reviews. The review team and case group work with an independent lead reviewer to understand why practice made sense at the time, and turn that into findings about the local system.',
  stages: [
    scoping,
    teamAndCaseGroup,
    gatheringData,
    conversations,
    keyPracticeEpisodes,
    appraisal,
    systemicFindings,
    boardResponse,
    reportAndPublication,
  ],
  clocks: [reviewReportClock(reportAndPublication.key), finalReportClock()],
}
