// The publication leak scan: finds every real name and identifier from the person register, and anything
// shaped like a UK personal identifier, in a text that is about to be published.

import { CompactIndexBuilder, findCompactIdentifiers, type CompactIndex } from './compact-identifiers.js'
import {
  findCollarNumbers,
  findEmails,
  findFullDates,
  findNhsNumberCandidates,
  findPhones,
  findPostcodeCandidates,
  findStaffNumbers,
  followsDateOfBirthCue,
  hasValidNhsCheckDigit,
  isNhsTestRange,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUkPhone,
} from './identifier-patterns.js'
import type { RegisterPerson } from './person-register.js'
import { normaliseForMatching, normalisedValue, originalRange } from './normalise-text.js'
import { addressForms, nameParts, streetWordForm } from './register-forms.js'
import { fold, foldedWords, tokenise } from './text-tokens.js'
import type { TextToken } from './text-tokens.js'

export type LeakKind =
  | 'full-name'
  | 'surname'
  | 'given-name'
  | 'nhs-number'
  | 'postcode'
  | 'phone'
  | 'date-of-birth'
  | 'address'
  | 'email'
  | 'collar-number'
  | 'staff-number'

/** What each kind of finding is called on the leak scan pages and in messages. */
export const LEAK_KIND_LABELS: Readonly<Record<LeakKind, string>> = {
  'full-name': 'Full name',
  surname: 'Surname',
  'given-name': 'First name',
  'nhs-number': 'NHS number',
  postcode: 'Postcode',
  phone: 'Phone number',
  'date-of-birth': 'Date of birth',
  address: 'Address',
  email: 'Email address',
  'collar-number': 'Police collar or warrant number',
  'staff-number': 'Staff or payroll number',
}

/** The same, as the subject of a sentence ("An NHS number is still in …"). */
export const LEAK_KIND_PHRASES: Readonly<Record<LeakKind, string>> = {
  'full-name': 'A full name',
  surname: 'A surname',
  'given-name': 'A first name',
  'nhs-number': 'An NHS number',
  postcode: 'A postcode',
  phone: 'A phone number',
  'date-of-birth': 'A date of birth',
  address: 'An address',
  email: 'An email address',
  'collar-number': 'A police collar or warrant number',
  'staff-number': 'A staff or payroll number',
}

export function isLeakKind(value: string): value is LeakKind {
  return Object.hasOwn(LEAK_KIND_LABELS, value)
}

export interface Leak {
  kind: LeakKind
  /** The text found, as written (a possessive such as "Harlow's" included). */
  value: string
  start: number
  end: number
  /** About 60 characters around the leak, white space collapsed, for showing where it occurs. */
  excerpt: string
}

/** A reviewer's decision that a finding is not identifying (e.g. a name that is also an ordinary word). */
export interface AllowedLeak {
  kind: LeakKind
  value: string
}

export interface ScanOptions {
  allowed?: AllowedLeak[]
}

/** A leak with what the pseudonymiser needs: whose it is and how the name was inflected. */
export interface LeakSpan extends Leak {
  /** Indexes into the register; empty for identifiers found by shape alone. */
  persons: number[]
  /** The possessive ending as written ("'s", "’s", or "'" after a plural), or '' when there is none. */
  possessive: string
  /** A rank or cue before a number ("PC ", "payroll number "), kept when the number is removed. */
  kept: string
  allowKey: string
}

type TokenKind = 'full-name' | 'surname' | 'given-name' | 'address'
type Gap = 'space' | 'hyphen' | 'apostrophe' | 'address'

interface TokenPattern {
  words: string[]
  /** gaps[k] is what may stand between words[k] and words[k + 1]. */
  gaps: Gap[]
  kind: TokenKind
  person: number
}

export interface CompiledRegister {
  readonly persons: readonly RegisterPerson[]
  readonly byFirstWord: ReadonlyMap<string, readonly TokenPattern[]>
  readonly datesOfBirth: ReadonlyMap<string, number[]>
  readonly nhsNumbers: ReadonlyMap<string, number[]>
  readonly postcodes: ReadonlyMap<string, number[]>
  readonly phones: ReadonlyMap<string, number[]>
  /** The register's identifiers compared without separators, however they are written. */
  readonly compact: CompactIndex
}

const GAP_TEST: Record<Gap, RegExp> = {
  // Names run across line breaks and repeated spaces.
  space: /^\s{1,40}$/,
  hyphen: /^(?:\s*[-\u2010\u2011\u2013]\s*|\s{1,40})$/,
  apostrophe: /^(?:['\u2018\u2019`]|\s{1,40})$/,
  // Addresses are written with or without commas, on one line or several, or hyphenated in a web link.
  address: /^[\s,.\-_/]{1,12}$/,
}

const KIND_RANK: Record<TokenKind, number> = { 'full-name': 0, address: 1, surname: 2, 'given-name': 3 }
const APOSTROPHES = new Set(["'", '\u2019', '\u2018'])
const LETTER = /[\p{L}\p{M}]/u
const NUMBER_TAIL = /\d[.,]$/

function phrasePattern(phrase: string, kind: TokenKind, person: number, forceGap?: Gap): TokenPattern[] {
  const tokens = tokenise(phrase)
  if (tokens.length === 0) return []
  const words = tokens.map((t) => t.norm)
  const gaps: Gap[] = []
  for (let k = 1; k < tokens.length; k++) {
    const between = phrase.slice(tokens[k - 1]?.end ?? 0, tokens[k]?.start ?? 0)
    gaps.push(forceGap ?? (/[-\u2010\u2011\u2013]/.test(between) ? 'hyphen' : /['\u2018\u2019`]/.test(between) ? 'apostrophe' : 'space'))
  }
  const patterns: TokenPattern[] = [{ words, gaps, kind, person }]
  // "O'Brien" is also written "OBrien".
  if (gaps.includes('apostrophe')) {
    const joinedWords: string[] = [words[0] ?? '']
    const joinedGaps: Gap[] = []
    gaps.forEach((gap, k) => {
      if (gap === 'apostrophe') joinedWords[joinedWords.length - 1] += words[k + 1] ?? ''
      else {
        joinedWords.push(words[k + 1] ?? '')
        joinedGaps.push(gap)
      }
    })
    patterns.push({ words: joinedWords, gaps: joinedGaps, kind, person })
  }
  return patterns
}

function addTo<K>(map: Map<K, number[]>, key: K, person: number): void {
  const list = map.get(key)
  if (!list) map.set(key, [person])
  else if (!list.includes(person)) list.push(person)
}

/** Prepare the register once; scanning many texts against it is then linear in the text. */
export function compileRegister(register: readonly RegisterPerson[]): CompiledRegister {
  const patterns: TokenPattern[] = []
  const datesOfBirth = new Map<string, number[]>()
  const nhsNumbers = new Map<string, number[]>()
  const postcodes = new Map<string, number[]>()
  const phones = new Map<string, number[]>()

  const compact = new CompactIndexBuilder()

  register.forEach((person, p) => {
    const { givenNames, surname } = nameParts(normalisedValue(person.realName))
    const given = givenNames.join(' ')
    if (surname && given) {
      patterns.push(...phrasePattern(`${given} ${surname}`, 'full-name', p))
      if (givenNames.length > 1) patterns.push(...phrasePattern(`${givenNames[0] ?? ''} ${surname}`, 'full-name', p))
    }
    if (surname) patterns.push(...phrasePattern(surname, 'surname', p))
    for (const name of givenNames) patterns.push(...phrasePattern(name, 'given-name', p))
    if (person.address) {
      for (const form of addressForms(normalisedValue(person.address))) patterns.push(...phrasePattern(form, 'address', p, 'address'))
    }
    if (person.dateOfBirth) {
      addTo(datesOfBirth, person.dateOfBirth, p)
      // "14 08 2018", "14.8.2018", "20180814": a date of birth with any separators, or none.
      const [year, month, day] = person.dateOfBirth.split('-')
      if (year && month && day) {
        for (const form of [`${day}${month}${year}`, `${Number(day)} ${Number(month)} ${year}`, `${year}${month}${day}`]) compact.add('date-of-birth', form, p)
      }
    }
    const nhsNumber = person.nhsNumber ? normalisedValue(person.nhsNumber) : null
    const nhs = nhsNumber ? normaliseNhsNumber(nhsNumber) : null
    if (nhs) addTo(nhsNumbers, nhs, p)
    if (nhsNumber) compact.add('nhs-number', nhsNumber, p)
    const postcodeValue = person.postcode ? normalisedValue(person.postcode) : null
    const postcode = postcodeValue ? normalisePostcode(postcodeValue) : null
    if (postcode) addTo(postcodes, postcode, p)
    if (postcodeValue) compact.add('postcode', postcodeValue, p)
    const phoneValue = person.phone ? normalisedValue(person.phone) : null
    const phone = phoneValue ? normaliseUkPhone(phoneValue) : null
    if (phone) {
      addTo(phones, phone, p)
      // National, international and "+44 (0)" forms of the same number.
      for (const form of [phone, `44${phone.slice(1)}`, `440${phone.slice(1)}`]) compact.add('phone', form, p)
    } else if (phoneValue) compact.add('phone', phoneValue, p)
    if (person.staffNumber) compact.add('staff-number', normalisedValue(person.staffNumber), p)
  })

  const byFirstWord = new Map<string, TokenPattern[]>()
  for (const pattern of patterns) {
    // A lone initial would match every "A" in the text; an address needs at least a number and a street.
    if (pattern.words.length === 1 && (pattern.words[0] ?? '').length < 2) continue
    if (pattern.kind === 'address' && pattern.words.length < 2) continue
    // Addresses compare street words in one form, so "12 Mill Rd" is "12 Mill Road".
    if (pattern.kind === 'address') pattern.words = pattern.words.map(streetWordForm)
    const first = pattern.words[0] ?? ''
    const list = byFirstWord.get(first) ?? []
    list.push(pattern)
    byFirstWord.set(first, list)
  }
  return { persons: register, byFirstWord, datesOfBirth, nhsNumbers, postcodes, phones, compact: compact.build() }
}

interface TokenMatch {
  pattern: TokenPattern
  end: number
  possessive: string
}

function tryPattern(text: string, tokens: TextToken[], i: number, pattern: TokenPattern): TokenMatch | null {
  const { words, gaps, kind } = pattern
  const isName = kind !== 'address'
  // "1 Heron Way" is not in "2.1 Heron Way" or "1,1 Heron Way": a house number is never the tail of a longer number.
  const startsAt = tokens[i]?.start ?? 0
  if (!isName && NUMBER_TAIL.test(text.slice(Math.max(0, startsAt - 2), startsAt))) return null
  let plural = false
  for (let k = 0; k < words.length; k++) {
    const token = tokens[i + k]
    if (!token) return null
    if (k > 0) {
      const previous = tokens[i + k - 1]
      const gap = gaps[k - 1]
      if (!previous || !gap || !GAP_TEST[gap].test(text.slice(previous.end, token.start))) return null
    }
    const word = words[k] ?? ''
    if (token.norm === word || (!isName && streetWordForm(token.norm) === word)) continue
    if (isName && k === words.length - 1 && token.norm === `${word}s`) plural = true
    else return null
  }
  const last = i + words.length - 1
  let end = tokens[last]?.end ?? 0
  let possessive = ''
  if (plural) {
    // "the Harlows", "Harlows'": a family name in the plural. "Toms" on its own is a different word.
    if (APOSTROPHES.has(text[end] ?? '') && !LETTER.test(text[end + 1] ?? '')) {
      possessive = text[end] ?? ''
      end += 1
    } else {
      const before = tokens[i - 1]
      const afterThe = before?.norm === 'the' && /^\s+$/.test(text.slice(before.end, tokens[i]?.start ?? 0))
      if (!(kind === 'surname' && afterThe)) return null
    }
  } else if (isName && APOSTROPHES.has(text[end] ?? '') && /[sS]/.test(text[end + 1] ?? '') && !LETTER.test(text[end + 2] ?? '')) {
    possessive = text.slice(end, end + 2)
    end += 2
  }
  return { pattern, end, possessive }
}

function excerptAround(text: string, start: number, end: number): string {
  const pad = Math.max(12, Math.floor((60 - (end - start)) / 2))
  const from = Math.max(0, start - pad)
  const to = Math.min(text.length, end + pad)
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim()
  return `${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`
}

function nameKey(kind: TokenKind, words: string[]): string {
  return `${kind}:${words.join(' ')}`
}

/** How an allowed finding is compared, so "Harlow's" and "HARLOW" or "ZZ99 4QT" and "zz994qt" are one decision. */
export function allowKey(kind: LeakKind, value: string): string {
  switch (kind) {
    case 'full-name':
    case 'surname':
    case 'given-name':
      return `${kind}:${foldedWords(value.replace(/['\u2018\u2019](?:s)?$/i, '')).join(' ')}`
    case 'address':
      return `${kind}:${foldedWords(value).map(streetWordForm).join(' ')}`
    case 'nhs-number':
    case 'collar-number':
      return `${kind}:${value.replace(/\D/g, '')}`
    case 'staff-number':
      return `${kind}:${value.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase()}`
    case 'phone':
      return `${kind}:${normaliseUkPhone(value) ?? value.replace(/\D/g, '')}`
    case 'postcode':
      return `${kind}:${value.replace(/\s/g, '').toUpperCase()}`
    case 'email':
      return `${kind}:${value.trim().toLowerCase()}`
    case 'date-of-birth':
      return `${kind}:${fold(value).replace(/\s+/g, ' ').trim()}`
  }
}

/** At every word, the longest register name or address that starts there (several persons when they share it). */
function nameAndAddressSpans(text: string, compiled: CompiledRegister): LeakSpan[] {
  const tokens = tokenise(text)
  const spans: LeakSpan[] = []
  tokens.forEach((token, i) => {
    const street = streetWordForm(token.norm)
    const candidates = [...(compiled.byFirstWord.get(token.norm) ?? []), ...(street !== token.norm ? compiled.byFirstWord.get(street) ?? [] : [])]
    const pluralCandidates = token.norm.endsWith('s') ? compiled.byFirstWord.get(token.norm.slice(0, -1)) ?? [] : []
    let best: TokenMatch[] = []
    for (const pattern of [...candidates, ...pluralCandidates]) {
      if (pluralCandidates.includes(pattern) && pattern.words.length > 1) continue
      const match = tryPattern(text, tokens, i, pattern)
      if (!match) continue
      const incumbent = best[0]
      const better =
        !incumbent ||
        match.end > incumbent.end ||
        (match.end === incumbent.end && KIND_RANK[match.pattern.kind] < KIND_RANK[incumbent.pattern.kind])
      if (better) best = [match]
      else if (match.end === incumbent.end && match.pattern.kind === incumbent.pattern.kind) best.push(match)
    }
    const chosen = best[0]
    if (!chosen) return
    spans.push({
      kind: chosen.pattern.kind,
      value: text.slice(token.start, chosen.end),
      start: token.start,
      end: chosen.end,
      excerpt: '',
      persons: [...new Set(best.map((m) => m.pattern.person))],
      possessive: chosen.possessive,
      kept: '',
      allowKey: nameKey(chosen.pattern.kind, chosen.pattern.words),
    })
  })
  return spans
}

function identifierSpans(text: string, compiled: CompiledRegister): LeakSpan[] {
  const spans: LeakSpan[] = []
  const push = (kind: LeakKind, value: string, start: number, end: number, persons: number[], kept = ''): void => {
    spans.push({ kind, value, start, end, excerpt: '', persons, possessive: '', kept, allowKey: allowKey(kind, value.slice(kept.length)) })
  }
  for (const m of findNhsNumberCandidates(text)) {
    const persons = compiled.nhsNumbers.get(m.normalised)
    if (persons || hasValidNhsCheckDigit(m.normalised) || isNhsTestRange(m.normalised)) {
      push('nhs-number', m.value, m.start, m.end, persons ?? [])
    }
  }
  for (const m of findPostcodeCandidates(text)) {
    const persons = compiled.postcodes.get(m.normalised)
    // The register's postcodes in any case; others only when written in capitals and properly shaped.
    if (persons || (m.value === m.value.toUpperCase() && normalisePostcode(m.normalised))) {
      push('postcode', m.value, m.start, m.end, persons ?? [])
    }
  }
  for (const m of findPhones(text)) push('phone', m.value, m.start, m.end, compiled.phones.get(m.normalised) ?? [])
  for (const m of findEmails(text)) push('email', m.value, m.start, m.end, [])
  for (const m of findCollarNumbers(text)) push('collar-number', m.value, m.start, m.end, [], m.lead)
  for (const m of findStaffNumbers(text)) push('staff-number', m.value, m.start, m.end, [], m.lead)
  for (const m of findCompactIdentifiers(text, compiled.compact)) push(m.kind, text.slice(m.start, m.end), m.start, m.end, m.persons)
  for (const d of findFullDates(text)) {
    const persons = [...new Set(d.readings.flatMap((iso) => compiled.datesOfBirth.get(iso) ?? []))]
    if (persons.length > 0 || followsDateOfBirthCue(text, d.start)) push('date-of-birth', d.value, d.start, d.end, persons)
  }
  return spans
}

function crosses(a: LeakSpan, b: LeakSpan): boolean {
  return a.start < b.end && b.start < a.end && (a.start < b.start ? a.end < b.end : b.start < a.start && b.end < a.end)
}

/**
 * The matches to report, none overlapping another: longest first at each position, leftmost first. A match by
 * shape alone that straddles the edge of a register match is not taken: in "01-01-1950 10 Heron Way" the
 * phone-shaped "01-01-1950 10" would otherwise hide the date of birth and half the address behind it.
 */
function chooseSpans(candidates: LeakSpan[]): LeakSpan[] {
  const fromRegister = candidates.filter((c) => c.persons.length > 0)
  const sorted = candidates
    .filter((c) => c.persons.length > 0 || !fromRegister.some((r) => crosses(c, r)))
    .sort((a, b) => a.start - b.start || b.end - a.end || b.persons.length - a.persons.length)
  const chosen: LeakSpan[] = []
  let coveredTo = 0
  for (const span of sorted) {
    if (span.start < coveredTo) continue
    chosen.push(span)
    coveredTo = span.end
  }
  return chosen
}

/** Every leak with its span details, sorted by position and never overlapping (one finding inside a larger one is one leak). */
export function findLeakSpans(text: string, compiled: CompiledRegister, options: ScanOptions = {}): LeakSpan[] {
  const allowedKeys = new Set((options.allowed ?? []).map((a) => allowKey(a.kind, normalisedValue(a.value))))
  // Matched on the normalised text (invisible characters gone, look-alikes folded), reported and replaced in the original.
  const normalised = normaliseForMatching(text)
  const matchText = normalised.text
  const candidates = [...nameAndAddressSpans(matchText, compiled), ...identifierSpans(matchText, compiled)]
  // A finding the reviewer allowed also covers what lies inside it (an allowed "Dean Morrow" is not a "Morrow").
  const allowed = candidates.filter((s) => allowedKeys.has(s.allowKey))
  const open = candidates.filter((s) => !allowed.some((a) => a.start <= s.start && s.end <= a.end))
  const chosen = chooseSpans(open)
  if (!normalised.starts) return chosen.map((span) => ({ ...span, excerpt: excerptAround(text, span.start, span.end) }))
  const inOriginal = chosen.map((span) => {
    const { start, end } = originalRange(normalised, span.start, span.end)
    const keptEnd = span.kept === '' ? start : originalRange(normalised, span.start, span.start + span.kept.length).end
    return { ...span, start, end, value: text.slice(start, end), kept: text.slice(start, keptEnd), excerpt: excerptAround(text, start, end) }
  })
  // Text under a right-to-left override is read in the opposite order to how it is stored: put the spans back in
  // the stored order, so replacing them one after another never goes backwards (anything left over is found by
  // the pseudonymiser's next pass).
  inOriginal.sort((a, b) => a.start - b.start || b.end - a.end)
  let coveredTo = 0
  return inOriginal.filter((span) => {
    if (span.start < coveredTo) return false
    coveredTo = span.end
    return true
  })
}

/** Scan a text against a compiled register. */
export function scan(text: string, compiled: CompiledRegister, options: ScanOptions = {}): Leak[] {
  return findLeakSpans(text, compiled, options).map(({ kind, value, start, end, excerpt }) => ({ kind, value, start, end, excerpt }))
}

/** One-off scan; for many texts, or a long report, use `compileRegister` once and then `scan`. */
export function scanForLeaks(text: string, register: readonly RegisterPerson[], options: ScanOptions = {}): Leak[] {
  return scan(text, compileRegister(register), options)
}
