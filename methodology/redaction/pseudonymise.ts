// Turns a text into its publication form: real names become pseudonyms and identifiers are removed.

import { compileRegister, findLeakSpans } from './leak-scan.js'
import type { AllowedLeak, LeakSpan } from './leak-scan.js'
import type { RegisterPerson } from './person-register.js'

export interface PseudonymiseOptions {
  /** Findings a reviewer has marked as not identifying: left as they are. */
  allowed?: AllowedLeak[]
}

export const REMOVED = '[removed]'
/** Used when a surname or first name belongs to more than one person, so no single pseudonym is right. */
export const NAME_REMOVED = '[name removed]'

const NAME_KINDS = new Set(['full-name', 'surname', 'given-name'])
const MAX_PASSES = 4

function replacementFor(span: LeakSpan, register: readonly RegisterPerson[], namesAllowed: boolean): string {
  // "PC 2987" becomes "PC [removed]": the rank says who acted, the number who they are.
  if (!namesAllowed || !NAME_KINDS.has(span.kind)) return `${span.kept}${REMOVED}`
  const only = span.persons.length === 1 ? register[span.persons[0] ?? -1] : undefined
  const name = only ? only.pseudonym : NAME_REMOVED
  if (span.possessive === '') return name
  // "Kayleigh's" becomes "Mother's"; the plural possessive "Harlows'" becomes "[name removed]'s".
  return span.possessive.length === 1 ? `${name}${span.possessive}s` : `${name}${span.possessive}`
}

// The spans never overlap: the leak scan chooses them (one matching mechanism for scanning and replacing).
function replaceSpans(text: string, spans: LeakSpan[], register: readonly RegisterPerson[], namesAllowed: boolean): string {
  const parts: string[] = []
  let cursor = 0
  for (const span of spans) {
    parts.push(text.slice(cursor, span.start), replacementFor(span, register, namesAllowed))
    cursor = span.end
  }
  parts.push(text.slice(cursor))
  return parts.join('')
}

/**
 * Replace full names, then surnames, then first names with the person's pseudonym (the longest match wins,
 * possessives kept), and NHS numbers, dates of birth, addresses, postcodes, phone numbers and e-mail
 * addresses with "[removed]". The result scans clean for the same register, provided no pseudonym holds a
 * real name (`parsePersonRows` reports that): the scan is repeated and anything left is removed.
 */
// Compiling a register builds its patterns; pages pseudonymise thousands of short texts against the same one.
const compiledRegisters = new WeakMap<readonly RegisterPerson[], ReturnType<typeof compileRegister>>()

function compiledFor(register: readonly RegisterPerson[]): ReturnType<typeof compileRegister> {
  let compiled = compiledRegisters.get(register)
  if (!compiled) {
    compiled = compileRegister(register)
    compiledRegisters.set(register, compiled)
  }
  return compiled
}

export function pseudonymise(text: string, register: readonly RegisterPerson[], options: PseudonymiseOptions = {}): string {
  const compiled = compiledFor(register)
  let out = text
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const spans = findLeakSpans(out, compiled, options)
    if (spans.length === 0) return out
    out = replaceSpans(out, spans, register, pass < 2)
  }
  return out
}
