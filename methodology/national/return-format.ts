// The national return exchange format: one anonymised record of one review's learning, as sent from a local
// instance to a national one. Version 2 (the one built now) adds the child's characteristics, harm type and
// household risk factors in the Department's and the Panel's categories (characteristics.ts), timeliness in
// working days, and per finding its type, a national attention flag and where the board's actions stood.
// Version 1 is still accepted and translated (translate-return.ts). JSON Schemas in return-schema.ts.
import type { AgeBand, HarmCategory, Region } from '../review-facts.js'
import type { MapLevel } from '../map/map-model.js'
import type { AgencyType } from './agency-types.js'
import type { ActionStatusAtSubmission, ChildCharacteristics, FindingType, HarmType, RiskFactor } from './characteristics.js'

export const RETURN_FORMAT = 'casework-lens/national-return'
/** The version built and served now; every version in RETURN_FORMAT_VERSIONS is accepted. */
export const RETURN_FORMAT_VERSION = 2
export const RETURN_FORMAT_VERSIONS = [1, 2] as const
export type ReturnFormatVersion = (typeof RETURN_FORMAT_VERSIONS)[number]

/** A file may hold several returns: an export from one instance for import into another. */
export const BUNDLE_FORMAT = 'casework-lens/national-returns'

/** Largest return accepted, in bytes of JSON. A long review has a few dozen findings of a few KB each. */
export const MAX_RETURN_BYTES = 512 * 1024

export const RETURN_LIMITS = {
  findings: 200,
  title: 300,
  text: 5000,
  codesPerFinding: 20,
  boardQuestions: 20,
  boardQuestion: 1000,
  publishedReport: 500,
  bundle: 5000,
} as const

export type FindingKind = 'systemic' | 'good-practice'

export interface ReturnTypologyCode {
  code: string
  /** The typology version the tag was made against; the national side translates it to the latest. */
  typologyVersion: string
}

export interface ReturnFinding {
  /** F1, F2, ...: the finding's place in the review's report, for citing it. */
  ref: string
  kind: FindingKind
  title: string
  /** The systemic problem, stated as a pattern. */
  pattern: string
  howWidespread: string
  whyItMatters: string
  systemLevel: MapLevel | null
  typologyCodes: ReturnTypologyCode[]
  agencies: AgencyType[]
  boardQuestions: string[]
}

export interface ReturnReviewV1 {
  region: Region | null
  /** The year the serious incident was notified (or, failing that, the nearest date the review holds). */
  year: number
  /** The methodology pack, e.g. learning-together or rapid-review. */
  methodology: string
  childAgeBand: AgeBand | null
  harmCategory: HarmCategory | null
  agencies: AgencyType[]
  /** Where the published report can be read, if it has been published. */
  publishedReport: string | null
}

/** Durations in working days (England and Wales bank holidays), null when a date is not recorded. */
export interface ReturnTimeliness {
  /** From the partnership becoming aware of the incident to notifying the Panel. */
  awarenessToNotification: number | null
  /** From notifying the Panel to sending it the rapid review. */
  notificationToRapidReview: number | null
  /** From the decision to carry out the review to publishing its report. */
  decisionToPublication: number | null
}

export interface ReturnReview extends Omit<ReturnReviewV1, 'childAgeBand'> {
  child: ChildCharacteristics
  harmType: HarmType
  householdRiskFactors: RiskFactor[]
  timeliness: ReturnTimeliness
}

export type BoardActionCounts = Record<ActionStatusAtSubmission, number>

export interface ReturnFindingV2 extends ReturnFinding {
  findingType: FindingType
  /** The lead reviewer marks a finding whose issue needs attention nationally, not only locally. */
  nationalAttention: boolean
  /** How many of the board's actions on this finding stood at each status when the return was sent; null when not known. */
  boardActions: BoardActionCounts | null
}

export interface NationalReturnV1 {
  format: typeof RETURN_FORMAT
  formatVersion: 1
  returnId: string
  version: number
  sourceInstance: string
  review: ReturnReviewV1
  findings: ReturnFinding[]
}

/** The current format (version 2): what is built, stored for counting and served. */
export interface NationalReturn {
  format: typeof RETURN_FORMAT
  formatVersion: typeof RETURN_FORMAT_VERSION
  /** Stable for one review; opaque, so it cannot be traced back to the local review without that instance. */
  returnId: string
  /** 1 for the first submission; each correction is the next number and supersedes the ones before. */
  version: number
  /** An opaque id of the local instance that sent the return. */
  sourceInstance: string
  review: ReturnReview
  findings: ReturnFindingV2[]
}

/** A bundle's version is the newest format it may hold; its returns may be of any accepted version. */
export interface ReturnBundle {
  format: typeof BUNDLE_FORMAT
  formatVersion: ReturnFormatVersion
  returns: Array<NationalReturn | NationalReturnV1>
}

/** Every string in a return with its JSON path, for the leak scan (nothing is skipped). */
export function stringsOf(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path: path || '(document)', text: value }]
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsOf(item, `${path}[${i}]`))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => stringsOf(item, path ? `${path}.${key}` : key))
  }
  return []
}
