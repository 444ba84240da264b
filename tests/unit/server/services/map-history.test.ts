import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { describeChanges, summariseChanges } from '../../../../server/services/map-history.js'
import { edge, map, node } from '../../methodology/map/map-fixtures.js'

describe('what changed between two versions of a map', () => {
  it('names added, changed and removed nodes and links, and counts moves separately', () => {
    const before = map([node('a', 'team', 'event', 'A'), node('b', 'frontline', 'event', 'B'), node('c', 'team', 'event', 'C')], [edge('e1', 'a', 'b'), edge('e2', 'c', 'b')])
    const after = map(
      [{ ...node('a', 'team', 'event', 'A'), x: 10, y: 10 }, node('b', 'frontline', 'event', 'B renamed'), node('d', 'team', 'condition', 'D')],
      [edge('e1', 'a', 'b', { strength: 'strong' }), edge('e3', 'd', 'b')],
    )
    const summary = summariseChanges(before, after)
    expect(summary.nodesAdded).toEqual({ total: 1, named: [{ id: 'd', label: 'D' }] })
    expect(summary.nodesRemoved).toEqual({ total: 1, named: [{ id: 'c', label: 'C' }] })
    expect(summary.nodesChanged).toEqual({ total: 1, named: [{ id: 'b', label: 'B renamed' }] })
    expect(summary.nodesMoved).toBe(1)
    expect(summary.edgesAdded.named).toEqual([{ id: 'e3', label: 'D → B renamed' }])
    expect(summary.edgesRemoved.named).toEqual([{ id: 'e2', label: 'C → B' }])
    expect(summary.edgesChanged.named).toEqual([{ id: 'e1', label: 'A → B renamed' }])
    expect(describeChanges(summary)).toEqual([
      'Added 1 node: ‘D’', 'Changed 1 node: ‘B renamed’', 'Removed 1 node: ‘C’',
      'Added 1 link: ‘D → B renamed’', 'Changed 1 link: ‘A → B renamed’', 'Removed 1 link: ‘C → B’', 'Moved 1 node',
    ])
  })

  it('finds no change between a map and itself', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('team', 'frontline', 'government'), { maxLength: 15 }), (levels) => {
      const doc = map(levels.map((l, i) => node(`n${i}`, l as 'team')), [])
      expect(describeChanges(summariseChanges(doc, structuredClone(doc)))).toEqual(['Saved with no changes'])
    }))
  })

  it('counts every added node but names only the first twenty', () => {
    const after = map(Array.from({ length: 25 }, (_, i) => node(`n${i}`, 'team')), [])
    const summary = summariseChanges(map([], []), after)
    expect(summary.nodesAdded.total).toBe(25)
    expect(summary.nodesAdded.named).toHaveLength(20)
    expect(describeChanges(summary)[0]).toMatch(/^Added 25 nodes: .* and 5 more$/)
  })
})
