// The review's person register: real identities, their pseudonyms and identifiers, read from CSV-style rows.

import {
  formatNhsNumber,
  formatPostcode,
  hasValidNhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUkPhone,
} from './identifier-patterns.js'
import { nameParts } from './register-forms.js'
import { fold, foldedWords } from './text-tokens.js'

export interface RegisterPerson {
  realName: string
  role: string | null
  pseudonym: string
  /** YYYY-MM-DD */
  dateOfBirth: string | null
  /** Written `999 482 7316`. */
  nhsNumber: string | null
  address: string | null
  /** Written `ZZ99 4QT`. */
  postcode: string | null
  phone: string | null
  /** A staff, payroll or police warrant number, as recorded; found in text with any separators. */
  staffNumber?: string | null
}

/** `row` is the 1-based data row (the header is not counted); row 0 means the header itself. */
export interface RegisterProblem {
  row: number
  column: string
  message: string
}

export const REGISTER_COLUMNS = [
  'real_name', 'role', 'pseudonym', 'date_of_birth', 'nhs_number', 'address', 'postcode', 'phone', 'staff_number',
] as const

type RegisterColumn = (typeof REGISTER_COLUMNS)[number]

const REQUIRED_COLUMNS: RegisterColumn[] = ['real_name', 'pseudonym']

// Headers as people type them ("Real name", "NHS Number", a stray BOM) map to the column names.
function columnKey(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_')
}

function cleanRow(row: Record<string, string>): Partial<Record<RegisterColumn, string>> {
  const out: Partial<Record<RegisterColumn, string>> = {}
  for (const [header, value] of Object.entries(row)) {
    const key = columnKey(header)
    if ((REGISTER_COLUMNS as readonly string[]).includes(key)) out[key as RegisterColumn] = (value ?? '').trim()
  }
  return out
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
  if (day > days) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** ISO `YYYY-MM-DD`, or `DD/MM/YYYY` as exported from spreadsheets; null when not a real date. */
export function parseDateOfBirth(value: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)
  if (dmy) return isoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]))
  return null
}

export function parsePersonRows(rows: Record<string, string>[]): { persons: RegisterPerson[]; problems: RegisterProblem[] } {
  const persons: RegisterPerson[] = []
  const problems: RegisterProblem[] = []
  const first = rows[0]
  if (first) {
    const present = new Set(Object.keys(first).map(columnKey))
    const missing = REQUIRED_COLUMNS.filter((c) => !present.has(c))
    for (const column of missing) problems.push({ row: 0, column, message: `The file has no ${column} column` })
    if (missing.length > 0) return { persons, problems }
  }

  const pseudonymRows = new Map<string, number>()
  const personRows: number[] = []
  rows.forEach((raw, index) => {
    const row = index + 1
    const cells = cleanRow(raw)
    if (Object.values(cells).every((v) => v === '')) return // a row of empty cells is not a person
    const problem = (column: RegisterColumn, message: string): void => {
      problems.push({ row, column, message })
    }

    const realName = (cells.real_name ?? '').replace(/\s+/g, ' ')
    const pseudonym = (cells.pseudonym ?? '').replace(/\s+/g, ' ')
    if (realName === '' || foldedWords(realName).length === 0) problem('real_name', "Enter the person's real name")
    if (pseudonym === '') problem('pseudonym', 'Enter a pseudonym, like Child D or Mother')

    let dateOfBirth: string | null = null
    if (cells.date_of_birth) {
      dateOfBirth = parseDateOfBirth(cells.date_of_birth)
      if (!dateOfBirth) problem('date_of_birth', 'Date of birth must be a real date, like 2018-08-14')
    }

    let nhsNumber: string | null = null
    if (cells.nhs_number) {
      const digits = normaliseNhsNumber(cells.nhs_number)
      if (!digits) problem('nhs_number', 'NHS number must be 10 digits, like 999 482 7316')
      else if (!hasValidNhsCheckDigit(digits)) problem('nhs_number', 'NHS number is not valid: check it for typing errors')
      else nhsNumber = formatNhsNumber(digits)
    }

    let postcode: string | null = null
    if (cells.postcode) {
      const compact = normalisePostcode(cells.postcode)
      if (!compact) problem('postcode', 'Enter a real postcode, like ZZ99 4QT')
      else postcode = formatPostcode(compact)
    }

    let phone: string | null = null
    if (cells.phone) {
      if (!normaliseUkPhone(cells.phone)) problem('phone', 'Enter a UK phone number, like 07700 900412')
      else phone = cells.phone.replace(/\s+/g, ' ')
    }

    let staffNumber: string | null = null
    if (cells.staff_number) {
      const value = cells.staff_number.replace(/\s+/g, ' ')
      // Found in text by its letters and digits; fewer than four, or no digit, would match ordinary words and numbers.
      if (!/\p{N}/u.test(value) || value.replace(/[^\p{L}\p{N}]/gu, '').length < 4) {
        problem('staff_number', 'Staff or payroll number must have at least 4 letters and digits, including a digit, like E104522')
      } else staffNumber = value
    }

    if (pseudonym !== '') {
      const key = fold(pseudonym)
      const earlier = pseudonymRows.get(key)
      if (earlier !== undefined) problem('pseudonym', `Pseudonym is already used in row ${earlier}`)
      else pseudonymRows.set(key, row)
    }

    if (realName === '' || pseudonym === '') return
    persons.push({
      realName,
      role: cells.role ? cells.role : null,
      pseudonym,
      dateOfBirth,
      nhsNumber,
      address: cells.address ? cells.address.replace(/\s+/g, ' ') : null,
      postcode,
      phone,
      staffNumber,
    })
    personRows.push(row)
  })

  // A pseudonym holding anyone's real name would put that name back into a published text.
  const nameWords = new Set(
    persons.flatMap((p) => {
      const parts = nameParts(p.realName)
      return [...parts.givenNames, parts.surname ?? ''].flatMap(foldedWords)
    }),
  )
  persons.forEach((person, i) => {
    if (foldedWords(person.pseudonym).some((w) => nameWords.has(w))) {
      problems.push({ row: personRows[i] ?? 0, column: 'pseudonym', message: "Pseudonym must not contain anyone's real name" })
    }
  })

  problems.sort((a, b) => a.row - b.row)
  return { persons, problems }
}
