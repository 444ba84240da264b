// Bank holidays in England and Wales: GOV.UK's published list where it runs, the standing rules beyond it.
//
// The data (bank-holidays.json) is kept exactly in the shape GOV.UK publishes at
// https://www.gov.uk/bank-holidays.json (the "england-and-wales" division: events with title, date, notes and
// bunting), so a year is added by pasting GOV.UK's events, or the whole downloaded file, over it. GOV.UK
// occasionally moves or adds a holiday by proclamation (as in 2020, 2022 and 2023), which no rule can foresee;
// so a year after the data is worked out from the standing rules and marked provisional wherever it is shown,
// and a unit test starts failing a year before the data runs out, while there is still time to add the next year.
// A year before the data is refused rather than guessed: its holidays are history, and history is in the data.
//
// Transcribed on 24 November 2026 (2019 to 2027) from GOV.UK's list and checked against a second published
// copy; 2018 added on 6 December 2026. Check the latest year against the live page when next editing.

import govUk from './bank-holidays.json' with { type: 'json' }
import { daysFromCivil, daysInMonth, formatYmd, isIsoDate, toDayNumber, weekdayOfDayNumber, yearOf, fromDayNumber, type IsoDate } from './iso-date.js'

export interface BankHoliday {
  date: IsoDate
  /** GOV.UK's title, e.g. "Boxing Day". */
  title: string
  /** GOV.UK's notes: "Substitute day" when the holiday moved off a weekend, otherwise usually empty. */
  notes: string
  bunting: boolean
  /** Worked out from the standing rules because GOV.UK's data does not reach this year yet. */
  provisional: boolean
}

export const BANK_HOLIDAY_SOURCE = {
  publisher: 'GOV.UK',
  title: 'UK bank holidays: England and Wales',
  url: 'https://www.gov.uk/bank-holidays',
  dataUrl: 'https://www.gov.uk/bank-holidays.json',
  transcribedOn: '2026-12-06',
} as const

/** The statutory basis of the rules used for provisional years, shown beside a provisional deadline. */
export const STANDING_RULES =
  'Banking and Financial Dealings Act 1971 and the usual royal proclamations: New Year’s Day, Good Friday, ' +
  'Easter Monday, the first and last Mondays in May, the last Monday in August, Christmas Day and Boxing Day, ' +
  'with a substitute weekday when one falls at a weekend.'

/** Reads the GOV.UK file and refuses it, loudly and at start-up, if it is not what GOV.UK publishes. */
export function readGovUkEvents(file: unknown): BankHoliday[] {
  const division = (file as Record<string, unknown> | null)?.['england-and-wales'] as Record<string, unknown> | undefined
  if (!division || division.division !== 'england-and-wales' || !Array.isArray(division.events)) {
    throw new Error('The bank holiday data has no "england-and-wales" division with a list of events (the shape of https://www.gov.uk/bank-holidays.json)')
  }
  const events = division.events.map((raw: unknown, i: number): BankHoliday => {
    const e = raw as Record<string, unknown>
    if (typeof e?.date !== 'string' || !isIsoDate(e.date)) throw new Error(`Bank holiday event ${i + 1} has no valid "date"`)
    if (typeof e.title !== 'string' || e.title.trim() === '') throw new Error(`Bank holiday event ${i + 1} (${e.date}) has no "title"`)
    if (typeof e.notes !== 'string') throw new Error(`Bank holiday event ${i + 1} (${e.date}) has no "notes"`)
    if (typeof e.bunting !== 'boolean') throw new Error(`Bank holiday event ${i + 1} (${e.date}) has no "bunting"`)
    return { date: e.date, title: e.title, notes: e.notes, bunting: e.bunting, provisional: false }
  })
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.date === events[i - 1]!.date) throw new Error(`The bank holiday data lists ${events[i]!.date} twice`)
  }
  return events
}

export const PUBLISHED_BANK_HOLIDAYS: readonly BankHoliday[] = readGovUkEvents(govUk)

export const FIRST_YEAR_COVERED = yearOf(PUBLISHED_BANK_HOLIDAYS[0]!.date)
export const LAST_YEAR_COVERED = yearOf(PUBLISHED_BANK_HOLIDAYS[PUBLISHED_BANK_HOLIDAYS.length - 1]!.date)

/** Thrown for a year before the data: those holidays happened, and are not guessed from rules. */
export class CalendarYearNotCoveredError extends Error {
  readonly year: number
  constructor(year: number) {
    super(
      `Bank holidays for England and Wales are held from ${FIRST_YEAR_COVERED}, so working days in ${year} ` +
        `cannot be counted. Add ${year}'s dates from ${BANK_HOLIDAY_SOURCE.url} to methodology/calendar/bank-holidays.json.`,
    )
    this.name = 'CalendarYearNotCoveredError'
    this.year = year
  }
}

export function isYearCovered(year: number): boolean {
  return year >= FIRST_YEAR_COVERED && year <= LAST_YEAR_COVERED
}

/** A year after the published data, whose holidays come from the standing rules. */
export function isProvisionalYear(year: number): boolean {
  return year > LAST_YEAR_COVERED
}

/** Throws for a year before the data; every later year can be answered (provisionally beyond the data). */
export function assertYearKnown(year: number): void {
  if (year < FIRST_YEAR_COVERED) throw new CalendarYearNotCoveredError(year)
}

/** Whether anything from `from` to `to` (either order) relies on provisional holidays. */
export function spansProvisionalYears(from: IsoDate, to: IsoDate): boolean {
  return isProvisionalYear(Math.max(yearOf(from), yearOf(to)))
}

/** The last day the published data covers. */
export function publishedDataEnds(): IsoDate {
  return `${LAST_YEAR_COVERED}-12-31`
}

/**
 * Easter Sunday in the Gregorian calendar, by Oudin's computus (1940), as printed in the Explanatory
 * Supplement to the Astronomical Almanac. Integer arithmetic only.
 */
export function easterSunday(year: number): IsoDate {
  const div = (a: number, b: number) => Math.floor(a / b)
  const c = div(year, 100)
  const n = year - 19 * div(year, 19)
  const k = div(c - 17, 25)
  let i = c - div(c, 4) - div(c - k, 3) + 19 * n + 15
  i = i - 30 * div(i, 30)
  i = i - div(i, 28) * (1 - div(i, 28) * div(29, i + 1) * div(21 - n, 11))
  let j = year + div(year, 4) + i + 2 - c + div(c, 4)
  j = j - 7 * div(j, 7)
  const l = i - j
  const month = 3 + div(l + 40, 44)
  const day = l + 28 - 31 * div(month, 4)
  return formatYmd(year, month, day)
}

const SATURDAY = 6
const SUNDAY = 0
const MONDAY = 1

function weekday(year: number, month: number, day: number): number {
  return weekdayOfDayNumber(daysFromCivil(year, month, day))
}

/** The nth Monday of a month (n = 1 first), or the last when n is -1. */
function monday(year: number, month: number, n: 1 | -1): IsoDate {
  if (n === 1) return formatYmd(year, month, 1 + ((MONDAY - weekday(year, month, 1) + 7) % 7))
  const last = daysInMonth(year, month)
  return formatYmd(year, month, last - ((weekday(year, month, last) - MONDAY + 7) % 7))
}

function holiday(date: IsoDate, title: string, substitute = false, bunting = true): BankHoliday {
  return { date, title, notes: substitute ? 'Substitute day' : '', bunting, provisional: true }
}

/** A year's holidays from the standing rules alone, titled as GOV.UK titles them; always provisional. */
export function bankHolidaysByRule(year: number): BankHoliday[] {
  const newYear = weekday(year, 1, 1)
  const newYearDay = newYear === SATURDAY ? 3 : newYear === SUNDAY ? 2 : 1
  const easter = toDayNumber(easterSunday(year))
  // Christmas on a Saturday: both move to Monday 27 and Tuesday 28. On a Sunday: Boxing Day stays on Monday 26
  // and Christmas moves to Tuesday 27. On a Friday: Boxing Day (Saturday) moves to Monday 28.
  const christmas = weekday(year, 12, 25)
  const christmasDays =
    christmas === SATURDAY ? [holiday(formatYmd(year, 12, 27), 'Christmas Day', true), holiday(formatYmd(year, 12, 28), 'Boxing Day', true)]
    : christmas === SUNDAY ? [holiday(formatYmd(year, 12, 26), 'Boxing Day'), holiday(formatYmd(year, 12, 27), 'Christmas Day', true)]
    : christmas === 5 ? [holiday(formatYmd(year, 12, 25), 'Christmas Day'), holiday(formatYmd(year, 12, 28), 'Boxing Day', true)]
    : [holiday(formatYmd(year, 12, 25), 'Christmas Day'), holiday(formatYmd(year, 12, 26), 'Boxing Day')]
  return [
    holiday(formatYmd(year, 1, newYearDay), 'New Year’s Day', newYearDay !== 1),
    holiday(fromDayNumber(easter - 2), 'Good Friday', false, false),
    holiday(fromDayNumber(easter + 1), 'Easter Monday'),
    holiday(monday(year, 5, 1), 'Early May bank holiday'),
    holiday(monday(year, 5, -1), 'Spring bank holiday'),
    holiday(monday(year, 8, -1), 'Summer bank holiday'),
    ...christmasDays,
  ]
}

const byYear = new Map<number, readonly BankHoliday[]>()
for (const h of PUBLISHED_BANK_HOLIDAYS) byYear.set(yearOf(h.date), [...(byYear.get(yearOf(h.date)) ?? []), h])

/**
 * The year's bank holidays, in date order: GOV.UK's where the data runs, the standing rules (each marked
 * provisional) after it. Throws CalendarYearNotCoveredError for a year before the data.
 */
export function bankHolidaysIn(year: number): readonly BankHoliday[] {
  assertYearKnown(year)
  let holidays = byYear.get(year)
  if (holidays === undefined) {
    holidays = bankHolidaysByRule(year)
    byYear.set(year, holidays)
  }
  return holidays
}

/** Whether the date is a bank holiday in England and Wales (provisionally, after the data). */
export function isBankHoliday(date: IsoDate): boolean {
  toDayNumber(date)
  return bankHolidaysIn(yearOf(date)).some((h) => h.date === date)
}
