import { describe, expect, it } from 'vitest'
import { isElement, parseSvg, points, textOf, type SvgElement } from '../../../../templates/pdf/svg-tree.js'
import { mapToSvg } from '../../../../templates/map-svg.js'
import { SAMPLE_MAP } from '../sample-model.js'

function all(el: SvgElement, name: string): SvgElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.filter(isElement).flatMap((c) => all(c, name))]
}

describe('reading the map SVG back', () => {
  it('finds every shape and label of the map figure, with entities decoded', () => {
    const svg = parseSvg(mapToSvg(SAMPLE_MAP, { title: 'Causal map' }))
    expect(svg.attrs.viewBox).toMatch(/^0 0 [\d.]+ [\d.]+$/)
    expect(all(svg, 'marker')).toHaveLength(1)
    const labels = all(svg, 'text').map(textOf).join(' ')
    expect(labels).toContain('Police notifications go only')
    expect(labels).toContain('<nowhere')
    expect(labels).toContain('&')
    expect(all(svg, 'line').filter((l) => l.attrs['marker-end'])).toHaveLength(1)
  })

  it('refuses markup whose tags do not nest', () => {
    expect(() => parseSvg('<svg><g></svg>')).toThrow(/closes/)
    expect(() => parseSvg('<g></g>')).toThrow(/no complete <svg>/)
  })

  it('reads polygon points with commas or spaces', () => {
    expect(points('1,2 3,4 5 6')).toEqual([[1, 2], [3, 4], [5, 6]])
  })
})
