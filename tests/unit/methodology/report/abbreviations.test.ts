import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ABBREVIATIONS, findAbbreviations } from '../../../../methodology/report/abbreviations.js'

describe('finding the abbreviations a report uses', () => {
  it('finds DASH, MARAC, EDT, CIN and PPN with their meanings, once each, in the order of the alphabet', () => {
    const found = findAbbreviations(['The PPN went to the MASH; a DASH was done and MARAC heard the case.', 'EDT visited. CIN plan agreed. The DASH again.'])
    expect(found.defined.map((d) => d.abbreviation)).toEqual(['CIN', 'DASH', 'EDT', 'MARAC', 'MASH', 'PPN'])
    expect(found.defined.find((d) => d.abbreviation === 'MARAC')?.meaning).toBe('Multi-agency risk assessment conference')
    expect(found.unknown).toEqual([])
  })

  it('lists an unknown abbreviation for the reviewer to define, and uses the review’s definition once given', () => {
    expect(findAbbreviations(['The QRT attended with the HV.']).unknown).toEqual(['QRT'])
    const defined = findAbbreviations(['The QRT attended.'], { QRT: 'Quick response team' })
    expect(defined).toEqual({ defined: [{ abbreviation: 'QRT', meaning: 'Quick response team' }], unknown: [] })
  })

  it('reads plurals, A&E and DfE, and leaves out markings, single capitals, long capitals and typology codes', () => {
    const found = findAbbreviations(['Two CINs and PPNs; seen at A&E; DfE guidance. OFFICIAL-SENSITIVE. Child M. MAL-1. SAFEGUARDING. I saw.'])
    expect(found.defined.map((d) => d.abbreviation)).toEqual(['A&E', 'CIN', 'DfE', 'PPN'])
    expect(found.unknown).toEqual([])
  })

  it('never fails on any text, and every abbreviation it returns occurs in the text', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }), (texts) => {
      const found = findAbbreviations(texts)
      for (const a of [...found.defined.map((d) => d.abbreviation), ...found.unknown]) expect(texts.join(' ')).toContain(a)
    }))
    expect(Object.keys(ABBREVIATIONS).length).toBeGreaterThan(30)
  })
})
