// The causal "why" map as data: node kinds, system levels (AcciMap style, top-down) and the map's shape.

export const NODE_KINDS = [
  'event',
  'condition',
  'omission',
  'contributory-factor',
  'system-factor',
  'good-practice',
  'family-voice',
  'outcome',
  'harm',
] as const

export type NodeKind = (typeof NODE_KINDS)[number]

export interface KindInfo {
  label: string
  description: string
}

export const NODE_KIND_INFO: Readonly<Record<NodeKind, KindInfo>> = {
  event: {
    label: 'Event or action',
    description: 'Something that happened or was done, usually drawn from the chronology.',
  },
  condition: {
    label: 'Condition or state',
    description: 'A state of affairs at the time, such as a caseload, a vacancy or a family circumstance.',
  },
  omission: {
    label: 'Something not done',
    description: 'An action that did not happen, described without judging who should have done it.',
  },
  'contributory-factor': {
    label: 'Contributory factor',
    description: 'A reason practice was as it was, taken from the appraisal of a key practice episode.',
  },
  'system-factor': {
    label: 'System factor',
    description: 'A feature of the wider system, such as policy, funding, tools or how agencies work together.',
  },
  'good-practice': {
    label: 'Good practice',
    description: 'Practice that helped, or that was better than the system usually makes possible.',
  },
  'family-voice': {
    label: "Child's or family's voice",
    description: "What the child or family said, felt or experienced, in their words where possible.",
  },
  outcome: {
    label: 'Practice outcome',
    description: 'What practice and the system led to, such as a risk not recognised or a plan not reviewed: what the map explains.',
  },
  harm: {
    label: 'Harm to the child',
    description: 'The serious incident itself, kept apart from practice outcomes: the map explains practice, it does not ask whether the harm was preventable.',
  },
}

/** System levels, top-down: the order the map is laid out in. */
export const MAP_LEVELS = [
  'government',
  'regulators',
  'local-partnership',
  'agency-management',
  'team',
  'frontline',
  'child-family',
] as const

export type MapLevel = (typeof MAP_LEVELS)[number]

export const MAP_LEVEL_INFO: Readonly<Record<MapLevel, KindInfo>> = {
  government: {
    label: 'Government and national policy',
    description: 'Law, statutory guidance, national funding and policy.',
  },
  regulators: {
    label: 'Regulators and inspection',
    description: 'Inspectorates, regulators and national bodies that set or check standards.',
  },
  'local-partnership': {
    label: 'Local partnership and commissioning',
    description: 'The safeguarding partnership, joint procedures, thresholds and commissioned services.',
  },
  'agency-management': {
    label: 'Agency management and resources',
    description: "Each agency's leadership, staffing, budgets, systems and policies.",
  },
  team: {
    label: 'Team and supervision',
    description: 'Team managers, supervision, case allocation and team culture.',
  },
  frontline: {
    label: 'Frontline practice',
    description: 'What individual practitioners knew, thought and did.',
  },
  'child-family': {
    label: 'Child and family',
    description: "The child's and family's circumstances, actions and experience.",
  },
}

const LEVEL_RANK: ReadonlyMap<string, number> = new Map(MAP_LEVELS.map((level, index) => [level, index]))

/** 0 for government, increasing downwards; -1 for an unknown level. */
export function levelRank(level: string): number {
  return LEVEL_RANK.get(level) ?? -1
}

/** True for levels above frontline practice (government down to team and supervision). */
export function isAboveFrontline(level: string): boolean {
  const rank = levelRank(level)
  return rank >= 0 && rank < levelRank('frontline')
}

const KIND_SET: ReadonlySet<string> = new Set(NODE_KINDS)
const LEVEL_SET: ReadonlySet<string> = new Set(MAP_LEVELS)

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === 'string' && KIND_SET.has(value)
}

export function isMapLevel(value: unknown): value is MapLevel {
  return typeof value === 'string' && LEVEL_SET.has(value)
}

export const EVIDENCE_TYPES = ['event', 'quote', 'document'] as const
export type EvidenceType = (typeof EVIDENCE_TYPES)[number]

export const COUNTERFACTUAL_ANSWERS = ['yes', 'no', 'unsure'] as const
export type CounterfactualAnswer = (typeof COUNTERFACTUAL_ANSWERS)[number]

export const EDGE_STRENGTHS = ['weak', 'moderate', 'strong'] as const
export type EdgeStrength = (typeof EDGE_STRENGTHS)[number]

/** A causal link reads from cause to effect; a feedback link closes a self-reinforcing loop and may go round. */
export const EDGE_TYPES = ['causal', 'feedback'] as const
export type EdgeType = (typeof EDGE_TYPES)[number]

export const EDGE_TYPE_INFO: Readonly<Record<EdgeType, KindInfo>> = {
  causal: { label: 'Causal', description: 'The source helped bring about the target.' },
  feedback: { label: 'Feedback', description: 'The target fed back into the source, so the pattern reinforced itself (a loop).' },
}

export interface MapNode {
  id: string
  kind: NodeKind
  label: string
  level: MapLevel
  description: string | null
  eventIds: string[]
  kpeIds: string[]
  factorIds: string[]
  /** Saved position from the editor; null (or absent) until the node is placed. */
  x?: number | null
  y?: number | null
}

export interface EdgeEvidence {
  type: EvidenceType
  id: string
}

export interface Counterfactual {
  /** "Had the cause not been present, would the effect still have happened?" */
  answer: CounterfactualAnswer
  note: string | null
}

export interface MapEdge {
  id: string
  source: string
  target: string
  label: string | null
  evidence: EdgeEvidence[]
  counterfactual: Counterfactual | null
  strength: EdgeStrength | null
  /** Absent in maps saved before link types: causal. */
  type?: EdgeType
}

export interface MapDocument {
  nodes: MapNode[]
  edges: MapEdge[]
}

/** Limits for a saved map: generous for real reviews, small enough to refuse abuse. */
export const MAP_LIMITS = {
  maxNodes: 2_000,
  maxEdges: 5_000,
  maxIdLength: 100,
  maxLabelLength: 300,
  maxDescriptionLength: 5_000,
  maxNoteLength: 2_000,
  maxLinksPerNode: 500,
  maxEvidencePerEdge: 500,
} as const
