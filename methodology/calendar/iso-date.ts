// Calendar dates as YYYY-MM-DD strings. Arithmetic is done on whole days since 1970-01-01 in UTC,
// so no local time zone or daylight-saving change can shift a date by one.

/** A calendar date in England, written YYYY-MM-DD, with no time and no zone. */
export type IsoDate = string

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MS_PER_DAY = 86_400_000

/** Whole days since 1970-01-01. Throws a RangeError for anything that is not a real YYYY-MM-DD date. */
export function toDayNumber(date: IsoDate): number {
  const match = ISO_DATE.exec(date)
  if (!match) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`)
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const ms = Date.UTC(year, month - 1, day)
  const check = new Date(ms)
  // Date.UTC quietly rolls 31 February into March; a round trip catches it.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`"${date}" is not a real date`)
  }
  return Math.round(ms / MS_PER_DAY)
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10)
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
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7)) - 1
  const day = Number(date.slice(8, 10))
  const targetMonthIndex = year * 12 + month + months
  const targetYear = Math.floor(targetMonthIndex / 12)
  const targetMonth = targetMonthIndex - targetYear * 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  const ms = Date.UTC(targetYear, targetMonth, Math.min(day, lastDay))
  return new Date(ms).toISOString().slice(0, 10)
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
