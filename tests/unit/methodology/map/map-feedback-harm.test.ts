import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { causalLoops, checkMap, type MapCheckCode, type MapCheckIssue } from '../../../../methodology/map/map-checks.js'
import { validateMapDocument } from '../../../../methodology/map/validate-map.js'
import type { MapDocument } from '../../../../methodology/map/map-model.js'
import { edge, map, node } from './map-fixtures.js'

function issuesOf(doc: MapDocument, code: MapCheckCode): MapCheckIssue[] {
  return checkMap(doc).filter((issue) => issue.code === code)
}

const loopNodes = () => [node('a', 'team', 'condition', 'High caseloads'), node('b', 'frontline', 'event', 'Visits cut short'), node('c', 'team', 'condition', 'Backlog grows')]

describe('feedback links', () => {
  it('keeps a loop of causal links an error whose message suggests marking the closing link as feedback', () => {
    const [issue] = issuesOf(map(loopNodes(), [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e3', 'c', 'a')]), 'cycle')
    expect(issue?.severity).toBe('error')
    expect(issue?.message).toContain('mark the link that closes the loop as a feedback link')
  })

  it('turns the loop into a warning once the closing link is marked as feedback', () => {
    const doc = map(loopNodes(), [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e3', 'c', 'a', { type: 'feedback' })])
    expect(issuesOf(doc, 'cycle')).toEqual([])
    const [warning, ...rest] = issuesOf(doc, 'feedback-loop')
    expect(rest).toEqual([])
    expect(warning).toMatchObject({ severity: 'warning', edgeIds: ['e3'], nodeIds: ['c', 'a'] })
    expect(warning?.message).toBe('"Backlog grows" feeds back into "High caseloads": a self-reinforcing loop. Say in the findings how the loop kept the pattern going and what could break it.')
    expect(checkMap(doc).some((i) => i.severity === 'error')).toBe(false)
  })

  it('says when a link marked as feedback closes no loop', () => {
    const doc = map(loopNodes(), [edge('e1', 'a', 'b'), edge('e3', 'c', 'a', { type: 'feedback' })])
    const [warning] = issuesOf(doc, 'feedback-loop')
    expect(warning?.message).toContain('no causal links lead from "High caseloads" back to "Backlog grows", so there is no loop')
  })

  it('never reports a cycle error on a map whose causal links alone have no loop, whatever the feedback links', () => {
    // Causal links only ever go from a lower index to a higher one (no causal loop); feedback links go anywhere.
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), fc.boolean()), { maxLength: 30 })
    fc.assert(fc.property(arb, (pairs) => {
      const nodes = Array.from({ length: 8 }, (_, i) => node(`n${i}`, 'team'))
      const seen = new Set<string>()
      const edges = pairs.flatMap(([s, t, back], i) => {
        if (s === t) return []
        const [from, to] = back ? [Math.max(s, t), Math.min(s, t)] : [Math.min(s, t), Math.max(s, t)]
        if (seen.has(`${from}-${to}`)) return []
        seen.add(`${from}-${to}`)
        return [edge(`e${i}`, `n${from}`, `n${to}`, back ? { type: 'feedback' } : {})]
      })
      expect(issuesOf(map(nodes, edges), 'cycle')).toEqual([])
    }))
  })

  it('validates the link type: causal when left out, a clear message for anything else', () => {
    const base = { nodes: [node('a', 'team'), node('b', 'team')], edges: [{ id: 'e', source: 'a', target: 'b' }] }
    const ok = validateMapDocument(base)
    expect(ok.ok && ok.map.edges[0]?.type).toBe('causal')
    const bad = validateMapDocument({ ...base, edges: [{ id: 'e', source: 'a', target: 'b', type: 'loop' }] })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.details).toEqual([{ path: 'edges[0].type', message: "type must be one of causal, feedback (causal when left out), not 'loop'" }])
  })
})

describe('the harm to the child, kept apart from practice outcomes', () => {
  it('warns when a link leads into the harm, naming its sources and pointing to practice outcomes instead', () => {
    const doc = map(
      [node('h', 'child-family', 'harm', 'Child seriously injured'), node('p', 'frontline', 'outcome', 'Plan built without knowing who lived there'), node('x', 'team', 'condition', 'No occupancy check')],
      [edge('e1', 'x', 'p'), edge('e2', 'p', 'h')],
    )
    const [issue] = issuesOf(doc, 'harm-as-effect')
    expect(issue).toMatchObject({ severity: 'warning', edgeIds: ['e2'], nodeIds: ['h', 'p'] })
    expect(issue?.message).toContain('A link leads into the harm to the child "Child seriously injured" (from "Plan built without knowing who lived there")')
    expect(issue?.message).toContain('not whether the harm was preventable')
  })

  it('raises nothing for a harm node kept apart, and still checks practice outcomes for a system cause', () => {
    const doc = map(
      [node('h', 'child-family', 'harm', 'Child seriously injured'), node('p', 'frontline', 'outcome', 'Plan built without knowing who lived there'), node('f', 'frontline', 'event', 'Visit by video')],
      [edge('e1', 'f', 'p')],
    )
    expect(issuesOf(doc, 'harm-as-effect')).toEqual([])
    expect(issuesOf(doc, 'outcome-unreachable-from-system').map((i) => i.nodeIds)).toEqual([['p']])
  })

  it('does not call the harm kept apart an unlinked node, though any other unlinked node still is', () => {
    const doc = map([node('h', 'child-family', 'harm', 'Child seriously injured'), node('o', 'frontline', 'outcome', 'Plan stepped down')], [])
    expect(issuesOf(doc, 'orphan-node').map((i) => i.nodeIds)).toEqual([['o']])
  })
})

describe('causal loops, which saving refuses', () => {
  it('walks each loop link by link in order, and leaves feedback links out', () => {
    const nodes = [...loopNodes(), node('d', 'frontline', 'outcome', 'Plan not reviewed')]
    const [loop, ...rest] = causalLoops(map(nodes, [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e4', 'c', 'd'), edge('e3', 'c', 'a')]))
    expect(rest).toEqual([])
    expect(loop?.edgeIndices).toEqual([0, 1, 3])
    expect(loop?.path).toBe('"High caseloads" → "Visits cut short" → "Backlog grows" → "High caseloads"')
    expect(loop?.links).toEqual(['the link from "High caseloads" to "Visits cut short"', 'the link from "Visits cut short" to "Backlog grows"', 'the link from "Backlog grows" to "High caseloads"'])
    expect(causalLoops(map(nodes, [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e3', 'c', 'a', { type: 'feedback' })]))).toEqual([])
  })

  it('finds a loop exactly when the cycle check reports one, and every loop it gives goes round on causal links', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.boolean()), { maxLength: 20 })
    fc.assert(fc.property(arb, (pairs) => {
      const nodes = Array.from({ length: 7 }, (_, i) => node(`n${i}`, 'team'))
      const edges = pairs.filter(([s, t]) => s !== t).map(([s, t, feedback], i) => edge(`e${i}`, `n${s}`, `n${t}`, feedback ? { type: 'feedback' } : {}))
      const doc = map(nodes, edges)
      const loops = causalLoops(doc)
      expect(loops.length).toBe(issuesOf(doc, 'cycle').length)
      for (const loop of loops) {
        const links = loop.edgeIndices.map((i) => edges[i]!)
        links.forEach((link, i) => {
          expect(link.type ?? 'causal').toBe('causal')
          expect(link.target).toBe(links[(i + 1) % links.length]!.source)
        })
      }
    }))
  })
})
