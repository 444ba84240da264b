// Tables for national learning (migration 0008): the local side's sent returns and report links, and the
// national side's received returns with their findings in query-friendly form.
import type { Generated } from 'kysely'

export type ReceivedVia = 'api' | 'file' | 'local' | 'demo'

export interface NationalSettingsTable {
  key: string
  value: string
}

export interface NationalReturnOptionsTable {
  review_id: string
  published_report: string | null
  /** When the report was published (YYYY-MM-DD), for the return's decision-to-publication time (migration 0028). */
  published_on: string | null
  updated_by: string | null
  updated_at: string
}

export interface NationalReturnsSentTable {
  return_id: string
  version: number
  review_id: string
  /** The return exactly as sent (JSON). */
  document: string
  findings: number
  submitted_by: string | null
  submitted_at: string
}

export interface NationalReturnsTable {
  return_id: string
  version: number
  source_instance: string
  received_at: string
  received_by: string | null
  received_via: ReceivedVia
  findings: number
  document: string
  /** 1 for the version that counts in the analysis; earlier versions are kept as the return's history. */
  is_current: number
}

/**
 * The child's characteristics and the harm type in the published categories (methodology/national/characteristics.ts;
 * migration 0028), 'not-known' when not recorded. On national_reviews, and copied onto finding, code and agency rows.
 */
export interface ChildFacts {
  sex: Generated<string>
  ethnicity: Generated<string>
  disability: Generated<string>
  /** The DfE serious incident notification age band (age_band holds version 1's bands as sent, null for version 2). */
  sin_age_band: Generated<string>
  looked_after: Generated<string>
  social_care_status: Generated<string>
  harm_type: Generated<string>
}

export interface NationalReviewsTable extends ChildFacts {
  id: Generated<number>
  return_id: string
  version: number
  /** The format version the return was sent in (1 or 2); version 1 returns are translated (migration 0028). */
  format_version: Generated<number>
  region: string | null
  year: number
  methodology: string
  age_band: string | null
  harm: string | null
  /** JSON array of agency kinds. */
  agencies: string
  published_report: string | null
  /** JSON array of household risk factors (also one row each in national_review_risk_factors). */
  risk_factors: Generated<string>
  /** Working days; null when not known. */
  days_to_notification: number | null
  days_to_rapid_review: number | null
  days_to_publication: number | null
}

export interface NationalReviewRiskFactorsTable {
  review_id: number
  risk_factor: string
  year: number
  region: string | null
  methodology: string
}

export interface NationalFindingsTable extends ChildFacts {
  id: Generated<number>
  review_id: number
  ref: string
  kind: string
  title: string
  pattern: string
  how_widespread: string
  why_it_matters: string
  system_level: string | null
  /** JSON array of strings. */
  board_questions: string
  year: number
  region: string | null
  methodology: string
  age_band: string | null
  harm: string | null
  /** good-practice or area-for-improvement (migration 0028). */
  finding_type: Generated<string>
  /** 1 when the lead reviewer marked the issue as needing national attention. */
  national_attention: Generated<number>
  /** How many of the board's actions stood at each status at submission; null when not known (version 1). */
  actions_not_started: number | null
  actions_in_progress: number | null
  actions_done: number | null
  actions_overdue: number | null
}

export interface NationalFindingTagsTable {
  finding_id: number
  code: string
  typology_version: string
}

/** ChildFacts as values, as copied from a review onto its rows. */
export type ChildFactValues = { [K in keyof ChildFacts]: string }

/** The review's facts and the finding's level and type, copied onto code and agency rows for counting without joins. */
export interface FindingFacts extends ChildFactValues {
  review_id: number
  year: number
  region: string | null
  methodology: string
  age_band: string | null
  harm: string | null
  system_level: string | null
  finding_type: string
}

export interface NationalFindingCodesTable extends FindingFacts {
  finding_id: number
  code: string
  family: string
}

export interface NationalFindingAgenciesTable extends FindingFacts {
  finding_id: number
  agency: string
}

/**
 * Each current finding's countable facts, as named on national_findings (migration 0039): a narrow copy that the
 * counts over the findings read, instead of the findings' pages of words.
 */
export interface NationalFindingFactsTable extends Omit<FindingFacts, 'disability' | 'looked_after'> {
  /** The finding's id. */
  id: number
  national_attention: number
}

/** Pre-added counts per grouping and review facts ('' for a fact not recorded). */
export interface NationalCountsTable {
  dimension: string
  key: string
  year: number
  region: string
  methodology: string
  age_band: string
  harm: string
  reviews: number
  findings: number
}

export interface NationalTables {
  national_settings: NationalSettingsTable
  national_return_options: NationalReturnOptionsTable
  national_returns_sent: NationalReturnsSentTable
  national_returns: NationalReturnsTable
  national_reviews: NationalReviewsTable
  national_review_risk_factors: NationalReviewRiskFactorsTable
  national_findings: NationalFindingsTable
  national_finding_tags: NationalFindingTagsTable
  national_finding_codes: NationalFindingCodesTable
  national_finding_agencies: NationalFindingAgenciesTable
  national_finding_facts: NationalFindingFactsTable
  national_counts: NationalCountsTable
}
