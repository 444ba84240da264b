import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import {
  findDatesOfBirth,
  findEmails,
  findFullDates,
  findNhsNumbers,
  findPhones,
  findPostcodes,
  formatNhsNumber,
  hasValidNhsCheckDigit,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseUkPhone,
} from '../../../../methodology/redaction/identifier-patterns.js'

const values = (found: { value: string }[]): string[] => found.map((f) => f.value)

// An independent Modulus 11 check, written from the NHS data dictionary, to compare against.
function referenceCheckDigit(nine: string): number | null {
  const weights = [10, 9, 8, 7, 6, 5, 4, 3, 2]
  const total = weights.reduce((sum, w, i) => sum + w * Number(nine.charAt(i)), 0)
  const check = 11 - (total % 11)
  if (check === 11) return 0
  if (check === 10) return null
  return check
}

describe('NHS numbers', () => {
  it('accepts a number whose Modulus 11 check digit is right and rejects one that is off by one', () => {
    expect(hasValidNhsCheckDigit('9434765919')).toBe(true)
    expect(hasValidNhsCheckDigit('9434765918')).toBe(false)
    expect(hasValidNhsCheckDigit('9999458076')).toBe(true)
    expect(hasValidNhsCheckDigit('9999458077')).toBe(false)
  })

  it('never accepts a number whose check digit would have to be 10', () => {
    expect(hasValidNhsCheckDigit('1234567890')).toBe(false)
  })

  it('agrees with an independent Modulus 11 check on any ten digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (digits) => {
        const expected = referenceCheckDigit(digits.slice(0, 9))
        expect(hasValidNhsCheckDigit(digits)).toBe(expected !== null && expected === Number(digits[9]))
      }),
    )
  })

  it('normalises spaced and hyphenated forms to ten digits and formats them back in 3-3-4 groups', () => {
    expect(normaliseNhsNumber('999 945 8076')).toBe('9999458076')
    expect(normaliseNhsNumber('999-945-8076')).toBe('9999458076')
    expect(normaliseNhsNumber('99994580')).toBeNull()
    expect(formatNhsNumber('9999458076')).toBe('999 945 8076')
  })

  it('finds numbers with a valid check digit in any spacing, and the 999 test range even with a bad check digit', () => {
    const text = 'NHS 943 476 5919; also 9434765919, 943-476-5919, test 9999458077 and order ref 1234567890.'
    expect(values(findNhsNumbers(text))).toEqual(['943 476 5919', '9434765919', '943-476-5919', '9999458077'])
  })

  it('does not take ten digits out of a longer run of digits', () => {
    expect(findNhsNumbers('barcode 19434765919 and 94347659190')).toEqual([])
  })
})

describe('postcodes', () => {
  it('recognises ordinary UK shapes and the fictional ZZ99 area', () => {
    for (const code of ['SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB', 'ZZ99 4QT', 'zz99 4qt']) {
      expect(normalisePostcode(code), code).not.toBeNull()
    }
    expect(normalisePostcode('ZZ99 4QT')).toBe('ZZ994QT')
  })

  it('rejects shapes no postcode can have', () => {
    for (const code of ['QA1 1AA', 'S47', '12 3AB', 'AB1 1CI', 'ZZ98 4QT']) expect(normalisePostcode(code), code).toBeNull()
  })

  it('finds capitalised postcodes with or without the space, but not code-like words in lower case', () => {
    const text = 'Moved to ZZ99 4QT, then ZZ992LB (near SW1A 1AA). In y1 2nd term; S47 threshold; Flat 3B.'
    expect(values(findPostcodes(text))).toEqual(['ZZ99 4QT', 'ZZ992LB', 'SW1A 1AA'])
  })
})

describe('phone numbers', () => {
  it('normalises mobiles, landlines and +44 forms to the national number', () => {
    expect(normaliseUkPhone('07700 900412')).toBe('07700900412')
    expect(normaliseUkPhone('+44 7700 900412')).toBe('07700900412')
    expect(normaliseUkPhone('+44 (0)7700 900412')).toBe('07700900412')
    expect(normaliseUkPhone('01632 960318')).toBe('01632960318')
    expect(normaliseUkPhone('020 7946 0018')).toBe('02079460018')
    expect(normaliseUkPhone('0770 090 041')).toBeNull()
    expect(normaliseUkPhone('999')).toBeNull()
  })

  it('finds spaced, unspaced and international numbers, keeping the sentence brackets out', () => {
    const text = 'Call 07700 900412 or 07700900412, landline (01632 960318), office 020 7946 0018, abroad +44 7700 900781.'
    expect(values(findPhones(text))).toEqual(['07700 900412', '07700900412', '01632 960318', '020 7946 0018', '+44 7700 900781'])
  })

  it('stops at the end of the number when a house number follows it', () => {
    expect(values(findPhones('tel 07700 900654 7 Heron Way'))).toEqual(['07700 900654'])
  })

  it('does not read dates, times or 999 calls as phone numbers', () => {
    expect(findPhones('999 call at 01:52 on 01/12/1995, seen 09:30-10:30, weight 08.6kg')).toEqual([])
  })
})

describe('e-mail addresses', () => {
  it('finds addresses and leaves the full stop that ends the sentence', () => {
    const found = findEmails('Sent to t.bexley@example.org. Copy: CSC.FrontDoor@example.org.uk; not an @mention.')
    expect(values(found)).toEqual(['t.bexley@example.org', 'CSC.FrontDoor@example.org.uk'])
    expect(found[1]?.normalised).toBe('csc.frontdoor@example.org.uk')
  })
})

describe('full dates', () => {
  it('reads numeric, ISO and written forms as the same day', () => {
    const text = '14/08/2018, 14.08.2018, 14-08-2018, 2018-08-14, 14 August 2018, 14th of Aug 2018, August 14, 2018, 14-Aug-2018'
    const found = findFullDates(text)
    expect(found).toHaveLength(8)
    for (const d of found) expect(d.readings, d.value).toContain('2018-08-14')
  })

  it('gives both readings of an ambiguous numeric date and both centuries of a two-digit year', () => {
    const [ambiguous] = findFullDates('09/05/1991')
    expect(ambiguous?.readings).toEqual(['1991-05-09', '1991-09-05'])
    const [short] = findFullDates('14/08/18')
    expect(short?.readings).toEqual(['2018-08-14', '1918-08-14'])
  })

  it('ignores dates that cannot exist and partial dates', () => {
    expect(findFullDates('31/02/2020, 00/01/2020, 13/13/2020, Sept 2019, 10/2019, 2019')).toEqual([])
  })

  it('does not find a date inside a longer number or a version string', () => {
    expect(findFullDates('ref 114/08/2018 and v1.2.3.4')).toEqual([])
  })
})

describe('dates of birth', () => {
  it('finds a full date after DOB, D.O.B., date of birth or born (on)', () => {
    const text =
      'Ruby (DOB 14/08/2018), Shannon D.O.B.: 22.11.1996, Dean date of birth 1991-05-09, ' +
      'Nan was born on 30 July 1968 and Kai born 17/10/2013.'
    expect(values(findDatesOfBirth(text))).toEqual(['14/08/2018', '22.11.1996', '1991-05-09', '30 July 1968', '17/10/2013'])
  })

  it('leaves event dates alone, even next to a person', () => {
    const text = 'Ruby attended ED on 03/02/2020. Strategy discussion 12 June 2020. Visit 2020-02-18.'
    expect(findDatesOfBirth(text)).toEqual([])
  })

  it('does not take "dob" inside another word as a cue', () => {
    expect(findDatesOfBirth('Adobe form dated 03/02/2020')).toEqual([])
  })
})
