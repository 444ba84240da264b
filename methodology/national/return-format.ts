// The national return exchange format, version 1: one anonymised record of one review's learning, as sent
// from a local instance to a national one. Its JSON Schema is in return-schema.ts; README "National returns".
import type { AgeBand, HarmCategory, Region } from '../review-facts.js'
import type { MapLevel } from '../map/map-model.js'
import type { AgencyType } from './agency-types.js'

export const RETURN_FORMAT = 'casework-lens/national-return'
export const RETURN_FORMAT_VERSION = 1

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

export interface ReturnReview {
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
  findings: ReturnFinding[]
}

export interface ReturnBundle {
  format: typeof BUNDLE_FORMAT
  formatVersion: typeof RETURN_FORMAT_VERSION
  returns: NationalReturn[]
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
