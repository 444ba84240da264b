// Demo seeding for findings: the case's systemic and good practice findings with their typology codes, links
// to key practice episodes (by title) and map nodes (by the ids the analysis seeder keeps), board questions,
// the board's responses and actions at different stages, and a finished tagging agreement exercise.
// Runs after the analysis seeder; whatever analysis is missing is simply not linked.
import { listEpisodes } from '../data/key-practice-episodes.js'
import { listBoardQuestions } from '../data/findings.js'
import { agreeAction, recordBoardResponse, updateActionStatus } from '../services/board-response.js'
import { loadMap } from '../services/causal-map.js'
import { agreeFinding, createFinding } from '../services/findings.js'
import { saveExerciseTags, startTaggingExercise } from '../services/tagging-agreement.js'
import { defaultEffect, type TagEffect } from '../../methodology/typology/tag-effect.js'
import type { DemoFinding } from './case/demo-case.js'
import type { DemoSeeder } from './seed.js'

/**
 * The version 1 code that fits each finding best, chosen by reading the codes' descriptions against the
 * finding (word overlap picks badly here: "home" and "school" point at moves between areas).
 */
const CODE_FOR: Record<string, string[]> = {
  'f-1': ['MAL-1'], // agencies each hold part of the picture; no one holds the whole history
  'f-2': ['TLS-3'], // a risk checklist's score used as a cut-off instead of a prompt for judgement
  'f-3': ['MGT-5'], // early years settings unsure of thresholds and of the route to help
  'f-4': ['HRB-1'], // an early view that the mother is coping is not revisited as new information arrives
  'f-5': ['FPI-3'], // the child's experience heard through the sibling: the opposite of "not seen or heard"
}

/** A second reviewer's independent codes, for the agreement exercise: close, but not the same. */
const SECOND_REVIEWER_CODES: Record<string, string[]> = {
  'f-1': ['MAL-1', 'FPI-4'],
  'f-2': ['TLS-3'],
  'f-3': ['MAL-4'],
  'f-4': ['HRB-2', 'MGT-1'],
  'f-5': ['FPI-3'],
}

/**
 * Where the second reviewer chose a different helps/hinders marker: the sibling's words were heard (helps), but the
 * second reviewer weighed that her July account then sat unread in an absent worker's inbox (hinders).
 */
const SECOND_REVIEWER_MARKERS: Record<string, Record<string, TagEffect>> = {
  'f-5': { 'FPI-3': 'hinders' },
}

/** Where each agreed action stands today (fictional), by finding id and action index. */
const PROGRESS: Record<string, Array<{ status: 'done' | 'in-progress'; note: string; evidence?: string; completedOn?: string } | null>> = {
  'f-1': [
    { status: 'done', note: 'Template changed in the case recording system.', evidence: 'The March 2023 dip sample found a household check with housing and early years in 9 of 10 assessments that involved a new adult.', completedOn: '2023-03-31' },
    { status: 'done', note: 'Agreement signed by both directors.', evidence: 'Signed information-sharing agreement; the housing team’s log shows a median reply time of one working day.', completedOn: '2022-07-15' },
  ],
  'f-2': [
    { status: 'done', note: 'Flags and offline copies live on all response devices after the records system upgrade.', evidence: 'Device logs for the first quarter of 2023 show records reached at the scene on 96 in every 100 domestic abuse calls.', completedOn: '2023-02-28' },
    { status: 'done', note: 'Audit reported to the board in September 2022.', evidence: 'MARAC steering group audit of medium-graded incidents, presented to the board and minuted.', completedOn: '2022-09-14' },
  ],
  'f-3': [
    { status: 'done', note: 'Protocol published with three worked examples.', evidence: 'Revised bruising protocol published; a survey of settings in early 2023 found 11 of 12 knew when to call the Front Door.', completedOn: '2022-06-20' },
  ],
  'f-4': [
    { status: 'done', note: 'Reflective case discussions running monthly in every team since October 2022.', evidence: 'The December 2022 case audit found the discussion recorded, with an alternative view written down, in 9 of 10 sampled plans.', completedOn: '2022-12-16' },
  ],
  'f-5': [
    { status: 'done', note: 'Inboxes set up for all five teams.', evidence: 'A spot check in May 2022 had each team inbox answer a test message within a working day.', completedOn: '2022-05-12' },
  ],
}

/**
 * The board's answer to each question, by finding id and question index: each answers what was asked (the
 * finding's overall response in the case file opens the first answer).
 */
const RESPONSES: Record<string, string[]> = {
  'f-1': [
    'Children’s services and Westmere Homes will add an occupancy check to every child and family assessment that involves a new adult. The quality assurance group will audit its use in early 2023 and report to the board.',
    'Westmere Homes will answer occupancy questions from children’s social care within two working days under a signed agreement, and each answer will say why it matters to the child’s plan. The housing team will log response times for the board.',
  ],
  'f-2': [
    'The police will put intelligence flags and convictions linked to an address on response officers’ devices, with an offline copy. Until then, the control room reads them out when a domestic abuse call involves children.',
    'The board does not yet know. It has asked the MARAC steering group to audit professional judgement referrals for incidents graded medium with children under five, and to report every six months, including what officers say gets in the way on a busy shift.',
  ],
  'f-3': [
    'Children’s services will tell an early years setting, in writing and within five working days, when a child it cares for has a social worker or changes worker. Settings will be invited to child in need reviews.',
    'Not well enough. The partnership will revise its bruising protocol to cover children who are starting to move, with worked examples written with early years settings, and survey settings six months after publication.',
  ],
  'f-4': [
    'Children’s services will report supervision frequency against caseload to the board each quarter. The Principal Social Worker will introduce monthly reflective case discussions for child in need plans involving domestic abuse.',
    'Little beyond headline caseloads. From the next quarter the board will receive workforce data alongside case audit results, so that it can see whether assessments are weaker in teams with high caseloads or gaps in supervision.',
  ],
  'f-5': [
    'Every children’s services team will have a shared inbox checked daily, and school nursing contributions will be taken to every child in need review. Over the school holidays, school nurses will send concerns to the team inbox rather than to one worker.',
  ],
}

function codesFor(finding: DemoFinding): string[] {
  return CODE_FOR[finding.id] ?? [finding.typologyFamily]
}

export const seedFindings: DemoSeeder = async ({ ctx, reviewId, users, analysis, researchQuestionIds }) => {
  const episodes = await listEpisodes(ctx.db, reviewId)
  const mapNodeIds = new Set((await loadMap(ctx.db, reviewId)).map.nodes.map((n) => n.id))
  const lead = users.lead.actor
  const chair = users.boardChair.actor
  const ids = new Map<string, string>()

  for (const f of analysis.findings) {
    const created = await createFinding(ctx, lead, reviewId, {
      kind: f.kind, title: f.title, pattern: f.pattern, inThisCase: f.inThisCase, howWidespread: f.howWidespread, whyItMatters: f.whyItMatters,
      systemLevel: f.systemLevel, typologyCodes: codesFor(f),
      researchQuestionIds: f.researchQuestions.map((q) => researchQuestionIds[q]).filter((id): id is string => id !== undefined),
      kpeIds: episodes.filter((e) => f.kpeTitles.includes(e.title)).map((e) => e.id),
      nodeIds: f.nodeIds.filter((id) => mapNodeIds.has(id)),
      evidence: [],
      boardQuestions: f.boardQuestions,
    })
    ids.set(f.id, created.id)
    // Every demo finding is complete, so the lead reviewer has agreed it: the report, the board and the return show it.
    await agreeFinding(ctx, lead, reviewId, created.id)
  }

  // The board chair answers every question with the board's response to the finding, and agrees its actions.
  const questions = await listBoardQuestions(ctx.db, reviewId)
  for (const f of analysis.findings) {
    const findingId = ids.get(f.id)!
    for (const [i, q] of questions.filter((x) => x.finding_id === findingId).entries()) {
      await recordBoardResponse(ctx, chair, reviewId, q.id, RESPONSES[f.id]?.[i] ?? f.boardResponse)
    }
    for (const [i, a] of f.actions.entries()) {
      const action = await agreeAction(ctx, chair, reviewId, {
        findingId, action: a.action, ownerAgency: a.ownerAgency, ownerRole: a.ownerRole, dueDate: a.dueDate, successMeasure: a.successMeasure,
      })
      const progress = PROGRESS[f.id]?.[i]
      if (progress) {
        await updateActionStatus(ctx, chair, reviewId, action.id, {
          status: progress.status, note: progress.note, evidence: progress.evidence ?? '', completedOn: progress.completedOn ?? '',
        })
      }
    }
  }

  // Two reviewers tagged the findings independently; both have finished, so the comparison is ready to discuss.
  const exercise = await startTaggingExercise(ctx, lead, reviewId, { firstUserId: users.lead.user.id, secondUserId: users.teamHealth.user.id })
  const byFinding = (codes: (f: DemoFinding) => string[]) => Object.fromEntries(analysis.findings.map((f) => [ids.get(f.id)!, codes(f)]))
  // Each code with its helps/hinders marker: as the finding reads, except where the second reviewer saw it otherwise.
  const markers = (codes: (f: DemoFinding) => string[], other: Record<string, Record<string, TagEffect>> = {}) =>
    Object.fromEntries(analysis.findings.map((f) => [ids.get(f.id)!, Object.fromEntries(codes(f).map((c) => [c, other[f.id]?.[c] ?? defaultEffect(f.kind)]))]))
  const secondCodes = (f: DemoFinding) => SECOND_REVIEWER_CODES[f.id] ?? codesFor(f)
  await saveExerciseTags(ctx, lead, reviewId, exercise.id, byFinding(codesFor), true, markers(codesFor))
  await saveExerciseTags(ctx, users.teamHealth.actor, reviewId, exercise.id, byFinding(secondCodes), true, markers(secondCodes, SECOND_REVIEWER_MARKERS))
}
