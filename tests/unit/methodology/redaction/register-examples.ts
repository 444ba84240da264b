// A small invented register shared by the redaction tests. Every person and identifier here is fictional:
// NHS numbers in the 999 test range, postcodes in ZZ99, phone numbers in Ofcom's drama ranges.

import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'

function person(p: Partial<RegisterPerson> & Pick<RegisterPerson, 'realName' | 'pseudonym'>): RegisterPerson {
  return { role: null, dateOfBirth: null, nhsNumber: null, address: null, postcode: null, phone: null, ...p }
}

export const register: RegisterPerson[] = [
  person({
    realName: 'Ruby Calder', role: 'Subject child', pseudonym: 'Child R', dateOfBirth: '2018-09-21',
    nhsNumber: '999 945 8076', address: '7 Heron Way, Millbridge', postcode: 'ZZ99 1RD',
  }),
  person({
    realName: 'Shannon Calder', role: 'Mother', pseudonym: 'Mother', dateOfBirth: '1996-03-05',
    nhsNumber: '999 302 1571', address: '7 Heron Way, Millbridge', postcode: 'ZZ99 1RD', phone: '07700 900118',
  }),
  person({
    realName: 'Dean Morrow', role: "Mother's partner", pseudonym: 'Mr Y', dateOfBirth: '1990-11-30',
    nhsNumber: '999 368 1938', address: 'Flat 2, 41 Quarry Road, Millbridge', postcode: 'ZZ99 3DN', phone: '07700 900654',
  }),
  person({ realName: 'Tom Bexley', role: 'Social worker', pseudonym: 'Social Worker 1', phone: '01632 960205' }),
  person({ realName: 'Anita Okafor', role: 'Health visitor', pseudonym: 'Health Visitor 1' }),
  person({ realName: 'Lotte van der Berg', role: 'GP', pseudonym: 'GP 1' }),
  person({ realName: "Siobhan O'Neill", role: 'Nursery key worker', pseudonym: 'Nursery Key Worker' }),
  person({ realName: 'Zoë Lindqvist', role: 'Police officer', pseudonym: 'Police Officer 1' }),
]

export const pseudonymOf = (realName: string): string => register.find((p) => p.realName === realName)?.pseudonym ?? ''
