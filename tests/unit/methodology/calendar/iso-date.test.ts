import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addCalendarMonths,
  civilFromDays,
  dayNumberOf,
  dayOfWeek,
  daysInMonth,
  fromDayNumber,
  isIsoDate,
  londonDateOf,
  toDayNumber,
} from '../../../../methodology/calendar/iso-date.js'

const anyDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

describe('ISO dates', () => {
  it('round-trips every date through its day number', () => {
    fc.assert(fc.property(anyDate, (date) => fromDayNumber(toDayNumber(date)) === date))
  })

  it('numbers days as JavaScript does in UTC', () => {
    fc.assert(fc.property(anyDate, (date) => toDayNumber(date) === Date.parse(`${date}T00:00:00Z`) / 86_400_000))
  })

  it('counts days by arithmetic exactly as JavaScript’s Date does, from year 1 to 9999', () => {
    const day = fc.integer({ min: Date.UTC(1, 0, 1) / 86_400_000 - 366, max: Date.UTC(9999, 11, 31) / 86_400_000 })
    fc.assert(
      fc.property(day, (n) => {
        const date = new Date(n * 86_400_000)
        const civil = civilFromDays(n)
        expect([civil.year, civil.month, civil.day]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()])
        if (civil.year >= 1) expect(dayNumberOf(fromDayNumber(n))).toBe(n)
      }),
      { numRuns: 2000 },
    )
  })

  it('knows the length of each month, leap years included', () => {
    expect([daysInMonth(2021, 2), daysInMonth(2024, 2), daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2021, 4), daysInMonth(2021, 13)]).toEqual([28, 29, 28, 29, 30, 0])
  })

  it('knows the day of the week', () => {
    expect(dayOfWeek('2021-03-20')).toBe(6)
    expect(dayOfWeek('2021-03-21')).toBe(0)
    expect(dayOfWeek('1970-01-01')).toBe(4)
  })

  it('rejects impossible dates such as 31 February or 29 February outside a leap year', () => {
    expect(isIsoDate('2021-02-31')).toBe(false)
    expect(isIsoDate('2021-02-29')).toBe(false)
    expect(isIsoDate('2020-02-29')).toBe(true)
    expect(isIsoDate('2021-13-01')).toBe(false)
    expect(isIsoDate('2021-1-01')).toBe(false)
  })

  it('adds calendar months, ending on the last day of a shorter month', () => {
    expect(addCalendarMonths('2021-03-01', 6)).toBe('2021-09-01')
    expect(addCalendarMonths('2021-08-31', 6)).toBe('2022-02-28')
    expect(addCalendarMonths('2023-08-31', 6)).toBe('2024-02-29')
    expect(addCalendarMonths('2021-11-15', 3)).toBe('2022-02-15')
    expect(addCalendarMonths('2021-03-31', -1)).toBe('2021-02-28')
  })

  it('gives the London date of a UTC timestamp, across British Summer Time', () => {
    expect(londonDateOf('2021-06-30T23:30:00.000Z')).toBe('2021-07-01')
    expect(londonDateOf('2021-12-31T23:30:00.000Z')).toBe('2021-12-31')
    expect(londonDateOf('2021-06-30')).toBe('2021-06-30')
    expect(() => londonDateOf('not a time')).toThrow(RangeError)
  })
})
