import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MAP_LEVEL_INFO } from '../../../methodology/map/map-model.js'
import { describeMap, escapeXml, mapToSvg, summariseMap } from '../../../templates/map-svg.js'
import { edge, map, node } from '../methodology/map/map-fixtures.js'

function demo() {
  return map(
    [node('policy', 'local-partnership', 'system-factor', 'Notices go to the Front Door only'), node('visit', 'frontline', 'event', 'Review held by video'), node('harm', 'child-family', 'outcome', 'Child injured')],
    [edge('e1', 'policy', 'visit', { strength: 'strong', counterfactual: { answer: 'no', note: null } }), edge('e2', 'visit', 'harm', { evidence: [], counterfactual: null, strength: null })],
  )
}

describe('mapToSvg', () => {
  it('draws every node label and level as text, with a title and description for screen readers', () => {
    const svg = mapToSvg(demo(), { title: 'Figure 1: why-map' })
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg).toContain('<title id="map-title">Figure 1: why-map</title>')
    expect(svg).toContain('role="img"')
    for (const text of ['Notices go to the Front Door only', 'Review held by video', 'Child injured', MAP_LEVEL_INFO.frontline.label]) expect(svg).toContain(text)
    // One arrowed line per link; the link without evidence is dashed.
    expect(svg.match(/<line [^>]*marker-end/g)).toHaveLength(2)
    expect(svg.match(/<line [^>]*stroke-dasharray="6 4"[^>]*marker-end/g)).toHaveLength(1)
    expect(svg).toContain('Nothing on the map at: Government and national policy, Regulators and inspection, Agency management and resources and Team and supervision.')
  })

  it('escapes any text so a label can never become markup', () => {
    fc.assert(fc.property(fc.string(), (label) => {
      const svg = mapToSvg(map([node('a', 'team', 'event', label.trim() || 'x')], []))
      expect(svg).not.toMatch(/<(?!\/?(svg|title|desc|defs|marker|path|rect|g|text|tspan|line|polygon|ellipse)[\s>/])/)
    }), { numRuns: 200 })
    const svg = mapToSvg(map([node('a', 'team', 'event', '<script>alert(1)</script> & "quotes"')], []))
    expect(svg).not.toContain('<script')
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;')
  })

  it('draws nodes where they were saved', () => {
    const doc = demo()
    doc.nodes = doc.nodes.map((n, i) => ({ ...n, x: 100 + i * 1000, y: 100 + i * 200 }))
    const svg = mapToSvg(doc)
    const width = Number(/width="([\d.]+)"/.exec(svg)?.[1])
    expect(width).toBeGreaterThan(2000)
  })

  it('makes a figure of an empty map', () => {
    expect(mapToSvg(map([], []))).toContain('The causal map is empty.')
  })
})

describe('escapeXml', () => {
  it('leaves no markup characters', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      expect(escapeXml(s)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/)
    }))
  })
})

describe('describing the map in words', () => {
  it('names every node at its level and every link with its strength, evidence and counterfactual', () => {
    const text = describeMap(demo())
    expect(text).toContain('Local partnership and commissioning: ‘Notices go to the Front Door only’ (system factor).')
    expect(text).toContain('Government and national policy: nothing on the map.')
    expect(text).toContain('‘Review held by video’ is shown as caused by ‘Notices go to the Front Door only’ (a strong link; 1 piece of evidence; the review thinks the effect would probably not have happened without it).')
    expect(text).toContain('‘Child injured’ is shown as caused by ‘Review held by video’ (strength not given; no evidence cited yet; counterfactual not answered yet).')
  })

  it('sums the map up in a sentence for alt text', () => {
    expect(summariseMap(demo())).toBe('A causal map of 3 nodes and 2 links across 3 system levels, read from national policy at the top down to the child and family. It explains the practice outcome ‘Child injured’.')
  })

  it('lists nodes not linked to anything', () => {
    const doc = demo()
    doc.nodes.push(node('lonely', 'team', 'condition', 'Vacancies'))
    expect(describeMap(doc)).toContain('Not linked to anything yet: ‘Vacancies’.')
  })
})
