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

/** Where each agreed action stands today (fictional), by finding id and action index. */
const PROGRESS: Record<string, Array<{ status: 'done' | 'in-progress'; note: string; evidence?: string; completedOn?: string } | null>> = {
  'f-1': [
    { status: 'done', note: 'Template changed in the case recording system.', evidence: 'The March 2023 dip sample found a household check with housing and early years in 9 of 10 assessments that involved a new adult.', completedOn: '2023-03-31' },
    { status: 'done', note: 'Agreement signed by both directors.', evidence: 'Signed information-sharing agreement; the housing team’s log shows a median reply time of one working day.', completedOn: '2022-07-15' },
  ],
  'f-2': [
    { status: 'in-progress', note: 'Offline copies are live; intelligence flags on devices wait for the records system upgrade.' },
    { status: 'done', note: 'Audit reported to the board in September 2022.', evidence: 'MARAC steering group audit of medium-graded incidents, presented to the board and minuted.', completedOn: '2022-09-14' },
  ],
  'f-3': [
    { status: 'done', note: 'Protocol published with three worked examples.', evidence: 'Revised bruising protocol published; a survey of settings in early 2023 found 11 of 12 knew when to call the Front Door.', completedOn: '2022-06-20' },
  ],
  'f-4': [null],
  'f-5': [
    { status: 'done', note: 'Inboxes set up for all five teams.', evidence: 'A spot check in May 2022 had each team inbox answer a test message within a working day.', completedOn: '2022-05-12' },
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
    for (const q of questions.filter((x) => x.finding_id === findingId)) await recordBoardResponse(ctx, chair, reviewId, q.id, f.boardResponse)
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
  await saveExerciseTags(ctx, lead, reviewId, exercise.id, byFinding(codesFor), true)
  await saveExerciseTags(ctx, users.teamHealth.actor, reviewId, exercise.id, byFinding((f) => SECOND_REVIEWER_CODES[f.id] ?? codesFor(f)), true)
}
