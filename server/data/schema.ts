// The database as Kysely sees it: one interface per area in ./tables, joined here.
import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely'
import type { FoundationTables } from './tables/foundation.js'
import type { ReviewTables } from './tables/reviews.js'
import type { EvidenceTables } from './tables/evidence.js'
import type { ChronologyTables } from './tables/chronology.js'
import type { FindingTables } from './tables/findings.js'
import type { ReportTables } from './tables/reports.js'
import type { AnalysisTables } from './tables/analysis.js'
import type { NationalTables } from './tables/national.js'
import type { RapidReviewTables } from './tables/rapid-reviews.js'
import type { ReviewConductTables } from './tables/review-conduct.js'

export interface Database extends FoundationTables, ReviewTables, ChronologyTables, FindingTables, EvidenceTables, ReportTables, AnalysisTables, NationalTables, RapidReviewTables, ReviewConductTables {}

/** Either the database or a transaction: repository functions take this first so they run inside a `trx`. */
export type Executor = Kysely<Database> | Transaction<Database>

export type User = Selectable<Database['users']>
export type NewUser = Insertable<Database['users']>
export type UserUpdate = Updateable<Database['users']>
export type Session = Selectable<Database['sessions']>
export type ApiToken = Selectable<Database['api_tokens']>
export type Accreditation = Selectable<Database['accreditations']>
export type IndependenceDeclaration = Selectable<Database['independence_declarations']>
export type CaseGroupStep = Selectable<Database['case_group_steps']>
export type ParallelProcess = Selectable<Database['parallel_processes']>
export type AuditRow = Selectable<Database['audit_log']>
export type Review = Selectable<Database['reviews']>
export type RapidReviewRow = Selectable<Database['rapid_reviews']>
export type RapidReviewSignOffRow = Selectable<Database['rapid_review_sign_offs']>
export type ReviewMember = Selectable<Database['review_members']>
export type ResearchQuestion = Selectable<Database['research_questions']>
export type StageRecord = Selectable<Database['stage_records']>
export type Finding = Selectable<Database['findings']>
export type BoardQuestion = Selectable<Database['board_questions']>
export type BoardAction = Selectable<Database['board_actions']>
export type BoardActionUpdate = Selectable<Database['board_action_updates']>
export type LanguageDismissal = Selectable<Database['language_dismissals']>
export type TaggingExercise = Selectable<Database['tagging_exercises']>
export type QualityAnswer = Selectable<Database['quality_answers']>
export type ChronologyImport = Selectable<Database['chronology_imports']>
export type ChronologyEvent = Selectable<Database['chronology_events']>
export type Person = Selectable<Database['persons']>
export type Conversation = Selectable<Database['conversations']>
export type Quote = Selectable<Database['quotes']>
export type SupportingDocument = Selectable<Database['documents']>
export type ReportExport = Selectable<Database['report_exports']>
export type ReportLeakScan = Selectable<Database['report_leak_scans']>
export type ReportFalsePositive = Selectable<Database['report_false_positives']>
export type KeyPracticeEpisode = Selectable<Database['key_practice_episodes']>
export type ContributoryFactor = Selectable<Database['contributory_factors']>
export type CausalMapRow = Selectable<Database['causal_maps']>
export type CausalMapHistoryRow = Selectable<Database['causal_map_history']>
export type NationalReturnRow = Selectable<Database['national_returns']>
export type NationalReturnSent = Selectable<Database['national_returns_sent']>
export type NationalFindingRow = Selectable<Database['national_findings']>
