// Checks between the facts of a version 2 return that its JSON Schema cannot express: a list that says "none"
// and names a factor, an infant death coded for an older child, an age band the review's own dates contradict.
// Each problem names the field, so the sender can fix the one fact that is wrong.
import { ageOn, riskFactorProblem, sinAgeBandOf, SIN_AGE_BANDS, type SinAgeBand } from './characteristics.js'
import type { NationalReturn } from './return-format.js'

export interface FieldProblem {
  path: string
  message: string
}

// Sudden unexpected death in infancy is of a child under two: the under 1 band or the youngest of 1 to 5.
const INFANT_BANDS: readonly SinAgeBand[] = ['under-1', '1-5', 'not-known']

const bandLabel = (key: string): string => SIN_AGE_BANDS.find((b) => b.key === key)?.label ?? key

/** Problems between the facts of one return (already shaped as version 2); `prefix` names it inside a bundle. */
export function consistencyProblems(document: NationalReturn, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = []
  const review = document.review
  const factors = riskFactorProblem(review.householdRiskFactors)
  if (factors) problems.push({ path: `${prefix}review.householdRiskFactors`, message: factors })
  if (review.harmType === 'sudden-unexpected-infant-death' && !INFANT_BANDS.includes(review.child.ageBand)) {
    problems.push({
      path: `${prefix}review.child.ageBand`,
      message: `is "${review.child.ageBand}" (${bandLabel(review.child.ageBand)}), but the harm type is a sudden unexpected infant death, which is of a child under 2`,
    })
  }
  return problems
}

/**
 * The age band the review's dates give (the child's date of birth and the incident's date), or null when either
 * is not recorded. Used to fill the band and to refuse one that contradicts them.
 */
export function ageBandFromDates(dateOfBirth: string | null, incidentDate: string | null): SinAgeBand | null {
  const age = ageOn(dateOfBirth, incidentDate)
  return age === null ? null : sinAgeBandOf(age)
}

/** Why a recorded age band cannot be right for the review's dates, or null when it fits (or cannot be checked). */
export function ageBandConflict(band: string, dateOfBirth: string | null, incidentDate: string | null): string | null {
  if (band === 'not-known') return null
  const age = ageOn(dateOfBirth, incidentDate)
  if (age === null) return null
  const fromDates = sinAgeBandOf(age)
  if (fromDates === band) return null
  return fromDates === null
    ? `The review's dates make the child ${age} at the incident (born ${dateOfBirth}, incident ${incidentDate}), which is not a child's age; check the date of birth`
    : `The review's dates make the child ${age} at the incident (born ${dateOfBirth}, incident ${incidentDate}): the band is ${bandLabel(fromDates)}, not ${bandLabel(band)}`
}
