// Rapid reviews (migration 0010). JSON columns hold lists read and written whole.
export interface RapidReviewsTable {
  review_id: string
  child: string
  household: string
  /** JSON: string[] */
  agencies: string
  incident: string
  became_aware_on: string | null
  /** JSON: SafeguardingAction[] */
  immediate_safeguarding: string
  good_practice: string
  to_improve: string
  /** JSON: CriterionAnswer[] */
  criteria: string
  decision: 'lcspr' | 'no-lcspr' | 'national-review-recommended' | null
  decision_reasons: string
  decision_on: string | null
  sent_to_panel_on: string | null
  panel_response_on: string | null
  panel_response: string | null
  local_review_id: string | null
  version: number
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
