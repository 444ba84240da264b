import type { Generated } from 'kysely'
import type { ReviewRole } from '../../../methodology/permissions.js'

export interface ReviewsTable {
  id: string
  title: string
  board_name: string | null
  subject_pseudonym: string
  methodology: string
  period_from: string
  period_to: string
  incident_date: string | null
  notification_date: string | null
  decision_date: string | null
  /** When the report is to be published (migration 0014). */
  publication_planned_on: string | null
  /** When the final report was sent to the Panel and the Department for Education (migration 0014). */
  final_report_sent_on: string | null
  region: string | null
  child_age_band: string | null
  harm_category: string | null
  scope: string | null
  board_link_name: string | null
  board_link_role: string | null
  family_invited_on: string | null
  family_views: string | null
  immediate_learning: string | null
  rapid_decision: 'full-review' | 'no-further-review' | null
  rapid_decision_rationale: string | null
  sent_to_panel_on: string | null
  created_by: string
  created_at: string
  updated_at: string
  version: number
  /** Raised with every change to what the review's pages show (see migration 0009). */
  content_version: Generated<number>
  /** The safeguarding partnership the review belongs to (migration 0020); 'default' on a single-partnership server. */
  partnership_id: string
}

export interface ReviewMembersTable {
  review_id: string
  user_id: string
  role: ReviewRole
  agency: string | null
  added_by: string
  added_at: string
}

export interface ResearchQuestionsTable {
  id: string
  review_id: string
  position: number
  text: string
  created_at: string
}

export interface StageRecordsTable {
  review_id: string
  stage_key: string
  completed_at: string | null
  completed_by: string | null
  override_reason: string | null
}

/**
 * The child's characteristics, the harm type and the household's risk factors, in the national return's lists
 * (methodology/national/characteristics.ts), recorded on the review's pages (migration 0028).
 */
export interface ReviewChildFactsTable {
  review_id: string
  sex: string
  ethnicity: string
  disability: string
  /** The DfE serious incident notification age band. */
  age_band: string
  looked_after: string
  social_care_status: string
  harm_type: string
  /** JSON: string[] */
  risk_factors: string
  updated_by: string | null
  updated_at: string
}

export interface ReviewTables {
  review_child_facts: ReviewChildFactsTable
  reviews: ReviewsTable
  review_members: ReviewMembersTable
  research_questions: ResearchQuestionsTable
  stage_records: StageRecordsTable
}
