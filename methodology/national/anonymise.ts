// Makes a finding's text fit for a national return. A published report may use pseudonyms and name its own
// area; a national record must not, or it could be matched back to the review and the family. So, in order:
// real names and identifiers from the person register become pseudonyms or "[removed]" (the report's
// pseudonymiser); pseudonyms that point at this case ("Child M", "Health Visitor 1") become plain roles;
// the local area's place names become "[place removed]"; and dates become "[date removed]".
import { REGIONS } from '../review-facts.js'
import { findFullDates } from '../redaction/identifier-patterns.js'
import { compileRegister, findLeakSpans, type AllowedLeak, type CompiledRegister } from '../redaction/leak-scan.js'
import type { RegisterPerson } from '../redaction/person-register.js'
import { pseudonymise } from '../redaction/pseudonymise.js'

export const PLACE_REMOVED = '[place removed]'
export const DATE_REMOVED = '[date removed]'
export const PSEUDONYM_REMOVED = '[pseudonym removed]'

export type ChangeKind = 'identity' | 'pseudonym' | 'place' | 'date'
export type ChangeCounts = Record<ChangeKind, number>

export const CHANGE_LABELS: Record<ChangeKind, string> = {
  identity: 'real names or identifiers replaced',
  pseudonym: 'pseudonyms replaced with a role',
  place: 'local place names removed',
  date: 'dates removed',
}

export function noChanges(): ChangeCounts {
  return { identity: 0, pseudonym: 0, place: 0, date: 0 }
}

export interface AnonymiseInput {
  register: readonly RegisterPerson[]
  /** The review's pseudonym for the child, e.g. "Child M": becomes "the child". */
  subjectPseudonym: string | null
  /** The safeguarding partnership's name, whose place words identify the area. */
  boardName: string | null
  /** Findings a reviewer marked as not identifying in the report's leak scan: left as they are. */
  allowed?: readonly AllowedLeak[]
}

export interface Anonymiser {
  anonymise(text: string): { text: string; changes: ChangeCounts }
  /** The place names this review's data gives away, for showing the lead reviewer what will be removed. */
  readonly placeNames: readonly string[]
}

// Words that describe a family role or a job rather than a person: a pseudonym made only of these
// ("Mother", "Maternal Grandfather", "Nursery Key Worker") says nothing about this case and is kept.
const ROLE_WORDS = new Set([
  'mother', 'father', 'parent', 'parents', 'sibling', 'siblings', 'brother', 'sister', 'half-brother', 'half-sister', 'stepfather',
  'stepmother', 'step-father', 'step-mother', 'grandmother', 'grandfather', 'grandparent', 'maternal', 'paternal', 'aunt', 'uncle',
  'cousin', 'partner', 'baby', 'child', 'children', 'carer', 'foster', 'older', 'younger', 'family', 'friend', 'neighbour',
  'key', 'worker', 'nursery', 'health', 'visitor', 'social', 'gp', 'police', 'officer', 'nurse', 'school', 'teacher', 'practitioner',
  'manager', 'midwife', 'doctor', 'paediatrician', 'consultant', 'the', 'a', 'of', 'and', "mother's", "father's",
])
const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr'])

// Words in organisation and partnership names that are not places.
const NOT_PLACE_WORDS = new Set([
  'safeguarding', 'children', "children's", 'childrens', 'child', 'partnership', 'partners', 'board', 'local', 'council', 'county',
  'city', 'borough', 'district', 'metropolitan', 'service', 'services', 'team', 'teams', 'nursery', 'surgery', 'school', 'schools',
  'primary', 'secondary', 'infant', 'junior', 'academy', 'college', 'university', 'hospital', 'hospitals', 'trust', 'foundation',
  'nhs', 'police', 'constabulary', 'force', 'health', 'healthcare', 'care', 'social', 'nursing', 'homes', 'housing', 'association',
  'centre', 'center', 'practice', 'medical', 'clinic', 'group', 'unit', 'department', 'response', 'early', 'help', 'years', 'family',
  'families', 'community', 'mental', 'ambulance', 'and', 'the', 'of', 'for', 'authority', 'integrated', 'commissioning', 'agency',
  'assessment', 'hub', 'front', 'door', 'north', 'south', 'east', 'west', 'central', 'england', 'royal', 'general', 'saint', 'st',
  'great', 'greater', 'upon', 'on', 'new', 'old', 'safeguard', 'multi-agency', 'partnership’s',
])
const REGION_WORDS = new Set(REGIONS.flatMap((r) => r.toLowerCase().split(/\s+/)))

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const bounded = (alternatives: string[], flags: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, flags)

function wordsOf(phrase: string): string[] {
  return phrase.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}'’]+$/gu, '')).filter((w) => w !== '')
}

/** Runs of capitalised words that are not organisation words: "Heron Park" in "GP, Heron Park Surgery". */
function placeRuns(phrase: string): string[] {
  const runs: string[] = []
  let run: string[] = []
  const close = () => {
    if (run.length > 0) runs.push(run.join(' '))
    run = []
  }
  for (const word of wordsOf(phrase)) {
    const lower = word.toLowerCase().replace(/’/g, "'")
    const isPlaceWord = /^\p{Lu}[\p{L}'’-]{2,}$/u.test(word) && !NOT_PLACE_WORDS.has(lower) && !REGION_WORDS.has(lower)
    if (isPlaceWord) run.push(word.replace(/['’]s$/, ''))
    else close()
  }
  close()
  return runs
}

const withoutBrackets = (text: string): string => text.replace(/\([^)]*\)/g, ' ')

/**
 * Place names the review's own data gives away: the partnership's name ("Westmere"), the organisation in each
 * person's role ("Heron Park" from "GP, Heron Park Surgery") and the town of each address.
 */
export function localPlaceNames(boardName: string | null, register: readonly RegisterPerson[]): string[] {
  const found = new Set<string>()
  for (const run of placeRuns(boardName ?? '')) found.add(run)
  for (const person of register) {
    const role = withoutBrackets(person.role ?? '')
    const comma = role.indexOf(',')
    if (comma >= 0) for (const run of placeRuns(role.slice(comma + 1))) found.add(run)
    const town = (person.address ?? '').split(',').pop() ?? ''
    if (person.address && person.address.includes(',')) for (const run of placeRuns(town)) found.add(run)
  }
  return [...found].sort((a, b) => b.length - a.length)
}

interface PseudonymForm {
  text: string
  replacement: string
}

function isDistinctive(pseudonym: string): boolean {
  return wordsOf(withoutBrackets(pseudonym)).some((w) => !ROLE_WORDS.has(w.toLowerCase().replace(/’/g, "'")))
}

const isRoleWord = (w: string): boolean => ROLE_WORDS.has(w.toLowerCase().replace(/’/g, "'"))

/** "the health visitor", keeping capitals for abbreviations ("the GP"). */
function asRole(words: readonly string[]): string {
  return `the ${words.map((w) => (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase())).join(' ')}`
}

/**
 * What a pseudonym becomes: "the child" for the review's subject; otherwise the role in its brackets
 * ("Mr Y (mother's partner)"), its own role words ("Health Visitor 1"), or the person's recorded role when
 * that is a plain role ("Mother's partner"), never an organisation.
 */
function roleFor(pseudonym: string, isSubject: boolean, role: string | null): string {
  if (isSubject) return 'the child'
  const bracket = /\(([^)]*)\)/.exec(pseudonym)?.[1]?.trim()
  if (bracket && wordsOf(bracket).every(isRoleWord)) return asRole(wordsOf(bracket))
  const own = wordsOf(withoutBrackets(pseudonym)).filter((w) => isRoleWord(w) && !HONORIFICS.has(w.toLowerCase()) && !['the', 'a'].includes(w.toLowerCase()))
  if (own.length > 0) return asRole(own)
  const recorded = wordsOf(withoutBrackets(role ?? '').split(',')[0] ?? '')
  if (recorded.length > 0 && recorded.every(isRoleWord)) return asRole(recorded)
  return PSEUDONYM_REMOVED
}

function pseudonymForms(register: readonly RegisterPerson[], subjectPseudonym: string | null): PseudonymForm[] {
  const forms = new Map<string, string>()
  const add = (pseudonym: string, isSubject: boolean, role: string | null) => {
    const clean = pseudonym.trim().replace(/\s+/g, ' ')
    if (clean === '' || (!isSubject && !isDistinctive(clean))) return
    const replacement = roleFor(clean, isSubject, role)
    forms.set(clean, replacement)
    // "Mr Y (mother's partner)" is written "Mr Y" in the text.
    const core = withoutBrackets(clean).replace(/\s+/g, ' ').trim()
    if (core !== clean && core !== '' && (isSubject || isDistinctive(core)) && !forms.has(core)) forms.set(core, replacement)
  }
  if (subjectPseudonym) add(subjectPseudonym, true, null)
  for (const person of register) add(person.pseudonym, subjectPseudonym !== null && person.pseudonym.trim() === subjectPseudonym.trim(), person.role)
  return [...forms].map(([text, replacement]) => ({ text, replacement })).sort((a, b) => b.text.length - a.text.length)
}

/**
 * The register's identifiers as written, matched whatever the spacing: the leak scan recognises only
 * well-formed identifiers, and a national return must not carry a register value even when it is malformed.
 */
const MONTH_YEAR = /(?<![\p{L}\p{N}])(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:19|20)\d{2}(?![\p{L}\p{N}])/gu

function atSentenceStart(text: string, index: number): boolean {
  return index === 0 || /(?:^|[.!?:]\s+|\n\s*)$/.test(text.slice(Math.max(0, index - 4), index))
}

function capitalise(text: string): string {
  return text.startsWith('[') ? text : text.charAt(0).toUpperCase() + text.slice(1)
}

function replaceAll(text: string, pattern: RegExp, replacement: (match: string, index: number, whole: string) => string): { text: string; count: number } {
  let count = 0
  const out = text.replace(pattern, (match: string, ...rest: unknown[]) => {
    count++
    const index = rest.find((r) => typeof r === 'number') as number
    return replacement(match, index, text)
  })
  return { text: out, count }
}

function removeDates(text: string): { text: string; count: number } {
  const spans: Array<{ start: number; end: number }> = []
  for (const date of findFullDates(text)) {
    const last = spans[spans.length - 1]
    if (last && date.start < last.end) last.end = Math.max(last.end, date.end)
    else spans.push({ start: date.start, end: date.end })
  }
  let out = text
  // Right to left, so earlier positions stay valid.
  for (const span of [...spans].reverse()) out = `${out.slice(0, span.start)}${DATE_REMOVED}${out.slice(span.end)}`
  const count = spans.length
  const monthYears = replaceAll(out, MONTH_YEAR, () => DATE_REMOVED)
  return { text: monthYears.text, count: count + monthYears.count }
}

export function createAnonymiser(input: AnonymiseInput): Anonymiser {
  const compiled: CompiledRegister = compileRegister(input.register)
  const forms = pseudonymForms(input.register, input.subjectPseudonym)
  const replacementOf = new Map(forms.map((f) => [f.text.toLowerCase(), f.replacement]))
  const pseudonymPattern = forms.length > 0 ? bounded(forms.map((f) => f.text), 'giu') : null
  const placeNames = localPlaceNames(input.boardName, input.register)
  const placePattern = placeNames.length > 0 ? bounded(placeNames.flatMap((p) => [p, p.toUpperCase()]), 'gu') : null

  return {
    placeNames,
    anonymise(original: string) {
      const changes = noChanges()
      let text = original
      const allowed = [...(input.allowed ?? [])]
      changes.identity = findLeakSpans(text, compiled, { allowed }).length
      if (changes.identity > 0) text = pseudonymise(text, input.register, { allowed })
      // The register's numbers and postcodes in any spacing are the leak scan's own (compact-identifiers.ts).
      if (pseudonymPattern) {
        const r = replaceAll(text, pseudonymPattern, (match, index, whole) => {
          const role = replacementOf.get(match.toLowerCase().replace(/\s+/g, ' ')) ?? PSEUDONYM_REMOVED
          return atSentenceStart(whole, index) ? capitalise(role) : role
        })
        text = r.text
        changes.pseudonym = r.count
      }
      if (placePattern) {
        const r = replaceAll(text, placePattern, () => PLACE_REMOVED)
        text = r.text
        changes.place = r.count
      }
      const dates = removeDates(text)
      changes.date = dates.count
      return { text: dates.text, changes }
    },
  }
}
