// Shapes of UK personal identifiers, found in free text whether or not the person is in the register.

/** A piece of text that looks like an identifier, with its position in the text (UTF-16 offsets). */
export interface IdentifierMatch {
  value: string
  start: number
  end: number
  /** A canonical form for comparing with the register: digits only, upper-case postcode, lower-case e-mail. */
  normalised: string
}

/** A full date found in text, with every day it can be read as (day-first first; month-first when also real). */
export interface DateMatch {
  value: string
  start: number
  end: number
  /** ISO YYYY-MM-DD readings: two for an ambiguous numeric date, two centuries for a two-digit year. */
  readings: string[]
}

// ---------- NHS numbers ----------

// Groups of 3, 3 and 4 with a space, dash or dot between ("943.476.5919"); other separators are matched for the
// register's own numbers (compact-identifiers.ts).
const NHS_CANDIDATE = /(?<![\d])(\d{3})[ \-\u00a0.\u2010-\u2015]?(\d{3})[ \-\u00a0.\u2010-\u2015]?(\d{4})(?!\d)/g

/** Digits only, or null when the value is not ten digits (spaces and hyphens allowed between groups). */
export function normaliseNhsNumber(value: string): string | null {
  const digits = value.replace(/[\s.\-\u2010-\u2015]/g, '')
  return /^\d{10}$/.test(digits) ? digits : null
}

/** True when the ten digits carry a valid Modulus 11 check digit (the NHS standard). */
export function hasValidNhsCheckDigit(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 10) return false
  return (check === 11 ? 0 : check) === Number(digits[9])
}

/** The 999 range is reserved for test and training data; treat it as a real number wherever it appears. */
export function isNhsTestRange(digits: string): boolean {
  return /^999\d{7}$/.test(digits)
}

/** The usual written form, `999 482 7316`. */
export function formatNhsNumber(digits: string): string {
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`
}

/** Every ten-digit run (plain or in 3-3-4 groups); `normalised` is the ten digits. Validity is the caller's call. */
export function findNhsNumberCandidates(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = []
  for (const m of text.matchAll(NHS_CANDIDATE)) {
    found.push({ value: m[0], start: m.index, end: m.index + m[0].length, normalised: `${m[1]}${m[2]}${m[3]}` })
  }
  return found
}

/** NHS numbers by shape alone: a valid check digit, or the 999 test range. */
export function findNhsNumbers(text: string): IdentifierMatch[] {
  return findNhsNumberCandidates(text).filter((m) => hasValidNhsCheckDigit(m.normalised) || isNhsTestRange(m.normalised))
}

// ---------- Postcodes ----------

// The official outward-code shapes (letters Q, V, X never first; I, J, Z never second), plus the fictional ZZ99
// area, which breaks those rules on purpose.
const OUTWARD = '(?:ZZ99|GIR|[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])'
const INWARD = '(?:[0-9][ABD-HJLNP-UW-Z]{2})'
const STRICT_POSTCODE = new RegExp(`^${OUTWARD}${INWARD}$`)
// Loose on purpose: any case, any spacing; the strict test or the register decides.
const POSTCODE_CANDIDATE = /(?<![\p{L}\p{N}])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)[ \u00a0]{0,2}([0-9][A-Za-z]{2})(?![\p{L}\p{N}])/gu

/** Upper case without spaces, e.g. `ZZ994QT`; null when it is not a UK postcode shape. */
export function normalisePostcode(value: string): string | null {
  const compact = value.replace(/\s/g, '').toUpperCase()
  return STRICT_POSTCODE.test(compact) ? compact : null
}

/** The usual written form, `ZZ99 4QT`. */
export function formatPostcode(compact: string): string {
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`
}

/** Postcode-shaped text in any case; `normalised` is upper case without spaces. */
export function findPostcodeCandidates(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = []
  for (const m of text.matchAll(POSTCODE_CANDIDATE)) {
    found.push({ value: m[0], start: m.index, end: m.index + m[0].length, normalised: `${m[1]}${m[2]}`.toUpperCase() })
  }
  return found
}

/** Postcodes by shape alone. Only upper-case ones: lower-case shapes ("y1 2nd") are too often ordinary words. */
export function findPostcodes(text: string): IdentifierMatch[] {
  return findPostcodeCandidates(text).filter(
    (m) => m.value === m.value.toUpperCase() && STRICT_POSTCODE.test(m.normalised),
  )
}

// ---------- Phone numbers ----------

// A leading +44 / 0044 (optionally "(0)") or 0, then digits with single spaces, hyphens or brackets between.
// Lazy, so that "07700 900654 7 Heron Way" yields the number and not a twelve-digit run that fails validation.
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+])(?:(?:\+|00)44[ \-\u00a0]?(?:\(0\)[ \-\u00a0]?)?|\(?0)(?:\d[ \-\u00a0]?\)?[ \-\u00a0]?){8,10}?\d(?!\d)/gu

/**
 * The national number with its leading 0 (e.g. `07700900412`), or null when the digits are not a UK
 * mobile (07), geographic (01, 02) or non-geographic (03) number of the right length.
 */
export function normaliseUkPhone(value: string): string | null {
  let digits = value.replace(/\D/g, '')
  if (/^\s*(?:\+|00)44/.test(value)) {
    digits = digits.replace(/^(?:00)?44/, '')
    if (digits.startsWith('0')) digits = digits.slice(1)
  } else if (digits.startsWith('0')) {
    digits = digits.slice(1)
  } else {
    return null
  }
  const first = digits[0]
  const ok =
    (first === '7' && digits.length === 10) ||
    (first === '1' && (digits.length === 9 || digits.length === 10)) ||
    ((first === '2' || first === '3') && digits.length === 10)
  return ok ? `0${digits}` : null
}

/** UK phone numbers, spaced or not, national or +44; `normalised` is the national number with its 0. */
export function findPhones(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = []
  for (const m of text.matchAll(PHONE_CANDIDATE)) {
    let value = m[0].replace(/[ \-\u00a0)]+$/, '')
    let start = m.index
    // "(01632 960540)": the brackets belong to the sentence, not the number; "(01632) 960540" keeps its own.
    if (value.startsWith('(') && !value.includes(')')) {
      value = value.slice(1)
      start += 1
    }
    const normalised = normaliseUkPhone(value)
    if (normalised) found.push({ value, start, end: start + value.length, normalised })
  }
  return found
}

// ---------- E-mail addresses ----------

// Unicode letters allowed throughout: addresses such as "zoë.worker@example.org" exist.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}](?:[\p{L}\p{N}._%+-]*[\p{L}\p{N}_%+-])?@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu

export function findEmails(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = []
  for (const m of text.matchAll(EMAIL)) {
    found.push({ value: m[0], start: m.index, end: m.index + m[0].length, normalised: m[0].toLowerCase() })
  }
  return found
}

// ---------- Full dates and dates of birth ----------

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
}
const MONTH_NAME = '(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?![\\p{L}])'
const ORDINAL = '(?:st|nd|rd|th)?'

const NUMERIC_DMY = /(?<![\p{L}\p{N}]|\d[/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)/gu
const NUMERIC_YMD = /(?<![\p{L}\p{N}]|\d[/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?!\d|[/.-]\d)/gu
const WRITTEN_DMY = new RegExp(`(?<![\\p{L}\\p{N}])(\\d{1,2})${ORDINAL}(?:\\s+of)?[\\s\\-]+${MONTH_NAME}\\.?,?[\\s\\-]+(\\d{4})(?!\\d)`, 'giu')
const WRITTEN_MDY = new RegExp(`(?<![\\p{L}\\p{N}])${MONTH_NAME}\\.?\\s+(\\d{1,2})${ORDINAL},?\\s+(\\d{4})(?!\\d)`, 'giu')

function isoIfReal(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  if (day > days) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function yearsFor(yearText: string): number[] {
  const year = Number(yearText)
  // A two-digit year could be either century; a date of birth check must consider both.
  return yearText.length === 2 ? [2000 + year, 1900 + year] : [year]
}

function addReadings(readings: string[], years: number[], month: number, day: number): void {
  for (const year of years) {
    const iso = isoIfReal(year, month, day)
    if (iso && !readings.includes(iso)) readings.push(iso)
  }
}

/** Every full date (day, month and year) in the text, in numeric, ISO and written forms. */
export function findFullDates(text: string): DateMatch[] {
  const found: DateMatch[] = []
  for (const m of text.matchAll(NUMERIC_DMY)) {
    const years = yearsFor(m[4] ?? '')
    const a = Number(m[1])
    const b = Number(m[3])
    const readings: string[] = []
    addReadings(readings, years, b, a) // day first: this is England
    addReadings(readings, years, a, b) // month first, as typed by some systems
    if (readings.length > 0) found.push({ value: m[0], start: m.index, end: m.index + m[0].length, readings })
  }
  for (const m of text.matchAll(NUMERIC_YMD)) {
    const readings: string[] = []
    addReadings(readings, [Number(m[1])], Number(m[3]), Number(m[4]))
    if (readings.length > 0) found.push({ value: m[0], start: m.index, end: m.index + m[0].length, readings })
  }
  for (const m of text.matchAll(WRITTEN_DMY)) {
    const readings: string[] = []
    addReadings(readings, [Number(m[3])], MONTHS[(m[2] ?? '').toLowerCase()] ?? 0, Number(m[1]))
    if (readings.length > 0) found.push({ value: m[0], start: m.index, end: m.index + m[0].length, readings })
  }
  for (const m of text.matchAll(WRITTEN_MDY)) {
    const readings: string[] = []
    addReadings(readings, [Number(m[3])], MONTHS[(m[1] ?? '').toLowerCase()] ?? 0, Number(m[2]))
    if (readings.length > 0) found.push({ value: m[0], start: m.index, end: m.index + m[0].length, readings })
  }
  return found.sort((x, y) => x.start - y.start)
}

// "DOB", "D.O.B.", "date of birth", "born (on)", "birth date", then at most a colon, bracket or "is/was/on".
const DOB_CUE = /(?:(?<![\p{L}])d\.?\s?o\.?\s?b(?![\p{L}])\.?|(?<![\p{L}])date\s+of\s+birth|(?<![\p{L}])birth\s*date|(?<![\p{L}])born(?:\s+on)?)\s*[:=\-–(]?\s*(?:(?:is|was|on|the)\s+)*$/iu
const DOB_LOOKBACK = 40

/** True when the text just before `start` says that what follows is a date of birth. */
export function followsDateOfBirthCue(text: string, start: number): boolean {
  return DOB_CUE.test(text.slice(Math.max(0, start - DOB_LOOKBACK), start))
}

/** Full dates written as someone's date of birth. Other full dates (event dates) are not identifiers. */
export function findDatesOfBirth(text: string): DateMatch[] {
  return findFullDates(text).filter((d) => followsDateOfBirthCue(text, d.start))
}

// ---------- Police collar and warrant numbers, staff and payroll numbers ----------

/** A number found after a rank or a cue; `lead` is the rank or cue before it, kept when the number is removed. */
export interface LeadMatch extends IdentifierMatch {
  lead: string
}

// Ranks written before a collar (shoulder) number: "PC 2987", "DS1234", "T/DC 45". Abbreviations in capitals only,
// so "pc" and "ds" in ordinary words never count; whole words in any case ("Sgt. 456", "Detective Constable 77").
const RANK_ABBREVIATION = /(?<![\p{L}\p{N}])((?:T\/?)?(?:W?PC|W?DC|PS|DS|DI|DCI|DSI|DSU|SC|PCSO|PSO|TDC)\.?[ \u00a0]?(?:No\.?[ \u00a0]?|#[ \u00a0]?)?)(\d{2,7})(?![\p{L}\p{N}])/gu
const RANK_WORD = /(?<![\p{L}\p{N}])((?:(?:Det(?:ective)?|Ch(?:ief)?|Police|Special|Woman|Acting|Temporary)\.?[ \u00a0]+)?(?:Sgt|Serjeant|Sergeant|Insp|Inspector|Con|Cst|Constable|Supt|Superintendent|Officer)\.?[ \u00a0]?(?:No\.?[ \u00a0]?|#[ \u00a0]?)?)(\d{2,7})(?![\p{L}\p{N}])/giu
// "collar number 2987", "warrant no. 123456", "payroll number E104522", "staff ID: 48213".
const NUMBER_CUE = /(?<![\p{L}\p{N}])((collar|shoulder|warrant|badge|epaulette|payroll|staff|employee|personnel)[ \u00a0]+(?:number|no\.?|num\.?|id|ref(?:erence)?\.?|#)[ \u00a0]*(?:[:=][ \u00a0]*|is[ \u00a0]+|was[ \u00a0]+)?)([A-Za-z]{0,3}\d(?:[\d \-/]{0,12}\d)?)(?![\p{L}\p{N}])/giu
const STAFF_CUES = new Set(['payroll', 'staff', 'employee', 'personnel'])

function leadMatches(text: string, pattern: RegExp): Array<{ m: RegExpMatchArray; lead: string; number: string }> {
  return [...text.matchAll(pattern)].map((m) => ({ m, lead: m[1] ?? '', number: m[m.length - 1] ?? '' }))
}

/** Police collar, shoulder and warrant numbers with the rank or cue before them; `normalised` is the digits. */
export function findCollarNumbers(text: string): LeadMatch[] {
  const found: LeadMatch[] = []
  for (const pattern of [RANK_ABBREVIATION, RANK_WORD]) {
    for (const { m, lead, number } of leadMatches(text, pattern)) {
      found.push({ value: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, normalised: number, lead })
    }
  }
  for (const m of text.matchAll(NUMBER_CUE)) {
    if (STAFF_CUES.has((m[2] ?? '').toLowerCase())) continue
    const lead = m[1] ?? ''
    found.push({ value: m[0], start: m.index, end: m.index + m[0].length, normalised: (m[3] ?? '').replace(/\D/g, ''), lead })
  }
  return found.sort((a, b) => a.start - b.start)
}

/** Staff, payroll and employee numbers after their cue ("payroll number E104522"); `normalised` is upper case without separators. */
export function findStaffNumbers(text: string): LeadMatch[] {
  const found: LeadMatch[] = []
  for (const m of text.matchAll(NUMBER_CUE)) {
    if (!STAFF_CUES.has((m[2] ?? '').toLowerCase())) continue
    found.push({ value: m[0], start: m.index, end: m.index + m[0].length, normalised: (m[3] ?? '').replace(/[^A-Za-z0-9]/g, '').toUpperCase(), lead: m[1] ?? '' })
  }
  return found
}
