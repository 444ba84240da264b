import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { MAX_REPORTED_PROBLEMS, validateMapDocument } from '../../../../methodology/map/validate-map.js'
import type { ValidationDetail } from '../../../../methodology/map/validate-map.js'

function goodNode(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, kind: 'event', label: `Node ${id}`, level: 'frontline', eventIds: [], ...extra }
}

function goodEdge(id: string, source: string, target: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, source, target, evidence: [{ type: 'event', id: 'ev1' }], ...extra }
}

function problems(input: unknown): ValidationDetail[] {
  const result = validateMapDocument(input)
  if (result.ok) throw new Error('expected the map to be refused')
  return result.details
}

describe('validateMapDocument', () => {
  it('accepts a small valid map and fills in absent optional fields', () => {
    const result = validateMapDocument({
      version: 3,
      nodes: [goodNode('n1'), goodNode('n2', { level: 'team', kind: 'condition', x: 10, y: -4.5 })],
      edges: [goodEdge('e1', 'n1', 'n2')],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.map.nodes[0]).toEqual({
      id: 'n1', kind: 'event', label: 'Node n1', level: 'frontline', description: null,
      eventIds: [], kpeIds: [], factorIds: [], x: null, y: null,
    })
    expect(result.map.nodes[1]).toMatchObject({ x: 10, y: -4.5 })
    expect(result.map.edges[0]).toEqual({
      id: 'e1', source: 'n1', target: 'n2', label: null,
      evidence: [{ type: 'event', id: 'ev1' }], counterfactual: null, strength: null, type: 'causal',
    })
  })

  it('accepts an empty map', () => {
    expect(validateMapDocument({ nodes: [], edges: [] })).toEqual({ ok: true, map: { nodes: [], edges: [] } })
  })

  it('names an edge whose source or target does not exist', () => {
    const details = problems({
      nodes: [goodNode('n1'), goodNode('n2')],
      edges: [goodEdge('e0', 'n1', 'n2'), goodEdge('e1', 'n2', 'n1'), goodEdge('e2', 'n0', 'n2'), goodEdge('e3', 'n1', 'n3'), goodEdge('e4', 'n2', 'n99')],
    })
    expect(details).toEqual([
      { path: 'edges[2].source', message: "no node with id 'n0'" },
      { path: 'edges[3].target', message: "no node with id 'n3'" },
      { path: 'edges[4].target', message: "no node with id 'n99'" },
    ])
  })

  it('lists every problem, not just the first', () => {
    const details = problems({
      nodes: [
        goodNode('n1', { kind: 'villain' }),
        goodNode('n2', { level: 'cabinet' }),
        goodNode('n1'),
        goodNode('n3', { label: '   ' }),
      ],
      edges: [goodEdge('e1', 'n2', 'n2'), goodEdge('e2', 'n2', 'n3', { evidence: [{ type: 'rumour', id: 'x' }] })],
    })
    const paths = details.map((d) => d.path)
    expect(paths).toEqual(['nodes[0].kind', 'nodes[1].level', 'nodes[2].id', 'nodes[3].label', 'edges[0]', 'edges[1].evidence[0].type'])
    expect(details[0]?.message).toContain("unknown kind 'villain'")
    expect(details[1]?.message).toContain("unknown level 'cabinet'")
    expect(details[2]?.message).toBe("duplicate id 'n1' (also used by nodes[0])")
    expect(details[4]?.message).toContain('cannot join node')
    expect(details[5]?.message).toContain("unknown evidence type 'rumour'")
  })

  it('refuses an edge id that repeats a node id, because the editor needs ids unique across both', () => {
    const details = problems({ nodes: [goodNode('a'), goodNode('b')], edges: [goodEdge('a', 'a', 'b')] })
    expect(details).toEqual([{ path: 'edges[0].id', message: "duplicate id 'a' (also used by nodes[0])" }])
  })

  it('refuses a second edge between the same two nodes in the same direction', () => {
    const details = problems({
      nodes: [goodNode('a'), goodNode('b')],
      edges: [goodEdge('e1', 'a', 'b'), goodEdge('e2', 'b', 'a'), goodEdge('e3', 'a', 'b')],
    })
    expect(details.map((d) => d.path)).toEqual(['edges[2]'])
    expect(details[0]?.message).toContain('edges[0] already links')
  })

  it('keeps labels as text, markup and all, and checks only their length', () => {
    const label = '<script>alert("x")</script> & <b>bold</b>'
    const result = validateMapDocument({ nodes: [goodNode('n1', { label })], edges: [] })
    expect(result.ok && result.map.nodes[0]?.label).toBe(label)
  })

  it('counts an emoji as one character against the 300-character label limit', () => {
    const fits = '🙂'.repeat(300)
    expect(validateMapDocument({ nodes: [goodNode('n1', { label: fits })], edges: [] }).ok).toBe(true)
    const details = problems({ nodes: [goodNode('n1', { label: fits + 'x' })], edges: [] })
    expect(details).toEqual([{ path: 'nodes[0].label', message: 'label must be at most 300 characters (this is 301): keep it short and put the detail in the description' }])
  })

  it('refuses an over-long description and counterfactual note', () => {
    const details = problems({
      nodes: [goodNode('n1', { description: 'd'.repeat(5001) }), goodNode('n2')],
      edges: [goodEdge('e1', 'n1', 'n2', { counterfactual: { answer: 'no', note: 'n'.repeat(2001) } })],
    })
    expect(details.map((d) => d.path)).toEqual(['nodes[0].description', 'edges[0].counterfactual.note'])
    expect(details[0]?.message).toContain('5,000')
  })

  it('refuses a bad counterfactual answer and a bad strength', () => {
    const details = problems({
      nodes: [goodNode('n1'), goodNode('n2')],
      edges: [goodEdge('e1', 'n1', 'n2', { counterfactual: { answer: 'maybe' }, strength: 'huge' })],
    })
    expect(details.map((d) => d.path)).toEqual(['edges[0].counterfactual.answer', 'edges[0].strength'])
    expect(problems({ nodes: [goodNode('n1'), goodNode('n2')], edges: [goodEdge('e1', 'n1', 'n2', { counterfactual: 'no' })] })[0]?.path).toBe(
      'edges[0].counterfactual',
    )
  })

  it('accepts a counterfactual with or without a note and treats a blank note as none', () => {
    const result = validateMapDocument({
      nodes: [goodNode('n1'), goodNode('n2'), goodNode('n3')],
      edges: [goodEdge('e1', 'n1', 'n2', { counterfactual: { answer: 'unsure' } }), goodEdge('e2', 'n2', 'n3', { counterfactual: { answer: 'yes', note: '  ' } })],
    })
    expect(result.ok && result.map.edges.map((e) => e.counterfactual)).toEqual([
      { answer: 'unsure', note: null },
      { answer: 'yes', note: null },
    ])
  })

  it('keeps a repeated linked id or piece of evidence once', () => {
    const result = validateMapDocument({
      nodes: [goodNode('n1', { eventIds: ['a', 'b', 'a'] }), goodNode('n2')],
      edges: [goodEdge('e1', 'n1', 'n2', { evidence: [{ type: 'quote', id: 'q1' }, { type: 'quote', id: 'q1' }, { type: 'event', id: 'q1' }] })],
    })
    expect(result.ok && result.map.nodes[0]?.eventIds).toEqual(['a', 'b'])
    expect(result.ok && result.map.edges[0]?.evidence).toHaveLength(2)
  })

  it('refuses wrong types field by field', () => {
    const details = problems({
      nodes: [{ id: 7, kind: 'event', level: 'team', label: 5, eventIds: 'ev1', x: 'left' }, 'not a node'],
      edges: [null],
    })
    expect(details.map((d) => d.path)).toEqual(['nodes[0].id', 'nodes[0].label', 'nodes[0].eventIds', 'nodes[0].x', 'nodes[1]', 'edges[0]'])
  })

  it('says what is wrong with a body that is not a map at all', () => {
    expect(problems('nodes')).toEqual([{ path: '', message: 'the map must be a JSON object with nodes and edges' }])
    expect(problems({ nodes: {} }).map((d) => d.path)).toEqual(['nodes', 'edges'])
  })

  it('refuses more than 2,000 nodes with one clear problem rather than thousands', () => {
    const nodes = Array.from({ length: 2001 }, (_, i) => ({ id: `n${i}` }))
    expect(problems({ nodes, edges: [] })).toEqual([{ path: 'nodes', message: 'a map can have at most 2,000 nodes (this has 2,001)' }])
  })

  it('cuts a very long list of problems short and says how many more there are', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => goodNode(`n${i}`, { kind: 'nope' }))
    const details = problems({ nodes, edges: [] })
    expect(details).toHaveLength(MAX_REPORTED_PROBLEMS + 1)
    expect(details[MAX_REPORTED_PROBLEMS]?.message).toContain('and 800 more problems')
  })

  it('does not trip over ids that are special words in JavaScript objects', () => {
    const result = validateMapDocument({
      nodes: [goodNode('__proto__'), goodNode('constructor')],
      edges: [goodEdge('toString', '__proto__', 'constructor')],
    })
    expect(result.ok).toBe(true)
  })

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateMapDocument(value)
        expect(typeof result.ok).toBe('boolean')
      }),
    )
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.constantFrom('id', 'kind', 'label', 'level', 'source', 'target', 'evidence'), fc.jsonValue())), (items) => {
        const result = validateMapDocument({ nodes: items, edges: items })
        if (!result.ok) expect(result.details.length).toBeGreaterThan(0)
      }),
    )
  })
})
