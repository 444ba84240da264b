// Builds the national return from a review's facts and findings: only the fields the format defines, coarse
// review facts, agency kinds instead of names, and every text anonymised. Then the publication leak scan runs
// over every string of the result with the review's person register, as a last check before anything is sent.
import { isHarmCategory, isRegion } from '../review-facts.js'
import { findingTypeOf, type TagEffect } from '../typology/tag-effect.js'
import {
  ACTION_STATUSES, DISABILITY_STATUSES, ETHNIC_GROUPS, HARM_TYPES, LOOKED_AFTER_STATUSES, RISK_FACTORS, SEXES, SIN_AGE_BANDS, SOCIAL_CARE_STATUSES,
  isIn, riskFactorProblem, type ActionStatusAtSubmission, type ChildCharacteristics, type RiskFactor,
} from './characteristics.js'
import { ageBandConflict } from './return-consistency.js'
import { timelinessOf, type TimelinessDates } from './timeliness.js'
import { isMapLevel } from '../map/map-model.js'
import { compileRegister, scan, type AllowedLeak, type LeakKind } from '../redaction/leak-scan.js'
import type { RegisterPerson } from '../redaction/person-register.js'
import { agencyTypesOf } from './agency-types.js'
import { createAnonymiser, noChanges, type ChangeCounts, type ChangeKind } from './anonymise.js'
import {
  RETURN_FORMAT, RETURN_FORMAT_VERSION, RETURN_LIMITS, stringsOf,
  type BoardActionCounts, type FindingKind, type NationalReturn, type ReturnFindingV2, type ReturnTypologyCode,
} from './return-format.js'

export interface ReturnSourceFinding {
  kind: FindingKind
  title: string
  pattern: string
  howWidespread: string
  whyItMatters: string
  systemLevel: string | null
  tags: ReadonlyArray<{ code: string; version: string; effect?: TagEffect | null }>
  /** Agency names as recorded locally (linked events, quotes, the board's actions). */
  agencyNames: readonly string[]
  boardQuestions: readonly string[]
  nationalAttention: boolean
  /** Each of the board's actions on the finding, at its status on the day of submission (overdue worked out). */
  actionStates: readonly ActionStatusAtSubmission[]
}

export interface ReturnSource {
  returnId: string
  version: number
  sourceInstance: string
  review: {
    region: string | null
    year: number
    methodology: string
    /** As recorded on the review's pages; anything not in the lists becomes not known. */
    child: { sex: string; ethnicity: string; disability: string; ageBand: string; lookedAfter: string; socialCareStatus: string }
    harmType: string
    riskFactors: readonly string[]
    /** The child's date of birth and the incident's date, which the age band must agree with. */
    childBorn: string | null
    incidentDate: string | null
    dates: TimelinessDates
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

export type MissingFact = 'region' | 'childAgeBand' | 'harmCategory' | 'harmType' | 'riskFactors'
  | 'sex' | 'ethnicity' | 'disability' | 'lookedAfter' | 'socialCareStatus'

/** A fact recorded in a way the return cannot send: the return is not sent until it is put right. */
export interface ReturnProblem {
  path: string
  message: string
}

export interface BuiltReturn {
  document: NationalReturn
  changes: ReturnChange[]
  /** Identifying details the leak scan still finds: the return must not be sent while there are any. */
  leaks: ReturnLeak[]
  /** Review facts not recorded, which national analysis groups by. */
  missing: MissingFact[]
  /** Facts that contradict the review's own dates or each other (the age band and the child's date of birth). */
  problems: ReturnProblem[]
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

// A return's own ids as the system makes them: hex in the UUID shape, which holds no case text, though its digit runs
// can read as an NHS or phone number to a scan that accepts any separator inside numbers.
const GENERATED_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ID_PATHS = new Set(['returnId', 'sourceInstance'])

/** Every identifying detail the leak scan finds in any string of the return, with where it is (ids too, unless generated). */
export function scanReturn(document: NationalReturn, register: readonly RegisterPerson[], allowed: readonly AllowedLeak[] = []): ReturnLeak[] {
  // The publication leak scan (scanForLeaks), with the register compiled once for every string.
  const compiled = compileRegister(register)
  return stringsOf(document).filter(({ path, text }) => !(ID_PATHS.has(path) && GENERATED_ID.test(text))).flatMap(({ path, text }) =>
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

  const findings: ReturnFindingV2[] = source.findings.slice(0, RETURN_LIMITS.findings).map((f, i) => {
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
      findingType: findingTypeOf(f.kind, f.tags.map((t) => t.effect ?? null)),
      nationalAttention: f.nationalAttention,
      boardActions: countActions(f.actionStates),
    }
  })

  const r = source.review
  const region = r.region !== null && isRegion(r.region) ? r.region : null
  const child: ChildCharacteristics = {
    sex: isIn(SEXES, r.child.sex) ? r.child.sex : 'not-known',
    ethnicity: isIn(ETHNIC_GROUPS, r.child.ethnicity) ? r.child.ethnicity : 'not-known',
    disability: isIn(DISABILITY_STATUSES, r.child.disability) ? r.child.disability : 'not-known',
    ageBand: isIn(SIN_AGE_BANDS, r.child.ageBand) ? r.child.ageBand : 'not-known',
    lookedAfter: isIn(LOOKED_AFTER_STATUSES, r.child.lookedAfter) ? r.child.lookedAfter : 'not-known',
    socialCareStatus: isIn(SOCIAL_CARE_STATUSES, r.child.socialCareStatus) ? r.child.socialCareStatus : 'not-known',
  }
  const harmType = isIn(HARM_TYPES, r.harmType) ? r.harmType : 'not-known'
  const coded = r.riskFactors.filter((f): f is RiskFactor => isIn(RISK_FACTORS, f))
  const riskFactors: RiskFactor[] = coded.length === 0 || riskFactorProblem(coded) !== null ? ['not-known'] : [...new Set(coded)]
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
      harmCategory,
      // The review's agencies and every agency a finding names.
      agencies: agencyTypesOf([...r.agencyNames, ...source.findings.flatMap((f) => f.agencyNames)]),
      publishedReport: r.publishedReport?.trim() ? r.publishedReport.trim() : null,
      child,
      harmType,
      householdRiskFactors: riskFactors,
      timeliness: timelinessOf(r.dates),
    },
    findings,
  }
  const missing: MissingFact[] = []
  if (region === null) missing.push('region')
  if (child.ageBand === 'not-known') missing.push('childAgeBand')
  if (harmCategory === null) missing.push('harmCategory')
  if (harmType === 'not-known') missing.push('harmType')
  if (riskFactors.includes('not-known')) missing.push('riskFactors')
  for (const key of ['sex', 'ethnicity', 'disability', 'lookedAfter', 'socialCareStatus'] as const) if (child[key] === 'not-known') missing.push(key)
  const problems: ReturnProblem[] = []
  const conflict = ageBandConflict(child.ageBand, r.childBorn, r.incidentDate)
  if (conflict) problems.push({ path: 'review.child.ageBand', message: conflict })
  return { document, changes, leaks: scanReturn(document, source.register, source.allowed ?? []), missing, problems, placeNames: anonymiser.placeNames }
}

/** Board actions by status; null when the finding has none, so "no actions" is not counted as "all done". */
function countActions(states: readonly ActionStatusAtSubmission[]): BoardActionCounts | null {
  if (states.length === 0) return null
  const counts = Object.fromEntries(ACTION_STATUSES.map((s) => [s.key, 0])) as BoardActionCounts
  for (const state of states) counts[state] += 1
  return counts
}

export function totalChanges(changes: readonly ReturnChange[]): ChangeCounts {
  const total = noChanges()
  for (const c of changes) for (const k of Object.keys(total) as ChangeKind[]) total[k] += c.changes[k]
  return total
}
