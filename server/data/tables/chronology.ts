// Agency chronology imports, the integrated chronology's events (a preview's rows among them, unseen until committed), episodes linking events
// across agencies, and each agency's remembered import settings (migration 0003).
import type { Generated } from 'kysely'

export type ImportStatus = 'analysing' | 'previewed' | 'committed' | 'rolled-back' | 'failed' | 'discarded'

export type EventPrecision = 'minute' | 'day' | 'week' | 'month' | 'year'

export interface ChronologyImportsTable {
  id: string
  review_id: string
  agency: string
  /** The agency's name lower-cased and trimmed: agencies match ignoring case and surrounding spaces. */
  agency_key: string
  file_name: string
  file_size: number
  format: 'csv' | 'xlsx' | null
  /** JSON: what the reviewer chose (mapping, dateFormat, encoding, delimiter, headerRow, sheet). */
  options: string
  /** JSON: the engine's DetectedLayout, once analysed. */
  detected: string | null
  /** JSON: the column headings of the file. */
  headers: string | null
  status: ImportStatus
  rows_read: number
  data_rows: number
  accepted_rows: number
  rejected_rows: number
  duplicate_rows: number
  reduced_precision_rows: number
  outside_period_rows: number
  /** JSON: exactDuplicates, reducedPrecision, outsidePeriod, preview, ignoredRows, warnings. */
  analysis: string | null
  /** JSON: { message, details } when the file could not be read. */
  error: string | null
  committed_rows: number | null
  uploaded_by: string | null
  uploaded_at: string
  analysed_at: string | null
  committed_by: string | null
  committed_at: string | null
  rolled_back_by: string | null
  rolled_back_at: string | null
  discarded_by: string | null
  discarded_at: string | null
}

export interface ChronologyImportRejectionsTable {
  import_id: string
  row: number
  reason: string
  column_name: string
  message: string
}

export interface ChronologyEventsTable {
  /** The rowid: the full-text index refers to events by it. */
  seq: Generated<number>
  id: string
  review_id: string
  import_id: string
  agency: string
  agency_key: string
  /** As the API gives it: YYYY-MM-DDTHH:mm, YYYY-MM-DD, YYYY-MM or YYYY. */
  occurred_at: string
  date_start: string
  date_end: string
  time: string | null
  precision: EventPrecision
  sort_key: string
  author: string | null
  category: string | null
  summary: string | null
  outcome: string | null
  recorded_at: string | null
  source_file: string
  /** 1-based data row of the source file. */
  source_row: number
  /** JSON array: 'exact-duplicate', 'outside-period', 'reduced-precision'. */
  flags: string
  significant: number
  /** Shared by a reviewer with the case group, who otherwise see only their own agency's events. */
  shared: number
  annotation: string | null
  annotated_by: string | null
  annotated_at: string | null
  /** When the import was committed (or the event added). */
  created_at: string
  /** 1 while the event belongs to a preview waiting to be committed: nobody sees it (migration 0040). */
  previewing: Generated<number>
}

export interface ChronologyEpisodesTable {
  id: string
  review_id: string
  /** The suggestion the reviewer accepted, if the episode came from one. */
  suggestion_key: string | null
  created_by: string | null
  created_at: string
}

export interface ChronologyEpisodeEventsTable {
  episode_id: string
  event_id: string
  review_id: string
}

export interface ChronologyEpisodeDismissalsTable {
  review_id: string
  suggestion_key: string
  dismissed_by: string | null
  dismissed_at: string
}

export interface ChronologyAgencySettingsTable {
  review_id: string
  agency_key: string
  agency: string
  /** JSON: the column mapping last committed for this agency. */
  mapping: string
  date_format: string | null
  /** JSON: encoding, delimiter, headerRow and sheet, where the reviewer set them. */
  options: string
  updated_by: string | null
  updated_at: string
}

export interface ChronologyTables {
  chronology_imports: ChronologyImportsTable
  chronology_import_rejections: ChronologyImportRejectionsTable
  chronology_events: ChronologyEventsTable
  chronology_episodes: ChronologyEpisodesTable
  chronology_episode_events: ChronologyEpisodeEventsTable
  chronology_episode_dismissals: ChronologyEpisodeDismissalsTable
  chronology_agency_settings: ChronologyAgencySettingsTable
}
