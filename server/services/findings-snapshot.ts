// The findings area's part of the review snapshot: counts of findings, their evidence, tags and questions,
// open language issues, and the board's responses and actions.
import { londonDate } from '../clock.js'
import { listBoardActions } from '../data/board-actions.js'
import { findingsCitingRemovedEvents } from '../data/event-references.js'
import { listAgreedFindings, listFindingResearchQuestions, listFindings, listLinks, listTags, listBoardQuestions } from '../data/findings.js'
import { isOverdue } from './board-action-status.js'
import { languageIssuesByFinding } from './finding-language.js'
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import type { Executor } from '../data/schema.js'

/** `now` judges which actions are overdue. */
export async function findingsPart(db: Executor, reviewId: string, now: Date): Promise<Pick<ReviewSnapshot, 'findings' | 'languageIssuesOpen' | 'board'>> {
  const findings = await listFindings(db, reviewId)
  const ids = findings.map((f) => f.id)
  const [links, tags, rqs, questions, actions, language, citingRemoved] = await Promise.all([
    listLinks(db, ids), listTags(db, ids), listFindingResearchQuestions(db, ids), listBoardQuestions(db, reviewId), listBoardActions(db, reviewId),
    languageIssuesByFinding(db, reviewId, findings), findingsCitingRemovedEvents(db, reviewId),
  ])
  const systemic = findings.filter((f) => f.kind === 'systemic')
  // The board sees agreed findings only (listAgreedFindings), so its counts are of their questions.
  const agreed = new Set((await listAgreedFindings(db, reviewId)).map((f) => f.id))
  const boardQuestions = questions.filter((q) => agreed.has(q.finding_id))
  const has = (list: ReadonlyArray<{ finding_id: string }>) => new Set(list.map((x) => x.finding_id))
  const linked = has(links)
  const tagged = has(tags)
  const asked = has(questions)
  const today = londonDate(now)
  let open = 0
  for (const issues of language.values()) open += issues.filter((i) => i.dismissal === null).length
  return {
    findings: {
      systemic: systemic.length,
      drafts: findings.length - agreed.size,
      goodPractice: findings.length - systemic.length,
      withEvidence: findings.filter((f) => linked.has(f.id)).length,
      systemicWithBoardQuestions: systemic.filter((f) => asked.has(f.id)).length,
      systemicWithTypologyCode: systemic.filter((f) => tagged.has(f.id)).length,
      researchQuestionIdsAddressed: [...new Set(rqs.map((r) => r.question_id))],
      citingRemovedEvents: citingRemoved.length,
    },
    languageIssuesOpen: open,
    board: {
      questions: boardQuestions.length,
      questionsAnswered: boardQuestions.filter((q) => q.response !== null).length,
      actionsAgreed: actions.length,
      actionsCompleted: actions.filter((a) => a.status === 'done').length,
      actionsOverdue: actions.filter((a) => isOverdue(a, today)).length,
    },
  }
}
