// Everything the learning report shows, read for one review inside ONE read transaction, so the report is a
// consistent snapshot: a finding agreed, an event added or a name removed from the register while the report is
// being gathered is either wholly in it or wholly not. templates/ then builds the model from this and draws it,
// reading nothing itself. Only agreed findings are gathered for the report body; drafts come separately, for the
// internal edition's marked annex only.
import type { Kysely } from 'kysely'
import type { MapDocument } from '../../methodology/map/map-model.js'
import { listBoardActions } from '../data/board-actions.js'
import { countEvents, listEvents } from '../data/chronology-events.js'
import { factorEpisodeIds, listFactors } from '../data/contributory-factors.js'
import { countConversations } from '../data/conversations.js'
import { episodeQuoteIds, listEpisodes } from '../data/key-practice-episodes.js'
import { listPersons } from '../data/persons.js'
import { listReviewAbbreviations } from '../data/report-abbreviations.js'
import { listAgencySources, listConversationSources, listDocumentSources, listQuotesByIds, listStageCompletions } from '../data/report-content.js'
import { listFalsePositives } from '../data/reports.js'
import { listMembers } from '../data/review-members.js'
import { listResearchQuestions } from '../data/reviews.js'
import type { Database, Executor } from '../data/schema.js'
import { buildReportModel as modelOf, type ReportContent, type ReportModelOptions } from '../../templates/model/build-report-model.js'
import type { EpisodeForReport } from '../../templates/model/analysis-sections.js'
import type { ReportEdition, ReportModel } from '../../templates/report-model.js'
import { loadMap } from './causal-map.js'
import { listAgreedFindingViews, listFindingViews } from './findings.js'
import { buildReviewSnapshot } from './review-snapshot.js'
import { requireReview } from './reviews.js'
import { keepPerVersion, type KeepPerVersion } from './view-cache.js'
import { readContentVersion } from '../data/review-standing.js'

export type { ReportContent, ReportModelOptions }

/** Reads the report's content in one read-only transaction (a snapshot on SQLite and PostgreSQL alike). */
export async function readReportContent(db: Kysely<Database>, reviewId: string, now: Date): Promise<ReportContent> {
  // Repeatable read: on PostgreSQL each statement of a read-committed transaction would see its own snapshot.
  return db.transaction().setAccessMode('read only').setIsolationLevel('repeatable read').execute(async (trx) => {
    // The content version in the same snapshot: what is worked out from the chronology is kept per version (the
    // owner is the database handle, as for the chronology pages), so ten exports of one review read it once.
    const keep = keepPerVersion(db, reviewId, await readContentVersion(trx, reviewId))
    return gather(trx, reviewId, now, keep)
  })
}

/** The report model for one edition: the content read once (see readReportContent), then built by templates/. */
export async function buildReportModel(db: Kysely<Database>, reviewId: string, edition: ReportEdition, now: Date, options: ReportModelOptions = {}): Promise<ReportModel> {
  return modelOf(await readReportContent(db, reviewId, now), edition, now, options)
}

async function gather(db: Executor, reviewId: string, now: Date, keep: KeepPerVersion): Promise<ReportContent> {
  const review = await requireReview(db, reviewId)
  const [persons, falsePositives, snapshot, questions, members, conversations, findings, allFindings, actions, significant, totalEvents, agencies, conversationSources, documents, completions, analysis, abbreviations] =
    await Promise.all([
      listPersons(db, reviewId), listFalsePositives(db, reviewId), buildReviewSnapshot(db, reviewId, now, keep), listResearchQuestions(db, reviewId),
      listMembers(db, reviewId), countConversations(db, reviewId), listAgreedFindingViews(db, reviewId), listFindingViews(db, reviewId), listBoardActions(db, reviewId),
      keep('report:significant-events', () => listEvents(db, { reviewId, significant: true })), keep('report:event-count', () => countEvents(db, { reviewId })),
      keep('report:agency-sources', () => listAgencySources(db, reviewId)),
      listConversationSources(db, reviewId), listDocumentSources(db, reviewId), listStageCompletions(db, reviewId), analysisForReport(db, reviewId),
      listReviewAbbreviations(db, reviewId),
    ])
  return {
    review, persons, falsePositives, snapshot, questions, members, conversations, findings,
    draftFindings: allFindings.filter((v) => v.finding.status !== 'agreed'),
    actions, significant, totalEvents, agencies, conversationSources, documents, completions, analysis, abbreviations,
  }
}

export interface AnalysisForReport {
  episodes: EpisodeForReport[]
  map: MapDocument
}

function agencyList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : []
  } catch {
    return []
  }
}

/** The key practice episodes (with their contributory factors and the practitioners' words they draw on) and the causal map. */
async function analysisForReport(db: Executor, reviewId: string): Promise<AnalysisForReport> {
  const [episodes, factors, stored] = await Promise.all([listEpisodes(db, reviewId), listFactors(db, reviewId), loadMap(db, reviewId)])
  const [factorLinks, quoteLinks] = await Promise.all([factorEpisodeIds(db, factors.map((f) => f.id)), episodeQuoteIds(db, episodes.map((e) => e.id))])
  const quotes = new Map((await listQuotesByIds(db, reviewId, [...new Set([...quoteLinks.values()].flat())])).map((q) => [q.id, q]))
  return {
    map: stored.map,
    episodes: episodes.map((e) => ({
      title: e.title,
      startDate: e.date_start,
      endDate: e.date_end,
      agencies: agencyList(e.agencies),
      knownAtTheTime: e.known_at_time ?? '',
      expectedPractice: e.expected_practice ?? '',
      whatHappened: e.what_happened ?? '',
      judgement: e.judgement,
      goodPractice: e.good_practice ?? '',
      factors: factors.filter((f) => (factorLinks.get(f.id) ?? []).includes(e.id)).map((f) => ({ text: f.text, level: f.level })),
      quotes: (quoteLinks.get(e.id) ?? []).map((id) => quotes.get(id)).filter((q) => q !== undefined).map((q) => ({ text: q.text, practitioner: q.practitioner })),
    })),
  }
}
