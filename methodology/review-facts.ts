// The review facts that national learning groups by: English regions, the child's age band and the harm.
// Kept coarse on purpose, so a national return cannot identify a child.

export const REGIONS = [
  'North East', 'North West', 'Yorkshire and the Humber', 'East Midlands', 'West Midlands',
  'East of England', 'London', 'South East', 'South West',
] as const
export type Region = (typeof REGIONS)[number]

export const AGE_BANDS = [
  { key: 'under-1', label: 'Under 1 year' },
  { key: '1-4', label: '1 to 4 years' },
  { key: '5-9', label: '5 to 9 years' },
  { key: '10-15', label: '10 to 15 years' },
  { key: '16-17', label: '16 or 17 years' },
] as const
export type AgeBand = (typeof AGE_BANDS)[number]['key']

export const HARM_CATEGORIES = [
  { key: 'death', label: 'The child died' },
  { key: 'serious-harm', label: 'The child was seriously harmed' },
] as const
export type HarmCategory = (typeof HARM_CATEGORIES)[number]['key']

export function isRegion(value: string): value is Region {
  return (REGIONS as readonly string[]).includes(value)
}
export function isAgeBand(value: string): value is AgeBand {
  return AGE_BANDS.some((b) => b.key === value)
}
export function isHarmCategory(value: string): value is HarmCategory {
  return HARM_CATEGORIES.some((h) => h.key === value)
}
