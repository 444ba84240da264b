import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MAP_LEVELS, NODE_KINDS, levelRank } from '../../../methodology/map/map-model.js'
import type { MapDocument, MapLevel } from '../../../methodology/map/map-model.js'
import {
  LABEL_CHARS_PER_LINE, LABEL_MAX_LINES, NODE_WIDTH, bandLayout, elkGraph, nodeSize, positionsFromElk, resolvePositions, wrapLabel,
} from '../../../templates/map-layout.js'
import { edge, map, node } from '../methodology/map/map-fixtures.js'

const arbitraryMap: fc.Arbitrary<MapDocument> = fc
  .record({
    levels: fc.array(fc.constantFrom(...MAP_LEVELS), { minLength: 1, maxLength: 25 }),
    pairs: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 50 }),
    labels: fc.array(fc.string({ maxLength: 120 }), { minLength: 25, maxLength: 25 }),
  })
  .map(({ levels, pairs, labels }) => {
    const nodes = levels.map((level, i) => node(`n${i}`, level as MapLevel, NODE_KINDS[i % NODE_KINDS.length], labels[i]?.trim() || `Node ${i}`))
    const seen = new Set<string>()
    const edges = pairs.flatMap(([a, b], i) => {
      const s = a % nodes.length
      const t = b % nodes.length
      if (s === t || seen.has(`${s}-${t}`)) return []
      seen.add(`${s}-${t}`)
      return [edge(`e${i}`, `n${s}`, `n${t}`)]
    })
    return map(nodes, edges)
  })

describe('wrapLabel', () => {
  it('keeps every word, in order, when the label fits in the allowed lines', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 20 }), (words) => {
      const lines = wrapLabel(words.join(' '))
      if (lines.length < LABEL_MAX_LINES) expect(lines.join(' ').split(' ')).toEqual(words)
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(LABEL_CHARS_PER_LINE)
    }))
  })

  it('never makes a line longer than allowed, even from one very long word', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      for (const line of wrapLabel(text)) expect([...line].length).toBeLessThanOrEqual(LABEL_CHARS_PER_LINE)
      expect(wrapLabel(text).length).toBeLessThanOrEqual(LABEL_MAX_LINES)
    }))
  })

  it('ends with an ellipsis when the label is cut', () => {
    const lines = wrapLabel('word '.repeat(100))
    expect(lines).toHaveLength(LABEL_MAX_LINES)
    expect(lines.at(-1)?.endsWith('…')).toBe(true)
  })

  it('makes a taller box for a longer label', () => {
    expect(nodeSize({ label: 'Short' }).height).toBeLessThan(nodeSize({ label: 'A much longer label that needs several lines to be read in full' }).height)
    expect(nodeSize({ label: 'Short' }).width).toBe(NODE_WIDTH)
  })
})

describe('bandLayout', () => {
  it('places every node, each level wholly above the levels below it, with no two boxes overlapping', () => {
    fc.assert(fc.property(arbitraryMap, (doc) => {
      const { positions } = bandLayout(doc)
      expect(positions.size).toBe(doc.nodes.length)
      const boxes = doc.nodes.map((n) => {
        const p = positions.get(n.id)!
        const s = nodeSize(n)
        return { n, top: p.y - s.height / 2, bottom: p.y + s.height / 2, left: p.x - s.width / 2, right: p.x + s.width / 2 }
      })
      for (const a of boxes) {
        for (const b of boxes) {
          if (a === b) continue
          if (levelRank(a.n.level) < levelRank(b.n.level)) expect(a.bottom).toBeLessThan(b.top)
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
          expect(overlap).toBe(false)
        }
      }
    }), { numRuns: 60 })
  })

  it('puts a node below a node at its own level that leads to it', () => {
    const doc = map([node('a', 'team'), node('b', 'team'), node('c', 'team')], [edge('e1', 'a', 'b'), edge('e2', 'b', 'c')])
    const { positions } = bandLayout(doc)
    expect(positions.get('a')!.y).toBeLessThan(positions.get('b')!.y)
    expect(positions.get('b')!.y).toBeLessThan(positions.get('c')!.y)
  })

  it('copes with a loop inside a level', () => {
    const doc = map([node('a', 'team'), node('b', 'team')], [edge('e1', 'a', 'b'), edge('e2', 'b', 'a')])
    expect(bandLayout(doc).positions.size).toBe(2)
  })

  it('gives every level a band, top-down, even levels with no nodes', () => {
    const { bands } = bandLayout(map([node('a', 'frontline')], []))
    expect(bands.map((b) => b.level)).toEqual([...MAP_LEVELS])
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.top).toBeGreaterThanOrEqual(bands[i - 1]!.bottom)
  })
})

describe('resolvePositions', () => {
  it('keeps saved positions and places only the nodes without one', () => {
    const placed = { ...node('a', 'team'), x: 500, y: 40 }
    const doc = map([placed, node('b', 'team')], [])
    const { positions } = resolvePositions(doc)
    expect(positions.get('a')).toEqual({ x: 500, y: 40 })
    expect(positions.get('b')!.x).toBeGreaterThan(500)
  })
})

describe('elkGraph', () => {
  it('gives ELK a partition per level for a small map, and leaves out links to unknown nodes', () => {
    const doc = map([node('a', 'government'), node('b', 'child-family')], [edge('e1', 'a', 'b'), edge('e2', 'a', 'ghost')])
    const graph = elkGraph(doc)
    expect(graph.layoutOptions?.['elk.partitioning.activate']).toBe('true')
    expect(graph.children?.map((c) => c.layoutOptions?.['elk.partitioning.partition'])).toEqual(['0', '6'])
    expect(graph.edges?.map((e) => e.id)).toEqual(['e1'])
  })

  it('turns ELK’s corners into centres', () => {
    const positions = positionsFromElk({ id: 'map', children: [{ id: 'a', x: 10, y: 20, width: 200, height: 40 }] })
    expect(positions.get('a')).toEqual({ x: 110, y: 40 })
  })
})
