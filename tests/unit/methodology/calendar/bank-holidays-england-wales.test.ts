import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import govUkFile from '../../../../methodology/calendar/bank-holidays.json' with { type: 'json' }
import {
  BANK_HOLIDAY_SOURCE,
  CalendarYearNotCoveredError,
  FIRST_YEAR_COVERED,
  LAST_YEAR_COVERED,
  PUBLISHED_BANK_HOLIDAYS,
  bankHolidaysByRule,
  bankHolidaysIn,
  easterSunday,
  isBankHoliday,
  isProvisionalYear,
  publishedDataEnds,
  readGovUkEvents,
  spansProvisionalYears,
} from '../../../../methodology/calendar/bank-holidays-england-wales.js'
import { addCalendarMonths } from '../../../../methodology/calendar/iso-date.js'
import { londonDate, systemClock } from '../../../../server/clock.js'
import { ONE_OFF_CHANGES, modelByRule, modelEasterSunday, modelPublished } from './standing-rules-model.js'

const years = Array.from({ length: LAST_YEAR_COVERED - FIRST_YEAR_COVERED + 1 }, (_, i) => FIRST_YEAR_COVERED + i)

describe('the published data', () => {
  it('is in the shape of GOV.UK’s bank-holidays.json, England and Wales division', () => {
    const division = govUkFile['england-and-wales']
    expect(division.division).toBe('england-and-wales')
    for (const event of division.events) {
      expect(Object.keys(event).sort()).toEqual(['bunting', 'date', 'notes', 'title'])
    }
    expect(BANK_HOLIDAY_SOURCE.dataUrl).toBe('https://www.gov.uk/bank-holidays.json')
    expect(BANK_HOLIDAY_SOURCE.transcribedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('covers 2018 to 2027 without a gap, every year from GOV.UK', () => {
    expect([FIRST_YEAR_COVERED, LAST_YEAR_COVERED]).toEqual([2018, 2027])
    expect(new Set(PUBLISHED_BANK_HOLIDAYS.map((h) => Number(h.date.slice(0, 4))))).toEqual(new Set(years))
    expect(PUBLISHED_BANK_HOLIDAYS.every((h) => !h.provisional)).toBe(true)
  })

  it.each(years)('matches the standing rules and announced one-off changes for %i', (year) => {
    expect(bankHolidaysIn(year).map((h) => h.date)).toEqual(modelPublished(year))
  })

  it('holds dates in order, once each, every one a weekday with a title', () => {
    const dates = PUBLISHED_BANK_HOLIDAYS.map((h) => h.date)
    expect(dates).toEqual([...dates].sort())
    expect(new Set(dates).size).toBe(dates.length)
    for (const holiday of PUBLISHED_BANK_HOLIDAYS) {
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

  it('marks substitute days in the notes, as GOV.UK does', () => {
    const byDate = Object.fromEntries(PUBLISHED_BANK_HOLIDAYS.map((h) => [h.date, h]))
    expect(byDate['2020-12-28']).toMatchObject({ title: 'Boxing Day', notes: 'Substitute day' })
    expect(byDate['2022-01-03']).toMatchObject({ title: 'New Year’s Day', notes: 'Substitute day' })
    expect(byDate['2027-12-27']).toMatchObject({ title: 'Christmas Day', notes: 'Substitute day' })
    expect(byDate['2027-12-28']).toMatchObject({ title: 'Boxing Day', notes: 'Substitute day' })
    expect(byDate['2025-12-25']).toMatchObject({ notes: '', bunting: true })
    expect(byDate['2025-04-18']).toMatchObject({ title: 'Good Friday', bunting: false })
  })

  it('refuses a file that is not in GOV.UK’s shape, naming what is wrong', () => {
    expect(() => readGovUkEvents({ scotland: { division: 'scotland', events: [] } })).toThrow(/england-and-wales/)
    const event = { title: 'Boxing Day', date: '2030-12-26', notes: '', bunting: true }
    expect(readGovUkEvents({ 'england-and-wales': { division: 'england-and-wales', events: [event] } })).toHaveLength(1)
    const file = (events: unknown[]) => ({ 'england-and-wales': { division: 'england-and-wales', events } })
    expect(() => readGovUkEvents(file([{ ...event, date: '26/12/2030' }]))).toThrow(/event 1 has no valid "date"/)
    expect(() => readGovUkEvents(file([{ ...event, title: ' ' }]))).toThrow(/"title"/)
    expect(() => readGovUkEvents(file([{ ...event, bunting: 'yes' }]))).toThrow(/"bunting"/)
    expect(() => readGovUkEvents(file([{ title: 'x', date: '2030-12-26', bunting: true }]))).toThrow(/"notes"/)
    expect(() => readGovUkEvents(file([event, event]))).toThrow(/2030-12-26 twice/)
  })

  // The alarm: this fails (on the real clock the app uses) a year before GOV.UK's data runs out, while there is
  // time to add the next year from https://www.gov.uk/bank-holidays.json. Until then, later years are provisional.
  it('reaches at least a year beyond today', () => {
    const today = londonDate(systemClock.now())
    const aYearOn = addCalendarMonths(today, 12)
    expect(
      aYearOn <= publishedDataEnds(),
      `The bank holiday data ends on ${publishedDataEnds()}, less than a year after today (${today}). Add the next year's ` +
        'England and Wales events from https://www.gov.uk/bank-holidays.json to methodology/calendar/bank-holidays.json.',
    ).toBe(true)
  })
})

describe('provisional years, after the data', () => {
  it('works Easter out the same way as an independent computus, for five centuries', () => {
    for (let year = 1900; year <= 2400; year++) expect(easterSunday(year), String(year)).toBe(modelEasterSunday(year))
    // Known Easter Sundays, including the earliest and latest possible.
    expect([easterSunday(2024), easterSunday(2025), easterSunday(2038), easterSunday(2285)]).toEqual(['2024-03-31', '2025-04-20', '2038-04-25', '2285-03-22'])
  })

  it('reproduces GOV.UK’s own list in every year of the data without a one-off change', () => {
    for (const year of years.filter((y) => ONE_OFF_CHANGES[y] === undefined)) {
      expect(bankHolidaysByRule(year).map(({ date, title, notes, bunting }) => ({ date, title, notes, bunting })), String(year)).toEqual(
        bankHolidaysIn(year).map(({ date, title, notes, bunting }) => ({ date, title, notes, bunting })),
      )
    }
  })

  it('agrees with the independent model for any later year, every date a weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: LAST_YEAR_COVERED + 1, max: 2500 }), (year) => {
        const holidays = bankHolidaysIn(year)
        expect(holidays.map((h) => h.date)).toEqual(modelByRule(year))
        for (const h of holidays) {
          expect(h.provisional).toBe(true)
          expect([0, 6]).not.toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay())
        }
      }),
      { numRuns: 300 },
    )
  })

  it('works out 2028, with New Year’s Day moved to Monday 3 January, marked provisional', () => {
    expect(isProvisionalYear(2027)).toBe(false)
    expect(isProvisionalYear(2028)).toBe(true)
    expect(bankHolidaysIn(2028).map((h) => [h.date, h.title, h.notes])).toEqual([
      ['2028-01-03', 'New Year’s Day', 'Substitute day'],
      ['2028-04-14', 'Good Friday', ''],
      ['2028-04-17', 'Easter Monday', ''],
      ['2028-05-01', 'Early May bank holiday', ''],
      ['2028-05-29', 'Spring bank holiday', ''],
      ['2028-08-28', 'Summer bank holiday', ''],
      ['2028-12-25', 'Christmas Day', ''],
      ['2028-12-26', 'Boxing Day', ''],
    ])
    expect(isBankHoliday('2028-01-03')).toBe(true)
    expect(isBankHoliday('2028-01-01')).toBe(false)
  })

  it('moves Christmas off a weekend as GOV.UK does', () => {
    // 2032: Christmas on a Saturday. 2033: on a Sunday. 2037: on a Friday, so Boxing Day is on a Saturday.
    expect(bankHolidaysIn(2032).slice(-2).map((h) => [h.date, h.title, h.notes])).toEqual([['2032-12-27', 'Christmas Day', 'Substitute day'], ['2032-12-28', 'Boxing Day', 'Substitute day']])
    expect(bankHolidaysIn(2033).slice(-2).map((h) => [h.date, h.title, h.notes])).toEqual([['2033-12-26', 'Boxing Day', ''], ['2033-12-27', 'Christmas Day', 'Substitute day']])
    expect(bankHolidaysIn(2037).slice(-2).map((h) => [h.date, h.title, h.notes])).toEqual([['2037-12-25', 'Christmas Day', ''], ['2037-12-28', 'Boxing Day', 'Substitute day']])
  })

  it('says whether a span of dates relies on provisional years', () => {
    expect(spansProvisionalYears('2027-01-04', '2027-12-31')).toBe(false)
    expect(spansProvisionalYears('2027-12-20', '2028-01-10')).toBe(true)
    expect(spansProvisionalYears('2031-01-01', '2027-06-01')).toBe(true)
  })
})

describe('years before the data', () => {
  it('refuses loudly rather than guess past holidays', () => {
    expect(() => isBankHoliday('2017-12-25')).toThrow(CalendarYearNotCoveredError)
    expect(() => bankHolidaysIn(2016)).toThrow(/held from 2018.*2016/)
    try {
      isBankHoliday('2011-04-29')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarYearNotCoveredError)
      expect((error as CalendarYearNotCoveredError).year).toBe(2011)
    }
  })

  it('rejects something that is not a date', () => {
    expect(() => isBankHoliday('25/12/2021')).toThrow(RangeError)
  })
})
