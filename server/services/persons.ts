// The person register: import from CSV, add, change and remove one person. Only the lead reviewer and
// review team reach these (persons.manage); audit rows hold counts and ids, never names.
import { parse as parseCsv, CsvError } from 'csv-parse/sync'
import { REGISTER_COLUMNS, parsePersonRows, type RegisterPerson, type RegisterProblem } from '../../methodology/redaction/person-register.js'
import { nameParts } from '../../methodology/redaction/register-forms.js'
import { fold, foldedWords } from '../../methodology/redaction/text-tokens.js'
import { BadInput, NotFound, type ErrorDetail } from '../errors.js'
import { deletePerson, findPerson, insertPersons, listPersons, updatePerson } from '../data/persons.js'
import type { Person } from '../data/schema.js'
import { decodeText } from '../text-extraction/uploaded-text.js'
import { recordAudit } from './audit.js'
import { bumpContentVersion } from '../data/review-standing.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { auditRead } from './read-audit.js'
import { requireCapability } from './capability.js'
import type { ReviewViewer } from './viewer.js'

export type PersonField = (typeof REGISTER_COLUMNS)[number]
export type PersonInput = Partial<Record<PersonField, unknown>>

export const PERSON_FIELDS: readonly PersonField[] = REGISTER_COLUMNS
const MAX_PEOPLE = 2000
const MAX_LENGTH: Record<PersonField, number> = {
  real_name: 200, role: 300, pseudonym: 100, date_of_birth: 20, nhs_number: 20, address: 500, postcode: 12, phone: 30, staff_number: 30,
}

export function toRegisterPerson(p: Person): RegisterPerson {
  return {
    realName: p.real_name, role: p.role, pseudonym: p.pseudonym, dateOfBirth: p.date_of_birth,
    nhsNumber: p.nhs_number, address: p.address, postcode: p.postcode, phone: p.phone, staffNumber: p.staff_number,
  }
}

function columnKey(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_')
}

function rowPath(problem: RegisterProblem): string {
  return problem.row === 0 ? `header, column ${problem.column}` : `row ${problem.row}, column ${problem.column}`
}

/** A problem in a file, its place named in the message too: the page's error summary shows messages only. */
function located(path: string, message: string): ErrorDetail {
  return { path, message: `${path.charAt(0).toUpperCase()}${path.slice(1)}: ${message}` }
}

/** Problems that only show against the people already in the register: a pseudonym used twice, or one holding a real name. */
function registerClashes(incoming: readonly RegisterPerson[], existing: readonly RegisterPerson[]): { index: number; message: string }[] {
  const clashes: { index: number; message: string }[] = []
  const takenPseudonyms = new Set(existing.map((p) => fold(p.pseudonym)))
  const nameWords = (people: readonly RegisterPerson[]) => new Set(people.flatMap((p) => {
    const parts = nameParts(p.realName)
    return [...parts.givenNames, parts.surname ?? ''].flatMap(foldedWords)
  }))
  const existingNames = nameWords(existing)
  incoming.forEach((person, index) => {
    if (takenPseudonyms.has(fold(person.pseudonym))) clashes.push({ index, message: `Pseudonym ${person.pseudonym} is already in the register: choose another` })
    else if (foldedWords(person.pseudonym).some((w) => existingNames.has(w))) clashes.push({ index, message: "Pseudonym must not contain anyone's real name" })
  })
  const incomingNames = nameWords(incoming)
  const exposed = existing.filter((p) => foldedWords(p.pseudonym).some((w) => incomingNames.has(w)))
  for (const p of exposed) clashes.push({ index: -1, message: `The pseudonym ${p.pseudonym}, already in the register, contains a real name in this file: change that pseudonym first` })
  return clashes
}

// Reading the CSV ------------------------------------------------------------------------------------------

function readCsv(bytes: Buffer): Record<string, string>[] {
  const fail = (message: string, path = 'file'): never => {
    throw new BadInput(`The person register was not imported. ${message}`, [{ path, message }])
  }
  const text = decodeText(bytes)
  if (text === null) fail('The file is not a CSV file: save the register as CSV (comma separated) and upload it again')
  if (text!.trim() === '') fail('The file is empty')
  let records: string[][]
  try {
    records = parseCsv(text!, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as string[][]
  } catch (error) {
    if (error instanceof CsvError) fail(`The file is not valid CSV near line ${(error as CsvError & { lines?: number }).lines ?? '?'}: check for a quotation mark that is not closed`)
    throw error
  }
  const [header, ...rows] = records
  if (!header) return fail('The file is empty')
  const keys = header.map(columnKey)
  const details: ErrorDetail[] = []
  keys.forEach((key, i) => {
    if (!(REGISTER_COLUMNS as readonly string[]).includes(key)) {
      details.push(located(`header, column ${header[i] ?? ''}`, `"${header[i] ?? ''}" is not a column the register holds. The columns are ${REGISTER_COLUMNS.join(', ')}`))
    } else if (keys.indexOf(key) !== i) details.push(located(`header, column ${key}`, `${key} appears twice`))
  })
  if (rows.length === 0) details.push({ path: 'file', message: 'The file has a header but no people' })
  if (rows.length > MAX_PEOPLE) details.push({ path: 'file', message: `The file has ${rows.length} people; a register holds at most ${MAX_PEOPLE}` })
  rows.forEach((cells, i) => {
    if (cells.length !== header.length && cells.some((c) => c.trim() !== '')) {
      details.push(located(`row ${i + 1}`, `${cells.length} cells but the header has ${header.length} columns: check for a comma that needs quotation marks`))
    }
  })
  if (details.length) throw new BadInput('The person register was not imported. Nothing was imported: correct the file and upload it again.', details)
  return rows.map((cells) => Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? ''])))
}

function tooLong(rows: Record<string, string>[]): ErrorDetail[] {
  const details: ErrorDetail[] = []
  rows.forEach((row, i) => {
    for (const column of REGISTER_COLUMNS) {
      if ((row[column] ?? '').length > MAX_LENGTH[column]) details.push(located(`row ${i + 1}, column ${column}`, `must be ${MAX_LENGTH[column]} characters or fewer`))
    }
  })
  return details
}

/** Imports every row of the CSV, or nothing: each problem names its row and column. */
export async function importPersonsCsv(ctx: ServiceContext, actor: Actor, reviewId: string, bytes: Buffer): Promise<{ imported: number }> {
  const rows = readCsv(bytes)
  const { persons, problems } = parsePersonRows(rows)
  const details: ErrorDetail[] = [...tooLong(rows), ...problems.map((p) => located(rowPath(p), p.message))]
  // parsePersonRows leaves out rows of empty cells; keep the file's row numbers for the register clashes.
  const rowOf = rows.map((r, i) => (Object.values(r).every((v) => v.trim() === '') ? -1 : i + 1)).filter((n) => n > 0)
  return ctx.db.transaction().execute(async (trx) => {
    const existing = (await listPersons(trx, reviewId)).map(toRegisterPerson)
    if (problems.length === 0) {
      for (const clash of registerClashes(persons, existing)) {
        details.push(clash.index < 0 ? { path: 'file', message: clash.message } : located(`row ${rowOf[clash.index] ?? '?'}, column pseudonym`, clash.message))
      }
    }
    if (persons.length === 0 && details.length === 0) details.push({ path: 'file', message: 'The file has no people in it' })
    if (existing.length + persons.length > MAX_PEOPLE) details.push({ path: 'file', message: `A register holds at most ${MAX_PEOPLE} people` })
    if (details.length) throw new BadInput('The person register was not imported. Nothing was imported: correct the rows listed and upload the file again.', details)
    const at = nowIso(ctx)
    await insertPersons(trx, persons.map((p) => personRow(ctx.newId(), reviewId, p, at)))
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'persons.import', reviewId, objectType: 'person-register', objectId: reviewId, details: { imported: persons.length } })
    return { imported: persons.length }
  })
}

function personRow(id: string, reviewId: string, p: RegisterPerson, at: string): Person {
  return {
    id, review_id: reviewId, real_name: p.realName, role: p.role, pseudonym: p.pseudonym, date_of_birth: p.dateOfBirth,
    nhs_number: p.nhsNumber, address: p.address, postcode: p.postcode, phone: p.phone, staff_number: p.staffNumber ?? null, created_at: at, updated_at: at,
  }
}

// One person ---------------------------------------------------------------------------------------------

/** Validates one person given with the CSV's field names; problems are reported by field name. */
function validatePerson(input: PersonInput, existing: readonly RegisterPerson[]): RegisterPerson {
  const details: ErrorDetail[] = []
  const row: Record<string, string> = {}
  for (const field of REGISTER_COLUMNS) {
    const value = input[field]
    if (value === undefined || value === null) row[field] = ''
    else if (typeof value === 'string') row[field] = value
    else details.push({ path: field, message: `${field} must be text` })
    if ((row[field] ?? '').length > MAX_LENGTH[field]) details.push({ path: field, message: `${field} must be ${MAX_LENGTH[field]} characters or fewer` })
  }
  if (details.length) throw new BadInput('There is a problem with the person’s details', details)
  const { persons, problems } = parsePersonRows([row])
  for (const p of problems) details.push({ path: p.column, message: p.message })
  const person = persons[0]
  if (!person && problems.length === 0) {
    details.push({ path: 'real_name', message: "Enter the person's real name" }, { path: 'pseudonym', message: 'Enter a pseudonym, like Child D or Mother' })
  }
  if (person && details.length === 0) for (const clash of registerClashes([person], existing)) details.push({ path: 'pseudonym', message: clash.message })
  if (details.length || !person) throw new BadInput('There is a problem with the person’s details', details)
  return person
}

export async function addPerson(ctx: ServiceContext, actor: Actor, reviewId: string, input: PersonInput): Promise<Person> {
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await listPersons(trx, reviewId)
    if (existing.length >= MAX_PEOPLE) throw new BadInput(`A register holds at most ${MAX_PEOPLE} people`)
    const person = personRow(ctx.newId(), reviewId, validatePerson(input, existing.map(toRegisterPerson)), nowIso(ctx))
    await insertPersons(trx, [person])
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'persons.add', reviewId, objectType: 'person', objectId: person.id })
    return person
  })
}

export async function requirePerson(ctx: Pick<ServiceContext, 'db'>, reviewId: string, personId: string): Promise<Person> {
  const person = await findPerson(ctx.db, reviewId, personId)
  if (!person) throw new NotFound('There is no such person in this review’s register')
  return person
}

export async function changePerson(ctx: ServiceContext, actor: Actor, reviewId: string, personId: string, input: PersonInput): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const everyone = await listPersons(trx, reviewId)
    if (!everyone.some((p) => p.id === personId)) throw new NotFound('There is no such person in this review’s register')
    const others = everyone.filter((p) => p.id !== personId).map(toRegisterPerson)
    const p = validatePerson(input, others)
    await updatePerson(trx, reviewId, personId, {
      real_name: p.realName, role: p.role, pseudonym: p.pseudonym, date_of_birth: p.dateOfBirth, nhs_number: p.nhsNumber,
      address: p.address, postcode: p.postcode, phone: p.phone, staff_number: p.staffNumber ?? null, updated_at: nowIso(ctx),
    })
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'persons.change', reviewId, objectType: 'person', objectId: personId })
  })
}

export async function removePerson(ctx: ServiceContext, actor: Actor, reviewId: string, personId: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    if ((await deletePerson(trx, reviewId, personId)) === 0) throw new NotFound('There is no such person in this review’s register')
    await bumpContentVersion(trx, reviewId)
    await recordAudit(trx, ctx.clock, actor, { action: 'persons.remove', reviewId, objectType: 'person', objectId: personId })
  })
}

export { listPersons }

/** The person register as its page and the API show it: real identities, for those who may see them; audited. */
export async function personsFor(ctx: ServiceContext, viewer: ReviewViewer): Promise<Person[]> {
  requireCapability(viewer, 'persons.view')
  const persons = await listPersons(ctx.db, viewer.reviewId)
  await auditRead(ctx, viewer, { action: 'persons.view', objectType: 'person-register', objectId: viewer.reviewId, details: { persons: persons.length } })
  return persons
}
