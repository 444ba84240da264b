// Calendar dates as YYYY-MM-DD strings and as whole days since 1970-01-01 (proleptic Gregorian), by arithmetic
// alone: no Date objects on the hot paths (parsing thousands of chronology rows), and no local time zone or
// daylight-saving change can shift a date by one. The one place the whole product does day arithmetic.

/** A calendar date in England, written YYYY-MM-DD, with no time and no zone. */
export type IsoDate = string

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** '00' to '99', so building a date string needs no padding call. */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)))

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Days in a month (1 to 12) of a year; 0 for a month that does not exist. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

export function pad4(year: number): string {
  return year >= 1000 ? String(year) : String(year).padStart(4, '0')
}

export function formatYmd(year: number, month: number, day: number): IsoDate {
  return `${pad4(year)}-${PAD2[month]}-${PAD2[day]}`
}

// Howard Hinnant's days_from_civil and civil_from_days.
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Year, month and day of a YYYY-MM-DD string this module (or the date parser) wrote; not checked. */
export function splitYmd(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

/** Whole days since 1970-01-01 of a date already known to be valid (hot paths); see toDayNumber for input. */
export function dayNumberOf(date: IsoDate): number {
  const { year, month, day } = splitYmd(date)
  return daysFromCivil(year, month, day)
}

/** Whole days since 1970-01-01. Throws a RangeError for anything that is not a real YYYY-MM-DD date. */
export function toDayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date)
  if (!match) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`)
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (month < 1 || day < 1 || day > daysInMonth(year, month)) throw new RangeError(`"${date}" is not a real date`)
  return daysFromCivil(year, month, day)
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilFromDays(dayNumber)
  return formatYmd(year, month, day)
}

export function isIsoDate(value: string): boolean {
  try {
    toDayNumber(value)
    return true
  } catch {
    return false
  }
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(date))
}

export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((dayNumber + 4) % 7) + 7) % 7
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4))
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

/**
 * The same day of the month `months` later; when that month is shorter, its last day
 * (31 August plus six months is 28 or 29 February), which keeps a deadline inside the period.
 */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  toDayNumber(date)
  const { year, month, day } = splitYmd(date)
  const targetMonthIndex = year * 12 + (month - 1) + months
  const targetYear = Math.floor(targetMonthIndex / 12)
  const targetMonth = targetMonthIndex - targetYear * 12 + 1
  return formatYmd(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)))
}

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * The date in England of an ISO timestamp (a stage completed at 23:30 UTC in June happened the next
 * day in London). A bare YYYY-MM-DD is returned as it is.
 */
export function londonDateOf(timestampOrDate: string): IsoDate {
  if (ISO_DATE.test(timestampOrDate)) {
    toDayNumber(timestampOrDate)
    return timestampOrDate
  }
  const ms = Date.parse(timestampOrDate)
  if (Number.isNaN(ms)) throw new RangeError(`"${timestampOrDate}" is not an ISO date or timestamp`)
  return LONDON_DATE.format(new Date(ms))
}
