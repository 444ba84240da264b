// Agreement between two reviewers who tagged the same findings independently: Cohen's kappa per typology
// family, and the code-by-code differences they need to talk through. Tags must already be in the version passed
// (translate older tags through the crosswalk first).
// A tag is a code and its helps/hinders marker: two reviewers agree on a tag only when both chose the code with the
// same marker, and on a family for a finding only when both used it with the same markers (a tag without a marker,
// made before exercises collected it, or a bare code, counts as the code alone).
import type { TagEffect } from './tag-effect.js'
import type { TypologyVersion } from './typology-versions.js'

/** A code, or a code with the helps/hinders marker chosen with it. */
export type ExerciseTag = string | { code: string; effect: TagEffect | null }

export interface TaggedFinding {
  findingId: string
  /** Tags the first reviewer chose for this finding (family codes count for their own family). */
  first: readonly ExerciseTag[]
  second: readonly ExerciseTag[]
}

const codeOf = (tag: ExerciseTag): string => (typeof tag === 'string' ? tag : tag.code)
const effectOf = (tag: ExerciseTag): TagEffect | null => (typeof tag === 'string' ? null : tag.effect)

export interface FamilyAgreement {
  family: string
  label: string
  /** Findings compared. */
  n: number
  /**
   * For each finding: did the reviewer use any code of this family? `both` counts findings where both used it with
   * the same markers; `markerDiffers` those where both used it but with different helps/hinders markers.
   */
  table: { both: number; firstOnly: number; secondOnly: number; neither: number; markerDiffers?: number }
  /** Share of findings where both gave the same yes/no answer. */
  observed: number
  /** Agreement expected by chance from each reviewer's own rate of using the family. */
  expected: number
  /** Null when kappa cannot be calculated; `explanation` then says why. Never NaN. */
  kappa: number | null
  /** Plain-English strength of agreement (Landis and Koch's bands), or null with kappa. */
  strength: string | null
  explanation: string | null
}

export interface TagDisagreement {
  findingId: string
  code: string
  label: string
  family: string
  /** Which reviewer used the code (the other did not), or `both` when both used it with different markers. */
  taggedBy: 'first' | 'second' | 'both'
  /** The markers each chose with the code (null where not chosen or not used). */
  effects: { first: TagEffect | null; second: TagEffect | null }
}

export interface AgreementReport {
  typologyVersion: string
  families: FamilyAgreement[]
  disagreements: TagDisagreement[]
  /** Codes not in the typology version; left out of the figures above. */
  unknownCodes: Array<{ findingId: string; code: string; taggedBy: 'first' | 'second' }>
}

/** Below this many findings kappa swings too much on a single tag to be worth showing. */
export const MIN_FINDINGS_FOR_KAPPA = 5

function strengthOf(kappa: number): string {
  if (kappa < 0) return 'less than chance'
  if (kappa <= 0.2) return 'slight'
  if (kappa <= 0.4) return 'fair'
  if (kappa <= 0.6) return 'moderate'
  if (kappa <= 0.8) return 'substantial'
  return 'almost perfect'
}

/**
 * Kappa for one 2×2 table, worked in whole numbers so no rounding creeps in:
 * with n findings, A = agreements and S = yes₁·yes₂ + no₁·no₂, observed = A/n, expected = S/n²,
 * kappa = (observed − expected) / (1 − expected) = (n·A − S) / (n² − S).
 */
export function kappaFromTable(
  table: FamilyAgreement['table'],
  label: string,
  minItems = MIN_FINDINGS_FOR_KAPPA,
): Pick<FamilyAgreement, 'n' | 'observed' | 'expected' | 'kappa' | 'strength' | 'explanation'> {
  const { both, firstOnly, secondOnly, neither } = table
  const n = both + firstOnly + secondOnly + neither
  if (n === 0) {
    return { n, observed: 0, expected: 0, kappa: null, strength: null, explanation: 'No findings were tagged by both reviewers yet.' }
  }
  const agreements = both + neither
  const firstYes = both + firstOnly
  const secondYes = both + secondOnly
  const chance = firstYes * secondYes + (n - firstYes) * (n - secondYes)
  const observed = agreements / n
  const expected = chance / (n * n)
  if (n < minItems) {
    return {
      n, observed, expected, kappa: null, strength: null,
      explanation: `Only ${n} finding${n === 1 ? ' was' : 's were'} tagged by both reviewers; kappa needs at least ${minItems} to mean anything.`,
    }
  }
  if (chance === n * n) {
    const answer = firstYes === n ? `Both reviewers used ${label} for every finding` : `Neither reviewer used ${label} for any finding`
    return {
      n, observed, expected, kappa: null, strength: null,
      explanation: `${answer}, so there is no variation for kappa to measure. They agree on all ${n}.`,
    }
  }
  const kappa = (n * agreements - chance) / (n * n - chance)
  return { n, observed, expected, kappa, strength: strengthOf(kappa), explanation: null }
}

/**
 * Cohen's kappa over categories (each finding's answer for one family: not used, or the markers it was used with),
 * in whole numbers as kappaFromTable: with n findings, A agreements and S = Σ first(c)·second(c),
 * kappa = (n·A − S) / (n² − S). With the two categories "used" and "not used" it is exactly kappaFromTable's.
 */
export function kappaFromCategories(
  pairs: ReadonlyArray<readonly [string, string]>,
  table: FamilyAgreement['table'],
  label: string,
  minItems = MIN_FINDINGS_FOR_KAPPA,
): Pick<FamilyAgreement, 'n' | 'observed' | 'expected' | 'kappa' | 'strength' | 'explanation'> {
  const n = pairs.length
  if (n === 0) return kappaFromTable(table, label, minItems)
  const agreements = pairs.filter(([a, b]) => a === b).length
  const firstCount = new Map<string, number>()
  const secondCount = new Map<string, number>()
  for (const [a, b] of pairs) {
    firstCount.set(a, (firstCount.get(a) ?? 0) + 1)
    secondCount.set(b, (secondCount.get(b) ?? 0) + 1)
  }
  let chance = 0
  for (const [c, k] of firstCount) chance += k * (secondCount.get(c) ?? 0)
  const observed = agreements / n
  const expected = chance / (n * n)
  if (n < minItems) {
    return {
      n, observed, expected, kappa: null, strength: null,
      explanation: `Only ${n} finding${n === 1 ? ' was' : 's were'} tagged by both reviewers; kappa needs at least ${minItems} to mean anything.`,
    }
  }
  // Every finding in one category for both reviewers: nothing varies (the binary table says which way).
  if (chance === n * n) return kappaFromTable(table, label, minItems)
  const kappa = (n * agreements - chance) / (n * n - chance)
  return { n, observed, expected, kappa, strength: strengthOf(kappa), explanation: null }
}

/** Compares two reviewers' tags, finding by finding. Each finding should appear once. */
export function compareTagging(
  findings: readonly TaggedFinding[],
  typology: TypologyVersion,
  options: { minItems?: number } = {},
): AgreementReport {
  const seen = new Set<string>()
  for (const finding of findings) {
    if (seen.has(finding.findingId)) throw new RangeError(`finding ${finding.findingId} appears twice`)
    seen.add(finding.findingId)
  }
  const byCode = new Map(typology.codes.map((entry) => [entry.code, entry]))
  const familyOf = (code: string): string | null => {
    const entry = byCode.get(code)
    if (entry === undefined) return null
    return entry.parent ?? entry.code
  }
  const families = typology.codes.filter((entry) => entry.parent === null)
  const unknownCodes: AgreementReport['unknownCodes'] = []
  const disagreements: TagDisagreement[] = []
  const tables = new Map(families.map((f) => [f.code, { both: 0, firstOnly: 0, secondOnly: 0, neither: 0, markerDiffers: 0 }]))
  const answers = new Map<string, Array<readonly [string, string]>>(families.map((f) => [f.code, []]))

  for (const finding of findings) {
    /** Per family used: the markers it was used with ('' for a tag without one). */
    const familiesUsed = (tags: readonly ExerciseTag[], who: 'first' | 'second'): Map<string, Set<string>> => {
      const used = new Map<string, Set<string>>()
      const seenCodes = new Set<string>()
      for (const tag of tags) {
        const code = codeOf(tag)
        const family = familyOf(code)
        if (family === null) {
          if (!seenCodes.has(code)) unknownCodes.push({ findingId: finding.findingId, code, taggedBy: who })
          seenCodes.add(code)
          continue
        }
        seenCodes.add(code)
        const markers = used.get(family) ?? new Set<string>()
        markers.add(effectOf(tag) ?? '')
        used.set(family, markers)
      }
      return used
    }
    const answer = (markers: Set<string> | undefined): string => (markers === undefined ? '' : `used:${[...markers].sort().join('+')}`)
    const firstFamilies = familiesUsed(finding.first, 'first')
    const secondFamilies = familiesUsed(finding.second, 'second')
    for (const [family, table] of tables) {
      const a = answer(firstFamilies.get(family))
      const b = answer(secondFamilies.get(family))
      answers.get(family)!.push([a, b])
      if (a !== '' && b !== '') {
        if (a === b) table.both++
        else table.markerDiffers++
      } else if (a !== '') table.firstOnly++
      else if (b !== '') table.secondOnly++
      else table.neither++
    }
    const codesOf = (tags: readonly ExerciseTag[]) => {
      const out = new Map<string, TagEffect | null>()
      for (const tag of tags) if (byCode.has(codeOf(tag)) && !out.has(codeOf(tag))) out.set(codeOf(tag), effectOf(tag))
      return out
    }
    const firstCodes = codesOf(finding.first)
    const secondCodes = codesOf(finding.second)
    const differing = [
      ...[...firstCodes].filter(([code]) => !secondCodes.has(code)).map(([code, effect]) => ({ code, taggedBy: 'first' as const, effects: { first: effect, second: null } })),
      ...[...secondCodes].filter(([code]) => !firstCodes.has(code)).map(([code, effect]) => ({ code, taggedBy: 'second' as const, effects: { first: null, second: effect } })),
      ...[...firstCodes].filter(([code, effect]) => secondCodes.has(code) && secondCodes.get(code) !== effect)
        .map(([code, effect]) => ({ code, taggedBy: 'both' as const, effects: { first: effect, second: secondCodes.get(code) ?? null } })),
    ].sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
    for (const { code, taggedBy, effects } of differing) {
      disagreements.push({
        findingId: finding.findingId,
        code,
        label: byCode.get(code)?.label ?? code,
        family: familyOf(code) ?? code,
        taggedBy,
        effects,
      })
    }
  }

  return {
    typologyVersion: typology.version,
    families: families.map((f) => {
      const table = tables.get(f.code) as FamilyAgreement['table']
      return { family: f.code, label: f.label, table, ...kappaFromCategories(answers.get(f.code)!, table, f.code, options.minItems) }
    }),
    disagreements,
    unknownCodes,
  }
}
