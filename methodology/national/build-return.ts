// Builds the national return from a review's facts and findings: only the fields the format defines, coarse
// review facts, agency kinds instead of names, and every text anonymised. Then the publication leak scan runs
// over every string of the result with the review's person register, as a last check before anything is sent.
import { isAgeBand, isHarmCategory, isRegion } from '../review-facts.js'
import { isMapLevel } from '../map/map-model.js'
import { compileRegister, scan, type AllowedLeak, type LeakKind } from '../redaction/leak-scan.js'
import type { RegisterPerson } from '../redaction/person-register.js'
import { agencyTypesOf } from './agency-types.js'
import { createAnonymiser, noChanges, type ChangeCounts, type ChangeKind } from './anonymise.js'
import {
  RETURN_FORMAT, RETURN_FORMAT_VERSION, RETURN_LIMITS, stringsOf,
  type FindingKind, type NationalReturn, type ReturnFinding, type ReturnTypologyCode,
} from './return-format.js'

export interface ReturnSourceFinding {
  kind: FindingKind
  title: string
  pattern: string
  howWidespread: string
  whyItMatters: string
  systemLevel: string | null
  tags: ReadonlyArray<{ code: string; version: string }>
  /** Agency names as recorded locally (linked events, quotes, the board's actions). */
  agencyNames: readonly string[]
  boardQuestions: readonly string[]
}

export interface ReturnSource {
  returnId: string
  version: number
  sourceInstance: string
  review: {
    region: string | null
    year: number
    methodology: string
    childAgeBand: string | null
    harmCategory: string | null
    agencyNames: readonly string[]
    publishedReport: string | null
    subjectPseudonym: string | null
    boardName: string | null
  }
  findings: readonly ReturnSourceFinding[]
  register: readonly RegisterPerson[]
  /** Findings a reviewer marked as not identifying in the report's leak scan. */
  allowed?: readonly AllowedLeak[]
}

/** What anonymising changed in one field, so the lead reviewer can see it and fix the source if they wish. */
export interface ReturnChange {
  path: string
  changes: ChangeCounts
}

export interface ReturnLeak {
  path: string
  kind: LeakKind
  excerpt: string
}

export type MissingFact = 'region' | 'childAgeBand' | 'harmCategory'

export interface BuiltReturn {
  document: NationalReturn
  changes: ReturnChange[]
  /** Identifying details the leak scan still finds: the return must not be sent while there are any. */
  leaks: ReturnLeak[]
  /** Review facts not recorded, which national analysis groups by. */
  missing: MissingFact[]
  /** Place names removed wherever they appear. */
  placeNames: readonly string[]
}

/**
 * The year a review counts under nationally: when the serious incident was notified, or else the incident,
 * the decision to review or the end of the review period (always recorded).
 */
export function reviewYear(dates: { notification: string | null; incident: string | null; decision: string | null; periodTo: string }): number {
  const first = [dates.notification, dates.incident, dates.decision, dates.periodTo].find((d) => d !== null && /^\d{4}/.test(d))
  return Number((first ?? dates.periodTo).slice(0, 4))
}

/** Every identifying detail the leak scan finds in any string of the return, with where it is. */
export function scanReturn(document: NationalReturn, register: readonly RegisterPerson[], allowed: readonly AllowedLeak[] = []): ReturnLeak[] {
  // The publication leak scan (scanForLeaks), with the register compiled once for every string.
  const compiled = compileRegister(register)
  return stringsOf(document).flatMap(({ path, text }) =>
    scan(text, compiled, { allowed: [...allowed] }).map((leak) => ({ path, kind: leak.kind, excerpt: leak.excerpt })))
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

export function buildNationalReturn(source: ReturnSource): BuiltReturn {
  const anonymiser = createAnonymiser({
    register: source.register, subjectPseudonym: source.review.subjectPseudonym, boardName: source.review.boardName, allowed: source.allowed ?? [],
  })
  const changes: ReturnChange[] = []
  const clean = (path: string, text: string, max: number): string => {
    const result = anonymiser.anonymise(text.trim())
    if ((Object.keys(result.changes) as ChangeKind[]).some((k) => result.changes[k] > 0)) changes.push({ path, changes: result.changes })
    return clip(result.text, max)
  }

  const findings: ReturnFinding[] = source.findings.slice(0, RETURN_LIMITS.findings).map((f, i) => {
    const path = `findings[${i}]`
    const seen = new Set<string>()
    const typologyCodes: ReturnTypologyCode[] = []
    for (const tag of f.tags) {
      const key = `${tag.code}@${tag.version}`
      if (seen.has(key) || typologyCodes.length >= RETURN_LIMITS.codesPerFinding) continue
      seen.add(key)
      typologyCodes.push({ code: tag.code, typologyVersion: tag.version })
    }
    const title = clean(`${path}.title`, f.title, RETURN_LIMITS.title)
    return {
      ref: `F${i + 1}`,
      kind: f.kind,
      title: title === '' ? 'Untitled finding' : title,
      pattern: clean(`${path}.pattern`, f.pattern, RETURN_LIMITS.text),
      howWidespread: clean(`${path}.howWidespread`, f.howWidespread, RETURN_LIMITS.text),
      whyItMatters: clean(`${path}.whyItMatters`, f.whyItMatters, RETURN_LIMITS.text),
      systemLevel: f.systemLevel !== null && isMapLevel(f.systemLevel) ? f.systemLevel : null,
      typologyCodes,
      agencies: agencyTypesOf(f.agencyNames),
      boardQuestions: f.boardQuestions
        .filter((q) => q.trim() !== '')
        .slice(0, RETURN_LIMITS.boardQuestions)
        .map((q, j) => clean(`${path}.boardQuestions[${j}]`, q, RETURN_LIMITS.boardQuestion))
        .filter((q) => q !== ''),
    }
  })

  const r = source.review
  const region = r.region !== null && isRegion(r.region) ? r.region : null
  const childAgeBand = r.childAgeBand !== null && isAgeBand(r.childAgeBand) ? r.childAgeBand : null
  const harmCategory = r.harmCategory !== null && isHarmCategory(r.harmCategory) ? r.harmCategory : null
  const document: NationalReturn = {
    format: RETURN_FORMAT,
    formatVersion: RETURN_FORMAT_VERSION,
    returnId: source.returnId,
    version: source.version,
    sourceInstance: source.sourceInstance,
    review: {
      region,
      year: r.year,
      methodology: r.methodology,
      childAgeBand,
      harmCategory,
      // The review's agencies and every agency a finding names.
      agencies: agencyTypesOf([...r.agencyNames, ...source.findings.flatMap((f) => f.agencyNames)]),
      publishedReport: r.publishedReport?.trim() ? r.publishedReport.trim() : null,
    },
    findings,
  }
  const missing: MissingFact[] = []
  if (region === null) missing.push('region')
  if (childAgeBand === null) missing.push('childAgeBand')
  if (harmCategory === null) missing.push('harmCategory')
  return { document, changes, leaks: scanReturn(document, source.register, source.allowed ?? []), missing, placeNames: anonymiser.placeNames }
}

export function totalChanges(changes: readonly ReturnChange[]): ChangeCounts {
  const total = noChanges()
  for (const c of changes) for (const k of Object.keys(total) as ChangeKind[]) total[k] += c.changes[k]
  return total
}
