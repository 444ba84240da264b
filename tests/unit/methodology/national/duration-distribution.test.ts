import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { quartilesOf, shownDistribution } from '../../../../methodology/national/duration-distribution.js'

const days = fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 })

describe('quartilesOf', () => {
  it('gives the values QUARTILE.INC gives', () => {
    expect(quartilesOf([1, 2, 3, 4, 5, 6])).toEqual({ lower: 2.25, median: 3.5, upper: 4.75 })
    expect(quartilesOf([7, 1, 3])).toEqual({ lower: 2, median: 3, upper: 5 })
    expect(quartilesOf([4])).toEqual({ lower: 4, median: 4, upper: 4 })
    expect(quartilesOf([])).toBeNull()
  })

  it('orders min ≤ lower ≤ median ≤ upper ≤ max, ignores the order of the values, and halves the values at the median', () => {
    fc.assert(fc.property(days, (values) => {
      const q = quartilesOf(values)!
      const sorted = [...values].sort((a, b) => a - b)
      expect(sorted[0]! <= q.lower && q.lower <= q.median && q.median <= q.upper && q.upper <= sorted[sorted.length - 1]!).toBe(true)
      expect(quartilesOf([...values].reverse())).toEqual(q)
      expect(values.filter((v) => v < q.median).length).toBeLessThanOrEqual(values.length / 2)
      expect(values.filter((v) => v > q.median).length).toBeLessThanOrEqual(values.length / 2)
    }))
  })
})

describe('shownDistribution', () => {
  it('hides a duration known for fewer than 5 reviews, or not known for 1 to 4 of them', () => {
    expect(shownDistribution(6, [1, 2, 3, 4])).toEqual({ known: '<5', quartiles: null, suppressed: true })
    expect(shownDistribution(6, [1, 2, 3, 4, 5])).toEqual({ known: '<5', quartiles: null, suppressed: true })
    expect(shownDistribution(10, [1, 2, 3, 4, 5])).toMatchObject({ known: 5, suppressed: false })
    expect(shownDistribution(5, [1, 2, 3, 4, 5])).toMatchObject({ known: 5, quartiles: { median: 3 } })
  })

  it('never shows a known or not-known count from 1 to 4', () => {
    fc.assert(fc.property(days, fc.integer({ min: 0, max: 30 }), (values, unknown) => {
      const shown = shownDistribution(values.length + unknown, values)
      if (!shown.suppressed) {
        expect(values.length).toBeGreaterThanOrEqual(5)
        expect(unknown === 0 || unknown >= 5).toBe(true)
      }
    }))
  })
})
