import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { neutraliseCell, neutraliseRow } from '../../../../server/export/cell-safety.js'

const risky = fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map(([a, b]) => a + b)

describe('neutraliseCell', () => {
  it('prefixes an apostrophe to text a spreadsheet would run as a formula, and only to that', () => {
    expect(neutraliseCell('=HYPERLINK("http://example.org","x")')).toBe('\'=HYPERLINK("http://example.org","x")')
    expect(neutraliseCell('+44 7700 900123')).toBe("'+44 7700 900123")
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(neutraliseCell('Seen at home = fine')).toBe('Seen at home = fine')
    fc.assert(fc.property(fc.oneof(risky, fc.string()), (text) => {
      const out = neutraliseCell(text)
      expect(/^[=+\-@\t\r\n]/.test(out)).toBe(false)
      expect(out === text || out === `'${text}`).toBe(true)
    }), { numRuns: 1000 })
  })

  it('neutralises a formula start after leading spaces, no-break spaces, tabs or invisible characters', () => {
    for (const lead of [' ', '  ', '\u00a0', '\u200b', '\ufeff', '\u2060', '\u202e', '\u3000', ' \u00a0\u200b', '\u00ad']) {
      for (const start of ['=', '+', '-', '@', '\uff1d']) {
        const cell = `${lead}${start}HYPERLINK("http://example.org","x")`
        expect(neutraliseCell(cell), JSON.stringify(cell)).toBe(`'${cell}`)
      }
    }
    const invisible = fc.constantFrom(' ', '\u00a0', '\u200b', '\u200c', '\u200d', '\ufeff', '\u2060', '\u202a', '\u202e', '\u2066', '\u3000', '\u2007')
    fc.assert(fc.property(fc.array(invisible, { maxLength: 6 }), fc.constantFrom('=', '+', '-', '@'), fc.string(), (lead, start, rest) => {
      const cell = `${lead.join('')}${start}${rest}`
      expect(neutraliseCell(cell)).toBe(`'${cell}`)
    }), { numRuns: 500 })
    expect(neutraliseCell(' Seen at home = fine')).toBe(' Seen at home = fine')
    // A line break after a leading space is ordinary text (from the round-trip property's counterexample " \r\na").
    expect(neutraliseCell(' \r\na')).toBe(' \r\na')
    expect(neutraliseCell('\r\na')).toBe("'\r\na")
    expect(neutraliseCell('\u00a0Plan agreed')).toBe('\u00a0Plan agreed')
  })

  it('survives a CSV round trip as text, with quotes, separators and line breaks inside cells', () => {
    const cell = fc.oneof(risky, fc.string({ unit: fc.constantFrom('a', '"', ',', ';', '\n', '\r\n', '=', '+', '-', '@', ' ', '£', 'é') }))
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
      const csv = stringify(rows.map((r) => neutraliseRow(r)))
      const back = parse(csv, { relax_column_count: true }) as string[][]
      expect(back).toEqual(rows.map((r) => r.map(neutraliseCell)))
    }), { numRuns: 300 })
  })

  it('leaves numbers and empty cells as they are', () => {
    expect(neutraliseRow([-5, null, '', '-5'])).toEqual([-5, null, '', "'-5"])
  })
})
