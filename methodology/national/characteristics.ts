// The controlled lists of the national return, version 2: the child's characteristics, the harm and the
// household in the categories the Department for Education and the Child Safeguarding Practice Review Panel
// publish, so our counts can be set beside theirs. Each list says where it comes from. A return codes every
// fact from these lists; 'not-known' is always a choice, so a gap is counted as a gap and never guessed.

export interface Choice<K extends string = string> {
  key: K
  label: string
}

const NOT_KNOWN = { key: 'not-known', label: 'Not known' } as const

/** DfE serious incident notification (SIN) statistics, "Sex" (published from the 2026 reporting year). */
export const SEXES = [
  { key: 'female', label: 'Female' },
  { key: 'male', label: 'Male' },
  NOT_KNOWN,
] as const

/** ONS Census 2021 high-level ethnic groups, as the DfE SIN statistics group ethnicity. */
export const ETHNIC_GROUPS = [
  { key: 'asian', label: 'Asian, Asian British or Asian Welsh' },
  { key: 'black', label: 'Black, Black British, Black Welsh, Caribbean or African' },
  { key: 'mixed', label: 'Mixed or Multiple ethnic groups' },
  { key: 'white', label: 'White' },
  { key: 'other', label: 'Other ethnic group' },
  NOT_KNOWN,
] as const

/** DfE SIN statistics, "Disability". */
export const DISABILITY_STATUSES = [
  { key: 'disabled', label: 'Disabled' },
  { key: 'not-disabled', label: 'Not disabled' },
  NOT_KNOWN,
] as const

/**
 * DfE SIN statistics age groups (Under 1, 1 to 5, 6 to 10, 11 to 15, 16 and over), the child's age at the
 * incident. Not the bands of return version 1 (under 1, 1–4, 5–9, 10–15, 16–17), which cannot be set beside them.
 */
export const SIN_AGE_BANDS = [
  { key: 'under-1', label: 'Under 1', from: 0, to: 0 },
  { key: '1-5', label: '1 to 5', from: 1, to: 5 },
  { key: '6-10', label: '6 to 10', from: 6, to: 10 },
  { key: '11-15', label: '11 to 15', from: 11, to: 15 },
  { key: '16-17', label: '16 and over (under 18)', from: 16, to: 17 },
  { ...NOT_KNOWN, from: null, to: null },
] as const

/** DfE SIN statistics, "CLA": whether the child was looked after by a local authority at the time. */
export const LOOKED_AFTER_STATUSES = [
  { key: 'looked-after', label: 'Looked after' },
  { key: 'not-looked-after', label: 'Not looked after' },
  NOT_KNOWN,
] as const

/**
 * DfE SIN statistics, child in need plan and child protection plan at the time of the incident. A child on a
 * child protection plan is also a child in need; the plan is the stronger fact, so it is the one recorded.
 */
export const SOCIAL_CARE_STATUSES = [
  { key: 'child-protection-plan', label: 'Child protection plan' },
  { key: 'child-in-need', label: 'Child in need (no protection plan)' },
  { key: 'neither', label: 'Neither' },
  NOT_KNOWN,
] as const

/**
 * The Child Safeguarding Practice Review Panel's annual report harm types. The four kinds of maltreatment
 * within the family are counted apart and together (their group).
 */
export const HARM_TYPES = [
  { key: 'physical-abuse', label: 'Physical abuse', group: 'within-family' },
  { key: 'sexual-abuse', label: 'Sexual abuse', group: 'within-family' },
  { key: 'neglect', label: 'Neglect', group: 'within-family' },
  { key: 'emotional-abuse', label: 'Emotional abuse', group: 'within-family' },
  { key: 'extra-familial-harm', label: 'Extra-familial harm', group: 'extra-familial-harm' },
  { key: 'sudden-unexpected-infant-death', label: 'Sudden unexpected infant death', group: 'sudden-unexpected-infant-death' },
  { key: 'suicide', label: 'Suicide', group: 'suicide' },
  { key: 'other', label: 'Other', group: 'other' },
  { ...NOT_KNOWN, group: 'not-known' },
] as const

export const HARM_GROUPS = [
  { key: 'within-family', label: 'Within-family maltreatment' },
  { key: 'extra-familial-harm', label: 'Extra-familial harm' },
  { key: 'sudden-unexpected-infant-death', label: 'Sudden unexpected infant death' },
  { key: 'suicide', label: 'Suicide' },
  { key: 'other', label: 'Other' },
  NOT_KNOWN,
] as const

/**
 * Household risk factors as the Panel's annual reports count them (the first three are the "toxic trio").
 * Several may apply. 'none-identified' and 'not-known' stand alone: a review found none, or did not record them.
 */
export const RISK_FACTORS = [
  { key: 'domestic-abuse', label: 'Domestic abuse' },
  { key: 'parental-mental-ill-health', label: 'Parental mental ill-health' },
  { key: 'parental-substance-misuse', label: 'Parental substance misuse' },
  { key: 'neglect', label: 'Neglect' },
  { key: 'parental-learning-disability', label: 'Parental learning disability' },
  { key: 'parental-criminality', label: 'Parental criminality' },
  { key: 'housing-or-financial-instability', label: 'Housing or financial instability' },
  { key: 'none-identified', label: 'None identified' },
  NOT_KNOWN,
] as const
export const EXCLUSIVE_RISK_FACTORS = ['none-identified', 'not-known'] as const

/** A finding's type, from the typology 2.0 helps/hinders marker (methodology/typology/tag-effect.ts). */
export const FINDING_TYPES = [
  { key: 'good-practice', label: 'Good practice' },
  { key: 'area-for-improvement', label: 'Area for improvement' },
] as const

/** Where the board's agreed actions stood when the return was submitted (server/services/board-action-status.ts). */
export const ACTION_STATUSES = [
  { key: 'not-started', label: 'Not started' },
  { key: 'in-progress', label: 'In progress' },
  { key: 'done', label: 'Done' },
  { key: 'overdue', label: 'Overdue' },
] as const

type KeyOf<T extends ReadonlyArray<{ key: string }>> = T[number]['key']
export type Sex = KeyOf<typeof SEXES>
export type EthnicGroup = KeyOf<typeof ETHNIC_GROUPS>
export type DisabilityStatus = KeyOf<typeof DISABILITY_STATUSES>
export type SinAgeBand = KeyOf<typeof SIN_AGE_BANDS>
export type LookedAfterStatus = KeyOf<typeof LOOKED_AFTER_STATUSES>
export type SocialCareStatus = KeyOf<typeof SOCIAL_CARE_STATUSES>
export type HarmType = KeyOf<typeof HARM_TYPES>
export type RiskFactor = KeyOf<typeof RISK_FACTORS>
export type FindingType = KeyOf<typeof FINDING_TYPES>
export type ActionStatusAtSubmission = KeyOf<typeof ACTION_STATUSES>

export const keysOf = <T extends ReadonlyArray<{ key: string }>>(list: T): Array<KeyOf<T>> => list.map((c) => c.key as KeyOf<T>)

export function isIn<T extends ReadonlyArray<{ key: string }>>(list: T, value: unknown): value is KeyOf<T> {
  return typeof value === 'string' && list.some((c) => c.key === value)
}

export function labelIn(list: ReadonlyArray<{ key: string; label: string }>, key: string | null | undefined): string {
  if (key === null || key === undefined) return NOT_KNOWN.label
  return list.find((c) => c.key === key)?.label ?? key
}

/** The child's characteristics at the time of the incident, as a return version 2 carries them. */
export interface ChildCharacteristics {
  sex: Sex
  ethnicity: EthnicGroup
  disability: DisabilityStatus
  ageBand: SinAgeBand
  lookedAfter: LookedAfterStatus
  socialCareStatus: SocialCareStatus
}

export const UNKNOWN_CHILD: ChildCharacteristics = {
  sex: 'not-known', ethnicity: 'not-known', disability: 'not-known', ageBand: 'not-known', lookedAfter: 'not-known', socialCareStatus: 'not-known',
}

/** The child's age in whole years on a date (both YYYY-MM-DD); null when either is missing or born after it. */
export function ageOn(dateOfBirth: string | null, on: string | null): number | null {
  if (!dateOfBirth || !on || !/^\d{4}-\d{2}-\d{2}$/.test(dateOfBirth) || !/^\d{4}-\d{2}-\d{2}$/.test(on) || on < dateOfBirth) return null
  const years = Number(on.slice(0, 4)) - Number(dateOfBirth.slice(0, 4))
  return on.slice(5) >= dateOfBirth.slice(5) ? years : years - 1
}

/** The SIN age band of an age in whole years; null for 18 or more (not a child). */
export function sinAgeBandOf(age: number): SinAgeBand | null {
  return SIN_AGE_BANDS.find((b) => b.from !== null && b.to !== null && age >= b.from && age <= b.to)?.key ?? null
}

/**
 * Return version 1's age bands in SIN bands. Only bands wholly inside one SIN band carry over: 5–9 and 10–15
 * straddle two, so they become not known rather than a guess.
 */
export function sinAgeBandFromV1(band: string | null): SinAgeBand {
  switch (band) {
    case 'under-1': return 'under-1'
    case '1-4': return '1-5'
    case '16-17': return '16-17'
    default: return 'not-known'
  }
}

/** A risk factor list is coded when it has entries, and an exclusive one stands alone. */
export function riskFactorProblem(factors: readonly string[]): string | null {
  if (factors.length === 0) return 'must list at least one factor, or "none-identified", or "not-known"'
  const exclusive = factors.find((f) => (EXCLUSIVE_RISK_FACTORS as readonly string[]).includes(f))
  if (exclusive && factors.length > 1) return `"${exclusive}" cannot be listed with other factors`
  return null
}
