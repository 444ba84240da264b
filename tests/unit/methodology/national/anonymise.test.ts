import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DATE_REMOVED, PLACE_REMOVED, PSEUDONYM_REMOVED, createAnonymiser, localPlaceNames } from '../../../../methodology/national/anonymise.js'
import { scanForLeaks } from '../../../../methodology/redaction/leak-scan.js'
import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'

// Invented people: NHS numbers in the 999 test range, ZZ99 postcodes, Ofcom drama phone numbers.
function person(p: Partial<RegisterPerson> & Pick<RegisterPerson, 'realName' | 'pseudonym'>): RegisterPerson {
  return { role: null, dateOfBirth: null, nhsNumber: null, address: null, postcode: null, phone: null, ...p }
}

const register: RegisterPerson[] = [
  person({ realName: 'Poppy Renshaw', role: 'Subject child', pseudonym: 'Child P', dateOfBirth: '2019-05-04', nhsNumber: '999 945 8076', address: '3 Kestrel Row, Ashcombe', postcode: 'ZZ99 1RD' }),
  person({ realName: 'Jade Renshaw', role: 'Mother', pseudonym: 'Mother', phone: '07700 900118', address: '3 Kestrel Row, Ashcombe' }),
  person({ realName: 'Kyle Dunmore', role: "Mother's partner", pseudonym: 'Mr Z (mother’s partner)', address: '9 Mill Street, Dunfield' }),
  person({ realName: 'Sarah Pike', role: 'Health Visitor, Ashcombe 0-19 Service', pseudonym: 'Health Visitor 2' }),
  person({ realName: 'Omar Haddad', role: 'GP, Linden Vale Surgery', pseudonym: 'GP 1' }),
  person({ realName: 'Nina Ross', role: 'Key Worker, Little Wrens Nursery', pseudonym: 'Nursery Key Worker' }),
  person({ realName: 'Edith Renshaw', role: 'Maternal grandmother', pseudonym: 'Maternal Grandmother' }),
]

const anonymiser = createAnonymiser({ register, subjectPseudonym: 'Child P', boardName: 'Ashcombe Safeguarding Children Partnership' })
const clean = (text: string) => anonymiser.anonymise(text).text

describe('local place names', () => {
  it('takes them from the partnership’s name, the organisation in each role and each address’s town', () => {
    expect(new Set(localPlaceNames('Ashcombe Safeguarding Children Partnership', register))).toEqual(new Set(['Ashcombe', 'Linden Vale', 'Little Wrens', 'Dunfield']))
  })

  it('leaves out organisation words, region names and roles without an organisation', () => {
    expect(localPlaceNames('North Yorkshire Safeguarding Children Partnership', [person({ realName: 'A B', pseudonym: 'X', role: 'Social worker' })])).toEqual([])
  })
})

describe('anonymising a finding’s text', () => {
  it('turns pseudonyms that point to the case into roles, and keeps plain family roles', () => {
    expect(clean('Child P was seen by Health Visitor 2 and GP 1. Mr Z left; Maternal Grandmother and Mother stayed.'))
      .toBe('The child was seen by the health visitor and the GP. The mother’s partner left; Maternal Grandmother and Mother stayed.')
  })

  it('replaces real names with the role, not the pseudonym', () => {
    expect(clean('Kyle Dunmore moved in with Jade Renshaw. Poppy’s weight fell.')).toBe('The mother’s partner moved in with Mother. The child’s weight fell.')
  })

  it('removes identifiers, local places and dates, counting each kind of change', () => {
    const result = anonymiser.anonymise('NHS 999 945 8076, DOB 04/05/2019, at 3 Kestrel Row ZZ99 1RD; seen at Linden Vale Surgery on 12 March 2021 and in June 2021 in Ashcombe.')
    expect(result.text).toBe(`NHS [removed], DOB [removed], at [removed] [removed]; seen at ${PLACE_REMOVED} Surgery on ${DATE_REMOVED} and in ${DATE_REMOVED} in ${PLACE_REMOVED}.`)
    expect(result.changes).toEqual({ identity: 4, pseudonym: 0, place: 2, date: 2 })
  })

  it('removes a register value written with other spacing, even one the identifier patterns would not recognise', () => {
    const odd = createAnonymiser({ register: [person({ realName: 'Ann Lee', pseudonym: 'Carer', postcode: 'ZZ99 3KD' })], subjectPseudonym: null, boardName: null })
    expect(odd.anonymise('Moved to zz993kd, then ZZ99-3KD.').text).toBe('Moved to [removed], then [removed].')
  })

  it('uses a neutral word for a pseudonym that says nothing of the role', () => {
    const named = createAnonymiser({ register: [person({ realName: 'Ann Lee', pseudonym: 'Jasper' })], subjectPseudonym: 'Bella', boardName: null })
    expect(named.anonymise('Bella and Jasper').text).toBe(`The child and ${PSEUDONYM_REMOVED}`)
  })

  it('changes nothing in text that holds nothing identifying', () => {
    const text = 'Assessments ask the adults who lives in the home; nothing asks the other agencies.'
    expect(anonymiser.anonymise(text)).toEqual({ text, changes: { identity: 0, pseudonym: 0, place: 0, date: 0 } })
  })

  it('leaves no register name, identifier or case pseudonym behind, wherever they are put in a sentence', () => {
    const pieces = [
      ...register.flatMap((p) => [p.realName, p.realName.split(' ')[0] ?? '', p.realName.split(' ').pop() ?? '', p.nhsNumber, p.postcode, p.phone, p.address]),
      'Child P', 'Health Visitor 2', 'GP 1', 'Mr Z', 'Ashcombe', 'Linden Vale', '04/05/2019',
    ].filter((p): p is string => typeof p === 'string' && p !== '')
    const words = ['the plan', 'was seen', 'told', 'and', 'at home', 'in the office', 'said', '.', ',']
    fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.constantFrom(...words)), { minLength: 1, maxLength: 12 }), (parts) => {
      const out = clean(parts.join(' '))
      expect(scanForLeaks(out, register)).toEqual([])
      for (const gone of ['Child P', 'Health Visitor 2', 'GP 1', 'Mr Z', 'Ashcombe', 'Linden Vale', '04/05/2019']) expect(out).not.toContain(gone)
    }), { numRuns: 300 })
  })
})
