// Working days in England and Wales: Monday to Friday, less bank holidays. Statutory clocks count these.
//
// Counting convention: walking from one date to another, count the working days you land on,
// not the one you start from. So the 15th working day after a Monday notification is 15 steps on,
// and workingDaysBetween(start, addWorkingDays(start, n)) is n for every start and n.

// Years after GOV.UK's data use the standing rules (provisional; see bank-holidays-england-wales.ts); years
// before it throw CalendarYearNotCoveredError.

import { assertYearKnown, bankHolidaysIn } from './bank-holidays-england-wales.js'
import { civilFromDays, fromDayNumber, toDayNumber, weekdayOfDayNumber, yearOf, type IsoDate } from './iso-date.js'

const holidayNumbersByYear = new Map<number, ReadonlySet<number>>()

/** The day numbers of a year's bank holidays. */
function holidayNumbers(year: number): ReadonlySet<number> {
  let numbers = holidayNumbersByYear.get(year)
  if (numbers === undefined) {
    numbers = new Set(bankHolidaysIn(year).map((h) => toDayNumber(h.date)))
    holidayNumbersByYear.set(year, numbers)
  }
  return numbers
}

function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOfDayNumber(dayNumber)
  return weekday === 0 || weekday === 6
}

function isWorkingDayNumber(dayNumber: number): boolean {
  // Look the year up even for a weekend, so a year before the data throws whatever the day.
  const holidays = holidayNumbers(civilFromDays(dayNumber).year)
  return !isWeekend(dayNumber) && !holidays.has(dayNumber)
}

/** Monday to Friday and not a bank holiday. Throws for a year before the bank holiday data. */
export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(toDayNumber(date))
}

/**
 * The date `n` working days after `start` (before it when `n` is negative). With n = 0 the start is
 * returned unchanged, even on a weekend; otherwise the result is always a working day.
 * Throws if the walk goes back before the years the bank holiday data covers.
 */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`A number of working days must be a whole number, not ${n}`)
  let dayNumber = toDayNumber(start)
  assertYearKnown(yearOf(start))
  const step = n < 0 ? -1 : 1
  let remaining = Math.abs(n)
  while (remaining > 0) {
    dayNumber += step
    if (isWorkingDayNumber(dayNumber)) remaining -= 1
  }
  return fromDayNumber(dayNumber)
}

/**
 * Working days from `from` to `to`, signed: positive when `to` is later. Counts the working days in
 * (from, to] going forwards and in [to, from) going backwards, the days a walk lands on.
 * So a deadline today gives 0, and one that was yesterday (a working day) gives -1.
 * Neither date may be before the years the bank holiday data covers.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const a = toDayNumber(from)
  const b = toDayNumber(to)
  assertYearKnown(yearOf(from))
  assertYearKnown(yearOf(to))
  if (a === b) return 0
  return a < b ? workingDaysInRange(a + 1, b + 1) : -workingDaysInRange(b, a)
}

/** Working days d with lo <= d < hi, counted in constant time for weekdays plus a scan of holidays. */
function workingDaysInRange(lo: number, hi: number): number {
  const weekdays = weekdaysBefore(hi) - weekdaysBefore(lo)
  // Every bank holiday falls Monday to Friday (a test holds the data and the rules to that).
  let holidays = 0
  for (let year = civilFromDays(lo).year; year <= civilFromDays(hi - 1).year; year++) {
    for (const d of holidayNumbers(year)) if (d >= lo && d < hi) holidays += 1
  }
  return weekdays - holidays
}

/** Monday-to-Friday days from an arbitrary Monday epoch up to (not including) dayNumber. */
function weekdaysBefore(dayNumber: number): number {
  // Day 4 (1970-01-05) was a Monday; shift so whole weeks start on Monday.
  const sinceMonday = dayNumber - 4
  const weeks = Math.floor(sinceMonday / 7)
  const rest = sinceMonday - weeks * 7
  return weeks * 5 + Math.min(rest, 5)
}
