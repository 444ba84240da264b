// Key practice episodes, contributory factors and the causal map (migration 0005).

export type Judgement = 'adequate' | 'good' | 'problem'

export interface KeyPracticeEpisodesTable {
  id: string
  review_id: string
  position: number
  title: string
  /** YYYY-MM-DD; an episode on one day has the same start and end. */
  date_start: string
  date_end: string
  /** JSON array of agency names, as the review spells them. */
  agencies: string
  known_at_time: string | null
  expected_practice: string | null
  what_happened: string | null
  judgement: Judgement | null
  /** What went well in the episode, recorded alongside the judgement. */
  good_practice: string | null
  appraised_by: string | null
  appraised_at: string | null
  created_by: string | null
  created_at: string
  updated_at: string
  version: number
}

export interface KpeEventsTable {
  kpe_id: string
  event_id: string
}

export interface KpeQuotesTable {
  kpe_id: string
  quote_id: string
}

export interface ContributoryFactorsTable {
  id: string
  review_id: string
  position: number
  text: string
  /** A map level key (methodology/map/map-model.ts). */
  level: string
  /** A factor type key (services/contributory-factors.ts). */
  factor_type: string
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface FactorEpisodesTable {
  factor_id: string
  kpe_id: string
}

export interface FactorEvidenceTable {
  factor_id: string
  evidence_type: 'event' | 'quote' | 'document'
  evidence_id: string
  position: number
}

export interface CausalMapsTable {
  review_id: string
  version: number
  /** JSON: { nodes, edges } as validated by methodology/map/validate-map.ts. */
  document: string
  updated_by: string | null
  updated_at: string
}

export interface CausalMapHistoryTable {
  id: string
  review_id: string
  version: number
  /** The user who saved; null for the demo seeder or the system. */
  changed_by: string | null
  changed_via: 'editor' | 'form' | 'api' | 'system'
  changed_at: string
  /** JSON: a MapChangeSummary (what was added, changed and removed). */
  summary: string
  /** JSON: the map as saved at this version. */
  document: string
}

export interface AnalysisTables {
  key_practice_episodes: KeyPracticeEpisodesTable
  kpe_events: KpeEventsTable
  kpe_quotes: KpeQuotesTable
  contributory_factors: ContributoryFactorsTable
  factor_episodes: FactorEpisodesTable
  factor_evidence: FactorEvidenceTable
  causal_maps: CausalMapsTable
  causal_map_history: CausalMapHistoryTable
}
