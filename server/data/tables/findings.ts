import type { Generated } from 'kysely'
// Tables for the typology, findings, the board's response and actions, language dismissals,
// independent tagging and the quality self-assessment (migration 0006).
import type { CrosswalkChange } from '../../../methodology/typology/typology-versions.js'
import type { MarkerAnswer } from '../../../methodology/quality-markers.js'
import type { TagEffect } from '../../../methodology/typology/tag-effect.js'

export type FindingKind = 'systemic' | 'good-practice'
export type FindingLinkKind = 'kpe' | 'map-node' | 'event' | 'quote' | 'document'
export type ActionStatus = 'not-started' | 'in-progress' | 'done'

export interface TypologyVersionsTable {
  version: string
  published_at: string
  published_by: string | null
  recorded_at: string
}

export interface TypologyCodesTable {
  version: string
  code: string
  position: number
  label: string
  parent: string | null
  description: string
  /** JSON array of strings. */
  examples: string
}

export interface TypologyCrosswalkTable {
  version: string
  from_code: string
  position: number
  /** JSON array of codes in `version`. */
  to_codes: string
  change: CrosswalkChange
  note: string
  /** JSON array of codes in `version` to consider when re-tagging a retired code (migration 0024). */
  suggested_codes: Generated<string>
}

export interface FindingsTable {
  id: string
  review_id: string
  kind: FindingKind
  position: number
  title: string
  pattern: string
  in_this_case: string
  how_widespread: string
  why_it_matters: string
  system_level: string | null
  created_by: string | null
  created_at: string
  updated_at: string
  version: number
  /** Drafts stay inside the review; only agreed findings reach reports, the board and the national return. */
  status: Generated<FindingStatus>
  agreed_by: string | null
  agreed_at: string | null
  /** 1 when the lead reviewer marks the finding's issue as needing national attention (migration 0028). */
  national_attention: Generated<number>
}

export type FindingStatus = 'draft' | 'agreed'

export interface FindingTagsTable {
  finding_id: string
  code: string
  typology_version: string
  tagged_by: string | null
  tagged_at: string
  /** Whether the pattern helped or hindered in this finding; null for tags made before typology 2.0 (migration 0024). */
  effect: TagEffect | null
}

export interface FindingLinksTable {
  finding_id: string
  kind: FindingLinkKind
  target_id: string
  position: number
}

export interface FindingResearchQuestionsTable {
  finding_id: string
  question_id: string
}

export interface BoardQuestionsTable {
  id: string
  finding_id: string
  review_id: string
  position: number
  text: string
  response: string | null
  responded_by: string | null
  responded_at: string | null
  /** Raised with every response saved (optimistic concurrency). */
  version: Generated<number>
}

export interface BoardActionsTable {
  id: string
  review_id: string
  finding_id: string | null
  action: string
  owner_agency: string
  owner_role: string
  due_date: string
  success_measure: string
  status: ActionStatus
  completion_evidence: string | null
  completed_on: string | null
  created_by: string | null
  created_at: string
  updated_at: string
  version: number
}

export interface BoardActionUpdatesTable {
  id: string
  action_id: string
  status: ActionStatus
  note: string
  by_user: string | null
  at: string
}

export interface LanguageDismissalsTable {
  review_id: string
  issue_key: string
  phrase: string
  reason: string
  dismissed_by: string | null
  dismissed_at: string
}

export interface TaggingExercisesTable {
  id: string
  review_id: string
  typology_version: string
  /** JSON array of the finding ids both reviewers tag. */
  finding_ids: string
  first_user_id: string
  second_user_id: string
  first_done_at: string | null
  second_done_at: string | null
  started_by: string | null
  started_at: string
  closed_at: string | null
}

export interface TaggingExerciseTagsTable {
  exercise_id: string
  user_id: string
  finding_id: string
  code: string
  /** The helps/hinders marker chosen with the code; null for tags saved before exercises collected it. */
  effect: TagEffect | null
}

export interface QualityAnswersTable {
  review_id: string
  marker_key: string
  answer: MarkerAnswer
  note: string
  answered_by: string | null
  answered_at: string
}

export interface FindingTables {
  typology_versions: TypologyVersionsTable
  typology_codes: TypologyCodesTable
  typology_crosswalk: TypologyCrosswalkTable
  findings: FindingsTable
  finding_tags: FindingTagsTable
  finding_links: FindingLinksTable
  finding_research_questions: FindingResearchQuestionsTable
  board_questions: BoardQuestionsTable
  board_actions: BoardActionsTable
  board_action_updates: BoardActionUpdatesTable
  language_dismissals: LanguageDismissalsTable
  tagging_exercises: TaggingExercisesTable
  tagging_exercise_tags: TaggingExerciseTagsTable
  quality_answers: QualityAnswersTable
}
