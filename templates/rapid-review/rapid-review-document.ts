// The rapid review as a document for the Child Safeguarding Practice Review Panel, in the order of the Panel's
// rapid review template as we read it: the case and the incident, agencies involved, immediate safeguarding
// action, learning so far (good practice and what needs to change), the criteria for a local review, the
// decision with its reasons (and whether a national review is recommended), the partners' sign-off, and when
// it was sent and what the Panel said. The PDF, DOCX and JSON exports all draw this one model.
import { criterionText, DECISION_LABELS, PARTNER_LABELS, PARTNERS, type RapidReviewRecord } from '../../methodology/rapid-review/rapid-review-record.js'
import { dateInWords } from '../../methodology/rapid-review/read-rapid-review.js'
import type { FactItem, ReportBlock, ReportSection, TableColumn } from '../report-model.js'

export interface RapidReviewDocument {
  title: string
  partnership: string | null
  marking: 'OFFICIAL-SENSITIVE'
  language: 'en-GB'
  producedAt: string
  /** For file names: lower-case letters, digits and hyphens. */
  fileStem: string
  titleFacts: FactItem[]
  sections: ReportSection[]
}

export interface RapidReviewDocumentInput {
  reviewTitle: string
  partnership: string | null
  childPseudonym: string
  notificationDate: string | null
  record: RapidReviewRecord
  producedAt: string
}

const when = (d: string | null) => (d ? dateInWords(d) : 'Not recorded')
const orNone = (text: string, none = 'Not recorded') => (text.trim() ? text : none)
const section = (id: string, title: string, blocks: ReportBlock[], subsections: ReportSection[] = []): ReportSection => ({ id, title, blocks, subsections })
const table = (caption: string, columns: TableColumn[], rows: string[][]): ReportBlock => ({ type: 'table', caption, columns, rows })

export function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'review'
}

export function buildRapidReviewDocument(input: RapidReviewDocumentInput): RapidReviewDocument {
  const r = input.record
  const facts = r.facts
  const sections: ReportSection[] = [
    section('case', '1. The child, the household and the incident', [
      { type: 'facts', items: [
        { term: 'The child', detail: orNone(facts.child) },
        { term: 'The household', detail: orNone(facts.household) },
        { term: 'Date of the incident', detail: when(facts.incidentDate) },
        { term: 'Date the partnership became aware', detail: when(facts.becameAware) },
        { term: 'Date notified to the Panel', detail: when(input.notificationDate) },
      ] },
      { type: 'paragraph', text: orNone(facts.incident, 'The incident is not yet described.') },
    ]),
    section('agencies', '2. Agencies involved', facts.agencies.length ? [{ type: 'list', ordered: false, items: facts.agencies }] : [{ type: 'paragraph', text: 'None recorded.' }]),
    section('immediate-action', '3. Immediate safeguarding action for the child and other children', r.immediateSafeguarding.length
      ? [table('Immediate safeguarding action', [{ header: 'Action', weight: 3 }, { header: 'For', weight: 1.4 }, { header: 'By', weight: 1.6 }, { header: 'When', weight: 1.3 }, { header: 'Done', weight: 0.7 }],
        r.immediateSafeguarding.map((a) => [a.action, a.for || '-', a.by, a.date ? dateInWords(a.date) : '-', a.done ? 'Yes' : 'No']))]
      : [{ type: 'paragraph', text: 'None recorded.' }]),
    section('learning', '4. Learning identified so far', [], [
      section('good-practice', 'Good practice', [{ type: 'paragraph', text: orNone(r.learning.goodPractice, 'None recorded.') }]),
      section('to-improve', 'What needs to change', [{ type: 'paragraph', text: orNone(r.learning.toImprove, 'None recorded.') }]),
    ]),
    section('criteria', '5. Criteria for a local child safeguarding practice review', r.criteria.length
      ? [table('Each criterion considered', [{ header: 'Criterion', weight: 3 }, { header: 'Met', weight: 0.9 }, { header: 'Why', weight: 3 }],
        r.criteria.map((c) => [criterionText(c.criterion), c.met === true ? 'Yes' : c.met === false ? 'No' : 'Not yet known', c.note || '-']))]
      : [{ type: 'paragraph', text: 'No criteria recorded.' }]),
    section('decision', '6. Decision and reasons', [
      { type: 'facts', items: [
        { term: 'Decision', detail: r.decision ? DECISION_LABELS[r.decision] : 'Not yet made' },
        { term: 'National review recommended to the Panel', detail: r.decision === 'national-review-recommended' ? 'Yes' : 'No' },
        { term: 'Date of the decision', detail: when(r.decisionDate) },
      ] },
      { type: 'paragraph', text: orNone(r.decisionReasons, 'No reasons recorded.') },
      ...(r.draftQuestions.length ? [{ type: 'paragraph' as const, text: 'Questions a local review would start from:' }, { type: 'list' as const, ordered: true, items: r.draftQuestions }] : []),
    ]),
    section('sign-off', '7. Sign-off by the safeguarding partners', [
      table('Sign-off', [{ header: 'Partner', weight: 1.6 }, { header: 'Name', weight: 1.6 }, { header: 'Role', weight: 2 }, { header: 'Date', weight: 1.2 }],
        PARTNERS.map((p) => {
          const s = r.signOff.find((x) => x.partner === p)
          return [PARTNER_LABELS[p], s?.name ?? 'Not signed', s?.role ?? '-', s ? dateInWords(s.date) : '-']
        })),
    ]),
    section('panel', '8. Sent to the Panel and its response', [
      { type: 'facts', items: [
        { term: 'Date sent to the Panel', detail: when(r.sentToPanel) },
        { term: 'Date of the Panel’s response', detail: when(r.panelResponse?.date ?? null) },
      ] },
      ...(r.panelResponse ? [{ type: 'paragraph' as const, text: r.panelResponse.text }] : []),
    ]),
  ]
  return {
    title: `Rapid review: ${input.childPseudonym}`,
    partnership: input.partnership,
    marking: 'OFFICIAL-SENSITIVE',
    language: 'en-GB',
    producedAt: input.producedAt,
    fileStem: `rapid-review-${slug(input.childPseudonym)}`,
    titleFacts: [
      { term: 'Review', detail: input.reviewTitle },
      { term: 'Decision', detail: r.decision ? DECISION_LABELS[r.decision] : 'Not yet made' },
    ],
    sections,
  }
}
