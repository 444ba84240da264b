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

export interface NationalReviewsTable {
  id: Generated<number>
  return_id: string
  version: number
  region: string | null
  year: number
  methodology: string
  age_band: string | null
  harm: string | null
  /** JSON array of agency kinds. */
  agencies: string
  published_report: string | null
}

export interface NationalFindingsTable {
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
}

export interface NationalFindingTagsTable {
  finding_id: number
  code: string
  typology_version: string
}

/** The review's facts and the finding's level, copied onto code and agency rows for counting without joins. */
export interface FindingFacts {
  review_id: number
  year: number
  region: string | null
  methodology: string
  age_band: string | null
  harm: string | null
  system_level: string | null
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
  national_findings: NationalFindingsTable
  national_finding_tags: NationalFindingTagsTable
  national_finding_codes: NationalFindingCodesTable
  national_finding_agencies: NationalFindingAgenciesTable
  national_counts: NationalCountsTable
}
