// Whether a pattern, in the finding it tags, made good practice more likely (helps) or less likely (hinders).
// From typology 2.0 every tag carries one, so good practice is counted apart from problems; tags made against
// 1.0 have none until they are re-tagged.

export const TAG_EFFECTS = ['helps', 'hinders'] as const
export type TagEffect = (typeof TAG_EFFECTS)[number]

export const TAG_EFFECT_TEXT: Record<TagEffect, { text: string; hint: string; colour: string }> = {
  helps: { text: 'Helps', hint: 'In this case the pattern made good practice more likely', colour: 'green' },
  hinders: { text: 'Hinders', hint: 'In this case the pattern made good practice harder or poor practice more likely', colour: 'orange' },
}

export function isTagEffect(value: unknown): value is TagEffect {
  return typeof value === 'string' && (TAG_EFFECTS as readonly string[]).includes(value)
}

/** Where a tag's marker is not given (an older API client), it follows the finding: good practice helps. */
export function defaultEffect(findingKind: string): TagEffect {
  return findingKind === 'good-practice' ? 'helps' : 'hinders'
}

export type FindingType = 'good-practice' | 'area-for-improvement'

export const FINDING_TYPE_TEXT: Record<FindingType, string> = {
  'good-practice': 'Good practice',
  'area-for-improvement': 'Area for improvement',
}

/**
 * A finding's type, for national counts: an area for improvement when any of its patterns hinders, good
 * practice when its patterns only help. Tags without a marker (made against 1.0) fall back to the kind the
 * lead reviewer chose.
 */
export function findingTypeOf(kind: string, effects: ReadonlyArray<TagEffect | null>): FindingType {
  const marked = effects.filter((e): e is TagEffect => e !== null)
  if (marked.includes('hinders')) return 'area-for-improvement'
  if (marked.length > 0) return 'good-practice'
  return kind === 'good-practice' ? 'good-practice' : 'area-for-improvement'
}
