// Reading dates typed into GOV.UK date inputs (day, month, year boxes) or ISO strings, with field-level messages.
import type { ErrorDetail } from '../errors.js'

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/

function realDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** Parses YYYY-MM-DD; pushes a message naming the field when it is not a real date. */
export function parseIsoDate(raw: string, path: string, label: string, details: ErrorDetail[]): string | null {
  const value = raw.trim()
  const m = ISO.exec(value)
  if (!m) {
    details.push({ path, message: value ? `${label} must be a date like 2020-06-12` : `Enter ${label.toLowerCase()}` })
    return null
  }
  if (!realDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    details.push({ path, message: `${label} must be a real date` })
    return null
  }
  return value
}

/** Joins the three boxes of a GOV.UK date input into YYYY-MM-DD, or '' when all are empty. */
export function joinDateParts(day: string | undefined, month: string | undefined, year: string | undefined): string {
  const d = (day ?? '').trim()
  const m = (month ?? '').trim()
  const y = (year ?? '').trim()
  if (!d && !m && !y) return ''
  return `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
}
