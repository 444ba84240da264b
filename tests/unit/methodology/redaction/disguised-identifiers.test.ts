// Names and identifiers disguised with invisible characters, look-alike letters, full-width forms, a right-to-left
// override or unusual separators are still found by the leak scan and still replaced by the pseudonymiser; and the
// kinds added for police collar numbers, staff numbers and shortened street names.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { buildNationalReturn, type ReturnSource } from '../../../../methodology/national/build-return.js'
import { stringsOf } from '../../../../methodology/national/return-format.js'
import { scanForLeaks } from '../../../../methodology/redaction/leak-scan.js'
import { normaliseForMatching, originalRange } from '../../../../methodology/redaction/normalise-text.js'
import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'
import { pseudonymise } from '../../../../methodology/redaction/pseudonymise.js'
import { fold } from '../../../../methodology/redaction/text-tokens.js'
import { disguise, INVISIBLES } from '../../../support/disguised-names.js'

const register: RegisterPerson[] = [
  {
    realName: 'Kayleigh Harlow', role: 'Mother', pseudonym: 'Mother', dateOfBirth: '1995-03-12', nhsNumber: '943 476 5919',
    address: '12 Mill Road, Exton', postcode: 'ZZ99 4QT', phone: '07700 900412', staffNumber: null,
  },
  { realName: 'Peter Okonjo', role: 'Police officer', pseudonym: 'Police Officer 1', dateOfBirth: null, nhsNumber: null, address: null, postcode: null, phone: null, staffNumber: 'E104522' },
]

/** True when the plain folded words of `name` can still be read in `text` by someone who sees it rendered. */
function readable(text: string, name: string): boolean {
  const seen = fold(normaliseForMatching(text).text)
  return new RegExp(`(?<![\\p{L}])${fold(name)}(?![\\p{L}])`, 'u').test(seen)
}

describe('disguised register names', () => {
  it.each([
    ['a soft hyphen', 'Kay\u00adleigh Harlow was seen'],
    ['a zero-width space', 'Kayleigh Har\u200blow was seen'],
    ['full-width letters', '\uff2b\uff41\uff59\uff4c\uff45\uff49\uff47\uff48 \uff28\uff41\uff52\uff4c\uff4f\uff57 was seen'],
    ['a Cyrillic a', 'Kayleigh H\u0430rlow was seen'],
    ['a Greek omicron', 'Kayleigh Harl\u03bfw was seen'],
    ['a right-to-left override', 'Kayleigh \u202ewolraH\u202c was seen'],
    ['a word joiner and a byte-order mark', 'Kayleigh\u2060 Har\ufefflow was seen'],
  ])('finds and replaces a name disguised with %s', (_label, text) => {
    expect(scanForLeaks(text, register).length).toBeGreaterThan(0)
    const out = pseudonymise(text, register)
    expect(readable(out, 'Harlow')).toBe(false)
    expect(readable(out, 'Kayleigh')).toBe(false)
    expect(out).toContain('Mother')
    expect(out.endsWith(' was seen')).toBe(true)
  })

  it('replaces exactly the disguised characters and leaves the text around them as it was', () => {
    expect(pseudonymise('Seen: K\u00adayleigh H\u0430r\u200blow, then home.', register)).toBe('Seen: Mother, then home.')
  })

  it('never lets a register name through however it is disguised (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Kayleigh Harlow', 'Harlow', 'Kayleigh', 'Peter Okonjo', 'Okonjo'),
        fc.array(fc.nat(40), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('', 'On Monday ', 'Note: '),
        fc.constantFrom('', ' attended.', "'s flat"),
        (name, choices, before, after) => {
          const text = `${before}${disguise(name, choices)}${after}`
          expect(scanForLeaks(text, register).length).toBeGreaterThan(0)
          const out = pseudonymise(text, register)
          for (const word of name.split(' ')) expect(readable(out, word)).toBe(false)
          expect(scanForLeaks(out, register)).toEqual([])
        },
      ),
      { numRuns: 300 },
    )
  })

  it('never lets a disguised name into the national return (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom('Kayleigh Harlow', 'Harlow', 'Okonjo'), fc.array(fc.nat(40), { minLength: 1, maxLength: 12 }), (name, choices) => {
        const hidden = disguise(name, choices)
        const source: ReturnSource = {
          returnId: 'r-1', version: 1, sourceInstance: 'i-1',
          review: {
            region: 'South West', year: 2024, methodology: 'learning-together', harmCategory: 'death',
      child: { sex: 'female', ethnicity: 'white', disability: 'not-known', ageBand: 'under-1', lookedAfter: 'not-looked-after', socialCareStatus: 'child-in-need' },
      harmType: 'neglect', riskFactors: ['domestic-abuse'], childBorn: null, incidentDate: null,
      dates: { becameAware: null, notification: null, rapidReviewSent: null, decision: null, published: null },
            agencyNames: ['Police'], publishedReport: null, subjectPseudonym: null, boardName: null,
          },
          findings: [{
            kind: 'systemic', title: `${hidden} was not seen`, pattern: `Visits to ${hidden} stopped.`, howWidespread: '', whyItMatters: '',
            systemLevel: 'team', tags: [], agencyNames: [], boardQuestions: [`Who saw ${hidden}?`], nationalAttention: false, actionStates: [],
          }],
          register,
        }
        const built = buildNationalReturn(source)
        expect(built.leaks).toEqual([])
        for (const text of stringsOf(built.document).map((s) => s.text)) for (const word of name.split(' ')) expect(readable(text, word)).toBe(false)
      }),
      { numRuns: 150 },
    )
  })
})

describe('register identifiers with other separators', () => {
  it.each([
    ['943.476.5919', 'nhs-number'], ['943 476 5919', 'nhs-number'], ['943-476-5919', 'nhs-number'], ['9434 765 919', 'nhs-number'],
    ['943/476/5919', 'nhs-number'], ['Z Z 9 9 4 Q T', 'postcode'], ['zz99  4qt', 'postcode'], ['ZZ99-4QT', 'postcode'],
    ['07700.900.412', 'phone'], ['+44 (0) 7700 900 412', 'phone'], ['0 7 7 0 0 9 0 0 4 1 2', 'phone'], ['12 03 1995', 'date-of-birth'],
    ['E10 4522', 'staff-number'], ['e-104-522', 'staff-number'], ['９４３ ４７６ ５９１９', 'nhs-number'],
  ])('finds "%s" as a %s and removes it', (value, kind) => {
    const text = `Recorded: ${value}. Next visit planned.`
    expect(scanForLeaks(text, register).map((l) => l.kind)).toContain(kind)
    const out = pseudonymise(text, register)
    expect(out).toBe('Recorded: [removed]. Next visit planned.')
  })

  it('leaves event dates and times, and numbers that only share digits with the register, alone', () => {
    const text = 'On 12/03/2019 at 10:45 the case 943 476 was closed; 4765919 calls.'
    expect(scanForLeaks(text, register)).toEqual([])
  })
})

describe('police collar and warrant numbers, staff numbers', () => {
  it.each([
    ['PC 2987 attended', 'PC [removed] attended'], ['DS1234 called', 'DS[removed] called'], ['T/DC 4512 wrote', 'T/DC [removed] wrote'],
    ['Sgt. 456 agreed', 'Sgt. [removed] agreed'], ['Detective Constable 7701 said', 'Detective Constable [removed] said'],
    ['collar number 3321 noted', 'collar number [removed] noted'], ['warrant no. 123456 seen', 'warrant no. [removed] seen'],
    ['PCSO 90211 spoke', 'PCSO [removed] spoke'], ['payroll number E104522 used', 'payroll number [removed] used'],
    ['staff ID: 48213 logged', 'staff ID: [removed] logged'],
  ])('%s', (text, expected) => {
    expect(scanForLeaks(text, []).length).toBe(1)
    expect(pseudonymise(text, [])).toBe(expected)
  })

  it('finds a collar number hidden with a zero-width space or full-width digits', () => {
    expect(pseudonymise('PC\u200b 2987 and ＰＣ ２９８８ attended', [])).toBe('PC\u200b [removed] and ＰＣ [removed] attended')
  })

  it('does not take lower-case "pc", years or ordinary words for a rank', () => {
    expect(scanForLeaks('the pc 2987 was slow; ds 12; a PC was bought in 2019; DCI Banks; Officer in charge', [])).toEqual([])
  })

  it('labels the finding by kind', () => {
    expect(scanForLeaks('PC 2987', []).map((l) => [l.kind, l.value])).toEqual([['collar-number', 'PC 2987']])
    expect(scanForLeaks('payroll no. E104522', []).map((l) => [l.kind, l.value])).toEqual([['staff-number', 'payroll no. E104522']])
  })
})

describe('shortened street names', () => {
  it.each([
    ['12 Mill Rd'], ['12 Mill Rd.'], ['12 mill rd, Exton'], ['Mill Rd'], ['12 Mill Road'], ['12 Mill R\u200bd'],
  ])('finds "%s" for the register\'s "12 Mill Road, Exton"', (written) => {
    const text = `They moved to ${written} in May.`
    expect(scanForLeaks(text, register).map((l) => l.kind)).toContain('address')
    expect(pseudonymise(text, register)).not.toMatch(/Mill/i)
  })

  it('matches the register written short against the text written out', () => {
    const short: RegisterPerson[] = [{ ...register[0]!, address: '4 Larch Cres, Exton' }]
    expect(pseudonymise('Seen at 4 Larch Crescent today.', short)).toBe('Seen at [removed] today.')
    expect(pseudonymise('Seen at 4 Larch Close today.', short)).toBe('Seen at 4 Larch Close today.')
  })
})

describe('normalising for matching', () => {
  it('keeps plain text as it is, without a position map', () => {
    expect(normaliseForMatching('Plain text, 12 Mill Road.')).toEqual({ text: 'Plain text, 12 Mill Road.', starts: null, ends: null })
  })

  it('maps every match back to the original characters, invisible ones between included (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ' ', ...INVISIBLES, '\uff41', '\u0430'), { maxLength: 30 }), (chars) => {
        const original = chars.join('')
        const normalised = normaliseForMatching(original)
        for (let start = 0; start < normalised.text.length; start++) {
          for (let end = start + 1; end <= normalised.text.length; end++) {
            const range = originalRange(normalised, start, end)
            expect(normaliseForMatching(original.slice(range.start, range.end)).text).toBe(normalised.text.slice(start, end))
          }
        }
      }),
    )
  })
})
