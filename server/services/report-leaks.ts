// The publication leak scan over an exported file's own text: every real name and identifier from the person
// register (and anything shaped like a UK identifier) that a reader could find in it, with where it is.
import { allowKey, compileRegister, scan, type AllowedLeak, type CompiledRegister, type LeakKind } from '../../methodology/redaction/leak-scan.js'
import { normaliseNhsNumber, normalisePostcode, normaliseUkPhone } from '../../methodology/redaction/identifier-patterns.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import type { ReportFormat } from '../../templates/report-model.js'
import type { OutputPart } from './report-output-text.js'

export interface FoundLeak {
  format: ReportFormat
  /** Where in the file: "page 4", "section “Systemic findings”", "document properties". */
  location: string
  kind: LeakKind
  /** The text found, as written. */
  value: string
  /** The words around it. */
  excerpt: string
}

export const LEAK_KIND_LABELS: Readonly<Record<LeakKind, string>> = {
  'full-name': 'Full name',
  surname: 'Surname',
  'given-name': 'First name',
  'nhs-number': 'NHS number',
  postcode: 'Postcode',
  phone: 'Phone number',
  'date-of-birth': 'Date of birth',
  address: 'Address',
  email: 'Email address',
}

export interface LeakScanner {
  scanParts(format: ReportFormat, parts: readonly OutputPart[]): FoundLeak[]
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The register's identifiers exactly as recorded, for any the pattern scan cannot recognise (a postcode or phone
 * number not in a valid UK shape still identifies the family if it is printed).
 */
function verbatimIdentifiers(register: readonly RegisterPerson[]): Array<{ kind: LeakKind; pattern: RegExp }> {
  const out: Array<{ kind: LeakKind; pattern: RegExp }> = []
  const add = (kind: LeakKind, value: string) => {
    const words = value.trim().split(/\s+/).filter((w) => w !== '').map(escapeRegExp)
    if (words.length === 0 || value.replace(/\s/g, '').length < 4) return
    out.push({ kind, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s*')}(?![\\p{L}\\p{N}])`, 'giu') })
  }
  for (const p of register) {
    if (p.postcode && !normalisePostcode(p.postcode)) add('postcode', p.postcode)
    if (p.phone && !normaliseUkPhone(p.phone)) add('phone', p.phone)
    if (p.nhsNumber && !normaliseNhsNumber(p.nhsNumber)) add('nhs-number', p.nhsNumber)
  }
  return out
}

function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 30)
  const to = Math.min(text.length, end + 30)
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ').trim()}${to < text.length ? '…' : ''}`
}

export function leakScanner(register: readonly RegisterPerson[], allowed: readonly AllowedLeak[]): LeakScanner {
  const compiled: CompiledRegister = compileRegister(register)
  const extras = verbatimIdentifiers(register)
  const options = { allowed: [...allowed] }
  const allowedKeys = new Set(allowed.map((a) => allowKey(a.kind, a.value)))
  return {
    scanParts(format, parts) {
      const found: FoundLeak[] = []
      const seen = new Set<string>()
      const push = (leak: FoundLeak) => {
        const key = `${leak.location}\u0000${leak.kind}\u0000${leak.value.toLowerCase()}`
        if (seen.has(key)) return
        seen.add(key)
        found.push(leak)
      }
      for (const part of parts) {
        const covered: Array<[number, number]> = []
        for (const leak of scan(part.text, compiled, options)) {
          covered.push([leak.start, leak.end])
          push({ format, location: part.location, kind: leak.kind, value: leak.value.replace(/\s+/g, ' '), excerpt: leak.excerpt })
        }
        for (const extra of extras) {
          for (const m of part.text.matchAll(extra.pattern)) {
            const start = m.index
            const end = start + m[0].length
            if (covered.some(([a, b]) => start < b && end > a) || allowedKeys.has(allowKey(extra.kind, m[0]))) continue
            push({ format, location: part.location, kind: extra.kind, value: m[0].replace(/\s+/g, ' '), excerpt: excerptAround(part.text, start, end) })
          }
        }
      }
      return found
    },
  }
}
