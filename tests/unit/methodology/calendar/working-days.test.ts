import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CalendarYearNotCoveredError,
  PUBLISHED_BANK_HOLIDAYS,
} from '../../../../methodology/calendar/bank-holidays-england-wales.js'
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../../methodology/calendar/working-days.js'
import { modelByRule } from './standing-rules-model.js'

// A brute-force model built on JavaScript's Date, the raw published list and (after it) the test's own
// derivation from the standing rules, independent of the module's day arithmetic.
const DAY = 86_400_000
const HOLIDAYS = new Set([
  ...PUBLISHED_BANK_HOLIDAYS.map((h) => h.date),
  ...Array.from({ length: 2040 - 2028 + 1 }, (_, i) => modelByRule(2028 + i)).flat(),
])
const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`)
const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10)
function modelIsWorkingDay(date: string): boolean {
  const weekday = new Date(toMs(date)).getUTCDay()
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(date)
}
/** Walk day by day from `from` to `to`, counting the working days landed on. */
function modelBetween(from: string, to: string): number {
  const step = toMs(to) >= toMs(from) ? DAY : -DAY
  let count = 0
  for (let ms = toMs(from); ms !== toMs(to); ) {
    ms += step
    if (modelIsWorkingDay(toIso(ms))) count += 1
  }
  return step > 0 ? count : -count
}

// Dates from the data into the provisional years, far enough inside 2018 to 2040 that walks of up to 60 working
// days stay inside them too.
const FIRST = toMs('2018-04-01')
const LAST = toMs('2039-09-30')
const dateInRange = fc.integer({ min: 0, max: (LAST - FIRST) / DAY }).map((offset) => toIso(FIRST + offset * DAY))
const steps = fc.integer({ min: -60, max: 60 })

describe('isWorkingDay', () => {
  it('agrees with the model on every day from 2018 to 2040', () => {
    for (let ms = toMs('2018-01-01'); ms <= toMs('2040-12-31'); ms += DAY) {
      const date = toIso(ms)
      expect(isWorkingDay(date), date).toBe(modelIsWorkingDay(date))
    }
  })

  it('treats weekends and bank holidays as non-working, ordinary weekdays as working', () => {
    expect(isWorkingDay('2021-03-20')).toBe(false) // Saturday
    expect(isWorkingDay('2021-03-21')).toBe(false) // Sunday
    expect(isWorkingDay('2021-03-22')).toBe(true)
    expect(isWorkingDay('2020-05-08')).toBe(false) // VE day early May holiday
    expect(isWorkingDay('2020-05-04')).toBe(true) // the usual early May Monday, not a holiday in 2020
    expect(isWorkingDay('2022-09-19')).toBe(false)
    expect(isWorkingDay('2023-05-08')).toBe(false)
  })

  it('answers for a year after the data from the standing rules, and throws for one before it', () => {
    expect(isWorkingDay('2028-01-03')).toBe(false) // New Year's Day substitute, provisional
    expect(isWorkingDay('2028-01-04')).toBe(true)
    expect(() => isWorkingDay('2017-06-12')).toThrow(CalendarYearNotCoveredError)
    expect(() => isWorkingDay('2017-06-10')).toThrow(CalendarYearNotCoveredError)
  })

  it('rejects impossible and badly written dates', () => {
    expect(() => isWorkingDay('2021-02-31')).toThrow(RangeError)
    expect(() => isWorkingDay('2021-2-3')).toThrow(RangeError)
    expect(() => isWorkingDay('tomorrow')).toThrow(RangeError)
  })
})

describe('addWorkingDays', () => {
  it('finds the 15th working day after a notification just before Christmas 2020', () => {
    // 25 and 28 December and 1 January are bank holidays, plus two weekends.
    expect(addWorkingDays('2020-12-23', 15)).toBe('2021-01-18')
  })

  it('finds the 15th working day after a notification across Easter 2021', () => {
    // Good Friday 2 April and Easter Monday 5 April push three weeks on by two days.
    expect(addWorkingDays('2021-03-29', 15)).toBe('2021-04-21')
  })

  it('skips the Platinum Jubilee holidays and the moved VE day holiday', () => {
    expect(addWorkingDays('2022-06-01', 1)).toBe('2022-06-06')
    expect(addWorkingDays('2020-05-07', 1)).toBe('2020-05-11')
    expect(addWorkingDays('2020-05-01', 1)).toBe('2020-05-04')
  })

  it('counts from a weekend start to the first working day after it', () => {
    expect(addWorkingDays('2021-03-20', 1)).toBe('2021-03-22')
  })

  it('counts backwards with a negative number', () => {
    expect(addWorkingDays('2021-01-18', -15)).toBe('2020-12-23')
    expect(addWorkingDays('2021-04-06', -1)).toBe('2021-04-01')
  })

  it('returns the start unchanged for zero', () => {
    expect(addWorkingDays('2021-03-20', 0)).toBe('2021-03-20')
  })

  it('counts on past the data into provisional years', () => {
    // 21 December 2027 to 6 January 2028 holds 13 weekdays, of which 27 and 28 December and (provisionally)
    // Monday 3 January, New Year's Day moved off the Saturday, are holidays.
    expect(addWorkingDays('2027-12-20', 10)).toBe('2028-01-06')
    expect(addWorkingDays('2031-06-02', 15)).toBe('2031-06-23')
  })

  it('throws when the count runs back before the data rather than guessing 2017', () => {
    expect(() => addWorkingDays('2018-01-03', -5)).toThrow(/2017/)
  })

  it('refuses a fractional number of days', () => {
    expect(() => addWorkingDays('2021-03-22', 1.5)).toThrow(RangeError)
  })

  it('always lands on a working day', () => {
    fc.assert(
      fc.property(dateInRange, steps.filter((n) => n !== 0), (start, n) => isWorkingDay(addWorkingDays(start, n))),
    )
  })

  it('never lands before the start when counting forwards', () => {
    fc.assert(
      fc.property(dateInRange, fc.nat({ max: 60 }), (start, n) => {
        const result = addWorkingDays(start, n)
        return n === 0 ? result === start : result > start
      }),
    )
  })

  it('gives back n when counting the working days between the start and the result', () => {
    fc.assert(fc.property(dateInRange, steps, (start, n) => workingDaysBetween(start, addWorkingDays(start, n)) === n))
  })

  it('returns to a working-day start when the same number is taken off again', () => {
    fc.assert(
      fc.property(dateInRange.filter(isWorkingDay), steps, (start, n) => addWorkingDays(addWorkingDays(start, n), -n) === start),
    )
  })
})

describe('workingDaysBetween', () => {
  it('counts the working days landed on, signed by direction', () => {
    expect(workingDaysBetween('2020-12-23', '2021-01-18')).toBe(15)
    expect(workingDaysBetween('2021-01-18', '2020-12-23')).toBe(-15)
    expect(workingDaysBetween('2021-03-26', '2021-03-29')).toBe(1) // Friday to Monday
    expect(workingDaysBetween('2021-03-27', '2021-03-28')).toBe(0) // Saturday to Sunday
    expect(workingDaysBetween('2021-03-22', '2021-03-22')).toBe(0)
  })

  it('counts a due date that has passed as overdue by the working days since', () => {
    // Due Friday 2021-03-26: on the Saturday after it is one working day late, on the Tuesday two.
    expect(workingDaysBetween('2021-03-27', '2021-03-26')).toBe(-1)
    expect(workingDaysBetween('2021-03-30', '2021-03-26')).toBe(-2)
  })

  it('counts across whole years', () => {
    // 2021 has 261 weekdays, of which 8 are bank holidays (Christmas and Boxing Day moved to 27 and 28 December).
    expect(workingDaysBetween('2020-12-31', '2021-12-31')).toBe(253)
  })

  it('agrees with a day-by-day count in both directions', () => {
    const near = fc.tuple(dateInRange, fc.integer({ min: -400, max: 400 })).map(([a, offset]) => {
      const b = Math.min(Math.max(toMs(a) + offset * DAY, toMs('2018-01-01')), toMs('2040-12-31'))
      return [a, toIso(b)] as const
    })
    fc.assert(fc.property(near, ([a, b]) => workingDaysBetween(a, b) === modelBetween(a, b)))
  })

  it('counts into provisional years, and throws when either date is before the data', () => {
    expect(workingDaysBetween('2027-12-24', '2028-01-04')).toBe(modelBetween('2027-12-24', '2028-01-04'))
    expect(() => workingDaysBetween('2016-06-03', '2019-01-01')).toThrow(CalendarYearNotCoveredError)
    expect(() => workingDaysBetween('2019-06-03', '2017-01-03')).toThrow(CalendarYearNotCoveredError)
  })
})
