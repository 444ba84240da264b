// Report exports, publication leak scans and false positives (migration 0007).
import type { ReportEdition } from '../../../methodology/review-snapshot.js'

export type ReportFormat = 'pdf' | 'docx' | 'html'
export type ExportStatus = 'running' | 'done' | 'blocked' | 'failed'

export interface ReportExportsTable {
  id: string
  review_id: string
  edition: ReportEdition
  format: ReportFormat
  status: ExportStatus
  requested_by: string | null
  requested_at: string
  finished_at: string | null
  file_name: string | null
  byte_size: number | null
  pages: number | null
  /** The file, kept only until `expires_at` for the requester to download after a background export. */
  content: Buffer | null
  expires_at: string | null
  leak_scan_id: string | null
  /** Why the export failed, in words for the user (never case content). */
  error: string | null
}

export interface ReportLeakScansTable {
  id: string
  review_id: string
  scanned_at: string
  scanned_by: string | null
  /** JSON array of ReportFormat. */
  formats: string
  passed: number
  leak_count: number
  /** JSON array of FoundLeak. */
  leaks: string
}

export interface ReportFalsePositivesTable {
  id: string
  review_id: string
  kind: string
  value: string
  allow_key: string
  reason: string
  marked_by: string | null
  marked_at: string
}

export interface ReportAbbreviationsTable {
  review_id: string
  abbreviation: string
  meaning: string
  defined_by: string | null
  defined_at: string
}

export interface ReportTables {
  report_abbreviations: ReportAbbreviationsTable
  report_exports: ReportExportsTable
  report_leak_scans: ReportLeakScansTable
  report_false_positives: ReportFalsePositivesTable
}
