import { describe, expect, it } from 'vitest'
import { barChart, lineChart } from '../../../../server/views-support/national-charts.js'

describe('bar charts', () => {
  it('draws bars in proportion, and no bar for a suppressed cell, only its "<5" label', () => {
    const chart = barChart('c', 'Findings by region', [{ label: 'London', value: 40 }, { label: 'North East', value: '<5' }, { label: 'South West', value: 20 }])
    const [london, northEast, southWest] = chart.bars
    expect(northEast).toMatchObject({ width: 0, suppressed: true, valueText: '<5' })
    expect(london!.width).toBe(2 * southWest!.width)
    expect(chart.description).toBe('3 bars of findings. The largest is London, with 40. 1 bar counts fewer than 5 reviews and is shown as less than 5. The same numbers are in the table below.')
  })

  it('shortens long labels for the drawing (the table has them in full)', () => {
    const chart = barChart('c', 't', [{ label: 'Information held but not shared when it mattered to anyone deciding', value: 5 }])
    expect(chart.bars[0]!.label).toMatch(/…$/)
    expect(chart.bars[0]!.label.length).toBeLessThanOrEqual(40)
  })
})

describe('line charts', () => {
  it('breaks the line at a suppressed year and puts no point there', () => {
    const chart = lineChart('y', 'Findings by year', [
      { label: '2019', value: 10 }, { label: '2020', value: 12 }, { label: '2021', value: '<5' }, { label: '2022', value: 8 }, { label: '2023', value: 9 },
    ])
    expect(chart.segments).toHaveLength(2)
    expect(chart.points.filter((p) => p.suppressed).map((p) => p.label)).toEqual(['2021'])
    expect(chart.points[2]!.y).toBe(chart.baseline)
    expect(chart.description).toContain('1 year counts fewer than 5 reviews')
  })
})
