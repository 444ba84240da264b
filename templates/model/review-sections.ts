// The report's opening parts: title page, summary, the child and family, and how the review was done
// (scope, research questions, methodology, stages, moving on with a reason, who took part).
import { AGE_BANDS, HARM_CATEGORIES } from '../../methodology/review-facts.js'
import { REVIEW_ROLE_LABELS, REVIEW_ROLES, type ReviewRole } from '../../methodology/permissions.js'
import type { MethodologyPack } from '../../methodology/packs/pack.js'
import type { StageStatus } from '../../methodology/packs/stage-status.js'
import type { Person, Review, ResearchQuestion } from '../../server/data/schema.js'
import type { MemberWithUser } from '../../server/data/review-members.js'
import type { StageCompletion } from '../../server/data/report-content.js'
import type { ConversationCounts } from '../../server/data/conversations.js'
import { markingFor, type FactItem, type ReportBlock, type ReportCounts, type ReportEdition, type ReportSection, type TitlePage } from '../report-model.js'
import { countText, dateText, instantDateText, listText, muted, paragraphs, section, type TextPolicy } from './report-text.js'

export function titlePage(review: Review, pack: MethodologyPack | null, edition: ReportEdition, producedAt: string, t: TextPolicy): TitlePage {
  const facts: FactItem[] = [
    { term: 'Child', detail: t(review.subject_pseudonym) },
    { term: 'Period reviewed', detail: `${dateText(review.period_from)} to ${dateText(review.period_to)}` },
    { term: 'Methodology', detail: pack?.title ?? review.methodology },
    { term: 'Produced', detail: instantDateText(producedAt) },
  ]
  return {
    title: t(review.title),
    partnership: review.board_name ? t(review.board_name) : null,
    editionLabel: edition === 'internal' ? 'Internal edition for the safeguarding partners' : 'Edition for publication',
    marking: markingFor(edition),
    facts,
    notice: edition === 'internal'
      ? 'This edition is for the safeguarding partners and the board. It holds sensitive personal information: do not publish it or share it beyond the people who need it.'
      : 'This edition is for publication. People are referred to by pseudonyms, and details that could identify the family have been removed and checked for.',
  }
}

function harmSentence(review: Review, child: string): string | null {
  const harm = HARM_CATEGORIES.find((h) => h.key === review.harm_category)
  const when = review.incident_date ? ` in ${dateText(review.incident_date.slice(0, 7))}` : ''
  if (!harm) return review.incident_date ? `The incident that led to the review happened${when}.` : null
  return harm.key === 'death' ? `${child} died${when}.` : `${child} was seriously harmed${when}.`
}

export function summarySection(
  review: Review, pack: MethodologyPack | null, counts: ReportCounts, systemicTitles: string[], t: TextPolicy,
): ReportSection {
  const child = t(review.subject_pseudonym)
  const partnership = review.board_name ? t(review.board_name) : 'The safeguarding partnership'
  const blocks: ReportBlock[] = []
  const harm = harmSentence(review, child)
  blocks.push({
    type: 'paragraph',
    text: `${partnership} commissioned this review to learn how agencies worked with ${child} and their family between ${dateText(review.period_from)} and ${dateText(review.period_to)}.${harm ? ` ${harm}` : ''}`,
  })
  blocks.push({
    type: 'paragraph',
    text: `The review used ${pack?.title ?? 'a systems methodology'}. It looks at why practice made sense to the people involved at the time, and at what in the local system made good practice harder or poor practice more likely, rather than at who was to blame.`,
  })
  if (systemicTitles.length > 0) {
    blocks.push({ type: 'paragraph', text: `The review makes ${countText(systemicTitles.length, 'systemic finding')}:` })
    blocks.push({ type: 'list', ordered: true, items: systemicTitles })
  } else {
    blocks.push(muted('The review has not recorded any systemic findings yet.'))
  }
  const more: string[] = []
  if (counts.boardQuestions > 0) more.push(`asks the board ${countText(counts.boardQuestions, 'question')}`)
  if (counts.goodPracticeFindings > 0) more.push(`notes ${countText(counts.goodPracticeFindings, 'example')} of good practice`)
  if (counts.boardActions > 0) more.push(`records ${countText(counts.boardActions, 'action')} the board has agreed`)
  if (more.length > 0) blocks.push({ type: 'paragraph', text: `It ${listText(more)}.` })
  return section('summary', 'Summary', blocks)
}

/** People in the register with personal identifiers recorded are the family; practitioners have none. */
function isFamily(person: Person): boolean {
  return Boolean(person.date_of_birth || person.nhs_number || person.address || person.postcode)
}

export function childAndFamilySection(review: Review, persons: Person[], t: TextPolicy): ReportSection {
  const child = t(review.subject_pseudonym)
  const ageBand = AGE_BANDS.find((b) => b.key === review.child_age_band)?.label
  const family = persons.filter(isFamily).map((p) => p.pseudonym).filter((p) => p.toLowerCase() !== review.subject_pseudonym.toLowerCase())

  const who: ReportBlock[] = [
    { type: 'facts', items: [{ term: 'The child', detail: child }, ...(ageBand ? [{ term: 'Age at the time', detail: ageBand }] : [])] },
  ]
  if (family.length > 0) {
    who.push({ type: 'paragraph', text: 'Family members are referred to in this report as:' })
    who.push({ type: 'list', ordered: false, items: family })
  } else {
    who.push(muted('No family members are recorded in the review’s person register yet.'))
  }

  const involvement: ReportBlock[] = review.family_invited_on
    ? [{ type: 'paragraph', text: `The family was invited to contribute to the review on ${dateText(review.family_invited_on)}.` }]
    : [muted('The family has not been recorded as invited to contribute yet.')]

  const views = review.family_views ? paragraphs(t(review.family_views)) : []
  return section('child-and-family', 'The child and their family', [], [
    section('family-who', 'Who is in this report', who),
    section('family-involvement', 'How the family took part', involvement),
    section('family-views', 'The family’s views and the child’s lived experience', views.length > 0 ? views : [muted('The family’s views are not recorded yet.')]),
  ])
}

const STATUS_TEXT: Record<StageStatus['status'], string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  ready: 'Ready to complete',
  complete: 'Complete',
}

export function reviewProcessSection(
  review: Review,
  pack: MethodologyPack | null,
  questions: ResearchQuestion[],
  stages: StageStatus[],
  completions: StageCompletion[],
  members: MemberWithUser[],
  conversations: ConversationCounts,
  t: TextPolicy,
): ReportSection {
  const scope = review.scope ? paragraphs(t(review.scope)) : []
  const rqs: ReportBlock[] = questions.length > 0
    ? [
        { type: 'paragraph', text: 'At scoping the review agreed to find out:' },
        { type: 'list', ordered: true, items: questions.map((q) => t(q.text)) },
      ]
    : [muted('No research questions are recorded yet.')]

  const method: ReportBlock[] = pack
    ? [{ type: 'paragraph', text: `${pack.title}. ${pack.summary}` }]
    : [muted(`The review uses a methodology this instance does not describe (${review.methodology}).`)]
  if (stages.length > 0) {
    const byKey = new Map(completions.map((c) => [c.stageKey, c]))
    method.push({
      type: 'table',
      caption: 'Stages of the review',
      columns: [{ header: 'Stage', weight: 3 }, { header: 'Status', weight: 2 }, { header: 'Completed', weight: 2 }],
      rows: stages.map((s, i) => [
        `${i + 1}. ${s.title}`,
        STATUS_TEXT[s.status] + (s.status === 'complete' && s.override ? ' (moved on with a reason)' : ''),
        byKey.get(s.key)?.completedAt ? instantDateText(byKey.get(s.key)?.completedAt ?? '') : '',
      ]),
    })
  }

  const overrides = stages.filter((s) => s.status === 'complete' && s.override)
  const overrideBlocks: ReportBlock[] = overrides.length > 0
    ? [
        { type: 'paragraph', text: 'The lead reviewer may move on from a stage before all of its readiness checks pass, if they record why. These stages were completed that way:' },
        {
          type: 'table',
          caption: 'Stages completed with checks not passed',
          columns: [{ header: 'Stage', weight: 2 }, { header: 'Reason given', weight: 4 }, { header: 'By', weight: 1.5 }, { header: 'When', weight: 1.5 }],
          rows: overrides.map((s) => {
            const completion = completions.find((c) => c.stageKey === s.key)
            return [s.title, t(s.override?.reason ?? ''), completion?.completedByRole ? REVIEW_ROLE_LABELS[completion.completedByRole] : 'A former member', instantDateText(s.override?.at ?? '')]
          }),
        },
      ]
    : [muted('Every stage completed so far passed its readiness checks.')]

  return section('the-review', 'About this review', [], [
    section('scope', 'Scope', scope.length > 0 ? scope : [muted('The scope is not written yet.')]),
    section('research-questions', 'Research questions', rqs),
    section('methodology', 'Methodology', method),
    section('moving-on', 'Stages completed with a recorded reason', overrideBlocks),
    section('who-took-part', 'Who took part', whoTookPart(review, members, conversations, t)),
  ])
}

function whoTookPart(review: Review, members: MemberWithUser[], conversations: ConversationCounts, t: TextPolicy): ReportBlock[] {
  const items: FactItem[] = []
  for (const role of REVIEW_ROLES as readonly ReviewRole[]) {
    const inRole = members.filter((m) => m.role === role)
    if (inRole.length === 0) continue
    const agencies = [...new Set(inRole.map((m) => m.agency?.trim()).filter((a): a is string => Boolean(a)))].sort()
    items.push({ term: REVIEW_ROLE_LABELS[role], detail: `${countText(inRole.length, 'person', 'people')}${agencies.length > 0 ? ` (${agencies.join(', ')})` : ''}` })
  }
  if (review.board_link_role) items.push({ term: 'The board’s link person', detail: t(review.board_link_role) })
  items.push({
    term: 'Conversations with practitioners',
    detail: conversations.held > 0 ? `${countText(conversations.held, 'conversation')} with ${countText(conversations.practitioners, 'practitioner')}` : 'None recorded yet',
  })
  return [{ type: 'paragraph', text: 'People took part in these roles (names are not given).' }, { type: 'facts', items }]
}
