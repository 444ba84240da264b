// The ordered list of migrations. Forward-only: once a migration has landed it is never edited; add a new one.
import type { Migration } from 'kysely'
import * as m0001 from './0001_foundation.js'
import * as m0002 from './0002_reviews.js'
import * as m0003 from './0003_chronology.js'
import * as m0004 from './0004_evidence.js'
import * as m0005 from './0005_analysis.js'
import * as m0006 from './0006_findings.js'
import * as m0007 from './0007_reports.js'
import * as m0008 from './0008_national.js'
import * as m0009 from './0009_trust_core.js'
import * as m0010 from './0010_recorded_at.js'
import * as m0011 from './0011_rapid_review.js'
import * as m0012 from './0012_audit_chain_head.js'
import * as m0013 from './0013_api_token_expiry.js'
import * as m0014 from './0014_board_response_version.js'
import * as m0015 from './0015_rapid_review_questions.js'
import * as m0016 from './0016_staff_numbers.js'
import * as m0017 from './0017_publication_dates.js'
import * as m0018 from './0018_report_abbreviations.js'
import * as m0019 from './0019_drop_significant_index.js'
import * as m0020 from './0020_partnerships.js'
import * as m0021 from './0021_rate_limits.js'
import * as m0022 from './0022_review_conduct.js'
import * as m0023 from './0023_running_jobs.js'
import * as m0024 from './0024_typology_v2.js'
import * as m0027 from './0027_staged_batches.js'
import * as m0028 from './0028_national_return_v2.js'
import * as m0029 from './0029_exercise_tag_effects.js'
import * as m0030 from './0030_row_level_security.js'
import * as m0031 from './0031_addresses_per_partnership.js'
import * as m0032 from './0032_drop_agency_index.js'
import * as m0033 from './0033_national_counts_cover.js'
import * as m0035 from './0035_national_counts_flags_versions.js'
import * as m0038 from './0038_jsonb.js'
import * as m0039 from './0039_national_finding_facts.js'
import * as m0040 from './0040_preview_rows.js'

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_reviews': m0002,
  '0003_chronology': m0003,
  '0004_evidence': m0004,
  '0005_analysis': m0005,
  '0006_findings': m0006,
  '0007_reports': m0007,
  '0008_national': m0008,
  '0009_trust_core': m0009,
  '0010_recorded_at': m0010,
  '0011_rapid_review': m0011,
  '0012_audit_chain_head': m0012,
  '0013_api_token_expiry': m0013,
  '0014_board_response_version': m0014,
  '0015_rapid_review_questions': m0015,
  '0016_staff_numbers': m0016,
  '0017_publication_dates': m0017,
  '0018_report_abbreviations': m0018,
  '0019_drop_significant_index': m0019,
  '0020_partnerships': m0020,
  '0021_rate_limits': m0021,
  '0022_review_conduct': m0022,
  '0023_running_jobs': m0023,
  '0024_typology_v2': m0024,
  '0027_staged_batches': m0027,
  '0028_national_return_v2': m0028,
  '0029_exercise_tag_effects': m0029,
  '0030_row_level_security': m0030,
  '0031_addresses_per_partnership': m0031,
  '0032_drop_agency_index': m0032,
  '0033_national_counts_cover': m0033,
  '0035_national_counts_flags_versions': m0035,
  '0038_jsonb': m0038,
  '0039_national_finding_facts': m0039,
  '0040_preview_rows': m0040,
}
