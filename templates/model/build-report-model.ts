// Builds the report model once from the database. The publication edition (and the internal edition for a
// reader who may not see real names) passes every piece of case text through the pseudonymiser, with the
// reviewer's false positives left alone; the renderers then only draw.
import { getPack } from '../../methodology/packs/index.js'
import { stageStatuses } from '../../methodology/packs/stage-status.js'
import type { AllowedLeak, LeakKind } from '../../methodology/redaction/leak-scan.js'
import type { ReviewSnapshot } from '../../methodology/review-snapshot.js'
import { londonDate } from '../../server/clock.js'
import type { BoardAction, Person, ResearchQuestion, Review } from '../../server/data/schema.js'
import type { EventRow } from '../../server/data/chronology-events.js'
import type { ConversationCounts } from '../../server/data/conversations.js'
import type { AgencySource, ConversationSource, DocumentSource, StageCompletion } from '../../server/data/report-content.js'
import type { MemberWithUser } from '../../server/data/review-members.js'
import type { FindingView } from '../../server/services/findings.js'
import { toRegisterPerson } from '../../server/services/persons.js'
import { markingFor, type ReportBlock, type ReportCounts, type ReportEdition, type ReportModel } from '../report-model.js'
import { causalMapSection, mapForEdition, practiceEpisodesSection, type EpisodeForReport } from './analysis-sections.js'
import type { MapDocument } from '../../methodology/map/map-model.js'
import { appendixSection, significantEventsSection } from './evidence-sections.js'
import { boardResponseSection, draftFindingsAnnex, findingsSection, goodPracticeSection } from './finding-sections.js'
import { pseudonymisedText, section, slug, textAsRecorded } from './report-text.js'
import { contentsSection, glossarySection } from './glossary-section.js'
import { childAndFamilySection, reviewProcessSection, summarySection, titlePage } from './review-sections.js'

/** What the report shows, read in one transaction by server/services/report-content.ts; the model is built from this alone. */
export interface ReportContent {
  review: Review
  persons: Person[]
  falsePositives: ReadonlyArray<{ kind: string; value: string }>
  snapshot: ReviewSnapshot
  questions: ResearchQuestion[]
  members: MemberWithUser[]
  conversations: ConversationCounts
  /** Agreed findings only: what the report body, board response and appendix may show. */
  findings: FindingView[]
  /** Findings not agreed yet: only ever shown in the internal edition's marked annex. */
  draftFindings: FindingView[]
  actions: BoardAction[]
  significant: EventRow[]
  totalEvents: number
  agencies: AgencySource[]
  conversationSources: ConversationSource[]
  documents: DocumentSource[]
  completions: StageCompletion[]
  analysis: { episodes: EpisodeForReport[]; map: MapDocument }
  abbreviations: Record<string, string>
}

export interface ReportModelOptions {
  /**
   * Names in the internal edition: as recorded (for readers who may see real names), or pseudonyms (for everyone
   * else). The publication edition always uses pseudonyms.
   */
  names?: 'as-recorded' | 'pseudonyms'
}

/** Builds the model of one edition from content already read: no database, so PDF, DOCX and HTML draw the same thing. */
export function buildReportModel(content: ReportContent, edition: ReportEdition, now: Date, options: ReportModelOptions = {}): ReportModel {
  const { review, persons, falsePositives, snapshot, questions, members, conversations, findings: views, actions, significant, totalEvents, agencies, conversationSources, documents, completions, analysis, abbreviations } = content
  const pack = getPack(review.methodology)
  const producedAt = now.toISOString()
  const today = londonDate(now)

  const pseudonyms = edition === 'publication' || options.names === 'pseudonyms'
  const allowed: AllowedLeak[] = falsePositives.map((f) => ({ kind: f.kind as LeakKind, value: f.value }))
  const t = pseudonyms ? pseudonymisedText(persons.map(toRegisterPerson), allowed) : textAsRecorded()

  const systemic = views.filter((v) => v.finding.kind === 'systemic')
  const map = mapForEdition(analysis.map, t)
  const counts: ReportCounts = {
    significantEvents: significant.length,
    practiceEpisodes: analysis.episodes.length,
    mapNodes: map.nodes.length,
    systemicFindings: systemic.length,
    goodPracticeFindings: views.length - systemic.length,
    boardQuestions: systemic.reduce((n, v) => n + v.questions.length, 0),
    boardActions: actions.length,
  }
  const stages = pack ? stageStatuses(pack, snapshot) : []
  const memberAgencies = members.map((m) => m.agency ?? '').filter((a) => a.trim() !== '')
  const page = titlePage(review, pack, edition, producedAt, t)
  const body = {
    summary: summarySection(review, pack, counts, systemic.map((v) => t(v.finding.title)), t),
    childAndFamily: childAndFamilySection(review, persons, t),
    reviewProcess: reviewProcessSection(review, pack, questions, stages, completions, members, conversations, t),
    significantEvents: significantEventsSection(significant, totalEvents, t),
    practiceEpisodes: practiceEpisodesSection(analysis.episodes, t),
    causalMap: causalMapSection(map),
    findings: findingsSection(views, questions, t),
    boardResponse: boardResponseSection(views, actions, today, t),
    goodPractice: goodPracticeSection(views, questions, t, episodeGoodPractice(analysis.episodes, t)),
    appendix: appendixSection(agencies, conversationSources, documents, memberAgencies, views, t),
  }
  // Drafts leave the review in no edition but the internal one, and there only in their marked annex.
  const draftAnnex = edition === 'internal' && content.draftFindings.length > 0 ? draftFindingsAnnex(content.draftFindings, questions, t) : null
  const glossary = glossarySection([section('title', page.title, [{ type: 'facts', items: page.facts }]), ...Object.values(body), ...(draftAnnex ? [draftAnnex] : [])], abbreviations)

  return {
    reviewId: review.id,
    edition,
    marking: markingFor(edition),
    language: 'en-GB',
    title: page.title,
    fileStem: `${slug(page.title, 'learning-report')}-${edition}`,
    producedAt,
    titlePage: page,
    ...body,
    draftAnnex,
    glossary: glossary.section,
    contents: contentsSection([body.summary, body.childAndFamily, body.reviewProcess, body.significantEvents, body.practiceEpisodes,
      body.causalMap, body.findings, body.boardResponse, body.goodPractice, glossary.section, body.appendix, ...(draftAnnex ? [draftAnnex] : [])]),
    undefinedAbbreviations: glossary.unknown,
    counts,
  }
}

/** Good practice the appraisals recorded, listed under the good practice findings. */
function episodeGoodPractice(episodes: readonly EpisodeForReport[], t: (text: string) => string): ReportBlock[] {
  const items = episodes
    .map((e, i) => (e.goodPractice.trim() ? `Episode ${i + 1}, ${t(e.title)}: ${t(e.goodPractice)}` : null))
    .filter((item): item is string => item !== null)
  return items.length > 0 ? [{ type: 'paragraph', text: 'The appraisal of the key practice episodes found good practice here:' }, { type: 'list', ordered: false, items }] : []
}
