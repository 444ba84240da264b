import { describe, it, expect } from 'vitest'
import { compileRegister, scan, scanForLeaks } from '../../../../methodology/redaction/leak-scan.js'
import type { Leak, LeakKind } from '../../../../methodology/redaction/leak-scan.js'
import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'
import { register } from './register-examples.js'

const found = (text: string, options = {}): [LeakKind, string][] =>
  scanForLeaks(text, register, options).map((l) => [l.kind, l.value])

describe('scanForLeaks: names', () => {
  it('finds a full name, a surname alone and a first name alone', () => {
    expect(found('Dean Morrow visited. Later Morrow left; Dean came back.')).toEqual([
      ['full-name', 'Dean Morrow'],
      ['surname', 'Morrow'],
      ['given-name', 'Dean'],
    ])
  })

  it('matches names in any case, as police records write surnames in capitals', () => {
    expect(found('Shannon CALDER and dean morrow')).toEqual([
      ['full-name', 'Shannon CALDER'],
      ['full-name', 'dean morrow'],
    ])
  })

  it('matches whole words only: "Tom" is not found in symptoms, haematoma, Tomlinson or atom', () => {
    expect(found('No symptoms; a small haematoma; seen by Dr Tomlinson; atom. Custom tomato.')).toEqual([])
    expect(found('Tom phoned.')).toEqual([['given-name', 'Tom']])
  })

  it('keeps possessives and plurals with the name', () => {
    expect(found("Shannon's phone, the Calders' home, Calder's account, Tom’s visit, the Calders moved")).toEqual([
      ['given-name', "Shannon's"],
      ['surname', "Calders'"],
      ['surname', "Calder's"],
      ['given-name', 'Tom’s'],
      ['surname', 'Calders'],
    ])
  })

  it('does not treat an ordinary plural of a first name as the name', () => {
    expect(found('Bought two Toms-brand shoes; the Toms were late')).toEqual([])
  })

  it('finds a full name split by a line break or repeated spaces', () => {
    expect(found('seen by Dean\nMorrow and Shannon   Calder, and Tom\r\n  Bexley')).toEqual([
      ['full-name', 'Dean\nMorrow'],
      ['full-name', 'Shannon   Calder'],
      ['full-name', 'Tom\r\n  Bexley'],
    ])
  })

  it('keeps particles and apostrophes as part of the name', () => {
    expect(found("Dr van der Berg; Lotte van der Berg; Van Der Berg's note; O'Neill, O’Neill's and ONeill")).toEqual([
      ['surname', 'van der Berg'],
      ['full-name', 'Lotte van der Berg'],
      ['surname', "Van Der Berg's"],
      ['surname', "O'Neill"],
      ['surname', 'O’Neill\'s'],
      ['surname', 'ONeill'],
    ])
  })

  it('matches names with or without accents', () => {
    expect(found('Zoe Lindqvist, ZOË and zoe')).toEqual([
      ['full-name', 'Zoe Lindqvist'],
      ['given-name', 'ZOË'],
      ['given-name', 'zoe'],
    ])
  })

  it('does not match a lone initial', () => {
    const withInitial: RegisterPerson[] = [{ ...register[0]!, realName: 'R Calder' }]
    expect(scanForLeaks('Section R of the plan', withInitial)).toEqual([])
  })
})

describe('scanForLeaks: identifiers from the register', () => {
  it('finds the date of birth in every common written form but not other dates', () => {
    const text =
      'born 21/09/2018; 21.09.2018; 21-09-2018; 2018-09-21; 21 September 2018; 21st Sept 2018; ' +
      'September 21, 2018; 21/9/18. Seen 22/09/2018 and 03/02/2020.'
    const leaks = found(text)
    expect(leaks.map(([, v]) => v)).toEqual([
      '21/09/2018', '21.09.2018', '21-09-2018', '2018-09-21', '21 September 2018', '21st Sept 2018', 'September 21, 2018', '21/9/18',
    ])
    expect(new Set(leaks.map(([k]) => k))).toEqual(new Set(['date-of-birth']))
  })

  it('finds the NHS number with or without spaces', () => {
    expect(found('NHS 999 945 8076, 9999458076, 999-945-8076')).toEqual([
      ['nhs-number', '999 945 8076'],
      ['nhs-number', '9999458076'],
      ['nhs-number', '999-945-8076'],
    ])
  })

  it('finds the address whole, without its town, by its first line and by its street', () => {
    expect(found('at Flat 2, 41 Quarry Road, Millbridge. Also 41 Quarry Road and Flat 2, 41 Quarry Road; lives on Quarry Road')).toEqual([
      ['address', 'Flat 2, 41 Quarry Road, Millbridge'],
      ['address', '41 Quarry Road'],
      ['address', 'Flat 2, 41 Quarry Road'],
      ['address', 'Quarry Road'],
    ])
  })

  it('finds an address written across lines or in a web link, and not the town alone', () => {
    expect(found('7 Heron Way\nMillbridge; photos at example.org/7-heron-way; Millbridge General Hospital')).toEqual([
      ['address', '7 Heron Way\nMillbridge'],
      ['address', '7-heron-way'],
    ])
  })

  it('finds the postcode with or without the space, in any case', () => {
    expect(found('ZZ99 1RD, ZZ991RD and zz99 1rd')).toEqual([
      ['postcode', 'ZZ99 1RD'],
      ['postcode', 'ZZ991RD'],
      ['postcode', 'zz99 1rd'],
    ])
  })

  it('finds the phone number spaced, unspaced and international', () => {
    expect(found('07700 900118, 07700900118, +44 7700 900118, 01632 960205')).toEqual([
      ['phone', '07700 900118'],
      ['phone', '07700900118'],
      ['phone', '+44 7700 900118'],
      ['phone', '01632 960205'],
    ])
  })
})

describe('scanForLeaks: identifiers of people not in the register', () => {
  it('finds NHS numbers, postcodes, phone numbers, e-mails and dates of birth by their shape', () => {
    expect(found('Uncle (DOB 02/03/1970), NHS 943 476 5919, of ZZ99 7TT, tel 07700 900999, j.smith@example.org')).toEqual([
      ['date-of-birth', '02/03/1970'],
      ['nhs-number', '943 476 5919'],
      ['postcode', 'ZZ99 7TT'],
      ['phone', '07700 900999'],
      ['email', 'j.smith@example.org'],
    ])
  })

  it('leaves event dates, times and ordinary numbers alone', () => {
    expect(found('On 03/02/2020 at 21:10 the 999 call lasted 4 minutes; weight 8.7kg; caseload 28; ref 1234567890.')).toEqual([])
  })

  it('reports an e-mail address holding a surname once, as an e-mail', () => {
    expect(found('Emailed t.bexley@example.org')).toEqual([['email', 't.bexley@example.org']])
  })
})

describe('scanForLeaks: what a leak tells the reviewer', () => {
  it('gives positions that point at the text found and a short excerpt around it', () => {
    const text = `${'Background about the family and the review. '.repeat(3)}Then Dean Morrow's car was seen. ${'More text follows here. '.repeat(3)}`
    const [leak] = scanForLeaks(text, register) as [Leak]
    expect(text.slice(leak.start, leak.end)).toBe(leak.value)
    expect(leak.value).toBe("Dean Morrow's")
    expect(leak.excerpt).toContain("Dean Morrow's car")
    expect(leak.excerpt.length).toBeLessThanOrEqual(70)
    expect(leak.excerpt.startsWith('…')).toBe(true)
  })

  it('lists leaks in the order they occur', () => {
    const leaks = scanForLeaks('ZZ99 1RD then Ruby then 07700 900118', register)
    expect(leaks.map((l) => l.start)).toEqual([...leaks.map((l) => l.start)].sort((a, b) => a - b))
    expect(leaks).toHaveLength(3)
  })

  it('returns nothing for an empty text or an empty register with a clean text', () => {
    expect(scanForLeaks('', register)).toEqual([])
    expect(scanForLeaks('The child was seen at home.', [])).toEqual([])
  })
})

describe('scanForLeaks: allowed findings', () => {
  it('drops a finding the reviewer has allowed, in any case and with a possessive', () => {
    const text = "Tom's view; TOM said; Tom Bexley agreed"
    expect(found(text, { allowed: [{ kind: 'given-name', value: 'tom' }] })).toEqual([['full-name', 'Tom Bexley']])
  })

  it('matches an allowed identifier whatever its spacing, and only for that kind', () => {
    const allowed = [{ kind: 'phone' as const, value: '07700900118' }, { kind: 'surname' as const, value: 'Way' }]
    expect(found('07700 900118 and 7 Heron Way', { allowed })).toEqual([['address', '7 Heron Way']])
  })
})

describe('compileRegister and scan', () => {
  it('give the same answer as scanForLeaks', () => {
    const text = 'Ruby Calder (DOB 21/09/2018) at 7 Heron Way, ZZ99 1RD; mum Shannon on 07700 900118.'
    expect(scan(text, compileRegister(register))).toEqual(scanForLeaks(text, register))
  })
  // The time a long report takes is measured in bench/redaction.ts, not here: timing has no place in the unit suite.
})

describe('scanForLeaks: overlapping matches', () => {
  const heron = (address: string, i: number): RegisterPerson => ({
    realName: `Given${i} Family${i}`, role: null, pseudonym: `Person ${i}`, dateOfBirth: null, nhsNumber: null, address, postcode: null, phone: null,
  })
  const addresses = [heron('1 Heron Way, Millbridge', 0), heron('10 Heron Way, Millbridge', 1)]

  it('takes the longer register address, never "1 Heron Way" inside "10 Heron Way" or inside a longer number', () => {
    expect(scanForLeaks('10 Heron Way, Millbridge', addresses).map((l) => [l.kind, l.value])).toEqual([['address', '10 Heron Way, Millbridge']])
    expect(scan('Unit 2.1 Heron Way and 3,1 Heron Way', compileRegister([heron('1 Heron Way', 0)])).map((l) => l.value)).toEqual(['Heron Way', 'Heron Way'])
  })

  it('never lets a phone-shaped run of a date and a house number hide the address after it', () => {
    const withBirthday: RegisterPerson[] = [{ ...addresses[1]!, dateOfBirth: '1950-01-01' }]
    expect(scanForLeaks('01-01-1950 10 Heron Way', withBirthday).map((l) => [l.kind, l.value])).toEqual([
      ['date-of-birth', '01-01-1950'],
      ['address', '10 Heron Way'],
    ])
  })
})
