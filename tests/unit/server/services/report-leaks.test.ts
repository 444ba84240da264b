import { describe, expect, it } from 'vitest'
import { leakScanner } from '../../../../server/services/report-leaks.js'

const REGISTER = [
  { realName: 'Leanne Kershaw', role: 'Mother', pseudonym: 'Mother', dateOfBirth: '1998-04-03', nhsNumber: '999 417 2867', address: '7 Heron Walk, Westmere', postcode: 'ZZ99 3HD', phone: '07700 900517' },
  // Recorded before the register checked shapes: not a valid postcode or phone, but still identifying if printed.
  { realName: 'Ryan Colley', role: 'Partner', pseudonym: 'Mr Y', dateOfBirth: null, nhsNumber: null, address: null, postcode: 'ZZ99 3KD', phone: '0770 090' },
]

describe('the leak scan of an exported file', () => {
  it('finds names, possessives and identifiers in each part of the file and says where', () => {
    const leaks = leakScanner(REGISTER, []).scanParts('pdf', [
      { location: 'page 1', text: 'Mother (Leanne) said KERSHAW’s flat at 7 Heron Walk,\nWestmere was damp.' },
      { location: 'page 2', text: 'NHS 9994172867, phone 07700900517, born 3 April 1998.' },
    ])
    expect(leaks.map((l) => [l.location, l.kind, l.value])).toEqual([
      ['page 1', 'given-name', 'Leanne'],
      ['page 1', 'surname', 'KERSHAW’s'],
      ['page 1', 'address', '7 Heron Walk, Westmere'],
      ['page 2', 'nhs-number', '9994172867'],
      ['page 2', 'phone', '07700900517'],
      ['page 2', 'date-of-birth', '3 April 1998'],
    ])
    expect(leaks.every((l) => l.format === 'pdf' && l.excerpt.length > 0)).toBe(true)
  })

  it('finds register identifiers exactly as recorded even when they are not in a valid UK shape', () => {
    const leaks = leakScanner(REGISTER, []).scanParts('html', [{ location: 'section “Summary”', text: 'Seen at zz99 3kd by the team.' }])
    expect(leaks.map((l) => [l.kind, l.value])).toEqual([['postcode', 'zz99 3kd']])
  })

  it('leaves alone what a reviewer marked as a false positive, and reports a finding once per place', () => {
    const scanner = leakScanner(REGISTER, [{ kind: 'surname', value: 'Kershaw' }, { kind: 'postcode', value: 'ZZ99 3KD' }])
    expect(scanner.scanParts('docx', [{ location: 'title page', text: 'Kershaw Road, ZZ99 3KD' }])).toEqual([])
    const twice = leakScanner(REGISTER, []).scanParts('docx', [{ location: 'title page', text: 'Leanne and leanne again' }])
    expect(twice).toHaveLength(1)
  })
})
