// Which column of an agency extract holds which part of an event. Detection reads the column
// headings (agencies name the same thing many ways) and the cells below them (the column whose cells
// read as dates is the date); the reviewer confirms or corrects the result before anything is saved.
import type { Cell } from './cell.js'
import { cellText, isEmptyCell } from './cell.js'
import { looksLikeDate, looksLikeTime } from './dates.js'

export type EventField = 'occurredAt' | 'time' | 'author' | 'category' | 'summary' | 'outcome' | 'recordedAt'

export const EVENT_FIELDS: readonly EventField[] = ['occurredAt', 'time', 'author', 'category', 'summary', 'outcome', 'recordedAt']

export const REQUIRED_FIELDS: readonly EventField[] = ['occurredAt', 'summary']

/** Event field to column heading. */
export type ColumnMapping = Partial<Record<EventField, string>>

export interface MappingProblem {
  path: string
  message: string
}

const FIELD_LABELS: Record<EventField, string> = {
  occurredAt: 'the date of each event',
  time: 'the time of each event',
  author: 'who recorded each event',
  category: 'the type of each event',
  summary: 'what happened',
  outcome: 'the outcome or action',
  recordedAt: 'when each entry was recorded',
}

// Heading words per field, as agencies write them (lower case, words separated by single spaces).
const SYNONYMS: Record<EventField, readonly string[]> = {
  occurredAt: [
    'date', 'when', 'entry date', 'event date', 'contact date', 'date of contact', 'date of event', 'date time',
    'datetime', 'date and time', 'attendance', 'attendance date',
    'occurrence', 'occurrence date', 'occurred', 'incident date', 'visit date', 'consultation date',
    'appointment date', 'timestamp', 'day',
  ],
  time: ['time', 'time of contact', 'time of event', 'start time', 'contact time', 'visit time', 'hh mm'],
  author: [
    'oic', 'officer in charge', 'officer in case', 'officer in the case', 'reporting officer', 'attending officer', 'recorder',
    'worker', 'worker role', 'officer', 'practitioner', 'staff', 'staff member', 'clinician', 'author',
    'dept', 'department', 'recorded by', 'entered by', 'created by', 'logged by', 'professional', 'role',
    'team', 'user', 'worker name', 'practitioner name', 'agency worker', 'job title', 'service', 'by whom', 'who', 'by',
  ],
  category: [
    'type', 'category', 'contact type', 'problem', 'visit type', 'incident type', 'event type', 'presenting complaint',
    'complaint', 'activity', 'activity type', 'subject', 'reason', 'classification', 'kind', 'entry type',
    'record type', 'case note type', 'topic', 'heading', 'code',
  ],
  summary: [
    'summary', 'details', 'detail', 'notes', 'note', 'narrative', 'observation', 'observations', 'description',
    'text', 'comments', 'comment', 'clinical note', 'clinical notes', 'record', 'entry', 'content', 'information',
    'case note', 'case notes', 'body', 'what happened', 'event',
  ],
  outcome: [
    'outcome', 'outcomes', 'action', 'actions', 'action taken', 'referral', 'result', 'decision', 'next steps',
    'follow up', 'response', 'plan', 'disposal',
  ],
  // When the entry was written, which may be days after the event (a late record is worth seeing).
  recordedAt: [
    'date recorded', 'recorded date', 'recorded on', 'recorded', 'date logged', 'logged', 'logged on', 'date entered', 'entered on',
    'entered', 'entry made', 'date of entry', 'date of recording', 'recording date', 'input date', 'date input', 'date created',
    'created', 'created on', 'date written', 'written on',
  ],
}

// A date heading with one of these words is probably not when the event happened.
const NOT_EVENT_DATE = new Set(['birth', 'dob', 'due', 'modified', 'updated', 'deleted', 'closed', 'end', 'expiry', 'review'])

/** Lower case, words only: 'entry_date' and 'EntryDate' both become 'entry date'. */
function normaliseHeading(heading: string): string {
  return heading
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/** 3 for a heading that is a synonym, 2 for one that contains a synonym as whole words, else 0. */
function headingScore(field: EventField, heading: string): number {
  if (heading === '') return 0
  const padded = ` ${heading} `
  let best = 0
  for (const synonym of SYNONYMS[field]) {
    if (heading === synonym) return 3
    if (padded.includes(` ${synonym} `)) best = Math.max(best, 2 + synonym.split(' ').length / 100)
  }
  if (field === 'occurredAt' && best > 0 && heading.split(' ').some((w) => NOT_EVENT_DATE.has(w))) return best - 1.5
  return best
}

interface ColumnProfile {
  heading: string
  filled: number
  dateShare: number
  timeShare: number
  averageLength: number
}

function profileColumns(headers: readonly string[], sampleRows: readonly (readonly (Cell | undefined)[])[]): ColumnProfile[] {
  return headers.map((header, col) => {
    let filled = 0
    let dates = 0
    let times = 0
    let length = 0
    for (const row of sampleRows) {
      const cell = row[col]
      if (cell === undefined || isEmptyCell(cell)) continue
      filled++
      const isDate = looksLikeDate(cell)
      if (isDate) dates++
      else if (looksLikeTime(cell)) times++
      length += cellText(cell)?.length ?? 0
    }
    return {
      heading: normaliseHeading(header),
      filled,
      dateShare: filled === 0 ? 0 : dates / filled,
      timeShare: filled === 0 ? 0 : times / filled,
      averageLength: filled === 0 ? 0 : length / filled,
    }
  })
}

/** How well a column suits a field, or null when it does not. */
function fieldScore(field: EventField, column: ColumnProfile): number | null {
  const name = headingScore(field, column.heading)
  switch (field) {
    case 'occurredAt':
      if (column.dateShare >= 0.6) return name + 2 * column.dateShare
      if (name >= 2 && (column.filled === 0 || column.dateShare >= 0.2)) return name + 2 * column.dateShare
      return null
    case 'time':
      if (name > 0 && (column.filled === 0 || column.timeShare >= 0.6)) return name + 2 * column.timeShare
      if (column.filled >= 3 && column.timeShare >= 0.9) return 1 + column.timeShare
      return null
    case 'recordedAt':
      // Only a heading that says so: any other date column is more likely the event's date.
      if (name < 2 || (column.filled > 0 && column.dateShare < 0.6)) return null
      return name + 2 * column.dateShare
    case 'summary':
      if (column.dateShare >= 0.6 || name === 0) return null
      return name + Math.min(column.averageLength / 80, 1)
    default:
      if (column.dateShare >= 0.6 || name === 0) return null
      return name
  }
}

// When two claims score the same, the field that matters more wins.
const FIELD_PRIORITY: Record<EventField, number> = { occurredAt: 0, summary: 1, time: 2, category: 3, author: 4, outcome: 5, recordedAt: 6 }

/**
 * A first guess at the mapping from the headings and a sample of rows. Each column is used for one
 * field at most; fields with no likely column are left out.
 */
export function detectMapping(headers: readonly string[], sampleRows: readonly (readonly (Cell | undefined)[])[]): ColumnMapping {
  const columns = profileColumns(headers, sampleRows)
  const claims: { field: EventField; col: number; score: number }[] = []
  columns.forEach((column, col) => {
    for (const field of EVENT_FIELDS) {
      const score = fieldScore(field, column)
      if (score !== null) claims.push({ field, col, score })
    }
  })
  claims.sort((a, b) => b.score - a.score || FIELD_PRIORITY[a.field] - FIELD_PRIORITY[b.field] || a.col - b.col)
  const mapping: ColumnMapping = {}
  const used = new Set<number>()
  for (const claim of claims) {
    if (mapping[claim.field] !== undefined || used.has(claim.col)) continue
    mapping[claim.field] = headers[claim.col] as string
    used.add(claim.col)
  }
  // The only date column is the event's date, whatever its heading says ("Date logged" in a police log).
  if (mapping.occurredAt === undefined && mapping.recordedAt !== undefined) {
    mapping.occurredAt = mapping.recordedAt
    delete mapping.recordedAt
  }
  // No heading says "date" or "summary": fall back on what the cells hold.
  if (mapping.occurredAt === undefined) {
    const col = bestUnused(columns, used, (c) => (c.dateShare >= 0.6 ? c.dateShare : null))
    if (col >= 0) {
      mapping.occurredAt = headers[col] as string
      used.add(col)
    }
  }
  if (mapping.summary === undefined) {
    const col = bestUnused(columns, used, (c) => (c.dateShare < 0.6 && c.averageLength >= 10 ? c.averageLength : null))
    if (col >= 0) mapping.summary = headers[col] as string
  }
  return orderedMapping(mapping)
}

function bestUnused(columns: ColumnProfile[], used: Set<number>, score: (c: ColumnProfile) => number | null): number {
  let best = -1
  let bestScore = -Infinity
  columns.forEach((column, col) => {
    if (used.has(col)) return
    const s = score(column)
    if (s !== null && s > bestScore) {
      best = col
      bestScore = s
    }
  })
  return best
}

function orderedMapping(mapping: ColumnMapping): ColumnMapping {
  const ordered: ColumnMapping = {}
  for (const field of EVENT_FIELDS) {
    const header = mapping[field]
    if (header !== undefined) ordered[field] = header
  }
  return ordered
}

/**
 * The index of a column heading: the exact heading, or else the one heading that matches ignoring
 * case and surrounding spaces. -1 when there is none.
 */
export function resolveColumn(header: string, headers: readonly string[]): number {
  const exact = headers.indexOf(header)
  if (exact >= 0) return exact
  const wanted = header.trim().toLowerCase()
  let found = -1
  for (let i = 0; i < headers.length; i++) {
    if ((headers[i] as string).trim().toLowerCase() !== wanted) continue
    if (found >= 0) return -1
    found = i
  }
  return found
}

function listHeadings(headers: readonly string[]): string {
  return headers.map((h) => `'${h}'`).join(', ')
}

/** Every problem with a mapping, each naming the field and what is wrong. Empty when it can be used. */
export function validateMapping(mapping: Readonly<Record<string, unknown>>, headers: readonly string[]): MappingProblem[] {
  const problems: MappingProblem[] = []
  for (const [field, header] of Object.entries(mapping)) {
    const path = `mapping.${field}`
    if (!(EVENT_FIELDS as readonly string[]).includes(field)) {
      problems.push({ path, message: `'${field}' is not an event field. Use ${EVENT_FIELDS.join(', ')}` })
      continue
    }
    if (header === undefined || header === null || header === '') continue
    if (typeof header !== 'string') {
      problems.push({ path, message: `Give the column for ${FIELD_LABELS[field as EventField]} as its heading` })
      continue
    }
    if (resolveColumn(header, headers) < 0) {
      problems.push({ path, message: `There is no column called '${header}' in the file. The columns are: ${listHeadings(headers)}` })
    }
  }
  for (const field of REQUIRED_FIELDS) {
    const header = mapping[field]
    if (header === undefined || header === null || header === '') {
      problems.push({ path: `mapping.${field}`, message: `Choose the column that holds ${FIELD_LABELS[field]}. The columns are: ${listHeadings(headers)}` })
    }
  }
  return problems
}
