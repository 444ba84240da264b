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

/** First strong isolate and pop directional isolate: what they hold is drawn in its own direction. */
export const FSI = '\u2068'
export const PDI = '\u2069'
// Bidi controls and right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest, with their
// presentation forms): a line holding any of them may reorder what is put into it.
const BIDI_CONTEXT = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u

/**
 * A replacement put into right-to-left text or inside a bidi override would be drawn reversed or out of place
 * ("Mother" inside an RLO run reads "rehtoM"; "[removed]" beside Arabic loses its brackets' order). Inside such a
 * line it goes in an isolate, which the bidi algorithm draws in its own direction whatever surrounds it. Lines of
 * left-to-right text only are left exactly as they were.
 */
function isolatedIfNeeded(text: string, span: LeakSpan, replacement: string): string {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1
  const newline = text.indexOf('\n', span.end)
  const line = text.slice(lineStart, newline === -1 ? text.length : newline)
  return BIDI_CONTEXT.test(line) ? `${FSI}${replacement}${PDI}` : replacement
}

// The spans never overlap: the leak scan chooses them (one matching mechanism for scanning and replacing).
function replaceSpans(text: string, spans: LeakSpan[], register: readonly RegisterPerson[], namesAllowed: boolean): string {
  const parts: string[] = []
  const bidi = BIDI_CONTEXT.test(text)
  let cursor = 0
  for (const span of spans) {
    const replacement = replacementFor(span, register, namesAllowed)
    parts.push(text.slice(cursor, span.start), bidi ? isolatedIfNeeded(text, span, replacement) : replacement)
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
