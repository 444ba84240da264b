// The kinds of agency a national return names. Local agency names ("Westmere Homes", "Heron Park Surgery")
// can identify a place, so a return carries only these coarse kinds, which also make reviews comparable.

export const AGENCY_TYPES = [
  { key: 'childrens-social-care', label: 'Children’s social care' },
  { key: 'early-help', label: 'Early help and family support' },
  { key: 'police', label: 'Police' },
  { key: 'health-visiting', label: 'Health visiting' },
  { key: 'school-nursing', label: 'School nursing' },
  { key: 'midwifery', label: 'Midwifery and maternity' },
  { key: 'gp', label: 'GP and primary care' },
  { key: 'hospital', label: 'Hospital and emergency care' },
  { key: 'ambulance', label: 'Ambulance service' },
  { key: 'mental-health', label: 'Mental health services' },
  { key: 'substance-misuse', label: 'Drug and alcohol services' },
  { key: 'domestic-abuse', label: 'Domestic abuse services' },
  { key: 'adult-social-care', label: 'Adult social care' },
  { key: 'probation', label: 'Probation and youth justice' },
  { key: 'early-years', label: 'Nurseries and early years' },
  { key: 'education', label: 'Schools and colleges' },
  { key: 'housing', label: 'Housing' },
  { key: 'voluntary', label: 'Voluntary and community sector' },
  { key: 'other', label: 'Other agencies' },
] as const

export type AgencyType = (typeof AGENCY_TYPES)[number]['key']

export const AGENCY_TYPE_KEYS: readonly AgencyType[] = AGENCY_TYPES.map((a) => a.key)

// First match wins, so the narrower services come before the broad words that also occur in their names
// ("school nursing" before "school", "adult social care" before "social care").
const RULES: ReadonlyArray<[RegExp, AgencyType]> = [
  [/school\s*nurs/, 'school-nursing'],
  [/health\s*visit|\b0\s*(?:-|–|to)\s*19\b/, 'health-visiting'],
  [/midwi|maternity|antenatal|ante-natal/, 'midwifery'],
  [/ambulance|paramedic/, 'ambulance'],
  [/camhs|cmht|mental\s*health|psychiatr/, 'mental-health'],
  [/drug|alcohol|substance|addiction/, 'substance-misuse'],
  [/domestic\s*(?:abuse|violence)|\bidva\b|refuge|marac/, 'domestic-abuse'],
  [/probation|youth\s*(?:justice|offending)|\byot\b/, 'probation'],
  [/police|constabulary/, 'police'],
  [/early\s*help|family\s*support|supporting\s*families/, 'early-help'],
  [/adult\s*(?:social\s*care|services)/, 'adult-social-care'],
  [/social\s*care|social\s*work|children'?s\s*services|\bcsc\b|\bmash\b|front\s*door/, 'childrens-social-care'],
  [/\bgp\b|general\s*practi|surgery|primary\s*care|medical\s*practice|health\s*centre/, 'gp'],
  [/hospital|emergency\s*department|\bed\b|\ba\s*(?:&|and)\s*e\b|paediatric|urgent\s*care/, 'hospital'],
  [/nursery|early\s*years|pre-?school|children'?s\s*centre|childminder|playgroup/, 'early-years'],
  [/school|academy|college|education/, 'education'],
  [/housing|\bhomes\b|homeless|tenancy|landlord/, 'housing'],
  [/voluntary|charity|community\s*(?:group|organisation)/, 'voluntary'],
]

/** The kind of agency a locally recorded agency name describes; 'other' when none fits. */
export function classifyAgency(name: string): AgencyType {
  const text = name.toLowerCase().replace(/[’‘]/g, "'")
  for (const [pattern, type] of RULES) if (pattern.test(text)) return type
  return 'other'
}

/** The distinct kinds for a list of local agency names, in the order of AGENCY_TYPES. */
export function agencyTypesOf(names: readonly string[]): AgencyType[] {
  const found = new Set(names.filter((n) => n.trim() !== '').map(classifyAgency))
  return AGENCY_TYPE_KEYS.filter((key) => found.has(key))
}

export function agencyTypeLabel(key: string): string {
  return AGENCY_TYPES.find((a) => a.key === key)?.label ?? key
}

export function isAgencyType(value: string): value is AgencyType {
  return (AGENCY_TYPE_KEYS as readonly string[]).includes(value)
}
