import { describe, expect, it } from 'vitest'
import { readChronologyQuery } from '../../../../server/services/chronology.js'
import { parseImportSettings } from '../../../../server/services/chronology-import.js'
import { BadInput } from '../../../../server/errors.js'

describe('readChronologyQuery', () => {
  it('reads repeated filters, keeps only known flags and reports impossible dates by field', () => {
    const { query, problems } = readChronologyQuery({ agency: ['Police', 'GP'], flag: ['significant', 'no-such-flag'], from: '2021-02-30', to: '2021-03-31', q: '  bruise ', page: '3' })
    expect(query).toMatchObject({ agencies: ['Police', 'GP'], flags: ['significant'], from: null, to: '2021-03-31', q: 'bruise', page: 3 })
    expect(problems).toEqual([{ path: 'from', message: 'The start date must be a real date' }])
  })

  it('reads the day, month and year boxes as typed, and names a missing part', () => {
    expect(readChronologyQuery({ 'from-day': ' 1', 'from-month': '3 ', 'from-year': '2021' }).query.from).toBe('2021-03-01')
    const { query, problems } = readChronologyQuery({ 'to-day': '31', 'to-month': '2', 'to-year': '2021' })
    expect(query.to).toBeNull()
    expect(problems).toEqual([{ path: 'to', message: 'The end date must be a real date' }])
    expect(readChronologyQuery({ 'from-day': '1', 'from-month': '', 'from-year': '2021' }).problems[0]!.message).toBe('The start date must include a month')
  })

  it('refuses an end before the start and ignores it', () => {
    const { query, problems } = readChronologyQuery({ from: '2021-05-01', to: '2021-04-01' })
    expect(query.to).toBeNull()
    expect(problems.map((p) => p.path)).toEqual(['to'])
  })

  it('starts at page 1 for anything that is not a page number', () => {
    for (const page of ['0', '-2', 'two', '']) expect(readChronologyQuery({ page }).query.page).toBe(1)
  })
})

describe('parseImportSettings', () => {
  it('takes a JSON mapping, leaving blank columns out, and a heading row number', () => {
    expect(parseImportSettings({ mapping: '{"occurredAt":"Date","summary":"Notes","outcome":""}', headerRow: '3', delimiter: 'tab', dateFormat: ' DD/MM/YYYY ' }))
      .toEqual({ mapping: { occurredAt: 'Date', summary: 'Notes' }, headerRow: 3, delimiter: 'tab', dateFormat: 'DD/MM/YYYY' })
  })

  it('names each setting it cannot use', () => {
    try {
      parseImportSettings({ mapping: '{"when":"Date","summary":5}', headerRow: 'three' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(BadInput)
      expect((error as BadInput).details.map((d) => d.path)).toEqual(['mapping.when', 'mapping.summary', 'headerRow'])
    }
    expect(() => parseImportSettings({ mapping: '[1,2]' })).toThrow(BadInput)
    expect(() => parseImportSettings({ mapping: '{not json' })).toThrow(BadInput)
  })
})
