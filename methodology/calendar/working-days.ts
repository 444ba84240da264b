// Working days in England and Wales: Monday to Friday, less bank holidays. Statutory clocks count these.
//
// Counting convention: walking from one date to another, count the working days you land on,
// not the one you start from. So the 15th working day after a Monday notification is 15 steps on,
// and workingDaysBetween(start, addWorkingDays(start, n)) is n for every start and n.

import {
  BANK_HOLIDAYS_ENGLAND_WALES,
  assertYearCovered,
  isBankHoliday,
} from './bank-holidays-england-wales.js'
import { fromDayNumber, toDayNumber, weekdayOfDayNumber, yearOf, type IsoDate } from './iso-date.js'

const HOLIDAY_DAY_NUMBERS: readonly number[] = BANK_HOLIDAYS_ENGLAND_WALES.map((h) => toDayNumber(h.date))

function isWeekend(dayNumber: number): boolean {
  const weekday = weekdayOfDayNumber(dayNumber)
  return weekday === 0 || weekday === 6
}

/** Monday to Friday and not a bank holiday. Throws for a year outside the bank holiday data. */
export function isWorkingDay(date: IsoDate): boolean {
  const dayNumber = toDayNumber(date)
  assertYearCovered(yearOf(date))
  return !isWeekend(dayNumber) && !isBankHoliday(date)
}

/**
 * The date `n` working days after `start` (before it when `n` is negative). With n = 0 the start is
 * returned unchanged, even on a weekend; otherwise the result is always a working day.
 * Throws if the walk leaves the years the bank holiday data covers.
 */
export function addWorkingDays(start: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`A number of working days must be a whole number, not ${n}`)
  let dayNumber = toDayNumber(start)
  assertYearCovered(yearOf(start))
  const step = n < 0 ? -1 : 1
  let remaining = Math.abs(n)
  while (remaining > 0) {
    dayNumber += step
    if (isWorkingDay(fromDayNumber(dayNumber))) remaining -= 1
  }
  return fromDayNumber(dayNumber)
}

/**
 * Working days from `from` to `to`, signed: positive when `to` is later. Counts the working days in
 * (from, to] going forwards and in [to, from) going backwards, the days a walk lands on.
 * So a deadline today gives 0, and one that was yesterday (a working day) gives -1.
 * Both dates must be in years the bank holiday data covers.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const a = toDayNumber(from)
  const b = toDayNumber(to)
  assertYearCovered(yearOf(from))
  assertYearCovered(yearOf(to))
  if (a === b) return 0
  return a < b ? workingDaysInRange(a + 1, b + 1) : -workingDaysInRange(b, a)
}

/** Working days d with lo <= d < hi, counted in constant time for weekdays plus a scan of holidays. */
function workingDaysInRange(lo: number, hi: number): number {
  const weekdays = weekdaysBefore(hi) - weekdaysBefore(lo)
  // Every bank holiday in the data falls Monday to Friday (a test holds us to that).
  const holidays = HOLIDAY_DAY_NUMBERS.filter((d) => d >= lo && d < hi).length
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
