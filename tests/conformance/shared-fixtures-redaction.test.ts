// The leak scan and pseudonymiser against the shared "Child D" fixture: every identifier the fixture
// documents is found wherever it occurs, and none survives pseudonymisation.

import { describe, it, expect, beforeAll } from 'vitest'
import { compileRegister, scan } from '../../methodology/redaction/leak-scan.js'
import type { CompiledRegister, Leak, LeakKind } from '../../methodology/redaction/leak-scan.js'
import { parsePersonRows } from '../../methodology/redaction/person-register.js'
import type { RegisterPerson } from '../../methodology/redaction/person-register.js'
import { pseudonymise } from '../../methodology/redaction/pseudonymise.js'
import { conversationTexts, demoCaseDir, extractText, hasDemoCase, readExpected, readPersonRows } from './demo-case-extracts.js'
import type { Expected } from './demo-case-extracts.js'

if (!hasDemoCase) console.warn(`Skipping the shared-fixture redaction tests: ${demoCaseDir} is not present.`)

type IdentifierGroup = keyof Expected['identifiers']

const NAME_KINDS: LeakKind[] = ['full-name', 'surname', 'given-name']
// What may cover an occurrence of each documented identifier ("Ashworth" sits inside an e-mail address).
const KINDS_FOR: Record<IdentifierGroup, LeakKind[]> = {
  names: [...NAME_KINDS, 'email'],
  givenNames: [...NAME_KINDS, 'email'],
  nhsNumbers: ['nhs-number'],
  postcodes: ['postcode'],
  phones: ['phone'],
  datesOfBirth: ['date-of-birth'],
  addresses: ['address'],
  emails: ['email'],
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Where an identifier occurs: names case-insensitively as whole words, the rest verbatim. */
function occurrences(text: string, group: IdentifierGroup, value: string): [number, number][] {
  const isName = group === 'names' || group === 'givenNames'
  const pattern = isName
    ? new RegExp(`(?<![\\p{L}\\p{M}])${escape(value)}(?![\\p{L}\\p{M}])`, 'giu')
    : new RegExp(`(?<![\\p{L}\\p{N}])${escape(value)}(?![\\p{L}\\p{N}])`, 'gu')
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length])
}

describe.skipIf(!hasDemoCase)('redaction of the shared Child D fixture', () => {
  let expected: Expected
  let register: RegisterPerson[]
  let compiled: CompiledRegister
  const texts: { name: string; text: string }[] = []

  beforeAll(async () => {
    expected = readExpected()
    const parsed = parsePersonRows(readPersonRows())
    expect(parsed.problems).toEqual([])
    register = parsed.persons
    compiled = compileRegister(register)
    for (const file of expected.files) texts.push({ name: file.file, text: await extractText(file) })
    texts.push(...conversationTexts().map((c) => ({ name: `conversations/${c.name}`, text: c.text })))
  })

  it('reads every person in the register without a problem', () => {
    expect(register).toHaveLength(11)
    expect(texts).toHaveLength(expected.files.length + 4)
  })

  it('finds every documented identifier wherever it occurs', () => {
    const missed: string[] = []
    let checked = 0
    for (const { name, text } of texts) {
      const leaks: Leak[] = scan(text, compiled)
      for (const group of Object.keys(expected.identifiers) as IdentifierGroup[]) {
        for (const value of expected.identifiers[group]) {
          for (const [from, to] of occurrences(text, group, value)) {
            checked++
            const hit = leaks.some((l) => l.start <= from && l.end >= to && KINDS_FOR[group].includes(l.kind))
            if (!hit) missed.push(`${name}: ${group} ${JSON.stringify(text.slice(from, to))} at ${from}`)
          }
        }
      }
    }
    expect(missed).toEqual([])
    expect(checked).toBeGreaterThan(100)
  })

  it('finds each documented identifier at least once across the extracts and conversations', () => {
    const everything = texts.map((t) => t.text).join('\n')
    for (const group of Object.keys(expected.identifiers) as IdentifierGroup[]) {
      for (const value of expected.identifiers[group]) {
        expect(occurrences(everything, group, value).length, `${group} ${value}`).toBeGreaterThan(0)
      }
    }
  })

  it('leaves none of them after pseudonymisation, and the scan is clean', () => {
    for (const { name, text } of texts) {
      const out = pseudonymise(text, register)
      expect(scan(out, compiled), name).toEqual([])
      for (const group of Object.keys(expected.identifiers) as IdentifierGroup[]) {
        for (const value of expected.identifiers[group]) {
          expect(occurrences(out, group, value), `${name}: ${group} ${value}`).toEqual([])
        }
      }
    }
  })

  it('writes pseudonyms where the names were', () => {
    const social = texts.find((t) => t.name === 'conversations/social-worker-1.md')
    expect(social).toBeDefined()
    const out = pseudonymise(social?.text ?? '', register)
    for (const pseudonym of ['Social Worker 1', 'Child D', 'Sibling', 'Mother']) expect(out).toContain(pseudonym)
  })
})
