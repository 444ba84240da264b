// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), by arithmetic alone: parsing
// thousands of rows creates no Date objects, and no time zone can shift a day.

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** '00' to '99', so building a date string needs no padding call. */
export const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)))

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
}

export function pad4(year: number): string {
  return year >= 1000 ? String(year) : String(year).padStart(4, '0')
}

export function formatYmd(year: number, month: number, day: number): string {
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

/** Year, month and day of a YYYY-MM-DD string this module (or the date parser) wrote. */
export function splitYmd(date: string): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

export function dayNumberOf(date: string): number {
  const { year, month, day } = splitYmd(date)
  return daysFromCivil(year, month, day)
}

export function dateOfDayNumber(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber)
  return formatYmd(year, month, day)
}
