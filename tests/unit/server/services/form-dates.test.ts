import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dateInputParts, dateInputValues, dateValue, joinDateParts, parseIsoDate } from '../../../../server/services/form-dates.js'
import type { ErrorDetail } from '../../../../server/errors.js'

function read(day: string, month: string, year: string, label = 'Due date'): { value: string | null; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = []
  return { value: parseIsoDate(joinDateParts(day, month, year), 'dueDate', label, problems), problems }
}

describe('reading a GOV.UK date input', () => {
  it('accepts what people type: leading zeros or not, spaces, a month name, 3rd', () => {
    for (const [d, m, y] of [['3', '2', '2022'], ['03', '02', '2022'], [' 3 ', ' 0 2', '20 22'], ['3rd', 'Feb', '2022'], ['3', 'february', '2022'], ['003', '2', '2022']]) {
      expect(read(d!, m!, y!).value, `${d}/${m}/${y}`).toBe('2022-02-03')
    }
  })

  it('rejects 31 February with the GOV.UK message naming the field', () => {
    expect(read('31', '02', '2021')).toEqual({ value: null, problems: [{ path: 'dueDate', message: 'Due date must be a real date' }] })
    expect(read('29', '2', '2024').value).toBe('2024-02-29')
    expect(read('29', '2', '2023').problems[0]!.message).toBe('Due date must be a real date')
  })

  it('says which part is missing, asks for the date when all are empty, and wants a 4-number year', () => {
    expect(read('', '', '').problems[0]!.message).toBe('Enter due date')
    expect(read('3', '', '2022').problems[0]!.message).toBe('Due date must include a month')
    expect(read('', '', '2022').problems[0]!.message).toBe('Due date must include a day and month')
    expect(read('3', '2', '22').problems[0]!.message).toBe('Due date must include a year with 4 numbers')
    expect(read('3', 'Smarch', '2022').problems[0]!.message).toBe('Due date must be a real date')
    expect(read('x', '2', '2022').problems[0]!.message).toBe('Due date must be a real date')
  })

  it('never throws, and accepts exactly the real dates, whatever is typed', () => {
    fc.assert(fc.property(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), (d, m, y) => {
      const { value, problems } = read(d, m, y)
      expect(value === null).toBe(problems.length === 1)
      if (value) expect(new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10)).toBe(value)
    }))
  })

  it('reads the boxes or one YYYY-MM-DD value, and shows a stored date back in the boxes', () => {
    expect(dateValue({ 'from-day': '1', 'from-month': '3', 'from-year': '2021' }, 'from')).toBe('2021-03-01')
    expect(dateValue({ from: '2021-03-01' }, 'from')).toBe('2021-03-01')
    expect(dateValue({}, 'from')).toBe('')
    expect(dateInputParts('2021-03-01')).toEqual({ day: '1', month: '3', year: '2021' })
    expect(dateInputValues({ 'to-day': '31', 'to-month': '02', 'to-year': '2021', to: '2020-01-01' }, 'to')).toEqual({ day: '31', month: '02', year: '2021' })
    expect(dateInputValues({ to: '2020-01-05' }, 'to')).toEqual({ day: '5', month: '1', year: '2020' })
  })
})
