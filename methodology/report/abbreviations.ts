// Abbreviations that agency records and review reports use, with what they stand for: the report's glossary is
// drawn from here for those that occur in its text. Kept as data (England, children's safeguarding); a review
// can define others on its report page.

export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  'A&E': 'Accident and emergency department',
  ASB: 'Anti-social behaviour',
  CAF: 'Common assessment framework',
  CAMHS: 'Child and adolescent mental health services',
  CIN: 'Child in need (section 17 of the Children Act 1989)',
  CLA: 'Child looked after',
  CP: 'Child protection',
  CPP: 'Child protection plan',
  CSC: 'Children’s social care',
  CSPR: 'Child safeguarding practice review',
  CYP: 'Children and young people',
  DA: 'Domestic abuse',
  DASH: 'Domestic abuse, stalking and harassment risk assessment (the DASH risk checklist)',
  DfE: 'Department for Education',
  DV: 'Domestic violence',
  ED: 'Emergency department',
  EDT: 'Emergency duty team (out-of-hours social work)',
  EHA: 'Early help assessment',
  GP: 'General practitioner (family doctor)',
  HV: 'Health visitor',
  ICPC: 'Initial child protection conference',
  IDVA: 'Independent domestic violence adviser',
  KPE: 'Key practice episode',
  LA: 'Local authority',
  LADO: 'Local authority designated officer',
  LSCB: 'Local safeguarding children board',
  LSCP: 'Local safeguarding children partnership',
  MARAC: 'Multi-agency risk assessment conference',
  MASH: 'Multi-agency safeguarding hub',
  NFA: 'No further action',
  NHS: 'National Health Service',
  NSPCC: 'National Society for the Prevention of Cruelty to Children',
  PC: 'Police constable',
  PCSO: 'Police community support officer',
  PLO: 'Public Law Outline (pre-proceedings process)',
  PPN: 'Public protection notice (a police referral about a vulnerable person)',
  RCPC: 'Review child protection conference',
  SCIE: 'Social Care Institute for Excellence',
  SCR: 'Serious case review',
  SUDI: 'Sudden unexpected death in infancy',
  TAC: 'Team around the child',
  TAF: 'Team around the family',
}

// Capitals that are words, markings or labels rather than abbreviations a reader needs spelt out.
const NOT_ABBREVIATIONS = new Set([
  'OFFICIAL', 'SENSITIVE', 'OR', 'AND', 'NOT', 'THE', 'OK', 'PDF', 'DOCX', 'HTML', 'UK', 'I', 'II', 'III', 'IV', 'V', 'VI',
  'AM', 'PM', 'ID', 'NB', 'TV', 'USA',
])

/** A run of capitals (with & or a lower-case f between, as in A&E or DfE), 2 to 6 long, standing alone. */
const CANDIDATE = /(?<![\p{L}\p{N}&-])([A-Z](?:[A-Z&]|f(?=[A-Z])){1,5})(?:s)?(?![\p{L}\p{N}&]|-\d)/gu

/**
 * The abbreviations in some text, each once, in order of first appearance: the known ones (with their meaning,
 * from `known`, then the built-in list) and the unknown ones, for a reviewer to define.
 */
export function findAbbreviations(texts: Iterable<string>, known: Readonly<Record<string, string>> = {}): { defined: { abbreviation: string; meaning: string }[]; unknown: string[] } {
  const seen = new Set<string>()
  const defined: { abbreviation: string; meaning: string }[] = []
  const unknown: string[] = []
  for (const text of texts) {
    for (const m of text.matchAll(CANDIDATE)) {
      const abbreviation = m[1]!
      if (seen.has(abbreviation) || NOT_ABBREVIATIONS.has(abbreviation) || abbreviation.endsWith('&')) continue
      seen.add(abbreviation)
      const meaning = known[abbreviation] ?? ABBREVIATIONS[abbreviation]
      if (meaning) defined.push({ abbreviation, meaning })
      else unknown.push(abbreviation)
    }
  }
  defined.sort((a, b) => a.abbreviation.localeCompare(b.abbreviation, 'en-GB'))
  unknown.sort((a, b) => a.localeCompare(b, 'en-GB'))
  return { defined, unknown }
}
