// Bank holidays in England and Wales, 2019 to 2027, held as data so working-day deadlines can be counted.
//
// Source: GOV.UK, "UK bank holidays", England and Wales division
// (https://www.gov.uk/bank-holidays, machine-readable at https://www.gov.uk/bank-holidays.json).
// Transcribed on 24 November 2026 from the list as GOV.UK publishes it, with GOV.UK's own titles,
// and checked against a second published copy of the same list. The build machine could not reach
// gov.uk that day, so check the 2027 dates against the live page when next editing this file:
// GOV.UK occasionally adds one-off holidays (as in 2020, 2022 and 2023).
//
// To add a year: copy the England and Wales dates from the page above, extend LAST_YEAR, and update
// the transcription date. Never guess a year: lookups outside the data throw.

import { toDayNumber, yearOf, type IsoDate } from './iso-date.js'

export interface BankHoliday {
  date: IsoDate
  title: string
}

export const BANK_HOLIDAY_SOURCE = {
  publisher: 'GOV.UK',
  title: 'UK bank holidays: England and Wales',
  url: 'https://www.gov.uk/bank-holidays',
  transcribedOn: '2026-11-24',
} as const

export const FIRST_YEAR_COVERED = 2019
export const LAST_YEAR_COVERED = 2027

export const BANK_HOLIDAYS_ENGLAND_WALES: readonly BankHoliday[] = [
  // 2019
  { date: '2019-01-01', title: 'New Year’s Day' },
  { date: '2019-04-19', title: 'Good Friday' },
  { date: '2019-04-22', title: 'Easter Monday' },
  { date: '2019-05-06', title: 'Early May bank holiday' },
  { date: '2019-05-27', title: 'Spring bank holiday' },
  { date: '2019-08-26', title: 'Summer bank holiday' },
  { date: '2019-12-25', title: 'Christmas Day' },
  { date: '2019-12-26', title: 'Boxing Day' },
  // 2020: the early May bank holiday moved from Monday 4 May to Friday 8 May for VE Day's 75th anniversary.
  { date: '2020-01-01', title: 'New Year’s Day' },
  { date: '2020-04-10', title: 'Good Friday' },
  { date: '2020-04-13', title: 'Easter Monday' },
  { date: '2020-05-08', title: 'Early May bank holiday (VE day)' },
  { date: '2020-05-25', title: 'Spring bank holiday' },
  { date: '2020-08-31', title: 'Summer bank holiday' },
  { date: '2020-12-25', title: 'Christmas Day' },
  { date: '2020-12-28', title: 'Boxing Day (substitute day)' },
  // 2021: Christmas Day and Boxing Day fell on a weekend.
  { date: '2021-01-01', title: 'New Year’s Day' },
  { date: '2021-04-02', title: 'Good Friday' },
  { date: '2021-04-05', title: 'Easter Monday' },
  { date: '2021-05-03', title: 'Early May bank holiday' },
  { date: '2021-05-31', title: 'Spring bank holiday' },
  { date: '2021-08-30', title: 'Summer bank holiday' },
  { date: '2021-12-27', title: 'Christmas Day (substitute day)' },
  { date: '2021-12-28', title: 'Boxing Day (substitute day)' },
  // 2022: the spring bank holiday moved to 2 June beside the Platinum Jubilee (3 June); 19 September
  // was added for the State Funeral of Queen Elizabeth II.
  { date: '2022-01-03', title: 'New Year’s Day (substitute day)' },
  { date: '2022-04-15', title: 'Good Friday' },
  { date: '2022-04-18', title: 'Easter Monday' },
  { date: '2022-05-02', title: 'Early May bank holiday' },
  { date: '2022-06-02', title: 'Spring bank holiday' },
  { date: '2022-06-03', title: 'Platinum Jubilee bank holiday' },
  { date: '2022-08-29', title: 'Summer bank holiday' },
  { date: '2022-09-19', title: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2022-12-26', title: 'Boxing Day' },
  { date: '2022-12-27', title: 'Christmas Day (substitute day)' },
  // 2023: 8 May was added for the coronation of King Charles III.
  { date: '2023-01-02', title: 'New Year’s Day (substitute day)' },
  { date: '2023-04-07', title: 'Good Friday' },
  { date: '2023-04-10', title: 'Easter Monday' },
  { date: '2023-05-01', title: 'Early May bank holiday' },
  { date: '2023-05-08', title: 'Bank holiday for the coronation of King Charles III' },
  { date: '2023-05-29', title: 'Spring bank holiday' },
  { date: '2023-08-28', title: 'Summer bank holiday' },
  { date: '2023-12-25', title: 'Christmas Day' },
  { date: '2023-12-26', title: 'Boxing Day' },
  // 2024
  { date: '2024-01-01', title: 'New Year’s Day' },
  { date: '2024-03-29', title: 'Good Friday' },
  { date: '2024-04-01', title: 'Easter Monday' },
  { date: '2024-05-06', title: 'Early May bank holiday' },
  { date: '2024-05-27', title: 'Spring bank holiday' },
  { date: '2024-08-26', title: 'Summer bank holiday' },
  { date: '2024-12-25', title: 'Christmas Day' },
  { date: '2024-12-26', title: 'Boxing Day' },
  // 2025
  { date: '2025-01-01', title: 'New Year’s Day' },
  { date: '2025-04-18', title: 'Good Friday' },
  { date: '2025-04-21', title: 'Easter Monday' },
  { date: '2025-05-05', title: 'Early May bank holiday' },
  { date: '2025-05-26', title: 'Spring bank holiday' },
  { date: '2025-08-25', title: 'Summer bank holiday' },
  { date: '2025-12-25', title: 'Christmas Day' },
  { date: '2025-12-26', title: 'Boxing Day' },
  // 2026: Boxing Day falls on a Saturday.
  { date: '2026-01-01', title: 'New Year’s Day' },
  { date: '2026-04-03', title: 'Good Friday' },
  { date: '2026-04-06', title: 'Easter Monday' },
  { date: '2026-05-04', title: 'Early May bank holiday' },
  { date: '2026-05-25', title: 'Spring bank holiday' },
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
  // 2027: Christmas Day and Boxing Day fall on a weekend.
  { date: '2027-01-01', title: 'New Year’s Day' },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-05-03', title: 'Early May bank holiday' },
  { date: '2027-05-31', title: 'Spring bank holiday' },
  { date: '2027-08-30', title: 'Summer bank holiday' },
  { date: '2027-12-27', title: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', title: 'Boxing Day (substitute day)' },
]

/** Thrown when a date falls in a year the bank holiday data does not cover: a deadline is never guessed. */
export class CalendarYearNotCoveredError extends Error {
  readonly year: number
  constructor(year: number) {
    super(
      `Bank holidays for England and Wales are held only for ${FIRST_YEAR_COVERED} to ${LAST_YEAR_COVERED}, ` +
        `so working days in ${year} cannot be counted. Add ${year}'s dates from ${BANK_HOLIDAY_SOURCE.url} ` +
        'to methodology/calendar/bank-holidays-england-wales.ts.',
    )
    this.name = 'CalendarYearNotCoveredError'
    this.year = year
  }
}

const HOLIDAY_DATES: ReadonlySet<string> = new Set(BANK_HOLIDAYS_ENGLAND_WALES.map((h) => h.date))

export function isYearCovered(year: number): boolean {
  return year >= FIRST_YEAR_COVERED && year <= LAST_YEAR_COVERED
}

export function assertYearCovered(year: number): void {
  if (!isYearCovered(year)) throw new CalendarYearNotCoveredError(year)
}

/** Whether the date is a bank holiday in England and Wales. Throws outside the years covered. */
export function isBankHoliday(date: IsoDate): boolean {
  toDayNumber(date)
  assertYearCovered(yearOf(date))
  return HOLIDAY_DATES.has(date)
}

export function bankHolidaysIn(year: number): BankHoliday[] {
  assertYearCovered(year)
  return BANK_HOLIDAYS_ENGLAND_WALES.filter((h) => yearOf(h.date) === year)
}
