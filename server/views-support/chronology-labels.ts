// Words and options the chronology pages show: dates at the precision the agency gave, flags as tags,
// import states, and the choices on the import settings form.
import type { EventField } from '../../methodology/chronology/mapping.js'
import type { ImportStatus } from '../data/tables/chronology.js'
import { formatLocalDate } from './handlebars.js'

export interface Tag {
  text: string
  colour: string
}

/** When an event happened, no more precisely than the agency recorded it. */
export function whenText(e: { date: string; time: string | null; precision: string }): string {
  switch (e.precision) {
    case 'minute': return `${formatLocalDate(e.date)}, ${e.time ?? ''}`.replace(/, $/, '')
    case 'week': return `Week of ${formatLocalDate(e.date)}`
    case 'month': return formatLocalDate(e.date.slice(0, 7))
    case 'year': return e.date.slice(0, 4)
    default: return formatLocalDate(e.date)
  }
}

/** A date stored as the API gives it (YYYY-MM-DDTHH:mm, YYYY-MM-DD, YYYY-MM or YYYY), in words. */
export function storedDateText(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return whenText({ date: value.slice(0, 10), time: value.slice(11, 16), precision: 'minute' })
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return whenText({ date: value, time: null, precision: 'day' })
  if (/^\d{4}-\d{2}$/.test(value)) return whenText({ date: `${value}-01`, time: null, precision: 'month' })
  return value
}

const PRECISION_TAGS: Record<string, Tag> = {
  week: { text: 'Week only', colour: 'yellow' },
  month: { text: 'Month only', colour: 'yellow' },
  year: { text: 'Year only', colour: 'yellow' },
}

export function precisionTag(precision: string): Tag | null {
  return PRECISION_TAGS[precision] ?? null
}

const FLAG_TAGS: Record<string, Tag> = {
  'exact-duplicate': { text: 'Exact duplicate', colour: 'orange' },
  'outside-period': { text: 'Outside review period', colour: 'grey' },
}

/** Tags for an event's flags; reduced precision shows as its own tag beside the date. */
export function flagTags(flags: readonly string[], extra: { significant?: boolean; suggested?: boolean; linked?: boolean } = {}): Tag[] {
  const tags: Tag[] = []
  if (extra.significant) tags.push({ text: 'Significant', colour: 'purple' })
  for (const f of flags) {
    const tag = FLAG_TAGS[f]
    if (tag) tags.push(tag)
  }
  if (extra.linked) tags.push({ text: 'Linked episode', colour: 'turquoise' })
  else if (extra.suggested) tags.push({ text: 'Suggested episode', colour: 'blue' })
  return tags
}

export const FLAG_FILTER_OPTIONS = [
  { value: 'significant', text: 'Marked significant' },
  { value: 'exact-duplicate', text: 'Exact duplicates' },
  { value: 'outside-period', text: 'Outside the review period' },
  { value: 'reduced-precision', text: 'Dated only to a week, month or year' },
  { value: 'suggested-episode', text: 'In a suggested episode' },
  { value: 'linked', text: 'Linked to other agencies’ records' },
]

export const IMPORT_STATUS_TAGS: Record<ImportStatus, Tag> = {
  analysing: { text: 'Being checked', colour: 'blue' },
  previewed: { text: 'Waiting to be committed', colour: 'yellow' },
  committed: { text: 'In the chronology', colour: 'green' },
  'rolled-back': { text: 'Rolled back', colour: 'grey' },
  failed: { text: 'Could not be used', colour: 'red' },
  discarded: { text: 'Discarded', colour: 'grey' },
}

export const FIELD_LABELS: Record<EventField, { label: string; hint: string }> = {
  occurredAt: { label: 'Date of each event', hint: 'Required. May hold the time too' },
  time: { label: 'Time', hint: 'Only if the time is in a separate column' },
  author: { label: 'Recorded by', hint: 'The practitioner, role or team' },
  category: { label: 'Type of event', hint: 'For example, home visit or phone call' },
  summary: { label: 'What happened', hint: 'Required. The note or narrative' },
  outcome: { label: 'Outcome or action', hint: 'Optional' },
  recordedAt: { label: 'Date recorded', hint: 'Optional. When the entry was written, if the file says' },
}

export const DATE_FORMAT_OPTIONS = [
  { value: 'DD/MM/YYYY', text: 'Day first, such as 31/01/2020 (also 31-01-2020)' },
  { value: 'DD/MM/YY', text: 'Day first with a 2-digit year, such as 31/01/20' },
  { value: 'DD/MM/YYYY HH:mm', text: 'Day first with a time, such as 31/01/2020 14:05' },
  { value: 'MM/DD/YYYY', text: 'Month first (American), such as 01/31/2020' },
  { value: 'YYYY-MM-DD', text: 'Year first, such as 2020-01-31' },
  { value: 'D MMM YYYY', text: 'Month in words, such as 3 Feb 2020 or 3 February 2020' },
  { value: 'ISO', text: 'ISO 8601, with or without a time and time zone' },
  { value: 'excel', text: 'Excel dates (date cells or day numbers)' },
]

export const ENCODING_OPTIONS = [
  { value: 'utf-8', text: 'UTF-8' },
  { value: 'windows-1252', text: 'Windows-1252 (older Windows and Excel files)' },
  { value: 'utf-16le', text: 'UTF-16 little-endian' },
  { value: 'utf-16be', text: 'UTF-16 big-endian' },
  { value: 'iso-8859-1', text: 'ISO-8859-1 (Latin-1)' },
]

export const DELIMITER_OPTIONS = [
  { value: ',', text: 'Comma (,)' },
  { value: ';', text: 'Semicolon (;)' },
  { value: 'tab', text: 'Tab' },
  { value: '|', text: 'Vertical bar (|)' },
]

export function delimiterName(delimiter: string | null): string | null {
  if (delimiter === null) return null
  if (delimiter === '\t') return 'Tab'
  return DELIMITER_OPTIONS.find((o) => o.value === delimiter)?.text ?? `'${delimiter}'`
}

export function encodingName(encoding: string | null, bom: boolean): string | null {
  if (encoding === null) return null
  const name = ENCODING_OPTIONS.find((o) => o.value === encoding)?.text ?? encoding
  return bom ? `${name}, with a byte order mark` : name
}

/** A select's options with the current value present even when it is not one of the usual ones. */
export function withCurrent(options: { value: string; text: string }[], current: string | undefined | null): { value: string; text: string }[] {
  if (!current || options.some((o) => o.value === current)) return options
  return [...options, { value: current, text: current }]
}
