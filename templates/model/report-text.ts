// How text enters the report: the edition's name policy (pseudonymised or as recorded), dates in words,
// counts in words, and the building blocks every section uses.
import { pseudonymise } from '../../methodology/redaction/pseudonymise.js'
import type { AllowedLeak } from '../../methodology/redaction/leak-scan.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import type { EventPrecision } from '../../server/data/tables/chronology.js'
import type { ReportBlock, ReportSection } from '../report-model.js'

/** Applies the edition's name policy to a piece of case text. */
export type TextPolicy = (text: string | null | undefined) => string

export function textAsRecorded(): TextPolicy {
  return (text) => normaliseText(text ?? '')
}

/**
 * Real names become pseudonyms and identifiers are removed. Texts repeat (agency names, labels), so each is
 * worked out once.
 */
export function pseudonymisedText(register: readonly RegisterPerson[], allowed: readonly AllowedLeak[]): TextPolicy {
  const cache = new Map<string, string>()
  const options = { allowed: [...allowed] }
  return (text) => {
    const clean = normaliseText(text ?? '')
    if (clean === '' || (register.length === 0 && !/\d|@/.test(clean))) return clean
    let out = cache.get(clean)
    if (out === undefined) {
      out = pseudonymise(clean, register, options)
      cache.set(clean, out)
    }
    return out
  }
}

/** Line endings made plain and control characters dropped: every format draws the same characters. */
export function normaliseText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim()
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "2020-06-12" → "12 June 2020"; "2020-06" → "June 2020"; "2020" → "2020"; anything else unchanged. */
export function dateText(value: string | null | undefined): string {
  if (!value) return ''
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value)
  if (!m) return value
  const [, y, mo, d] = m
  if (!mo) return y ?? value
  const month = MONTHS[Number(mo) - 1] ?? mo
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`
}

/** An event's date as precisely as the record gives it. */
export function eventDateText(occurredAt: string, precision: EventPrecision): string {
  const base = dateText(occurredAt)
  if (precision === 'minute') {
    const time = /T(\d{2}:\d{2})/.exec(occurredAt)?.[1]
    return time ? `${base}, ${time}` : base
  }
  if (precision === 'week') return `Week beginning ${base}`
  return base
}

/** An instant shown as a date in England. */
export function instantDateText(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(date)
  return parts
}

export function countText(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`
}

/** Paragraphs from a text with blank lines between them (single line breaks stay inside a paragraph). */
export function paragraphs(text: string, tone?: 'muted'): ReportBlock[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/[ \t]*\n[ \t]*/g, '\n').trim())
    .filter((p) => p !== '')
    .map((p) => (tone ? { type: 'paragraph' as const, text: p, tone } : { type: 'paragraph' as const, text: p }))
}

export function muted(text: string): ReportBlock {
  return { type: 'paragraph', text, tone: 'muted' }
}

export function section(id: string, title: string, blocks: ReportBlock[], subsections: ReportSection[] = []): ReportSection {
  return { id, title, blocks, subsections }
}

/** File names: the title's letters and digits, lower case, joined by hyphens. */
export function slug(text: string, fallback: string): string {
  const out = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '')
  return out || fallback
}
