import { describe, it, expect } from 'vitest'
import { scanForLeaks } from '../../../../methodology/redaction/leak-scan.js'
import { NAME_REMOVED, REMOVED, pseudonymise } from '../../../../methodology/redaction/pseudonymise.js'
import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'
import { register } from './register-examples.js'

describe('pseudonymise', () => {
  it('replaces a full name, a first name and a unique surname with the pseudonym', () => {
    expect(pseudonymise('Dean Morrow arrived. Dean was calm; Morrow left.', register)).toBe('Mr Y arrived. Mr Y was calm; Mr Y left.')
  })

  it('prefers the longest match, so a full name becomes one pseudonym, not two', () => {
    expect(pseudonymise('Shannon Calder phoned', register)).toBe('Mother phoned')
  })

  it("keeps the possessive: Shannon's becomes Mother's", () => {
    expect(pseudonymise("Shannon's phone and Tom Bexley’s notes", register)).toBe("Mother's phone and Social Worker 1’s notes")
  })

  it('uses a neutral placeholder for a surname that belongs to several people', () => {
    expect(pseudonymise('CALDER was arrested; the Calders moved; the Calders\' home', register)).toBe(
      `${NAME_REMOVED} was arrested; the ${NAME_REMOVED} moved; the ${NAME_REMOVED}'s home`,
    )
  })

  it('removes every kind of identifier', () => {
    const text =
      'Ruby (DOB 21/09/2018, NHS 999 945 8076) of 7 Heron Way, Millbridge ZZ99 1RD. Mum on 07700900118, ' +
      'SW t.bexley@example.org. Uncle born on 02/03/1970.'
    expect(pseudonymise(text, register)).toBe(
      `Child R (DOB ${REMOVED}, NHS ${REMOVED}) of ${REMOVED} ${REMOVED}. Mum on ${REMOVED}, SW ${REMOVED}. Uncle born on ${REMOVED}.`,
    )
  })

  it('keeps event dates and ordinary text as they are', () => {
    const text = 'On 03/02/2020 the child attended ED with a head injury; symptoms settled.'
    expect(pseudonymise(text, register)).toBe(text)
  })

  it('leaves findings the reviewer has allowed', () => {
    expect(pseudonymise('Tom and Tom Bexley', register, { allowed: [{ kind: 'given-name', value: 'Tom' }] })).toBe('Tom and Social Worker 1')
  })

  it('gives a text that scans clean for the same register', () => {
    const text =
      "Lotte van der Berg (GP) wrote to Siobhan O'Neill about Ruby Calder's weight. ZOË LINDQVIST attended. " +
      'Address: Flat 2, 41 Quarry Road, Millbridge, ZZ99 3DN. Dean MORROW (DOB 30.11.1990) on +44 7700 900654.'
    const out = pseudonymise(text, register)
    expect(scanForLeaks(out, register)).toEqual([])
    expect(out).toContain('GP 1 (GP) wrote to Nursery Key Worker about Child R\'s weight. Police Officer 1 attended.')
  })

  it('removes a name that the pseudonym itself would bring back, rather than loop', () => {
    // parsePersonRows refuses such a register; the pseudonymiser must still finish and leave no name behind.
    const bad: RegisterPerson[] = [{ ...register[0]!, pseudonym: 'Ruby' }]
    const out = pseudonymise('Ruby Calder and Ruby', bad)
    expect(scanForLeaks(out, bad)).toEqual([])
  })
})
