// Rapid reviews (migration 0011). JSON columns hold lists read and written whole.
import type { Generated } from 'kysely'

export interface RapidReviewsTable {
  review_id: string
  child: Generated<string>
  household: Generated<string>
  /** JSON: string[] */
  agencies: Generated<string>
  incident: Generated<string>
  became_aware_on: string | null
  /** JSON: SafeguardingAction[] */
  immediate_safeguarding: Generated<string>
  good_practice: Generated<string>
  to_improve: Generated<string>
  /** JSON: CriterionAnswer[] */
  criteria: Generated<string>
  decision: 'lcspr' | 'no-lcspr' | 'national-review-recommended' | null
  decision_reasons: Generated<string>
  decision_on: string | null
  /** JSON: string[] (migration 0015) */
  draft_questions: Generated<string>
  sent_to_panel_on: string | null
  panel_response_on: string | null
  panel_response: string | null
  local_review_id: string | null
  version: Generated<number>
  updated_at: string
  updated_by: string | null
}

export interface RapidReviewSignOffsTable {
  review_id: string
  partner: 'police' | 'health' | 'local-authority'
  position: number
  name: string
  role: string
  signed_on: string
}

export interface RapidReviewTables {
  rapid_reviews: RapidReviewsTable
  rapid_review_sign_offs: RapidReviewSignOffsTable
}
