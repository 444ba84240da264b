import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { actionState, addDays, isDueSoon, isOverdue } from '../../../../server/services/board-action-status.js'

const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const status = fc.constantFrom('not-started' as const, 'in-progress' as const, 'done' as const)

describe('where an action stands', () => {
  it('is overdue exactly when not done and due before today', () => {
    fc.assert(fc.property(status, day, day, (s, due, today) => {
      expect(isOverdue({ status: s, due_date: due }, today)).toBe(s !== 'done' && due < today)
      expect(actionState({ status: s, due_date: due }, today)).toBe(s !== 'done' && due < today ? 'overdue' : s)
    }))
  })

  it('is never both overdue and due soon', () => {
    fc.assert(fc.property(status, day, day, (s, due, today) => {
      const action = { status: s, due_date: due }
      expect(isOverdue(action, today) && isDueSoon(action, today)).toBe(false)
    }))
  })

  it('adds days across month and leap-year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01')
    expect(addDays('2025-12-25', 14)).toBe('2026-01-08')
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 400 }), (d, n) => {
      expect(addDays(addDays(d, n), -n)).toBe(d)
      expect(addDays(d, n) >= d).toBe(true)
    }))
  })

  it('is due soon from today until fourteen days ahead', () => {
    expect(isDueSoon({ status: 'in-progress', due_date: '2026-03-02' }, '2026-03-02')).toBe(true)
    expect(isDueSoon({ status: 'in-progress', due_date: '2026-03-16' }, '2026-03-02')).toBe(true)
    expect(isDueSoon({ status: 'in-progress', due_date: '2026-03-17' }, '2026-03-02')).toBe(false)
    expect(isDueSoon({ status: 'done', due_date: '2026-03-03' }, '2026-03-02')).toBe(false)
  })
})
