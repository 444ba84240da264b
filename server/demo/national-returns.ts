// Synthetic national returns from fictional partnerships: for the demo national analyst's dashboard and for
// the national benchmark. Everything is invented and generated from a seed, so runs repeat exactly. Codes
// are drawn unevenly, as in real reviews, so some are common and some rare (and shown as "<5"). The child's
// characteristics, harm types and household risk factors (return version 2) follow roughly the shape of the
// Department's serious incident notification statistics and the Panel's annual reports: many infants and
// teenagers, infant deaths among the youngest, extra-familial harm and suicide among the oldest, and domestic
// abuse, parental mental ill-health and substance misuse in many households. Invented, not real figures.
import { HARM_CATEGORIES, REGIONS } from '../../methodology/review-facts.js'
import type {
  ActionStatusAtSubmission, ChildCharacteristics, HarmType, RiskFactor, SinAgeBand,
} from '../../methodology/national/characteristics.js'
import { MAP_LEVELS, type MapLevel } from '../../methodology/map/map-model.js'
import { AGENCY_TYPE_KEYS, type AgencyType } from '../../methodology/national/agency-types.js'
import {
  RETURN_FORMAT, RETURN_FORMAT_VERSION, type BoardActionCounts, type NationalReturn, type ReturnFinding, type ReturnFindingV2, type ReturnReview,
} from '../../methodology/national/return-format.js'
import type { TypologyCode, TypologyVersion } from '../../methodology/typology/typology-versions.js'
import type { DemoSeeder } from './seed.js'
import { fileReturnInTransaction } from '../services/national-store.js'
import { loadTypology } from '../services/typology.js'

/** A small, fast, seedable generator (mulberry32): the same seed gives the same returns. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T
}

/** Index i drawn with weight 1/(i+1): the first few are common, the last rare. */
function skewedIndex(random: () => number, count: number): number {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1) ** 1.3)
  let r = random() * weights.reduce((a, b) => a + b, 0)
  for (let i = 0; i < count; i++) {
    r -= weights[i] as number
    if (r <= 0) return i
  }
  return count - 1
}

const LEVEL_WEIGHTS: Record<MapLevel, number> = {
  government: 3, regulators: 3, 'local-partnership': 18, 'agency-management': 24, team: 22, frontline: 20, 'child-family': 10,
}

function weightedLevel(random: () => number): MapLevel {
  const total = MAP_LEVELS.reduce((sum, l) => sum + LEVEL_WEIGHTS[l], 0)
  let r = random() * total
  for (const level of MAP_LEVELS) {
    r -= LEVEL_WEIGHTS[level]
    if (r <= 0) return level
  }
  return 'team'
}

const WIDESPREAD = [
  'An audit of {n} cases by the partnership found the same pattern in {m} of them.',
  'Practitioners from every agency in the review said this happens often, and the partnership’s own data agrees.',
  'The same problem appears in {m} earlier reviews held by the partnership and in national reviews.',
  'A dip sample of {n} assessments found it in {m}; staff surveys point the same way.',
  'Managers described it as a long-standing difficulty across the area, not confined to one team.',
]

const MATTERS = [
  'Children who cannot speak for themselves depend on professionals putting together what each of them knows.',
  'When this happens, risk to a young child can go unseen until it is serious.',
  'Plans can be built on an incomplete picture and stepped down while the risk remains.',
  'Families receive help that does not match what is really happening at home.',
  'Practitioners are left to manage risk alone, without the support the system is meant to give.',
]

const QUESTIONS = [
  'How does the board know how often this happens in other cases, and what would tell it that things are improving?',
  'What would make it easier for practitioners to {task}?',
  'Is the board satisfied that partner agencies have the capacity to act on this, and how would it know?',
  'What does the board need from national bodies to address this pattern?',
  'How will the board hear from practitioners and families whether the changes have made a difference?',
]

const TASKS = [
  'share what they know when it matters', 'raise a disagreement about risk', 'see the whole history of a family',
  'keep the child in focus during difficult visits', 'get time for reflective supervision', 'use the assessment tools as intended',
]

function fill(random: () => number, template: string): string {
  const n = 10 + Math.floor(random() * 30)
  return template.replace('{n}', String(n)).replace('{m}', String(1 + Math.floor(random() * (n - 1)))).replace('{task}', pick(random, TASKS))
}

function finding(random: () => number, ref: number, subCodes: readonly TypologyCode[], version: string): ReturnFinding {
  const count = 1 + Math.floor(random() * random() * 3)
  const codes = new Map<string, TypologyCode>()
  while (codes.size < count) {
    const code = subCodes[skewedIndex(random, subCodes.length)] as TypologyCode
    codes.set(code.code, code)
  }
  const main = [...codes.values()][0] as TypologyCode
  const agencies = new Set<AgencyType>()
  const agencyCount = 1 + Math.floor(random() * 3)
  while (agencies.size < agencyCount) agencies.add(AGENCY_TYPE_KEYS[skewedIndex(random, AGENCY_TYPE_KEYS.length - 1)] as AgencyType)
  const questions = 1 + Math.floor(random() * 2)
  return {
    ref: `F${ref}`,
    kind: random() < 0.12 ? 'good-practice' : 'systemic',
    title: main.label,
    pattern: `${main.description} ${pick(random, main.examples.length > 0 ? main.examples : [''])}`.trim(),
    howWidespread: fill(random, pick(random, WIDESPREAD)),
    whyItMatters: pick(random, MATTERS),
    systemLevel: weightedLevel(random),
    typologyCodes: [...codes.keys()].map((code) => ({ code, typologyVersion: version })),
    agencies: [...agencies],
    boardQuestions: Array.from({ length: questions }, () => fill(random, pick(random, QUESTIONS))),
  }
}

/** One of the keys, drawn with the given weights. */
function weighted<K extends string>(random: () => number, weights: ReadonlyArray<readonly [K, number]>): K {
  let r = random() * weights.reduce((sum, [, w]) => sum + w, 0)
  for (const [key, w] of weights) {
    r -= w
    if (r <= 0) return key
  }
  return (weights[weights.length - 1] as readonly [K, number])[0]
}

const AGE_WEIGHTS = [['under-1', 34], ['1-5', 18], ['6-10', 9], ['11-15', 25], ['16-17', 11], ['not-known', 3]] as const

/** Harm types by age: infant deaths and physical abuse among the youngest, extra-familial harm and suicide among teenagers. */
function harmTypeFor(random: () => number, age: SinAgeBand): HarmType {
  if (age === 'under-1') return weighted(random, [['physical-abuse', 38], ['sudden-unexpected-infant-death', 32], ['neglect', 18], ['other', 8], ['not-known', 4]])
  if (age === '1-5') return weighted(random, [['physical-abuse', 32], ['neglect', 30], ['sudden-unexpected-infant-death', 6], ['sexual-abuse', 6], ['emotional-abuse', 6], ['other', 16], ['not-known', 4]])
  if (age === '6-10') return weighted(random, [['physical-abuse', 25], ['neglect', 30], ['sexual-abuse', 15], ['emotional-abuse', 10], ['other', 15], ['not-known', 5]])
  if (age === 'not-known') return weighted(random, [['physical-abuse', 30], ['neglect', 30], ['other', 20], ['not-known', 20]])
  return weighted(random, [['extra-familial-harm', 38], ['suicide', 20], ['neglect', 12], ['sexual-abuse', 10], ['physical-abuse', 8], ['emotional-abuse', 4], ['other', 5], ['not-known', 3]])
}

const RISK_RATES: ReadonlyArray<readonly [RiskFactor, number]> = [
  ['domestic-abuse', 0.5], ['parental-mental-ill-health', 0.45], ['parental-substance-misuse', 0.35], ['neglect', 0.25],
  ['parental-learning-disability', 0.06], ['parental-criminality', 0.15], ['housing-or-financial-instability', 0.2],
]

function riskFactorsFor(random: () => number, harm: HarmType): RiskFactor[] {
  if (random() < 0.05) return ['not-known']
  // Households of children harmed outside the family show the family factors less often.
  const scale = harm === 'extra-familial-harm' || harm === 'suicide' ? 0.5 : 1
  // The toxic trio come together more often than apart.
  const trio = random() < 0.2 * scale
  const factors = RISK_RATES.filter(([factor, rate]) => (trio && ['domestic-abuse', 'parental-mental-ill-health', 'parental-substance-misuse'].includes(factor)) || random() < rate * scale)
    .map(([factor]) => factor)
  return factors.length === 0 ? ['none-identified'] : factors
}

function childFor(random: () => number, age: SinAgeBand): ChildCharacteristics {
  return {
    sex: weighted(random, [['male', 55], ['female', 43], ['not-known', 2]]),
    ethnicity: weighted(random, [['white', 70], ['mixed', 9], ['black', 8], ['asian', 7], ['other', 2], ['not-known', 4]]),
    disability: weighted(random, [['not-disabled', 78], ['disabled', 11], ['not-known', 11]]),
    ageBand: age,
    lookedAfter: age === 'under-1' ? weighted(random, [['not-looked-after', 95], ['looked-after', 3], ['not-known', 2]])
      : weighted(random, [['not-looked-after', 76], ['looked-after', 20], ['not-known', 4]]),
    socialCareStatus: weighted(random, [['neither', 45], ['child-in-need', 25], ['child-protection-plan', 18], ['not-known', 12]]),
  }
}

/** Working days around a typical value, never negative; sometimes not recorded. */
function days(random: () => number, typical: number, spread: number, missing: number): number | null {
  if (random() < missing) return null
  return Math.max(0, Math.round(typical + (random() + random() + random() - 1.5) * spread))
}

function reviewFacts(random: () => number): Pick<ReturnReview, 'child' | 'harmType' | 'householdRiskFactors' | 'timeliness'> {
  const age = weighted(random, AGE_WEIGHTS)
  const harmType = harmTypeFor(random, age)
  return {
    child: childFor(random, age),
    harmType,
    householdRiskFactors: riskFactorsFor(random, harmType),
    timeliness: {
      awarenessToNotification: days(random, 4, 4, 0.08),
      notificationToRapidReview: days(random, 12, 8, 0.1),
      decisionToPublication: days(random, 150, 90, 0.25),
    },
  }
}

function boardActions(random: () => number): BoardActionCounts | null {
  if (random() < 0.3) return null
  const counts: BoardActionCounts = { 'not-started': 0, 'in-progress': 0, done: 0, overdue: 0 }
  const total = 1 + Math.floor(random() * 4)
  for (let i = 0; i < total; i++) counts[weighted<ActionStatusAtSubmission>(random, [['not-started', 20], ['in-progress', 40], ['done', 30], ['overdue', 10]])] += 1
  return counts
}

/** Version 2's per-finding facts: the type follows the kind (the synthetic tags carry no helps/hinders markers). */
function findingFacts(random: () => number, f: ReturnFinding): ReturnFindingV2 {
  return {
    ...f,
    findingType: f.kind === 'good-practice' ? 'good-practice' : 'area-for-improvement',
    nationalAttention: f.kind === 'systemic' && random() < 0.08,
    boardActions: f.kind === 'good-practice' ? null : boardActions(random),
  }
}

export interface SyntheticOptions {
  reviews: number
  /** Findings per review: between these two, inclusive. */
  findings: [number, number]
  seed: number
  years: [number, number]
  typology: TypologyVersion
  /** How many fictional instances the returns come from. */
  instances?: number
}

/**
 * Returns spread evenly over regions and years (so every region and year has several), with codes,
 * agencies and levels drawn unevenly.
 */
export function syntheticReturns(options: SyntheticOptions): NationalReturn[] {
  const random = seededRandom(options.seed)
  // Version 2's facts come from a stream of their own, so the version 1 draws (codes, levels, agencies) are as before.
  const random2 = seededRandom(options.seed ^ 0x2b0f16)
  // The codes in an order of popularity drawn from the seed, so common and rare codes fall in every family.
  const subCodes = options.typology.codes.filter((c) => c.parent !== null)
    .map((code) => ({ code, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((c) => c.code)
  const [firstYear, lastYear] = options.years
  const span = lastYear - firstYear + 1
  const instances = options.instances ?? 12
  return Array.from({ length: options.reviews }, (_, i) => {
    const [min, max] = options.findings
    const findingCount = min + Math.floor(random() * (max - min + 1))
    const findings = Array.from({ length: findingCount }, (_, j) => finding(random, j + 1, subCodes, options.typology.version))
    const agencies = new Set<AgencyType>(findings.flatMap((f) => f.agencies))
    return {
      format: RETURN_FORMAT,
      formatVersion: RETURN_FORMAT_VERSION,
      returnId: `synthetic-${options.seed}-${String(i + 1).padStart(5, '0')}`,
      version: 1,
      sourceInstance: `fictional-partnership-${(i % instances) + 1}`,
      review: {
        region: REGIONS[i % REGIONS.length] ?? null,
        year: firstYear + (Math.floor(i / REGIONS.length) % span),
        methodology: random() < 0.8 ? 'learning-together' : 'rapid-review',
        // Version 1's age band was drawn here: the draw is kept (and unused), so the rest of a seed's returns are as before.
        harmCategory: (random(), pick(random, HARM_CATEGORIES).key),
        agencies: AGENCY_TYPE_KEYS.filter((a) => agencies.has(a)),
        publishedReport: null,
        ...reviewFacts(random2),
      },
      findings: findings.map((f) => findingFacts(random2, f)),
    }
  })
}

/**
 * Demo: returns from 63 fictional reviews in other partnerships, so the national analyst's dashboard has
 * themes to show, with common codes counted and rare ones shown as "<5".
 */
export const seedNationalReturns: DemoSeeder = async ({ ctx, users }) => {
  const actor = users.national.actor
  await ctx.db.transaction().execute(async (trx) => {
    const { current } = await loadTypology(trx)
    for (const document of syntheticReturns({ reviews: 63, findings: [2, 6], seed: 2026, years: [2019, 2025], typology: current })) {
      await fileReturnInTransaction(trx, ctx, actor, document, 'demo')
    }
  })
}
