import { describe, expect, it } from 'vitest'
import { flagTags, whenText } from '../../../../server/views-support/chronology-labels.js'

describe('whenText', () => {
  it('says no more than the agency recorded', () => {
    expect(whenText({ date: '2020-06-12', time: '02:15', precision: 'minute' })).toBe('12 June 2020, 02:15')
    expect(whenText({ date: '2020-06-12', time: null, precision: 'day' })).toBe('12 June 2020')
    expect(whenText({ date: '2021-06-07', time: null, precision: 'week' })).toBe('Week of 7 June 2021')
    expect(whenText({ date: '2019-09-01', time: null, precision: 'month' })).toBe('September 2019')
    expect(whenText({ date: '2019-01-01', time: null, precision: 'year' })).toBe('2019')
  })
})

describe('flagTags', () => {
  it('shows significance first, then the stored flags, and a link over a suggestion', () => {
    expect(flagTags(['exact-duplicate', 'reduced-precision', 'outside-period'], { significant: true, suggested: true, linked: true }).map((t) => t.text))
      .toEqual(['Significant', 'Exact duplicate', 'Outside review period', 'Linked episode'])
    expect(flagTags([], { suggested: true }).map((t) => t.text)).toEqual(['Suggested episode'])
  })
})
