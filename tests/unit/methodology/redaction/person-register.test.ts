import { describe, it, expect } from 'vitest'
import { parseDateOfBirth, parsePersonRows } from '../../../../methodology/redaction/person-register.js'
import { addressForms, nameParts } from '../../../../methodology/redaction/register-forms.js'

function row(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    real_name: 'Ruby Calder',
    role: 'Subject child',
    pseudonym: 'Child R',
    date_of_birth: '2018-08-14',
    nhs_number: '999 945 8076',
    address: '7 Heron Way, Millbridge',
    postcode: 'ZZ99 1RD',
    phone: '',
    ...overrides,
  }
}

describe('parsePersonRows', () => {
  it('reads a valid row into a person with tidy identifiers', () => {
    const { persons, problems } = parsePersonRows([row({ nhs_number: '9999458076', postcode: 'zz991rd', phone: ' 07700  900412 ' })])
    expect(problems).toEqual([])
    expect(persons).toEqual([
      {
        realName: 'Ruby Calder',
        role: 'Subject child',
        pseudonym: 'Child R',
        dateOfBirth: '2018-08-14',
        nhsNumber: '999 945 8076',
        address: '7 Heron Way, Millbridge',
        postcode: 'ZZ99 1RD',
        phone: '07700 900412',
        staffNumber: null,
      },
    ])
  })

  it('turns blank optional cells into null', () => {
    const { persons, problems } = parsePersonRows([
      { real_name: 'Tom Bexley', role: '', pseudonym: 'Social Worker 1', date_of_birth: '', nhs_number: '', address: '', postcode: '', phone: '' },
    ])
    expect(problems).toEqual([])
    expect(persons[0]).toMatchObject({ role: null, dateOfBirth: null, nhsNumber: null, address: null, postcode: null, phone: null })
  })

  it('rejects 31 February as a date of birth and names the row and column', () => {
    const { problems } = parsePersonRows([row(), row({ real_name: 'Kai Calder', pseudonym: 'Sibling', date_of_birth: '2020-02-31' })])
    expect(problems).toEqual([{ row: 2, column: 'date_of_birth', message: expect.stringContaining('real date') }])
  })

  it('accepts a day-first date of birth as exported from a spreadsheet', () => {
    expect(parseDateOfBirth('14/08/2018')).toBe('2018-08-14')
    expect(parseDateOfBirth('29/02/2019')).toBeNull()
    expect(parseDateOfBirth('2020-02-29')).toBe('2020-02-29')
    expect(parseDateOfBirth('August 2018')).toBeNull()
  })

  it('rejects an NHS number with a bad check digit, and one with the wrong number of digits', () => {
    const { problems } = parsePersonRows([row({ nhs_number: '999 945 8077' }), row({ pseudonym: 'Child S', nhs_number: '999 945 807' })])
    expect(problems.map((p) => [p.row, p.column])).toEqual([[1, 'nhs_number'], [2, 'nhs_number']])
    expect(problems[0]?.message).toMatch(/not valid/)
    expect(problems[1]?.message).toMatch(/10 digits/)
  })

  it('rejects a malformed postcode and a phone number that is not a UK number', () => {
    const { problems } = parsePersonRows([row({ postcode: 'ZZ99 QT4', phone: '12345' })])
    expect(problems).toEqual([
      { row: 1, column: 'postcode', message: expect.stringContaining('postcode') },
      { row: 1, column: 'phone', message: expect.stringContaining('phone') },
    ])
  })

  it('keeps a person whose identifier is invalid, so their name is still protected', () => {
    const { persons } = parsePersonRows([row({ date_of_birth: '14/14/2018' })])
    expect(persons).toHaveLength(1)
    expect(persons[0]?.dateOfBirth).toBeNull()
  })

  it('requires a real name and a pseudonym on every row', () => {
    const { persons, problems } = parsePersonRows([row({ real_name: ' ' }), row({ pseudonym: '' })])
    expect(persons).toEqual([])
    expect(problems.map((p) => [p.row, p.column])).toEqual([[1, 'real_name'], [2, 'pseudonym']])
  })

  it('reports a pseudonym used twice, naming the earlier row', () => {
    const { problems } = parsePersonRows([row(), row({ real_name: 'Kai Calder', pseudonym: 'child r' })])
    expect(problems).toEqual([{ row: 2, column: 'pseudonym', message: 'Pseudonym is already used in row 1' }])
  })

  it("reports a pseudonym that holds someone's real name", () => {
    const { problems } = parsePersonRows([row(), row({ real_name: 'Shannon Calder', pseudonym: 'Mrs Calder' })])
    expect(problems).toEqual([{ row: 2, column: 'pseudonym', message: "Pseudonym must not contain anyone's real name" }])
  })

  it('reports a missing required column once, against the header', () => {
    const { persons, problems } = parsePersonRows([{ name: 'Ruby Calder', pseudonym: 'Child R' }])
    expect(persons).toEqual([])
    expect(problems).toEqual([{ row: 0, column: 'real_name', message: 'The file has no real_name column' }])
  })

  it('accepts headers typed by hand, with capitals, spaces and a byte order mark', () => {
    const { persons, problems } = parsePersonRows([{ '\uFEFFReal name': 'Ruby Calder', Pseudonym: 'Child R', 'NHS number': '9999458076' }])
    expect(problems).toEqual([])
    expect(persons[0]).toMatchObject({ realName: 'Ruby Calder', nhsNumber: '999 945 8076' })
  })

  it('skips a row of empty cells without a problem', () => {
    const { persons, problems } = parsePersonRows([row(), { real_name: '', pseudonym: '', role: '' }])
    expect(problems).toEqual([])
    expect(persons).toHaveLength(1)
  })
})

describe('nameParts', () => {
  it('splits first, middle and last names, dropping a title', () => {
    expect(nameParts('Dr Anita Okafor')).toEqual({ givenNames: ['Anita'], surname: 'Okafor' })
    expect(nameParts('Ruby Mae Calder')).toEqual({ givenNames: ['Ruby', 'Mae'], surname: 'Calder' })
  })

  it('keeps surname particles and double-barrelled names together', () => {
    expect(nameParts('Lotte van der Berg')).toEqual({ givenNames: ['Lotte'], surname: 'van der Berg' })
    expect(nameParts('Kim Ellis-Bexley')).toEqual({ givenNames: ['Kim'], surname: 'Ellis-Bexley' })
  })

  it('treats a one-word name as a first name', () => {
    expect(nameParts('Ruby')).toEqual({ givenNames: ['Ruby'], surname: null })
  })
})

describe('addressForms', () => {
  it('gives the whole address, the address without its town, each numbered line and the street alone', () => {
    expect(addressForms('Flat 3, 27 Mill Lane, Eastwick')).toEqual(['Flat 3, 27 Mill Lane, Eastwick', 'Flat 3, 27 Mill Lane', '27 Mill Lane', 'Mill Lane'])
    expect(addressForms('7 Heron Way, Millbridge')).toEqual(['7 Heron Way, Millbridge', '7 Heron Way', 'Heron Way'])
  })

  it('never offers the town on its own', () => {
    expect(addressForms('7 Heron Way, Millbridge')).not.toContain('Millbridge')
  })
})
