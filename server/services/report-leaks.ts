// The publication leak scan over an exported file's own text: every real name and identifier from the person
// register (and anything shaped like a UK identifier) that a reader could find in it, with where it is.
import { compileRegister, scan, type AllowedLeak, type CompiledRegister, type LeakKind } from '../../methodology/redaction/leak-scan.js'
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

export interface LeakScanner {
  scanParts(format: ReportFormat, parts: readonly OutputPart[]): FoundLeak[]
}

export function leakScanner(register: readonly RegisterPerson[], allowed: readonly AllowedLeak[]): LeakScanner {
  const compiled: CompiledRegister = compileRegister(register)
  const options = { allowed: [...allowed] }
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
      // One matcher for publishing and scanning: the register's identifiers in any written form are the leak scan's.
      for (const part of parts) {
        for (const leak of scan(part.text, compiled, options)) {
          push({ format, location: part.location, kind: leak.kind, value: leak.value.replace(/\s+/g, ' '), excerpt: leak.excerpt })
        }
      }
      return found
    },
  }
}
