import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Cell } from '../../../../methodology/chronology/cell.js'
import { createRowNormaliser, normaliseRow, rowFingerprint } from '../../../../methodology/chronology/normalise-row.js'

const headers = ['Date logged', 'Time', 'Officer', 'Category', 'Details', 'Action']
const mapping = { occurredAt: 'Date logged', time: 'Time', author: 'Officer', category: 'Category', summary: 'Details', outcome: 'Action' }
const reviewPeriod = { from: '2019-03-01', to: '2020-06-30' }
const normalise = createRowNormaliser({ headers, mapping, dateFormat: 'DD-MM-YYYY', reviewPeriod })

describe('normalising a row', () => {
  it('turns a row into an event with every mapped field', () => {
    const result = normalise(4, ['11-07-2019', '09:30', 'Income Team', 'Arrears', 'Repayment plan agreed.', 'Letter sent'])
    expect(result).toEqual({
      ok: true,
      event: {
        row: 4,
        occurredAt: '2019-07-11T09:30',
        date: '2019-07-11',
        time: '09:30',
        precision: 'minute',
        sortKey: expect.any(String),
        author: 'Income Team',
        category: 'Arrears',
        summary: 'Repayment plan agreed.',
        outcome: 'Letter sent',
        recordedAt: null,
        flags: [],
      },
    })
  })

  it('keeps when an entry was recorded, leaves it null when blank, and rejects a recorded date that is not a date', () => {
    const withRecorded = createRowNormaliser({
      headers: [...headers, 'Date recorded'], mapping: { ...mapping, recordedAt: 'Date recorded' }, dateFormat: 'DD-MM-YYYY', reviewPeriod,
    })
    const row = ['11-07-2019', '09:30', 'PC 1', 'Incident', 'Attended.', 'None']
    expect(withRecorded(2, [...row, '14-07-2019'])).toMatchObject({ ok: true, event: { occurredAt: '2019-07-11T09:30', recordedAt: '2019-07-14' } })
    expect(withRecorded(3, [...row, ' '])).toMatchObject({ ok: true, event: { recordedAt: null } })
    expect(withRecorded(4, [...row, '30-02-2019'])).toEqual({
      ok: false,
      rejection: { row: 4, reason: 'invalid-date', column: 'Date recorded', message: "Row 4, column 'Date recorded': 30-02-2019 is not a real date (February has no 30th)" },
    })
  })

  it('rejects an import row whose date is 31 February and names the row and the column', () => {
    expect(normalise(13, ['31-02-2020', '', 'Housing Officer', 'Tenancy', 'Visit.', ''])).toEqual({
      ok: false,
      rejection: {
        row: 13,
        reason: 'invalid-date',
        column: 'Date logged',
        message: "Row 13, column 'Date logged': 31-02-2020 is not a real date (February has no 31st)",
      },
    })
  })

  it('rejects a row with no date as missing, never dating it today or 1 January', () => {
    const result = normalise(7, ['', '10:00', 'Surveyor', 'Repair', 'Job raised.', ''])
    expect(result).toMatchObject({ ok: false, rejection: { row: 7, reason: 'missing-date', column: 'Date logged' } })
    expect(result.ok ? '' : result.rejection.message).toMatch(/^Row 7, column 'Date logged': /)
  })

  it('rejects an impossible time in the time column and names that column', () => {
    expect(normalise(2, ['11-07-2019', '25:10', 'A', 'B', 'C', 'D'])).toMatchObject({
      ok: false,
      rejection: { row: 2, reason: 'invalid-date', column: 'Time', message: expect.stringMatching(/^Row 2, column 'Time': 25:10 is not a real time/) },
    })
  })

  it('keeps text exactly, including a cell that looks like a formula', () => {
    const formula = '=HYPERLINK("http://example.org/photos","click to view")'
    const result = normalise(1, ['11-07-2019', '', '+44 1632 960000', '-', formula, '@mention'])
    expect(result.ok && result.event).toMatchObject({ summary: formula, author: '+44 1632 960000', category: '-', outcome: '@mention', time: null, precision: 'day' })
  })

  it('gives null for empty and unmapped text fields', () => {
    const narrow = createRowNormaliser({ headers: ['When', 'What'], mapping: { occurredAt: 'When', summary: 'What' }, dateFormat: 'DD/MM/YYYY', reviewPeriod })
    expect(narrow(1, ['02/09/2019', ''])).toMatchObject({ ok: true, event: { summary: null, author: null, category: null, outcome: null } })
  })

  it('flags events wholly outside the review period, without rejecting them', () => {
    const flagsOf = (date: string) => {
      const r = normalise(1, [date, '', '', '', 'x', ''])
      return r.ok ? r.event.flags : null
    }
    expect(flagsOf('05-11-2018')).toEqual(['outside-period'])
    expect(flagsOf('28-02-2019')).toEqual(['outside-period'])
    expect(flagsOf('01-03-2019')).toEqual([])
    expect(flagsOf('30-06-2020')).toEqual([])
    expect(flagsOf('01-07-2020')).toEqual(['outside-period'])
    // A reduced-precision date is outside only when its whole interval is.
    expect(flagsOf('2019')).toEqual(['reduced-precision'])
    expect(flagsOf('Feb 2019')).toEqual(['outside-period', 'reduced-precision'])
    expect(flagsOf('Mar 2019')).toEqual(['reduced-precision'])
    expect(flagsOf('2018')).toEqual(['outside-period', 'reduced-precision'])
    expect(flagsOf('w/c 25/02/2019')).toEqual(['reduced-precision'])
  })

  it('keeps reduced precision and ignores a time next to a month', () => {
    const r = normalise(3, ['Sept 2019', '10:00', '', '', 'Settling-in summary.', ''])
    expect(r).toMatchObject({ ok: true, event: { occurredAt: '2019-09', date: '2019-09-01', time: null, precision: 'month', flags: ['reduced-precision'] } })
  })

  it('reads real date cells from a spreadsheet', () => {
    const r = normaliseRow({ row: 16, cells: [new Date('2020-02-05T00:00:00Z'), 'Letter filed'], headers: ['Consultation date', 'Notes'], mapping: { occurredAt: 'Consultation date', summary: 'Notes' }, dateFormat: 'excel', reviewPeriod })
    expect(r).toMatchObject({ ok: true, event: { row: 16, occurredAt: '2020-02-05', precision: 'day', summary: 'Letter filed' } })
  })

  it('refuses a mapping without a date column or naming a missing column', () => {
    expect(() => createRowNormaliser({ headers, mapping: { summary: 'Details' }, dateFormat: 'DD-MM-YYYY', reviewPeriod })).toThrow(RangeError)
    expect(() => createRowNormaliser({ headers, mapping: { occurredAt: 'Nope', summary: 'Details' }, dateFormat: 'DD-MM-YYYY', reviewPeriod })).toThrow(/Nope/)
  })
})

describe('row fingerprints', () => {
  it('are equal for identical rows and differ when any cell differs', () => {
    const row = ['18/05/2019 16:05', 'Domestic – verbal', 'PC 4471', 'Neighbour reported shouting.']
    expect(rowFingerprint([...row])).toBe(rowFingerprint([...row]))
    expect(rowFingerprint([...row.slice(0, 3), 'Neighbour reported shouting!'])).not.toBe(rowFingerprint(row))
  })

  it('ignore trailing empty cells but not where the cell boundaries fall', () => {
    expect(rowFingerprint(['a', 'b', '', null])).toBe(rowFingerprint(['a', 'b']))
    expect(rowFingerprint(['ab', ''])).not.toBe(rowFingerprint(['a', 'b']))
    expect(rowFingerprint(['', 'ab'])).not.toBe(rowFingerprint(['ab']))
    expect(rowFingerprint(['12'])).not.toBe(rowFingerprint([12]))
  })

  it('tell rows apart exactly when their cells differ (random rows over a small alphabet)', () => {
    const cell: fc.Arbitrary<Cell> = fc.oneof(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', 'é'), maxLength: 4 }), fc.constant(null))
    const row = fc.array(cell, { maxLength: 5 })
    const trimmed = (cells: Cell[]) => {
      const out = cells.map((c) => (c === null ? '' : c))
      while (out.length > 0 && out[out.length - 1] === '') out.pop()
      return JSON.stringify(out)
    }
    fc.assert(
      fc.property(row, row, (a, b) => {
        expect(rowFingerprint(a) === rowFingerprint(b)).toBe(trimmed(a) === trimmed(b))
      }),
      { numRuns: 2000 },
    )
  })
})
