import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { SUPPRESSED, proportionText, suppressCell, totalsMayShow } from '../../../../methodology/national/suppression.js'

describe('small-number suppression', () => {
  it('hides both numbers of a cell counting fewer than 5 reviews, however many findings it has', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 500 }), (reviews, findings) => {
      expect(suppressCell({ reviews, findings })).toEqual({ reviews: SUPPRESSED, findings: SUPPRESSED, suppressed: true })
    }))
  })

  it('shows both numbers exactly from 5 reviews up', () => {
    fc.assert(fc.property(fc.integer({ min: 5, max: 10_000 }), fc.integer({ min: 0, max: 100_000 }), (reviews, findings) => {
      expect(suppressCell({ reviews, findings })).toEqual({ reviews, findings, suppressed: false })
    }))
  })

  it('withholds the totals when a table that splits the data hides a row, or when the total itself is small', () => {
    const shown = [{ suppressed: false }, { suppressed: false }]
    expect(totalsMayShow({ reviews: 40, findings: 90 }, [shown, shown])).toBe(true)
    expect(totalsMayShow({ reviews: 40, findings: 90 }, [shown, [{ suppressed: false }, { suppressed: true }]])).toBe(false)
    expect(totalsMayShow({ reviews: 4, findings: 90 }, [shown])).toBe(false)
  })

  it('gives shares as whole percentages, and "less than 1%" rather than 0% for a real share', () => {
    expect(proportionText(1, 3)).toBe('33%')
    expect(proportionText(1, 400)).toBe('less than 1%')
    expect(proportionText(0, 400)).toBe('0%')
    expect(proportionText(3, 0)).toBe('')
  })
})
