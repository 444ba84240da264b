import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { minimumComplement, withheldViewReason } from '../../../../methodology/national/minimum-complement.js'
import { SUPPRESSED_BELOW } from '../../../../methodology/national/suppression.js'

describe('the minimum complement', () => {
  it('withholds a view when a filter leaves out 1 to 4 of the reviews the other filters match, naming that filter', () => {
    for (const leftOut of [1, 2, 3, 4]) {
      expect(minimumComplement(20, [{ filter: 'Region: London', othersMatch: 20 + leftOut }])).toEqual({ withheld: true, filter: 'Region: London' })
    }
  })

  it('shows a view when each filter leaves out none or at least 5 reviews', () => {
    expect(minimumComplement(20, [{ filter: 'Region: London', othersMatch: 20 }, { filter: 'Agency: Police', othersMatch: 25 }])).toEqual({ withheld: false })
    expect(minimumComplement(0, [{ filter: 'Region: London', othersMatch: 0 }])).toEqual({ withheld: false })
    expect(minimumComplement(12, [])).toEqual({ withheld: false })
  })

  it('names the first filter, in the order given, that leaves out too few', () => {
    const verdict = minimumComplement(10, [{ filter: 'a', othersMatch: 30 }, { filter: 'b', othersMatch: 12 }, { filter: 'c', othersMatch: 11 }])
    expect(verdict).toEqual({ withheld: true, filter: 'b' })
  })

  it('withholds even a view matching nothing when a filter leaves out a few (the view without it is those few)', () => {
    expect(minimumComplement(0, [{ filter: 'Years: 2020 to 2021', othersMatch: 3 }])).toEqual({ withheld: true, filter: 'Years: 2020 to 2021' })
  })

  it('says which filter and why, with the threshold, in words', () => {
    const reason = withheldViewReason('Region: North East')
    expect(reason).toContain('‘Region: North East’')
    expect(reason).toContain(`fewer than ${SUPPRESSED_BELOW} reviews`)
    expect(reason).toMatch(/^Not shown: /)
  })
})

// Reviews with findings; each filter tests a finding (as the national filters do), and a review matches a set of
// filters when one of its findings passes them all.
interface Finding { region: number; code: number; level: number }
type Review = Finding[]
type Filter = { name: 'region' | 'code' | 'level'; value: number }

const reviews = fc.array(fc.array(fc.record({ region: fc.integer({ min: 0, max: 2 }), code: fc.integer({ min: 0, max: 2 }), level: fc.integer({ min: 0, max: 1 }) }), { minLength: 1, maxLength: 3 }), { maxLength: 40 })
const filterSets = fc.uniqueArray(fc.record({ name: fc.constantFrom('region' as const, 'code' as const, 'level' as const), value: fc.integer({ min: 0, max: 2 }) }), { maxLength: 3, selector: (f) => f.name })

const matching = (data: readonly Review[], filters: readonly Filter[]) => data.filter((r) => r.some((f) => filters.every((x) => f[x.name] === x.value))).length

describe('the minimum complement over any data', () => {
  it('never shows a view that differs by 1 to 4 reviews from the same view without any one of its filters', () => {
    fc.assert(fc.property(reviews, filterSets, (data, filters) => {
      const all = matching(data, filters)
      const reach = filters.map((f, i) => ({ filter: i, othersMatch: matching(data, filters.filter((_, j) => j !== i)) }))
      const verdict = minimumComplement(all, reach)
      if (!verdict.withheld) {
        for (const [i] of filters.entries()) {
          const difference = matching(data, filters.filter((_, j) => j !== i)) - all
          expect(difference === 0 || difference >= SUPPRESSED_BELOW).toBe(true)
        }
      } else {
        // It withholds no view it need not: the filter it names does leave out 1 to 4.
        const difference = matching(data, filters.filter((_, j) => j !== verdict.filter)) - all
        expect(difference).toBeGreaterThanOrEqual(1)
        expect(difference).toBeLessThan(SUPPRESSED_BELOW)
      }
    }), { numRuns: 500 })
  })
})
