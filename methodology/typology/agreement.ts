// Agreement between two reviewers who tagged the same findings independently: Cohen's kappa per typology
// family, and the code-by-code differences they need to talk through. Tags must already be in the version passed
// (translate older tags through the crosswalk first).
import type { TypologyVersion } from './typology-versions.js'

export interface TaggedFinding {
  findingId: string
  /** Codes the first reviewer chose for this finding (family codes count for their own family). */
  first: readonly string[]
  second: readonly string[]
}

export interface FamilyAgreement {
  family: string
  label: string
  /** Findings compared. */
  n: number
  /** For each finding: did the reviewer use any code of this family? */
  table: { both: number; firstOnly: number; secondOnly: number; neither: number }
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
  /** Which reviewer used the code; the other did not. */
  taggedBy: 'first' | 'second'
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
  const tables = new Map(families.map((f) => [f.code, { both: 0, firstOnly: 0, secondOnly: 0, neither: 0 }]))

  for (const finding of findings) {
    const familiesUsed = (codes: readonly string[], who: 'first' | 'second'): Set<string> => {
      const used = new Set<string>()
      for (const code of new Set(codes)) {
        const family = familyOf(code)
        if (family === null) unknownCodes.push({ findingId: finding.findingId, code, taggedBy: who })
        else used.add(family)
      }
      return used
    }
    const firstFamilies = familiesUsed(finding.first, 'first')
    const secondFamilies = familiesUsed(finding.second, 'second')
    for (const [family, table] of tables) {
      const a = firstFamilies.has(family)
      const b = secondFamilies.has(family)
      if (a && b) table.both++
      else if (a) table.firstOnly++
      else if (b) table.secondOnly++
      else table.neither++
    }
    const firstCodes = new Set(finding.first.filter((code) => byCode.has(code)))
    const secondCodes = new Set(finding.second.filter((code) => byCode.has(code)))
    const differing = [
      ...[...firstCodes].filter((code) => !secondCodes.has(code)).map((code) => ({ code, taggedBy: 'first' as const })),
      ...[...secondCodes].filter((code) => !firstCodes.has(code)).map((code) => ({ code, taggedBy: 'second' as const })),
    ].sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
    for (const { code, taggedBy } of differing) {
      disagreements.push({
        findingId: finding.findingId,
        code,
        label: byCode.get(code)?.label ?? code,
        family: familyOf(code) ?? code,
        taggedBy,
      })
    }
  }

  return {
    typologyVersion: typology.version,
    families: families.map((f) => {
      const table = tables.get(f.code) as FamilyAgreement['table']
      return { family: f.code, label: f.label, table, ...kappaFromTable(table, f.code, options.minItems) }
    }),
    disagreements,
    unknownCodes,
  }
}
