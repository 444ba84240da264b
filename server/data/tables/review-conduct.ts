// How the review was conducted: independence declarations, case-group steps and parallel processes.

export interface IndependenceDeclarationsTable {
  id: string
  review_id: string
  /** The lead reviewer who declared. */
  user_id: string
  /** 1: independent of every agency under review; 0: not. */
  independent: number
  /** Interests declared (past employment, contracts, relationships), or null for none. */
  interests: string | null
  /** YYYY-MM-DD. */
  declared_on: string
  recorded_at: string
}

export type CaseGroupStepKind = 'follow-on-meeting' | 'draft-findings-feedback'

export interface CaseGroupStepsTable {
  id: string
  review_id: string
  kind: CaseGroupStepKind
  /** YYYY-MM-DD. */
  held_on: string
  /** JSON array of {"role", "agency"}: who took part, by role and agency, never by name. */
  participants: string
  /** What changed in the analysis or the findings as a result. */
  changes: string
  created_by: string | null
  created_at: string
}

export type ParallelProcessKind = 'criminal' | 'inquest' | 'disciplinary' | 'domestic-homicide-review' | 'other'
export type ParallelProcessStatus = 'expected' | 'ongoing' | 'concluded'

export interface ParallelProcessesTable {
  id: string
  review_id: string
  kind: ParallelProcessKind
  status: ParallelProcessStatus
  started_on: string | null
  concluded_on: string | null
  /** How it affects the review: timing, who can be spoken to, what may be published. */
  effect: string
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface ReviewConductTables {
  independence_declarations: IndependenceDeclarationsTable
  case_group_steps: CaseGroupStepsTable
  parallel_processes: ParallelProcessesTable
}
