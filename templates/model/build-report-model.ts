// Builds the report model once from the database. The publication edition (and the internal edition for a
// reader who may not see real names) passes every piece of case text through the pseudonymiser, with the
// reviewer's false positives left alone; the renderers then only draw.
import { getPack } from '../../methodology/packs/index.js'
import { stageStatuses } from '../../methodology/packs/stage-status.js'
import type { AllowedLeak, LeakKind } from '../../methodology/redaction/leak-scan.js'
import { londonDate } from '../../server/clock.js'
import { listBoardActions } from '../../server/data/board-actions.js'
import { countEvents, listEvents } from '../../server/data/chronology-events.js'
import { countConversations } from '../../server/data/conversations.js'
import { listPersons } from '../../server/data/persons.js'
import { listAgencySources, listConversationSources, listDocumentSources, listStageCompletions } from '../../server/data/report-content.js'
import { listFalsePositives } from '../../server/data/reports.js'
import { listMembers } from '../../server/data/review-members.js'
import { listResearchQuestions } from '../../server/data/reviews.js'
import type { Executor } from '../../server/data/schema.js'
import { listAgreedFindingViews } from '../../server/services/findings.js'
import { toRegisterPerson } from '../../server/services/persons.js'
import { buildReviewSnapshot } from '../../server/services/review-snapshot.js'
import { requireReview } from '../../server/services/reviews.js'
import { markingFor, type ReportBlock, type ReportCounts, type ReportEdition, type ReportModel } from '../report-model.js'
import { causalMapSection, mapForEdition, practiceEpisodesSection, type EpisodeForReport } from './analysis-sections.js'
import { loadAnalysisForReport } from './analysis-source.js'
import { appendixSection, significantEventsSection } from './evidence-sections.js'
import { boardResponseSection, findingsSection, goodPracticeSection } from './finding-sections.js'
import { pseudonymisedText, section, slug, textAsRecorded } from './report-text.js'
import { contentsSection, glossarySection } from './glossary-section.js'
import { listReviewAbbreviations } from '../../server/data/report-abbreviations.js'
import { childAndFamilySection, reviewProcessSection, summarySection, titlePage } from './review-sections.js'

export interface ReportModelOptions {
  /**
   * Names in the internal edition: as recorded (for readers who may see real names), or pseudonyms (for everyone
   * else). The publication edition always uses pseudonyms.
   */
  names?: 'as-recorded' | 'pseudonyms'
}

export async function buildReportModel(
  db: Executor, reviewId: string, edition: ReportEdition, now: Date, options: ReportModelOptions = {},
): Promise<ReportModel> {
  const review = await requireReview(db, reviewId)
  const pack = getPack(review.methodology)
  const producedAt = now.toISOString()
  const today = londonDate(now)

  const [persons, falsePositives, snapshot, questions, members, conversations, views, actions, significant, totalEvents, agencies, conversationSources, documents, completions, analysis, abbreviations] =
    await Promise.all([
      listPersons(db, reviewId), listFalsePositives(db, reviewId), buildReviewSnapshot(db, reviewId, now), listResearchQuestions(db, reviewId),
      listMembers(db, reviewId), countConversations(db, reviewId), listAgreedFindingViews(db, reviewId), listBoardActions(db, reviewId),
      listEvents(db, { reviewId, significant: true }), countEvents(db, { reviewId }), listAgencySources(db, reviewId),
      listConversationSources(db, reviewId), listDocumentSources(db, reviewId), listStageCompletions(db, reviewId), loadAnalysisForReport(db, reviewId),
      listReviewAbbreviations(db, reviewId),
    ])

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
  const glossary = glossarySection([section('title', page.title, [{ type: 'facts', items: page.facts }]), ...Object.values(body)], abbreviations)

  return {
    reviewId,
    edition,
    marking: markingFor(edition),
    language: 'en-GB',
    title: page.title,
    fileStem: `${slug(page.title, 'learning-report')}-${edition}`,
    producedAt,
    titlePage: page,
    ...body,
    glossary: glossary.section,
    contents: contentsSection([body.summary, body.childAndFamily, body.reviewProcess, body.significantEvents, body.practiceEpisodes,
      body.causalMap, body.findings, body.boardResponse, body.goodPractice, glossary.section, body.appendix]),
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
