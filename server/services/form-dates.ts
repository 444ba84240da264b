// Reading dates typed into GOV.UK date inputs (day, month, year boxes) or ISO strings, with field-level messages.
import type { ErrorDetail } from '../errors.js'

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

const PARTS = /^(\d*)-(\d*)-(\d*)$/

/**
 * Parses YYYY-MM-DD (as joinDateParts makes it from a GOV.UK date input, or as the API sends it); pushes a message
 * naming the field, in the GOV.UK pattern, when it is missing, incomplete or not a real date.
 */
export function parseIsoDate(raw: string, path: string, label: string, details: ErrorDetail[]): string | null {
  const value = raw.trim()
  if (!value) {
    details.push({ path, message: `Enter ${label.toLowerCase()}` })
    return null
  }
  const m = ISO.exec(value)
  if (!m) {
    details.push({ path, message: partsProblem(value, label) ?? `${label} must be a real date, like 2020-06-12` })
    return null
  }
  if (!realDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    details.push({ path, message: `${label} must be a real date` })
    return null
  }
  return value
}

/** For a date typed into day, month and year boxes: which part is missing or wrong, as GOV.UK words it. */
function partsProblem(value: string, label: string): string | null {
  const p = PARTS.exec(value)
  if (!p) return /^[^-]*-[^-]*-[^-]*$/.test(value) ? `${label} must be a real date` : null
  const [, y = '', mo = '', d = ''] = p
  const missing = [d ? '' : 'day', mo ? '' : 'month', y ? '' : 'year'].filter(Boolean)
  if (missing.length > 0) return `${label} must include a ${missing.join(' and ')}`
  if (y.length !== 4) return `${label} must include a year with 4 numbers`
  return `${label} must be a real date`
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** One box as people type it: spaces anywhere, leading zeros or not, "3rd", a month as a name ("Feb", "September"). */
function tidyPart(raw: string | undefined, kind: 'day' | 'month' | 'year'): string {
  let v = (raw ?? '').replace(/\s+/g, '').toLowerCase()
  if (kind === 'day') v = v.replace(/^(\d{1,2})(st|nd|rd|th)$/, '$1')
  if (kind === 'month' && /^[a-z]{3,}\.?$/.test(v)) {
    const i = MONTH_NAMES.indexOf(v.slice(0, 3))
    if (i >= 0) v = String(i + 1)
  }
  if (kind !== 'year' && /^\d{1,2}$/.test(v)) v = v.padStart(2, '0')
  if (kind !== 'year' && /^0\d{2}$/.test(v)) v = v.slice(1)
  return v
}

/**
 * Joins the three boxes of a GOV.UK date input into YYYY-MM-DD, or '' when all are empty. What cannot be made
 * a date is kept (an empty part stays empty) so parseIsoDate can say which part is missing or wrong.
 */
export function joinDateParts(day: string | undefined, month: string | undefined, year: string | undefined): string {
  const d = tidyPart(day, 'day')
  const m = tidyPart(month, 'month')
  const y = tidyPart(year, 'year')
  if (!d && !m && !y) return ''
  return `${y}-${m}-${d}`
}

/** A date from a query string or form: the three boxes of a date input named `name`, or one YYYY-MM-DD value. */
export function dateValue(values: Record<string, unknown>, name: string): string {
  const one = (key: string): string | undefined => {
    const v = values[key]
    const first = Array.isArray(v) ? v[0] : v
    return typeof first === 'string' ? first : undefined
  }
  const joined = joinDateParts(one(`${name}-day`), one(`${name}-month`), one(`${name}-year`))
  return joined || (one(name) ?? '').trim()
}

/** YYYY-MM-DD as the three boxes of a date input show it. */
export function dateInputParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! } : { day: '', month: '', year: '' }
}

/** The boxes of date input `name` as the form shows them: what was typed, if anything was, else the stored date. */
export function dateInputValues(values: Record<string, unknown> | null | undefined, name: string): { day: string; month: string; year: string } {
  const v = values ?? {}
  const typed = (k: string) => (typeof v[`${name}-${k}`] === 'string' ? (v[`${name}-${k}`] as string) : undefined)
  if (typed('day') !== undefined || typed('month') !== undefined || typed('year') !== undefined) {
    return { day: typed('day') ?? '', month: typed('month') ?? '', year: typed('year') ?? '' }
  }
  return dateInputParts(typeof v[name] === 'string' ? (v[name] as string) : null)
}
