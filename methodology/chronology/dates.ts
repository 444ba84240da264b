// Dates in agency chronologies. A cell is read with the file's date format; reduced precision
// ("Sept 2019", "10/2019", "2019", "w/c 07/06/2021") is kept as the interval it names, never
// narrowed to an invented day; an impossible or missing date is reported with the reason.
//
// Decisions worth knowing:
// - Day first by default: this is England. Month first only when the reviewer says so, or when
//   detection finds no day-first reading that fits.
// - Two-digit years: 00–49 are 2000–2049 and 50–99 are 1950–1999 (TWO_DIGIT_YEAR_PIVOT).
// - In a pattern, the separators / - . stand for one another, so DD/MM/YYYY also reads 21-05-2019.
// - A date-only pattern also reads a trailing time (" 14:05", "T14:05", " 2:05 pm"); a pattern with a
//   time also reads the date alone (day precision).
// - "Sep-19" and "Sep '19" are September 2019 (Excel's mmm-yy); "Sep 19" is not read, as it could be
//   a day without a year.
// - A four-digit number on its own is a year, whatever the format (an Excel serial that small would
//   be a day in 1902–1927).
// - Excel serials count 29 February 1900, which did not exist (serial 60): that serial is rejected.
// - ISO times with a zone are converted to the time in England (Europe/London).
// - Seconds are dropped: events are recorded to the minute.
// - An Excel date or serial at exactly midnight reads as a date with no time (Excel cannot tell them apart).
import type { Cell } from './cell.js'
import { PAD2, civilFromDays, dayNumberOf, daysFromCivil, daysInMonth, formatYmd, fromDayNumber, pad4, splitYmd } from '../calendar/iso-date.js'

export type Precision = 'minute' | 'day' | 'week' | 'month' | 'year'
export type ReducedPrecision = 'week' | 'month' | 'year'

/** When an event happened, as precisely as the source says and no more. */
export interface EventDate {
  /** The first day of the interval the source gives, YYYY-MM-DD (the w/c date for a week). */
  date: string
  /** Time of day in England, HH:mm, with minute precision only. */
  time: string | null
  precision: Precision
}

export type DateProblem = 'invalid-date' | 'missing-date'

export type DateResult =
  | { ok: true; value: EventDate }
  | { ok: false; reason: DateProblem; message: string }

export type TimeResult = { ok: true; value: string | null } | { ok: false; message: string }

/** A compiled date format: compile once per file, then parse every row with it. */
export interface DateFormat {
  /** The pattern in canonical form ('DD/MM/YYYY', 'ISO', 'excel', ...). */
  readonly pattern: string
  parse(cell: Cell | undefined): DateResult
  format(value: EventDate): string
}

/** Two-digit years below this are 20xx; the rest are 19xx. */
export const TWO_DIGIT_YEAR_PIVOT = 50

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const

const MONTH_BY_NAME = new Map<string, number>()
MONTH_NAMES.forEach((name, i) => {
  MONTH_BY_NAME.set(name.toLowerCase(), i + 1)
  MONTH_BY_NAME.set(name.slice(0, 3).toLowerCase(), i + 1)
})
MONTH_BY_NAME.set('sept', 9)

const MISSING: DateResult = Object.freeze({ ok: false, reason: 'missing-date', message: 'the date is blank' }) as DateResult

// ---------------------------------------------------------------------------------------------
// Results and checks

function invalid(message: string): DateResult {
  return { ok: false, reason: 'invalid-date', message }
}

function shown(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw
}

function ordinal(n: number): string {
  const tens = n % 100
  if (tens >= 11 && tens <= 13) return `${n}th`
  const last = n % 10
  return `${n}${last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th'}`
}

/** Why year-month-day is not a real date, or null when it is. */
function dayProblem(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999) return `there is no year ${year}`
  if (month < 1 || month > 12) return `there is no month ${month}`
  if (day < 1) return `there is no day ${day}`
  const last = daysInMonth(year, month)
  if (day > last) {
    const name = MONTH_NAMES[month - 1] ?? ''
    if (month === 2 && day === 29) return `${year} is not a leap year, so February has no 29th`
    return `${name} has no ${ordinal(day)}`
  }
  return null
}

function timeProblem(hour: number, minute: number, second: number): string | null {
  if (hour < 0 || hour > 23) return `there is no hour ${hour}`
  if (minute < 0 || minute > 59) return `there is no minute ${minute}`
  if (second > 59) return `there is no second ${second}`
  return null
}

function dayValue(year: number, month: number, day: number, hour: number, minute: number): DateResult {
  const date = formatYmd(year, month, day)
  if (hour < 0) return { ok: true, value: { date, time: null, precision: 'day' } }
  return { ok: true, value: { date, time: `${PAD2[hour]}:${PAD2[minute]}`, precision: 'minute' } }
}

function monthValue(raw: string, year: number, month: number): DateResult {
  const problem = dayProblem(year, month, 1)
  if (problem) return invalid(`${shown(raw)} is not a real date (${problem})`)
  return { ok: true, value: { date: formatYmd(year, month, 1), time: null, precision: 'month' } }
}

function yearValue(raw: string, year: number): DateResult {
  if (year < 1) return invalid(`${shown(raw)} is not a real date (there is no year ${year})`)
  return { ok: true, value: { date: `${pad4(year)}-01-01`, time: null, precision: 'year' } }
}

function expandYear(twoDigits: number): number {
  return twoDigits < TWO_DIGIT_YEAR_PIVOT ? 2000 + twoDigits : 1900 + twoDigits
}

/** 12-hour clock to 24-hour; -1 when the hour cannot go with am/pm. */
function fromTwelveHour(hour: number, meridiem: string): number {
  if (hour < 1 || hour > 12) return -1
  const pm = meridiem === 'p' || meridiem === 'P'
  return (hour % 12) + (pm ? 12 : 0)
}

// ---------------------------------------------------------------------------------------------
// Token patterns: D, DD, M, MM, MMM, MMMM, YY, YYYY, HH, H, mm, ss and literal separators.

type Token = 'YYYY' | 'YY' | 'MMMM' | 'MMM' | 'MM' | 'M' | 'DD' | 'D' | 'HH' | 'H' | 'mm' | 'ss'
type Part = { token: Token } | { literal: string }
type Slot = 'year4' | 'year2' | 'monthName' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'meridiem'

const TOKEN_RE = /YYYY|YY|MMMM|MMM|MM|M|DD|D|HH|H|mm|ss/g
const TIME_TOKENS = new Set<Token>(['HH', 'H', 'mm', 'ss'])
const SHORT_NAMES = 'jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec'
const FULL_NAMES = MONTH_NAMES.map((n) => n.toLowerCase()).join('|')
const MERIDIEM = '(?:\\s*([ap])\\.?m\\.?)?'
const SECONDS = '(?::(\\d{2})(?:[.,]\\d+)?)?'
// The time a date-only pattern also accepts after the date.
const TRAILING_TIME = `(?:(?:\\s+(?:at\\s+)?|\\s*[T,]\\s*)(\\d{1,2})[:.](\\d{2})${SECONDS}${MERIDIEM})?`
const TRAILING_TIME_SLOTS: Slot[] = ['hour', 'minute', 'second', 'meridiem']

/** Lower-case spreadsheet-style patterns ('dd/mm/yyyy hh:mm') in the canonical upper-case form. */
export function canonicalPattern(pattern: string): string {
  const trimmed = pattern.trim()
  const lower = trimmed.toLowerCase()
  if (lower === 'iso' || lower === 'iso8601' || lower === 'iso 8601') return 'ISO'
  if (lower === 'excel') return 'excel'
  let out = trimmed.replace(/hh?/g, (h) => h.toUpperCase())
  if (/[dy]/.test(out)) {
    // Before the first hour token, m means month; after it, minutes.
    const timeAt = out.search(/H/)
    const datePart = timeAt < 0 ? out : out.slice(0, timeAt)
    out = datePart.replace(/[dmy]/g, (c) => c.toUpperCase()) + (timeAt < 0 ? '' : out.slice(timeAt))
  }
  return out
}

function tokenise(pattern: string): Part[] {
  const parts: Part[] = []
  let last = 0
  for (const m of pattern.matchAll(TOKEN_RE)) {
    if (m.index > last) parts.push({ literal: pattern.slice(last, m.index) })
    parts.push({ token: m[0] as Token })
    last = m.index + m[0].length
  }
  if (last < pattern.length) parts.push({ literal: pattern.slice(last) })
  return parts
}

/** Why a pattern cannot be used, or null when it can. */
export function checkDateFormat(pattern: string): string | null {
  const canonical = canonicalPattern(pattern)
  if (canonical === 'ISO' || canonical === 'excel') return null
  if (canonical === '') return 'Enter a date format, for example DD/MM/YYYY'
  const parts = tokenise(canonical)
  const seen = new Set<string>()
  for (const part of parts) {
    if ('literal' in part) {
      if (/[DMYHhmsdy]/.test(part.literal)) {
        return `'${pattern}' is not a date format we understand. Use DD, MM, MMM, YYYY, YY, HH and mm with separators, for example DD/MM/YYYY`
      }
      continue
    }
    const kind = part.token[0] === 'Y' ? 'year' : part.token[0] === 'M' ? 'month' : part.token[0] === 'D' ? 'day' : part.token[0] === 'H' ? 'hour' : part.token
    if (seen.has(kind)) return `The date format '${pattern}' gives the ${kind === 'mm' ? 'minutes' : kind === 'ss' ? 'seconds' : kind} twice`
    seen.add(kind)
  }
  if (!seen.has('year')) return `The date format '${pattern}' has no year. Use YYYY or YY`
  if (seen.has('day') && !seen.has('month')) return `The date format '${pattern}' has a day but no month`
  if (seen.has('hour') && !seen.has('mm')) return `The date format '${pattern}' has hours but no minutes. Use HH:mm`
  if (seen.has('mm') && !seen.has('hour')) return `The date format '${pattern}' has minutes but no hours. Use HH:mm (mm is minutes, MM is the month)`
  if (seen.has('hour') && !seen.has('day')) return `The date format '${pattern}' has a time but no day`
  return null
}

function literalSource(literal: string, strict: boolean): string {
  let out = ''
  let i = 0
  while (i < literal.length) {
    const c = literal[i] as string
    if (/\s/.test(c)) {
      while (i < literal.length && /\s/.test(literal[i] as string)) i++
      out += '\\s+'
      continue
    }
    if (!strict && (c === '/' || c === '-' || c === '.')) out += '[/.\\-]'
    else if (!strict && c === ':') out += '[:.]'
    else if (!strict && c === ',') out += ',?'
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    i++
  }
  return out
}

function tokenSource(token: Token, strict: boolean): { source: string; slot: Slot } {
  switch (token) {
    case 'YYYY': return { source: '(\\d{4})', slot: 'year4' }
    case 'YY': return { source: '(\\d{2})', slot: 'year2' }
    case 'MMMM': return { source: strict ? `(${FULL_NAMES})` : '([a-z]{3,9})\\.?', slot: 'monthName' }
    case 'MMM': return { source: strict ? `(${SHORT_NAMES})\\.?` : '([a-z]{3,9})\\.?', slot: 'monthName' }
    case 'MM': return { source: strict ? '(\\d{2})' : '(\\d{1,2})', slot: 'month' }
    case 'M': return { source: '(\\d{1,2})', slot: 'month' }
    case 'DD': return { source: strict ? '(\\d{2})' : '(\\d{1,2})(?:st|nd|rd|th)?', slot: 'day' }
    case 'D': return { source: strict ? '(\\d{1,2})' : '(\\d{1,2})(?:st|nd|rd|th)?', slot: 'day' }
    case 'HH': return { source: strict ? '(\\d{2})' : '(\\d{1,2})', slot: 'hour' }
    case 'H': return { source: '(\\d{1,2})', slot: 'hour' }
    case 'mm': return { source: '(\\d{2})', slot: 'minute' }
    case 'ss': return { source: '(\\d{2})(?:[.,]\\d+)?', slot: 'second' }
  }
}

interface Matcher {
  /** null when the text does not have this shape; a result (ok or not) when it does. */
  match(text: string): DateResult | null
}

class TokenMatcher implements Matcher {
  readonly parts: Part[]
  readonly hasDay: boolean
  readonly hasMonth: boolean
  readonly hasTime: boolean
  /** The parts without the time block, for writing a value that has no time. */
  private readonly dateParts: Part[]
  private readonly regex: RegExp
  private readonly slots: Slot[]

  constructor(pattern: string, strict: boolean) {
    this.parts = tokenise(pattern)
    const tokens = this.parts.flatMap((p) => ('token' in p ? [p.token] : []))
    this.hasDay = tokens.some((t) => t === 'D' || t === 'DD')
    this.hasMonth = tokens.some((t) => t[0] === 'M')
    this.hasTime = tokens.some((t) => t === 'HH' || t === 'H')
    const pieces = this.parts.map((part) =>
      'literal' in part ? { source: literalSource(part.literal, strict), slots: [] as Slot[] } : (({ source, slot }) => ({ source, slots: [slot] }))(tokenSource(part.token, strict)),
    )
    const join = (ps: typeof pieces) => ps.map((p) => p.source).join('')
    const slotsOf = (ps: typeof pieces) => ps.flatMap((p) => p.slots)
    if (!this.hasTime) {
      this.dateParts = this.parts
      this.regex = new RegExp(`^${join(pieces)}${TRAILING_TIME}$`, 'i')
      this.slots = [...slotsOf(pieces), ...TRAILING_TIME_SLOTS]
      return
    }
    // The time block, with the separator on its date side, is optional: a row may give the date alone.
    const isTime = this.parts.map((p) => 'token' in p && TIME_TOKENS.has(p.token))
    let first = isTime.indexOf(true)
    let last = isTime.lastIndexOf(true)
    const timeLast = first > 0
    if (first > 0 && 'literal' in (this.parts[first - 1] as Part)) first--
    else if (first === 0 && last + 1 < this.parts.length && 'literal' in (this.parts[last + 1] as Part)) last++
    this.dateParts = [...this.parts.slice(0, first), ...this.parts.slice(last + 1)]
    const before = pieces.slice(0, first)
    const block = pieces.slice(first, last + 1)
    const after = pieces.slice(last + 1)
    // After a trailing time, also accept seconds (when the pattern has none) and am/pm.
    const hasSeconds = tokens.includes('ss')
    const extraSource = timeLast ? (hasSeconds ? '' : SECONDS) + MERIDIEM : ''
    const extraSlots: Slot[] = timeLast ? (hasSeconds ? ['meridiem'] : ['second', 'meridiem']) : []
    this.regex = new RegExp(`^${join(before)}(?:${join(block)}${extraSource})?${join(after)}$`, 'i')
    this.slots = [...slotsOf(before), ...slotsOf(block), ...extraSlots, ...slotsOf(after)]
  }

  match(text: string): DateResult | null {
    const m = this.regex.exec(text)
    if (m === null) return null
    let year = -1
    let month = -1
    let day = -1
    let hour = -1
    let minute = 0
    let second = 0
    let meridiem: string | undefined
    const slots = this.slots
    for (let i = 0; i < slots.length; i++) {
      const g = m[i + 1]
      if (g === undefined) continue
      switch (slots[i]) {
        case 'year4': year = +g; break
        case 'year2': year = expandYear(+g); break
        case 'month': month = +g; break
        case 'monthName': {
          const named = MONTH_BY_NAME.get(g.toLowerCase())
          if (named === undefined) return invalid(`${shown(text)} is not a real date ('${g}' is not a month)`)
          month = named
          break
        }
        case 'day': day = +g; break
        case 'hour': hour = +g; break
        case 'minute': minute = +g; break
        case 'second': second = +g; break
        case 'meridiem': meridiem = g; break
      }
    }
    if (!this.hasMonth) return yearValue(text, year)
    if (!this.hasDay) return monthValue(text, year, month)
    const problem = dayProblem(year, month, day)
    if (problem) return invalid(`${shown(text)} is not a real date (${problem})`)
    if (hour >= 0) {
      if (meridiem !== undefined) {
        const converted = fromTwelveHour(hour, meridiem)
        if (converted < 0) return invalid(`${shown(text)} is not a real time (there is no ${hour} ${meridiem.toLowerCase()}m)`)
        hour = converted
      }
      const tp = timeProblem(hour, minute, second)
      if (tp) return invalid(`${shown(text)} is not a real time (${tp})`)
    }
    return dayValue(year, month, day, hour, minute)
  }

  format(value: EventDate): string {
    const { year, month, day } = splitYmd(value.date)
    const hm = value.time
    let out = ''
    for (const part of hm === null ? this.dateParts : this.parts) {
      out += 'literal' in part ? part.literal : formatToken(part.token, year, month, day, hm)
    }
    if (hm !== null && !this.hasTime) out += ` ${hm}`
    return out
  }
}

function formatToken(token: Token, year: number, month: number, day: number, hm: string | null): string {
  switch (token) {
    case 'YYYY': return pad4(year)
    case 'YY': return PAD2[year % 100] as string
    case 'MMMM': return MONTH_NAMES[month - 1] as string
    case 'MMM': return (MONTH_NAMES[month - 1] as string).slice(0, 3)
    case 'MM': return PAD2[month] as string
    case 'M': return String(month)
    case 'DD': return PAD2[day] as string
    case 'D': return String(day)
    case 'HH': return hm === null ? '00' : hm.slice(0, 2)
    case 'H': return hm === null ? '0' : String(Number(hm.slice(0, 2)))
    case 'mm': return hm === null ? '00' : hm.slice(3, 5)
    case 'ss': return '00'
  }
}

// ---------------------------------------------------------------------------------------------
// ISO 8601

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

let londonClock: Intl.DateTimeFormat | undefined

/** Wall-clock date and time in England of an instant (only for ISO values that carry a zone). */
function londonWallClock(ms: number): { date: string; time: string } {
  londonClock ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
  let year = ''
  let month = ''
  let day = ''
  let hour = ''
  let minute = ''
  for (const part of londonClock.formatToParts(ms)) {
    if (part.type === 'year') year = part.value
    else if (part.type === 'month') month = part.value
    else if (part.type === 'day') day = part.value
    else if (part.type === 'hour') hour = part.value
    else if (part.type === 'minute') minute = part.value
  }
  return { date: `${year.padStart(4, '0')}-${month}-${day}`, time: `${hour}:${minute}` }
}

const isoMatcher: Matcher = {
  match(text) {
    const m = ISO_RE.exec(text)
    if (m === null) return null
    const year = +(m[1] as string)
    const month = +(m[2] as string)
    const day = +(m[3] as string)
    const problem = dayProblem(year, month, day)
    if (problem) return invalid(`${shown(text)} is not a real date (${problem})`)
    if (m[4] === undefined) return dayValue(year, month, day, -1, 0)
    const hour = +m[4]
    const minute = +(m[5] as string)
    const second = m[6] === undefined ? 0 : +m[6]
    const tp = timeProblem(hour, minute, second)
    if (tp) return invalid(`${shown(text)} is not a real time (${tp})`)
    const zone = m[7]
    if (zone === undefined) return dayValue(year, month, day, hour, minute)
    let offsetMinutes = 0
    if (zone !== 'Z' && zone !== 'z') {
      const sign = zone[0] === '-' ? -1 : 1
      const digits = zone.slice(1).replace(':', '')
      const oh = +digits.slice(0, 2)
      const om = digits.length > 2 ? +digits.slice(2, 4) : 0
      if (oh > 23 || om > 59) return invalid(`${shown(text)} has a time zone we cannot read (${zone})`)
      offsetMinutes = sign * (oh * 60 + om)
    }
    const ms = (daysFromCivil(year, month, day) * 1440 + hour * 60 + minute - offsetMinutes) * 60_000 + second * 1000
    const local = londonWallClock(ms)
    return { ok: true, value: { date: local.date, time: local.time, precision: 'minute' } }
  },
}

function formatIso(value: EventDate): string {
  return value.time === null ? value.date : `${value.date}T${value.time}`
}

// ---------------------------------------------------------------------------------------------
// Excel: serial numbers (1900 date system) and real date cells

/** 9999-12-31 is the last day Excel can hold. */
const LAST_EXCEL_SERIAL = 2958465
// Serial 61 is 1900-03-01, day -25508 since 1970: from there on, serial - 25569 is the day number.
const EXCEL_EPOCH_OFFSET = 25569

export function fromExcelSerial(serial: number, raw = String(serial)): DateResult {
  if (!Number.isFinite(serial) || serial < 1 || serial >= LAST_EXCEL_SERIAL + 1) {
    return invalid(`${shown(raw)} is not an Excel date (serial numbers run from 1 to ${LAST_EXCEL_SERIAL})`)
  }
  let whole = Math.floor(serial)
  let minutes = Math.round((serial - whole) * 1440)
  if (minutes === 1440) {
    whole += 1
    minutes = 0
  }
  if (whole === 60) {
    return invalid(`${shown(raw)} is not a real date (Excel counts 29 February 1900, which did not exist)`)
  }
  // Before March 1900 Excel's count is one ahead, because of that phantom leap day.
  const dayNumber = whole < 60 ? whole - EXCEL_EPOCH_OFFSET + 1 : whole - EXCEL_EPOCH_OFFSET
  const { year, month, day } = civilFromDays(dayNumber)
  if (minutes === 0) return dayValue(year, month, day, -1, 0)
  return dayValue(year, month, day, Math.floor(minutes / 60), minutes % 60)
}

export function toExcelSerial(value: EventDate): number {
  const dayNumber = dayNumberOf(value.date)
  const whole = dayNumber + EXCEL_EPOCH_OFFSET < 61 ? dayNumber + EXCEL_EPOCH_OFFSET - 1 : dayNumber + EXCEL_EPOCH_OFFSET
  if (value.time === null) return whole
  const minutes = Number(value.time.slice(0, 2)) * 60 + Number(value.time.slice(3, 5))
  return whole + minutes / 1440
}

/** A real date cell: exceljs gives the wall-clock value as if it were UTC. Midnight means no time. */
export function fromDateCell(cell: Date): DateResult {
  const t = cell.getTime()
  if (Number.isNaN(t)) return invalid('the cell holds a date Excel could not read')
  const totalMinutes = Math.round(t / 60_000)
  const dayNumber = Math.floor(totalMinutes / 1440)
  const minutes = totalMinutes - dayNumber * 1440
  const { year, month, day } = civilFromDays(dayNumber)
  if (year < 1 || year > 9999) return invalid(`the cell holds a date in the year ${year}`)
  if (minutes === 0) return dayValue(year, month, day, -1, 0)
  return dayValue(year, month, day, Math.floor(minutes / 60), minutes % 60)
}

const SERIAL_TEXT = /^\d+(?:\.\d+)?$/

const excelMatcher: Matcher = {
  match(text) {
    if (!SERIAL_TEXT.test(text)) return null
    // Four digits alone are a year (see the note at the top), handled with the reduced forms.
    if (text.length === 4) return null
    return fromExcelSerial(Number(text), text)
  },
}

function parseNumberCell(n: number): DateResult {
  if (Number.isInteger(n) && n >= 1000 && n <= 9999) return yearValue(String(n), n)
  return fromExcelSerial(n)
}

// ---------------------------------------------------------------------------------------------
// Reduced precision, recognised whatever the format

const YEAR_ONLY = /^(\d{4})$/
const MONTH_YEAR_NUMERIC = /^(\d{1,2})[/.-](\d{4})$/
const YEAR_MONTH_NUMERIC = /^(\d{4})[/.-](\d{1,2})$/
const MONTH_NAME_YEAR = /^([a-z]{3,9})\.?(?:\s+|\s*[-,/]\s*)(\d{4})$/i
const MONTH_NAME_SHORT_YEAR = /^([a-z]{3,9})\.?\s*[-'’]\s*(\d{2})$/i
const WEEK_COMMENCING = /^(?:w\s*\/\s*[cb]|w\.?\s*[cb]\.?|week\s+(?:commencing|beginning|starting)(?:\s+on)?)\s*:?\s*(.+)$/i

let weekFallbacks: Matcher[] | undefined

function parseWeek(text: string, rest: string, own: Matcher | null): DateResult {
  weekFallbacks ??= [new TokenMatcher('DD/MM/YYYY', false), new TokenMatcher('D MMM YYYY', false), isoMatcher, new TokenMatcher('DD/MM/YY', false)]
  const candidates = own ? [own, ...weekFallbacks] : weekFallbacks
  for (const matcher of candidates) {
    const r = matcher.match(rest)
    if (r === null) continue
    if (!r.ok) return r
    if (r.value.precision !== 'day' && r.value.precision !== 'minute') continue
    return { ok: true, value: { date: r.value.date, time: null, precision: 'week' } }
  }
  return invalid(`${shown(text)} is not a week we can read (write the first day of the week, for example w/c 07/06/2021)`)
}

function parseReduced(text: string, own: TokenMatcher | null): DateResult | null {
  const first = text.charCodeAt(0)
  if (first >= 48 && first <= 57) {
    let m = YEAR_ONLY.exec(text)
    if (m) return yearValue(text, +(m[1] as string))
    m = MONTH_YEAR_NUMERIC.exec(text)
    if (m) return monthValue(text, +(m[2] as string), +(m[1] as string))
    m = YEAR_MONTH_NUMERIC.exec(text)
    if (m) return monthValue(text, +(m[1] as string), +(m[2] as string))
    return null
  }
  let m = MONTH_NAME_YEAR.exec(text)
  if (m) {
    const month = MONTH_BY_NAME.get((m[1] as string).toLowerCase())
    return month === undefined ? null : monthValue(text, +(m[2] as string), month)
  }
  m = MONTH_NAME_SHORT_YEAR.exec(text)
  if (m) {
    const month = MONTH_BY_NAME.get((m[1] as string).toLowerCase())
    return month === undefined ? null : monthValue(text, expandYear(+(m[2] as string)), month)
  }
  m = WEEK_COMMENCING.exec(text)
  if (m) return parseWeek(text, (m[1] as string).trim(), own && own.hasDay ? own : null)
  return null
}

/** Whether text has the shape of a reduced-precision date (a month, a year or a week commencing). */
export function isReducedForm(text: string): boolean {
  const t = text.trim()
  return t !== '' && parseReduced(t, null) !== null
}

// ---------------------------------------------------------------------------------------------
// Compiled formats

let excelTextFallbacks: Matcher[] | undefined

/** Text typed into an Excel date column: the usual day-first forms. */
function excelFallbacks(): Matcher[] {
  excelTextFallbacks ??= [new TokenMatcher('DD/MM/YYYY', false), new TokenMatcher('D MMM YYYY', false), isoMatcher]
  return excelTextFallbacks
}

class CompiledFormat implements DateFormat {
  readonly pattern: string
  private readonly main: Matcher
  private readonly tokens: TokenMatcher | null
  private readonly kind: 'tokens' | 'iso' | 'excel'

  constructor(pattern: string, strict: boolean) {
    this.pattern = pattern
    if (pattern === 'ISO') {
      this.kind = 'iso'
      this.main = isoMatcher
      this.tokens = null
    } else if (pattern === 'excel') {
      this.kind = 'excel'
      this.main = excelMatcher
      this.tokens = null
    } else {
      this.kind = 'tokens'
      this.tokens = new TokenMatcher(pattern, strict)
      this.main = this.tokens
    }
  }

  parse(cell: Cell | undefined): DateResult {
    if (cell === null || cell === undefined) return MISSING
    if (typeof cell === 'string') return this.parseText(cell)
    if (typeof cell === 'number') return parseNumberCell(cell)
    if (cell instanceof Date) return fromDateCell(cell)
    return invalid('the cell does not hold a date')
  }

  /** The main shape only: null when the text does not have it. */
  matchMain(text: string): DateResult | null {
    return this.main.match(text)
  }

  /** The main shape, and for 'excel' also the typed dates an Excel column is read with. */
  matchWithFallbacks(text: string): DateResult | null {
    const main = this.main.match(text)
    if (main !== null || this.kind !== 'excel') return main
    for (const matcher of excelFallbacks()) {
      const r = matcher.match(text)
      if (r !== null) return r
    }
    return null
  }

  parseText(raw: string): DateResult {
    const text = raw.trim()
    if (text === '') return MISSING
    const main = this.main.match(text)
    if (main !== null) return main
    const reduced = parseReduced(text, this.tokens)
    if (reduced !== null) return reduced
    if (this.kind === 'excel') {
      for (const matcher of excelFallbacks()) {
        const r = matcher.match(text)
        if (r !== null) return r
      }
    }
    return invalid(`'${shown(text)}' is not a date in the form ${describeDateFormat(this.pattern)}`)
  }

  format(value: EventDate): string {
    switch (value.precision) {
      case 'year': return value.date.slice(0, 4)
      case 'month': return `${(MONTH_NAMES[Number(value.date.slice(5, 7)) - 1] as string).slice(0, 3)} ${value.date.slice(0, 4)}`
      case 'week': {
        const day: EventDate = { date: value.date, time: null, precision: 'day' }
        const written = this.tokens && this.tokens.hasDay ? this.tokens.format(day) : this.kind === 'iso' ? formatIso(day) : weekDefault.format(day)
        return `w/c ${written}`
      }
      default:
        if (this.kind === 'iso') return formatIso(value)
        if (this.kind === 'excel') return String(toExcelSerial(value))
        return (this.tokens as TokenMatcher).format(value)
    }
  }
}

const weekDefault = new TokenMatcher('DD/MM/YYYY', false)

/** How a format reads in a message to the reviewer. */
export function describeDateFormat(pattern: string): string {
  if (pattern === 'ISO') return 'ISO 8601 (for example 2020-02-03 or 2020-02-03T21:10)'
  if (pattern === 'excel') return 'an Excel date'
  return pattern
}

const compiledCache = new Map<string, CompiledFormat>()

function compile(pattern: string, strict: boolean): CompiledFormat {
  const canonical = canonicalPattern(pattern)
  const key = `${strict ? 's' : 'l'}${canonical}`
  let format = compiledCache.get(key)
  if (format === undefined) {
    const problem = checkDateFormat(canonical)
    if (problem) throw new RangeError(problem)
    format = new CompiledFormat(canonical, strict)
    // Patterns come from reviewers; keep the cache small.
    if (compiledCache.size > 200) compiledCache.clear()
    compiledCache.set(key, format)
  }
  return format
}

/** Compile a pattern once for a whole file. Throws a RangeError (with a message for the reviewer) for an unusable pattern. */
export function compileDateFormat(pattern: string): DateFormat {
  return compile(pattern, false)
}

export function parseDate(cell: Cell | undefined, format: string | DateFormat): DateResult {
  return (typeof format === 'string' ? compile(format, false) : format).parse(cell)
}

export function formatDate(value: EventDate, pattern: string): string {
  return compile(pattern, false).format(value)
}

// ---------------------------------------------------------------------------------------------
// Separate time column

const TIME_TEXT = /^(\d{1,2})[:.]?(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?m\.?)?$/i

const NO_TIME: TimeResult = Object.freeze({ ok: true, value: null }) as TimeResult

/** A time-of-day cell (HH:mm, HH.mm, HHmm, an Excel time). Blank means no time. */
export function parseTime(cell: Cell | undefined): TimeResult {
  if (cell === null || cell === undefined) return NO_TIME
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 0) return { ok: false, message: `${cell} is not a time of day` }
    const minutes = Math.min(1439, Math.round((cell - Math.floor(cell)) * 1440))
    return { ok: true, value: `${PAD2[Math.floor(minutes / 60)]}:${PAD2[minutes % 60]}` }
  }
  if (cell instanceof Date) {
    const t = cell.getTime()
    if (Number.isNaN(t)) return { ok: false, message: 'the cell holds a time Excel could not read' }
    const total = Math.round(t / 60_000)
    const minutes = ((total % 1440) + 1440) % 1440
    return { ok: true, value: `${PAD2[Math.floor(minutes / 60)]}:${PAD2[minutes % 60]}` }
  }
  const text = cell.trim()
  if (text === '') return NO_TIME
  const m = TIME_TEXT.exec(text)
  if (m === null) return { ok: false, message: `'${shown(text)}' is not a time of day such as 14:05 (hours:minutes)` }
  let hour = +(m[1] as string)
  const minute = +(m[2] as string)
  const second = m[3] === undefined ? 0 : +m[3]
  if (m[4] !== undefined) {
    const converted = fromTwelveHour(hour, m[4])
    if (converted < 0) return { ok: false, message: `${shown(text)} is not a real time (there is no ${hour} ${m[4].toLowerCase()}m)` }
    hour = converted
  }
  const problem = timeProblem(hour, minute, second)
  if (problem) return { ok: false, message: `${shown(text)} is not a real time (${problem})` }
  return { ok: true, value: `${PAD2[hour]}:${PAD2[minute]}` }
}

/** Add the time from a separate time column. A reduced-precision date stays as it is: no finer than the source. */
export function withTime(value: EventDate, time: string | null): EventDate {
  if (time === null || (value.precision !== 'day' && value.precision !== 'minute')) return value
  return { date: value.date, time, precision: 'minute' }
}

// ---------------------------------------------------------------------------------------------
// Intervals, API form and sort order

/** The days an event could have happened on, inclusive. */
export function dateInterval(value: EventDate): { start: string; end: string } {
  switch (value.precision) {
    case 'minute':
    case 'day':
      return { start: value.date, end: value.date }
    case 'week':
      return { start: value.date, end: fromDayNumber(dayNumberOf(value.date) + 6) }
    case 'month': {
      const { year, month } = splitYmd(value.date)
      return { start: value.date, end: formatYmd(year, month, daysInMonth(year, month)) }
    }
    case 'year':
      return { start: value.date, end: `${value.date.slice(0, 4)}-12-31` }
  }
}

/** The API's occurredAt: YYYY-MM-DDTHH:mm, YYYY-MM-DD (a day, or the w/c date of a week), YYYY-MM or YYYY. */
export function toOccurredAt(value: EventDate): string {
  switch (value.precision) {
    case 'minute': return `${value.date}T${value.time ?? '00:00'}`
    case 'day':
    case 'week': return value.date
    case 'month': return value.date.slice(0, 7)
    case 'year': return value.date.slice(0, 4)
  }
}

const PRECISION_RANK: Record<Precision, string> = { year: '0', month: '1', week: '2', day: '3', minute: '4' }

/**
 * A string that sorts events in time order. An event of reduced precision sorts at the start of its
 * interval, before the exact events of that first day; an untimed event of a day sorts before the
 * timed events of that day.
 */
export function sortKey(value: EventDate): string {
  return `${value.date}T${PRECISION_RANK[value.precision]}${value.time ?? ''}`
}

// ---------------------------------------------------------------------------------------------
// Detection

// Day-first forms come before month-first ones: ties go to the reading an English agency means.
const DETECTION_CANDIDATES = [
  'YYYY-MM-DD', 'ISO',
  'DD/MM/YYYY', 'DD-MM-YYYY', 'DD.MM.YYYY', 'D/M/YYYY', 'D-M-YYYY', 'D.M.YYYY',
  'DD/MM/YY', 'DD-MM-YY', 'DD.MM.YY', 'D/M/YY',
  'D MMM YYYY', 'DD MMM YYYY', 'D MMMM YYYY', 'DD MMMM YYYY', 'DD-MMM-YYYY', 'D-MMM-YYYY', 'DD-MMM-YY', 'D MMM YY',
  'MMM D, YYYY', 'MMMM D, YYYY',
  'YYYY/MM/DD',
  'MM/DD/YYYY', 'M/D/YYYY', 'MM-DD-YYYY', 'MM/DD/YY', 'M/D/YY',
  'excel',
] as const

interface Candidate {
  pattern: string
  lenient: CompiledFormat
  strict: CompiledFormat
}

let candidates: Candidate[] | undefined

function detectionCandidates(): Candidate[] {
  candidates ??= DETECTION_CANDIDATES.map((pattern) => ({ pattern, lenient: compile(pattern, false), strict: compile(pattern, true) }))
  return candidates
}

/**
 * The date format that reads most of the sample cells (ties: the one they follow most exactly, then
 * day-first before month-first). Reduced-precision cells are left out: they read under any format.
 * Adds ' HH:mm' when every readable cell has a time. 'DD/MM/YYYY' when nothing fits.
 */
export function detectDateFormat(samples: readonly (Cell | undefined)[]): string {
  const texts: string[] = []
  let native = 0
  for (const sample of samples) {
    if (sample === null || sample === undefined) continue
    if (typeof sample === 'string') {
      const t = sample.trim()
      if (t === '' || isReducedForm(t)) continue
      texts.push(t)
    } else if (sample instanceof Date || typeof sample === 'number') {
      if (typeof sample === 'number' && Number.isInteger(sample) && sample >= 1000 && sample <= 9999) continue
      native++
    }
  }
  let best: { pattern: string; fit: number; exact: number; timed: number } | null = null
  for (const candidate of detectionCandidates()) {
    // Date cells and numbers read under every format, but only 'excel' says what they are.
    let fit = native
    let exact = candidate.pattern === 'excel' ? native : 0
    let timed = 0
    for (const text of texts) {
      const r = candidate.lenient.matchWithFallbacks(text)
      if (r === null || !r.ok) continue
      fit++
      if (r.value.time !== null) timed++
      const s = candidate.strict.matchMain(text)
      if (s !== null && s.ok) exact++
    }
    if (best === null || fit > best.fit || (fit === best.fit && exact > best.exact)) {
      best = { pattern: candidate.pattern, fit, exact, timed }
    }
  }
  if (best === null || best.fit === 0) return 'DD/MM/YYYY'
  const textFit = best.fit - native
  if (best.pattern !== 'ISO' && best.pattern !== 'excel' && textFit > 0 && best.timed === textFit && native === 0) {
    return `${best.pattern} HH:mm`
  }
  return best.pattern
}

/** Whether a cell has the shape of a date (a real one or an impossible one such as 31/02/2020). */
export function looksLikeDate(cell: Cell | undefined): boolean {
  if (cell === null || cell === undefined || typeof cell === 'number') return false
  if (cell instanceof Date) return !Number.isNaN(cell.getTime())
  const text = cell.trim()
  if (text === '') return false
  if (parseReduced(text, null) !== null) return true
  for (const candidate of detectionCandidates()) {
    if (candidate.pattern === 'excel') continue
    if (candidate.lenient.matchMain(text) !== null) return true
  }
  return false
}

/** Whether a cell holds a time of day on its own (and not a date). */
export function looksLikeTime(cell: Cell | undefined): boolean {
  if (cell === null || cell === undefined) return false
  if (typeof cell === 'string') {
    const t = cell.trim()
    if (t === '' || !TIME_TEXT.test(t)) return false
    return parseTime(t).ok
  }
  if (typeof cell === 'number') return cell >= 0 && cell < 1
  return cell instanceof Date && !Number.isNaN(cell.getTime()) && cell.getTime() < 86_400_000 - 2_209_161_600_000
}
