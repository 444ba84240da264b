// An independent derivation of England and Wales bank holidays from the standing rules, written with
// JavaScript's own Date rather than the module's date code or computus, plus the one-off changes GOV.UK
// announced. The calendar tests hold both the data and the module's rules to it.
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d))
const iso = (date: Date) => date.toISOString().slice(0, 10)
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000)

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher); the module uses Oudin's. */
export function modelEasterSunday(year: number): string {
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
  return iso(utc(year, month, day))
}

function firstMonday(year: number, month: number): Date {
  const first = utc(year, month, 1)
  return plusDays(first, (8 - first.getUTCDay()) % 7)
}

function lastMonday(year: number, month: number): Date {
  const last = utc(year, month + 1, 0)
  return plusDays(last, -((last.getUTCDay() + 6) % 7))
}

/** The year's holiday dates by the standing rules alone, in order. */
export function modelByRule(year: number): string[] {
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
  const easter = new Date(`${modelEasterSunday(year)}T00:00:00Z`)
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

/** Holidays GOV.UK moved or added by proclamation, which no rule foresees. */
export const ONE_OFF_CHANGES: Record<number, { remove: string[]; add: string[] }> = {
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] },
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] },
  2023: { remove: [], add: ['2023-05-08'] },
}

/** The published dates the model expects for a year of the data. */
export function modelPublished(year: number): string[] {
  const change = ONE_OFF_CHANGES[year] ?? { remove: [], add: [] }
  return [...modelByRule(year).filter((d) => !change.remove.includes(d)), ...change.add].sort()
}
