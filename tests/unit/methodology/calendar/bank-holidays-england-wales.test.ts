import { describe, expect, it } from 'vitest'
import {
  BANK_HOLIDAYS_ENGLAND_WALES,
  BANK_HOLIDAY_SOURCE,
  CalendarYearNotCoveredError,
  FIRST_YEAR_COVERED,
  LAST_YEAR_COVERED,
  bankHolidaysIn,
  isBankHoliday,
} from '../../../../methodology/calendar/bank-holidays-england-wales.js'

// An independent derivation of England and Wales bank holidays from the standing rules, written with
// JavaScript's own Date rather than the module's date code, plus the one-off changes GOV.UK announced.
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))
const iso = (date: Date) => date.toISOString().slice(0, 10)
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000)

function easterSunday(year: number): Date {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return utc(year, month, day)
}

function firstMonday(year: number, month: number): Date {
  const first = utc(year, month, 1)
  return plusDays(first, (8 - first.getUTCDay()) % 7)
}

function lastMonday(year: number, month: number): Date {
  const last = utc(year, month + 1, 0)
  return plusDays(last, -((last.getUTCDay() + 6) % 7))
}

function byRule(year: number): string[] {
  const newYear = utc(year, 1, 1)
  const newYearObserved = newYear.getUTCDay() === 6 ? plusDays(newYear, 2) : newYear.getUTCDay() === 0 ? plusDays(newYear, 1) : newYear
  const christmas = utc(year, 12, 25)
  // Christmas on Saturday: Monday 27 and Tuesday 28. On Sunday: Boxing Day Monday 26, Christmas Tuesday 27.
  // Boxing Day alone on Saturday: Monday 28.
  const christmasDays = {
    6: [utc(year, 12, 27), utc(year, 12, 28)],
    0: [utc(year, 12, 26), utc(year, 12, 27)],
    5: [christmas, utc(year, 12, 28)],
  }[christmas.getUTCDay()] ?? [christmas, utc(year, 12, 26)]
  const easter = easterSunday(year)
  return [
    newYearObserved,
    plusDays(easter, -2),
    plusDays(easter, 1),
    firstMonday(year, 5),
    lastMonday(year, 5),
    lastMonday(year, 8),
    ...christmasDays,
  ].map(iso)
}

const ONE_OFF_CHANGES: Record<number, { remove: string[]; add: string[] }> = {
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] },
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] },
  2023: { remove: [], add: ['2023-05-08'] },
}

const years = Array.from({ length: LAST_YEAR_COVERED - FIRST_YEAR_COVERED + 1 }, (_, i) => FIRST_YEAR_COVERED + i)

describe('England and Wales bank holidays', () => {
  it('covers 2019 to 2027 inclusive and names its source and transcription date', () => {
    expect([FIRST_YEAR_COVERED, LAST_YEAR_COVERED]).toEqual([2019, 2027])
    expect(new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((h) => Number(h.date.slice(0, 4))))).toEqual(new Set(years))
    expect(BANK_HOLIDAY_SOURCE.url).toBe('https://www.gov.uk/bank-holidays')
    expect(BANK_HOLIDAY_SOURCE.transcribedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it.each(years)('matches the standing rules and announced one-off changes for %i', (year) => {
    const change = ONE_OFF_CHANGES[year] ?? { remove: [], add: [] }
    const expected = [...byRule(year).filter((d) => !change.remove.includes(d)), ...change.add].sort()
    expect(bankHolidaysIn(year).map((h) => h.date)).toEqual(expected)
  })

  it('holds dates in order, once each, every one a weekday with a title', () => {
    const dates = BANK_HOLIDAYS_ENGLAND_WALES.map((h) => h.date)
    expect(dates).toEqual([...dates].sort())
    expect(new Set(dates).size).toBe(dates.length)
    for (const holiday of BANK_HOLIDAYS_ENGLAND_WALES) {
      expect([0, 6], holiday.date).not.toContain(new Date(`${holiday.date}T00:00:00Z`).getUTCDay())
      expect(holiday.title.trim(), holiday.date).not.toBe('')
    }
  })

  it('knows the moved and extra holidays of 2020, 2022 and 2023', () => {
    expect(isBankHoliday('2020-05-08')).toBe(true)
    expect(isBankHoliday('2020-05-04')).toBe(false)
    expect(isBankHoliday('2022-06-02')).toBe(true)
    expect(isBankHoliday('2022-06-03')).toBe(true)
    expect(isBankHoliday('2022-05-30')).toBe(false)
    expect(isBankHoliday('2022-09-19')).toBe(true)
    expect(isBankHoliday('2023-05-08')).toBe(true)
  })

  it('marks substitute days as such', () => {
    const titles = Object.fromEntries(BANK_HOLIDAYS_ENGLAND_WALES.map((h) => [h.date, h.title]))
    expect(titles['2020-12-28']).toBe('Boxing Day (substitute day)')
    expect(titles['2022-01-03']).toBe('New Year’s Day (substitute day)')
    expect(titles['2027-12-27']).toBe('Christmas Day (substitute day)')
  })

  it('refuses loudly to answer for a year outside the data', () => {
    expect(() => isBankHoliday('2018-12-25')).toThrow(CalendarYearNotCoveredError)
    expect(() => bankHolidaysIn(2028)).toThrow(/only for 2019 to 2027.*2028/)
    try {
      isBankHoliday('2031-01-01')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarYearNotCoveredError)
      expect((error as CalendarYearNotCoveredError).year).toBe(2031)
    }
  })

  it('rejects something that is not a date', () => {
    expect(() => isBankHoliday('25/12/2021')).toThrow(RangeError)
  })
})
