// Systemic findings in the consistent structure (the pattern, how it showed in this case, how widespread it is,
// why it matters, then questions for the board), the board's responses and actions, and good practice.
import { MAP_LEVEL_INFO, isMapLevel } from '../../methodology/map/map-model.js'
import type { BoardAction, ResearchQuestion } from '../../server/data/schema.js'
import type { FindingView } from '../../server/services/findings.js'
import { ACTION_STATE_TAGS, actionState } from '../../server/services/board-action-status.js'
import type { FactItem, ReportBlock, ReportSection } from '../report-model.js'
import { dateText, muted, paragraphs, section, type TextPolicy } from './report-text.js'

/** "Finding 2" for systemic findings, numbered in the order the review put them. */
export function findingNumbers(views: readonly FindingView[]): Map<string, number> {
  const numbers = new Map<string, number>()
  views.filter((v) => v.finding.kind === 'systemic').forEach((v, i) => numbers.set(v.finding.id, i + 1))
  return numbers
}

function part(id: string, title: string, text: string, t: TextPolicy): ReportSection {
  const body = paragraphs(t(text))
  return section(id, title, body.length > 0 ? body : [muted('Not written yet.')])
}

function findingFacts(view: FindingView, questions: readonly ResearchQuestion[]): FactItem[] {
  const facts: FactItem[] = []
  const codes = view.tags.map((tag) => `${tag.code} ${tag.label}`)
  facts.push({ term: 'Typology', detail: codes.length > 0 ? codes.join('; ') : 'Not tagged yet' })
  const level = view.finding.system_level
  if (level && isMapLevel(level)) facts.push({ term: 'Level of the system', detail: MAP_LEVEL_INFO[level].label })
  const answered = questions.map((q, i) => (view.researchQuestionIds.includes(q.id) ? `Question ${i + 1}` : null)).filter((q): q is string => q !== null)
  if (answered.length > 0) facts.push({ term: 'Research questions it answers', detail: answered.join(', ') })
  return facts
}

function findingBody(view: FindingView, anchor: string, t: TextPolicy): ReportSection[] {
  const f = view.finding
  return [
    part(`${anchor}-pattern`, 'The pattern', f.pattern, t),
    part(`${anchor}-case`, 'How it showed in this case', f.in_this_case, t),
    part(`${anchor}-widespread`, 'How widespread it is', f.how_widespread, t),
    part(`${anchor}-matters`, 'Why it matters', f.why_it_matters, t),
    ...(f.kind === 'systemic'
      ? [section(`${anchor}-questions`, 'Questions for the board', view.questions.length > 0
          ? [{ type: 'list', ordered: true, items: view.questions.map((q) => t(q.text)) }]
          : [muted('No questions for the board yet.')])]
      : []),
  ]
}

export function findingsSection(views: readonly FindingView[], questions: readonly ResearchQuestion[], t: TextPolicy): ReportSection {
  const systemic = views.filter((v) => v.finding.kind === 'systemic')
  if (systemic.length === 0) return section('findings', 'Systemic findings', [muted('The review has not recorded any systemic findings yet.')])
  const intro: ReportBlock = {
    type: 'paragraph',
    text: 'Each finding describes a pattern in the local system, not just in this case. It says how the pattern showed in this case, how widespread it is, why it matters, and ends with questions for the board rather than recommendations.',
  }
  return section('findings', 'Systemic findings', [intro], systemic.map((view, i) => {
    const anchor = `finding-${i + 1}`
    return section(anchor, `Finding ${i + 1}: ${t(view.finding.title)}`, [{ type: 'facts', items: findingFacts(view, questions) }], findingBody(view, anchor, t))
  }))
}

export function goodPracticeSection(views: readonly FindingView[], questions: readonly ResearchQuestion[], t: TextPolicy, extra: ReportBlock[] = []): ReportSection {
  const good = views.filter((v) => v.finding.kind === 'good-practice')
  const subsections = good.map((view, i) => {
    const anchor = `good-practice-${i + 1}`
    return section(anchor, t(view.finding.title), [{ type: 'facts', items: findingFacts(view, questions) }], findingBody(view, anchor, t))
  })
  const blocks: ReportBlock[] = [...extra]
  if (good.length === 0 && extra.length === 0) blocks.push(muted('No good practice is recorded as a finding yet.'))
  return section('good-practice', 'Good practice', blocks, subsections)
}

export function boardResponseSection(views: readonly FindingView[], actions: readonly BoardAction[], today: string, t: TextPolicy): ReportSection {
  const numbers = findingNumbers(views)
  const withQuestions = views.filter((v) => v.finding.kind === 'systemic' && v.questions.length > 0)
  const subsections = withQuestions.map((view) => {
    const n = numbers.get(view.finding.id) ?? 0
    const blocks: ReportBlock[] = []
    view.questions.forEach((q, i) => {
      blocks.push({ type: 'paragraph', text: `Question ${i + 1}: ${t(q.text)}` })
      if (q.response) blocks.push({ type: 'quote', text: t(q.response), source: q.responded_at ? `The board’s response, ${dateText(q.responded_at.slice(0, 10))}` : 'The board’s response' })
      else blocks.push(muted('The board has not responded to this question yet.'))
    })
    return section(`board-finding-${n}`, `Finding ${n}: ${t(view.finding.title)}`, blocks)
  })

  const titleOf = new Map(views.map((v) => [v.finding.id, numbers.has(v.finding.id) ? `Finding ${numbers.get(v.finding.id)}` : t(v.finding.title)]))
  const actionBlocks: ReportBlock[] = actions.length > 0
    ? [{
        type: 'table',
        caption: 'Actions the board has agreed',
        columns: [
          { header: 'Action', weight: 4 }, { header: 'Finding', weight: 1.5 }, { header: 'Owner', weight: 2.5 }, { header: 'Due', weight: 1.5 },
          { header: 'How success will be known', weight: 3 }, { header: 'Status', weight: 1.5 },
        ],
        rows: actions.map((a) => [
          t(a.action),
          a.finding_id ? (titleOf.get(a.finding_id) ?? '') : 'General',
          `${t(a.owner_role)}, ${t(a.owner_agency)}`,
          dateText(a.due_date),
          t(a.success_measure),
          ACTION_STATE_TAGS[actionState(a, today)].text + (a.status === 'done' && a.completed_on ? ` (${dateText(a.completed_on)})` : ''),
        ]),
      }]
    : [muted('The board has not agreed any actions yet.')]

  const blocks: ReportBlock[] = withQuestions.length === 0 ? [muted('There are no questions for the board yet, so there is no response to report.')] : []
  return section('board-response', 'The board’s response', blocks, [...subsections, section('board-actions', 'Actions', actionBlocks)])
}

/** The title the internal edition's annex of drafts carries, so no reader can take one for an agreed finding. */
export const DRAFT_ANNEX_TITLE = 'Draft findings — not agreed, not for circulation'

/** Drafts for the review team's own reading: internal edition only (see buildReportModel). */
export function draftFindingsAnnex(drafts: readonly FindingView[], questions: readonly ResearchQuestion[], t: TextPolicy): ReportSection {
  const notice: ReportBlock = {
    type: 'paragraph',
    text: 'These findings are drafts. The lead reviewer has not agreed them, so they are not findings of this review: they are listed here for the review team’s own work only. Do not circulate, quote or act on them.',
  }
  return section('draft-findings', DRAFT_ANNEX_TITLE, [notice], drafts.map((view, i) => {
    const anchor = `draft-finding-${i + 1}`
    return section(anchor, `Draft ${i + 1} (not agreed): ${t(view.finding.title)}`, [{ type: 'facts', items: findingFacts(view, questions) }], findingBody(view, anchor, t))
  }))
}
