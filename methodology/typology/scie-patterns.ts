// Crosswalk from typology 2.0 to SCIE's published typology of underlying patterns, so a finding tagged here can
// be read beside reviews that used SCIE's list. Source: SCIE, "Learning together to safeguard children:
// developing a multi-agency systems approach for case reviews" (Fish, Munro and Bairstow, 2008), Appendix 6,
// "Typology of underlying patterns" (https://www.scie.org.uk/publications/guides/guide24/appendices/appendix06.asp).
// SCIE frames its patterns, as version 2 does, as factors that support good practice or make problems more
// likely. Sub-pattern names are SCIE's, used only as references; where none of SCIE's listed sub-patterns
// matches, a code points at the category alone (subPattern null) rather than at a near miss.

export interface ScieCategory {
  number: 1 | 2 | 3 | 4 | 5 | 6
  title: string
}

export const SCIE_SOURCE = {
  title: 'SCIE, Learning together to safeguard children (2008), Appendix 6: Typology of underlying patterns',
  url: 'https://www.scie.org.uk/publications/guides/guide24/appendices/appendix06.asp',
} as const

export const SCIE_CATEGORIES: readonly ScieCategory[] = [
  { number: 1, title: 'Patterns in human–tool operation' },
  { number: 2, title: 'Patterns in human–management system operation' },
  { number: 3, title: 'Communication and collaboration in multi-agency working in response to incidents and crises' },
  { number: 4, title: 'Communication and collaboration in multi-agency working in assessment and longer-term work' },
  { number: 5, title: 'Human reasoning: cognitive and emotional biases' },
  { number: 6, title: 'Family–professional interaction' },
]

export interface ScieAnchor {
  category: ScieCategory['number']
  subPattern: string | null
}

const a = (category: ScieCategory['number'], subPattern: string | null = null): ScieAnchor => ({ category, subPattern })

/** Every code of typology 2.0, families included (a test checks none is missing). */
export const SCIE_ANCHORS_V2: Readonly<Record<string, ScieAnchor>> = {
  MAI: a(3),
  'MAI-1': a(3),
  'MAI-2': a(3, 'Understanding the nature of the task'),
  'MAI-3': a(3, 'Referral procedures and cultures of feedback'),
  'MAI-4': a(3, 'Organisational culture around priority setting'),
  // SCIE places access to expert assessment with management systems, not with the crisis response.
  'MAI-5': a(2, 'Difficulties accessing expert assessments'),
  'MAI-11': a(3),
  MAL: a(4),
  'MAL-1': a(4, 'What and how much should be shared?'),
  'MAL-2': a(4, 'Assessment and planning as a one-off event or an ongoing process'),
  'MAL-3': a(4),
  'MAL-4': a(4, 'Clarity of roles and responsibilities'),
  'MAL-6': a(4),
  'MAL-11': a(4),
  'MAL-12': a(4),
  'MAL-13': a(4),
  'MAL-14': a(4),
  HRB: a(5),
  'HRB-1': a(5),
  'HRB-2': a(5),
  'HRB-3': a(5),
  'HRB-4': a(5),
  'HRB-5': a(5),
  'HRB-11': a(5),
  FPI: a(6),
  'FPI-3': a(6),
  'FPI-4': a(6),
  'FPI-5': a(6),
  'FPI-11': a(6),
  'FPI-12': a(6),
  'FPI-13': a(6),
  TLS: a(1),
  'TLS-1': a(1, 'The influence of assessment forms'),
  'TLS-2': a(1),
  'TLS-3': a(1),
  'TLS-4': a(1, 'The influence of the case management framework'),
  MGT: a(2),
  'MGT-1': a(2, 'Supervision'),
  'MGT-2': a(2, 'Resource–demand mismatch'),
  'MGT-3': a(2, 'Resource–demand mismatch'),
  'MGT-4': a(2, 'Gaps in service provision'),
  'MGT-5': a(2, 'Resource–demand mismatch'),
  'MGT-6': a(2, 'Performance indicators'),
}

/** SCIE's category and sub-pattern for a code of typology 2.0, or null for a code SCIE's list is not mapped to. */
export function scieAnchor(version: string, code: string): (ScieAnchor & { categoryTitle: string }) | null {
  if (version !== '2.0') return null
  const anchor = SCIE_ANCHORS_V2[code]
  if (anchor === undefined) return null
  return { ...anchor, categoryTitle: SCIE_CATEGORIES.find((c) => c.number === anchor.category)!.title }
}
