// A pseudonym put into right-to-left text or inside a bidi override must read as itself (issue 12). The Unicode
// bidi algorithm draws an isolate (FSI … PDI) in its own direction with no override (rules X5a-c), and moves it as
// one piece; the pseudonymiser puts a replacement in an isolate wherever its line holds bidi controls or
// right-to-left letters, and leaves plain left-to-right text exactly as it was. The leak scan reads text in the
// order it is drawn, isolates included, so a name hidden in an isolate inside an override is still found.
import { describe, expect, it } from 'vitest'
import { scanForLeaks } from '../../../../methodology/redaction/leak-scan.js'
import { normaliseForMatching } from '../../../../methodology/redaction/normalise-text.js'
import type { RegisterPerson } from '../../../../methodology/redaction/person-register.js'
import { FSI, PDI, pseudonymise, REMOVED } from '../../../../methodology/redaction/pseudonymise.js'

const register: RegisterPerson[] = [{
  realName: 'Kayleigh Harlow', role: 'Mother', pseudonym: 'Mother', dateOfBirth: null, nhsNumber: '943 476 5919',
  address: null, postcode: 'ZZ99 4QT', phone: null, staffNumber: null,
}]

const RLO = '\u202e'
const PDF = '\u202c'
const reversed = (text: string) => [...text].reverse().join('')
/** The text in the order a reader sees it (what the scan matches on). */
const drawn = (text: string) => normaliseForMatching(text).text

describe('pseudonyms inside right-to-left text', () => {
  it('reads as the pseudonym inside a right-to-left override, not reversed', () => {
    // Drawn as "Kayleigh Harlow was seen": the whole sentence is written backwards under an override.
    const text = `${RLO}${reversed('Kayleigh Harlow was seen')}${PDF}`
    expect(drawn(text)).toBe('Kayleigh Harlow was seen')
    const out = pseudonymise(text, register)
    expect(out).toContain(`${FSI}Mother${PDI}`)
    expect(drawn(out)).toBe('Mother was seen')
    expect(drawn(out)).not.toContain('rehtoM')
    expect(scanForLeaks(out, register)).toEqual([])
  })

  it('isolates identifiers removed inside an override too', () => {
    const text = `${RLO}${reversed('postcode ZZ99 4QT on file')}${PDF}`
    const out = pseudonymise(text, register)
    expect(out).toContain(`${FSI}${REMOVED}${PDI}`)
    expect(drawn(out)).toBe(`postcode ${REMOVED} on file`)
  })

  it('isolates a pseudonym put into Arabic or Hebrew text, and only on that line', () => {
    const out = pseudonymise('زارت Kayleigh Harlow المنزل\nKayleigh Harlow was seen', register)
    expect(out).toBe(`زارت ${FSI}Mother${PDI} المنزل\nMother was seen`)
    expect(pseudonymise('ביקרה Kayleigh Harlow בבית', register)).toBe(`ביקרה ${FSI}Mother${PDI} בבית`)
  })

  it('leaves left-to-right text exactly as before', () => {
    expect(pseudonymise('Kayleigh Harlow was seen at ZZ99 4QT', register)).toBe(`Mother was seen at ${REMOVED}`)
    expect(pseudonymise("Kayleigh's flat", register)).toBe("Mother's flat")
  })
})

describe('the leak scan reads isolates as they are drawn', () => {
  it('finds a name in an isolate inside an override, which the override does not reverse', () => {
    // Drawn "was Kayleigh Harlow": the override reverses "saw " around the isolate, not the isolate's letters.
    const text = `${RLO}\u2068Kayleigh Harlow\u2069 ${reversed('was')}${PDF}`
    expect(drawn(text)).toBe('was Kayleigh Harlow')
    expect(scanForLeaks(text, register).length).toBeGreaterThan(0)
    const out = pseudonymise(text, register)
    expect(scanForLeaks(out, register)).toEqual([])
    expect(drawn(out)).toBe('was Mother')
  })

  it('finds a name written backwards under an override inside an isolate', () => {
    const text = `Seen: \u2068${RLO}${reversed('Kayleigh Harlow')}${PDF}\u2069 today`
    expect(drawn(text)).toBe('Seen: Kayleigh Harlow today')
    expect(scanForLeaks(text, register).length).toBeGreaterThan(0)
  })

  it('lets a PDI close the override opened inside its isolate, and ignores a stray PDF or PDI', () => {
    expect(drawn(`\u2068${RLO}cba\u2069def`)).toBe('abcdef')
    expect(drawn(`abc${PDF}\u2069def`)).toBe('abcdef')
    // A PDF cannot close an override opened outside the isolate it is in.
    expect(drawn(`${RLO}ab\u2068c${PDF}d\u2069e${PDF}`)).toBe('ecdba')
  })

  it('replaces several names under one override in the order they are stored, and finds nothing after (no false leak)', () => {
    // Read backwards, the spans come last-stored first: replacing them in that order once garbled the text and left a name.
    const out = pseudonymise(`${RLO}${reversed('Kayleigh Harlow and Kayleigh')}${PDF}`, register)
    expect(drawn(out)).toBe('Mother and Mother')
    expect(scanForLeaks(out, register)).toEqual([])
    expect(pseudonymise(out, register)).toBe(out)
  })
})
