import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { checkMap } from '../../../../methodology/map/map-checks.js'
import type { MapCheckCode, MapCheckIssue } from '../../../../methodology/map/map-checks.js'
import { MAP_LEVELS, NODE_KINDS } from '../../../../methodology/map/map-model.js'
import type { MapDocument, MapLevel, MapNode } from '../../../../methodology/map/map-model.js'
import { edge, map, node } from './map-fixtures.js'

function issuesOf(doc: MapDocument, code: MapCheckCode): MapCheckIssue[] {
  return checkMap(doc).filter((issue) => issue.code === code)
}

/** A map with a node at every level, so empty-level stays quiet unless a test wants it. */
function allLevels(): MapNode[] {
  return MAP_LEVELS.map((level) => node(`lvl-${level}`, level, 'condition', `Filler at ${level}`))
}

describe('cycle check', () => {
  it('finds a three-node loop, names the nodes by label in order and lists the loop edges', () => {
    const doc = map(
      [node('a', 'team', 'condition', 'High caseloads'), node('b', 'frontline', 'event', 'Visits cut short'), node('c', 'team', 'condition', 'Backlog grows'), node('d', 'child-family', 'outcome', 'Harm')],
      [edge('e1', 'a', 'b'), edge('e2', 'b', 'c'), edge('e3', 'c', 'a'), edge('e4', 'b', 'd')],
    )
    const [issue, ...rest] = issuesOf(doc, 'cycle')
    expect(rest).toHaveLength(0)
    expect(issue?.severity).toBe('error')
    expect(issue?.nodeIds.sort()).toEqual(['a', 'b', 'c'])
    expect(issue?.edgeIds.sort()).toEqual(['e1', 'e2', 'e3'])
    expect(issue?.message).toContain('"High caseloads" → "Visits cut short" → "Backlog grows" → "High caseloads"')
  })

  it('reports two separate loops as two issues', () => {
    const doc = map(
      [node('a', 'team'), node('b', 'team'), node('c', 'frontline'), node('d', 'frontline')],
      [edge('e1', 'a', 'b'), edge('e2', 'b', 'a'), edge('e3', 'b', 'c'), edge('e4', 'c', 'd'), edge('e5', 'd', 'c')],
    )
    const groups = issuesOf(doc, 'cycle').map((issue) => issue.nodeIds.sort().join(','))
    expect(groups.sort()).toEqual(['a,b', 'c,d'])
  })

  it('stays quiet on a diamond, which joins up but does not loop', () => {
    const doc = map(
      [node('a', 'team'), node('b', 'frontline'), node('c', 'frontline'), node('d', 'child-family', 'outcome')],
      [edge('e1', 'a', 'b'), edge('e2', 'a', 'c'), edge('e3', 'b', 'd'), edge('e4', 'c', 'd')],
    )
    expect(issuesOf(doc, 'cycle')).toEqual([])
  })

  it('copes with a self-loop from an unvalidated map', () => {
    const doc = map([node('a', 'team', 'condition', 'Stuck')], [edge('e1', 'a', 'a')])
    const [issue] = issuesOf(doc, 'cycle')
    expect(issue?.nodeIds).toEqual(['a'])
    expect(issue?.message).toContain('"Stuck" → "Stuck"')
  })

  it('handles a 5,000-node chain closing into a loop without running out of stack', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => node(`n${i}`, 'team'))
    const edges = nodes.slice(1).map((n, i) => edge(`e${i}`, `n${i}`, n.id))
    edges.push(edge('back', 'n4999', 'n0'))
    const [issue] = issuesOf(map(nodes, edges), 'cycle')
    expect(issue?.nodeIds).toHaveLength(5000)
    expect(issue?.message).toContain('→ … →')
  })
})

describe('edge evidence and counterfactual checks', () => {
  it('flags an edge with no evidence and names both ends', () => {
    const doc = map(
      [node('a', 'team', 'condition', 'No supervision for six weeks'), node('b', 'frontline', 'omission', 'Referral not made')],
      [edge('e1', 'a', 'b', { evidence: [] })],
    )
    const [issue] = issuesOf(doc, 'edge-without-evidence')
    expect(issue).toMatchObject({ severity: 'warning', edgeIds: ['e1'], nodeIds: ['a', 'b'] })
    expect(issue?.message).toContain('"No supervision for six weeks" to "Referral not made" has no evidence')
  })

  it('flags an edge whose counterfactual is still unanswered, but not one answered "unsure"', () => {
    const doc = map(
      [node('a', 'team'), node('b', 'frontline'), node('c', 'frontline')],
      [edge('e1', 'a', 'b', { counterfactual: null }), edge('e2', 'a', 'c', { counterfactual: { answer: 'unsure', note: 'Unclear' } })],
    )
    expect(issuesOf(doc, 'edge-without-counterfactual').map((i) => i.edgeIds)).toEqual([['e1']])
  })
})

describe('orphan node check', () => {
  it('flags only nodes with no links at all', () => {
    const doc = map(
      [node('a', 'team', 'condition', 'Vacancies'), node('b', 'frontline'), node('c', 'frontline', 'event', 'Unlinked visit')],
      [edge('e1', 'a', 'b')],
    )
    const issues = issuesOf(doc, 'orphan-node')
    expect(issues.map((i) => i.nodeIds)).toEqual([['c']])
    expect(issues[0]?.message).toContain('"Unlinked visit" is not linked to anything')
  })
})

describe('outcome reachability check', () => {
  it('flags an outcome reached only from frontline and family nodes', () => {
    const doc = map(
      [node('f', 'frontline', 'event'), node('c', 'child-family', 'condition'), node('o', 'child-family', 'outcome', 'Child D injured')],
      [edge('e1', 'f', 'o'), edge('e2', 'c', 'o')],
    )
    const [issue] = issuesOf(doc, 'outcome-unreachable-from-system')
    expect(issue?.nodeIds).toEqual(['o'])
    expect(issue?.message).toContain('"Child D injured"')
  })

  it('accepts an outcome reached through frontline practice from team level', () => {
    const doc = map(
      [node('t', 'team', 'condition'), node('f', 'frontline'), node('o', 'child-family', 'outcome')],
      [edge('e1', 't', 'f'), edge('e2', 'f', 'o')],
    )
    expect(issuesOf(doc, 'outcome-unreachable-from-system')).toEqual([])
  })

  it('accepts a contributory factor at frontline level as a system source', () => {
    const doc = map(
      [node('cf', 'frontline', 'contributory-factor'), node('o', 'child-family', 'outcome')],
      [edge('e1', 'cf', 'o')],
    )
    expect(issuesOf(doc, 'outcome-unreachable-from-system')).toEqual([])
  })

  it('does not count an outcome at team level as reaching itself', () => {
    const doc = map([node('o', 'team', 'outcome')], [])
    expect(issuesOf(doc, 'outcome-unreachable-from-system').map((i) => i.nodeIds)).toEqual([['o']])
  })
})

describe('frontline-only check', () => {
  it('flags a chain of frontline practice into an outcome with nothing above it, as one issue', () => {
    const doc = map(
      [
        ...allLevels(),
        node('f1', 'frontline', 'event', 'Health visitor rang once'),
        node('f2', 'frontline', 'omission', 'No home visit'),
        node('o', 'child-family', 'outcome', 'Child D harmed'),
      ],
      [edge('e1', 'f1', 'f2'), edge('e2', 'f2', 'o')],
    )
    const issues = issuesOf(doc, 'frontline-only')
    expect(issues).toHaveLength(1)
    expect(issues[0]?.nodeIds.sort()).toEqual(['f1', 'f2'])
    expect(issues[0]?.edgeIds).toEqual(['e1'])
    expect(issues[0]?.message).toContain('lead to the outcome "Child D harmed"')
  })

  it('stays quiet once something at team level or above feeds the chain', () => {
    const doc = map(
      [node('t', 'team', 'condition', 'Supervision cancelled'), node('f1', 'frontline'), node('f2', 'frontline', 'omission'), node('o', 'child-family', 'outcome')],
      [edge('e0', 't', 'f1'), edge('e1', 'f1', 'f2'), edge('e2', 'f2', 'o')],
    )
    expect(issuesOf(doc, 'frontline-only')).toEqual([])
  })

  it('flags only the branch with no explanation when two frontline branches lead to the outcome', () => {
    const doc = map(
      [node('g', 'government', 'system-factor'), node('f1', 'frontline'), node('f2', 'frontline'), node('o', 'child-family', 'outcome')],
      [edge('e0', 'g', 'f1'), edge('e1', 'f1', 'o'), edge('e2', 'f2', 'o')],
    )
    expect(issuesOf(doc, 'frontline-only').map((i) => i.nodeIds)).toEqual([['f2']])
  })

  it('does not count a contributory factor placed at frontline level as an explanation', () => {
    const doc = map(
      [node('cf', 'frontline', 'contributory-factor', 'New in post'), node('f', 'frontline', 'event'), node('o', 'child-family', 'outcome')],
      [edge('e1', 'cf', 'f'), edge('e2', 'f', 'o')],
    )
    expect(issuesOf(doc, 'frontline-only')[0]?.nodeIds.sort()).toEqual(['cf', 'f'])
  })

  it('leaves good practice and frontline nodes that lead to no outcome alone', () => {
    const doc = map(
      [node('gp', 'frontline', 'good-practice'), node('f', 'frontline'), node('c', 'child-family', 'condition'), node('o', 'child-family', 'outcome')],
      [edge('e1', 'gp', 'o'), edge('e2', 'f', 'c')],
    )
    expect(issuesOf(doc, 'frontline-only')).toEqual([])
  })
})

describe('empty level check', () => {
  it('lists each level with no nodes by its label', () => {
    const doc = map(
      MAP_LEVELS.filter((l) => l !== 'regulators' && l !== 'child-family').map((l) => node(l, l)),
      [],
    )
    const issues = issuesOf(doc, 'empty-level')
    expect(issues.map((i) => i.severity)).toEqual(['info', 'info'])
    expect(issues[0]?.message).toContain('"Regulators and inspection"')
    expect(issues[1]?.message).toContain('"Child and family"')
  })

  it('raises nothing but empty levels for an empty map', () => {
    const issues = checkMap(map([], []))
    expect(issues).toHaveLength(MAP_LEVELS.length)
    expect(issues.every((i) => i.code === 'empty-level')).toBe(true)
  })
})

describe('a well-made map', () => {
  it('passes every check', () => {
    const doc = map(
      [
        node('g', 'government', 'system-factor', 'Funding cut to early help'),
        node('r', 'regulators', 'condition', 'Inspection focus on timescales'),
        node('p', 'local-partnership', 'condition', 'High threshold for referral'),
        node('m', 'agency-management', 'condition', 'Three vacancies in the team'),
        node('t', 'team', 'contributory-factor', 'Supervision focused on deadlines'),
        node('f', 'frontline', 'omission', 'Bruise not referred'),
        node('o', 'child-family', 'outcome', 'Child D seriously injured'),
      ],
      [edge('e1', 'g', 'p'), edge('e2', 'r', 'm'), edge('e3', 'p', 'f'), edge('e4', 'm', 't'), edge('e5', 't', 'f'), edge('e6', 'f', 'o')],
    )
    expect(checkMap(doc)).toEqual([])
  })
})

// Brute force: transitive closure by Floyd–Warshall. reach[i][j] means a path of one or more edges from i to j.
function closure(size: number, pairs: Array<[number, number]>): boolean[][] {
  const reach = Array.from({ length: size }, () => new Array<boolean>(size).fill(false))
  for (const [s, t] of pairs) (reach[s] as boolean[])[t] = true
  for (let k = 0; k < size; k++)
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) if (reach[i]?.[k] && reach[k]?.[j]) (reach[i] as boolean[])[j] = true
  return reach
}

const randomGraph = fc
  .integer({ min: 1, max: 7 })
  .chain((size) =>
    fc.record({
      levels: fc.array(fc.constantFrom(...MAP_LEVELS), { minLength: size, maxLength: size }),
      kinds: fc.array(fc.constantFrom(...NODE_KINDS), { minLength: size, maxLength: size }),
      pairs: fc.uniqueArray(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), {
        maxLength: size * 3,
        selector: ([s, t]) => `${s}-${t}`,
      }),
    }),
  )
  .map(({ levels, kinds, pairs }) => {
    const nodes = levels.map((level, i) => node(`n${i}`, level as MapLevel, kinds[i] ?? 'event'))
    const edges = pairs.map(([s, t], e) => edge(`e${e}`, `n${s}`, `n${t}`))
    return { doc: map(nodes, edges), pairs: pairs as Array<[number, number]> }
  })

const index = (id: string): number => Number(id.slice(1))

describe('graph checks agree with a brute-force search on random small graphs', () => {
  it('puts exactly the nodes that lie on a cycle into cycle issues, grouped by mutual reachability', () => {
    fc.assert(
      fc.property(randomGraph, ({ doc, pairs }) => {
        const size = doc.nodes.length
        const reach = closure(size, pairs)
        const issues = issuesOf(doc, 'cycle')
        const group = new Map<number, number>()
        issues.forEach((issue, g) => issue.nodeIds.forEach((id) => group.set(index(id), g)))
        for (let v = 0; v < size; v++) expect(group.has(v)).toBe(reach[v]?.[v] === true)
        for (let u = 0; u < size; u++)
          for (let v = 0; v < size; v++) {
            if (!group.has(u) || !group.has(v)) continue
            const mutual = reach[u]?.[v] === true && reach[v]?.[u] === true
            expect(group.get(u) === group.get(v)).toBe(u === v || mutual)
          }
        // An edge s→t lies on a cycle exactly when t leads back to s.
        const onLoop = new Set(issues.flatMap((issue) => issue.edgeIds))
        pairs.forEach(([s, t], e) => expect(onLoop.has(`e${e}`)).toBe(reach[t]?.[s] === true))
      }),
      { numRuns: 500 },
    )
  })

  it('flags exactly the outcomes that no factor and nothing at team level or above can reach', () => {
    fc.assert(
      fc.property(randomGraph, ({ doc, pairs }) => {
        const reach = closure(doc.nodes.length, pairs)
        const systemLevels: string[] = MAP_LEVELS.slice(0, MAP_LEVELS.indexOf('frontline'))
        const expected = doc.nodes
          .map((n, o) => ({ n, o }))
          .filter(({ n }) => n.kind === 'outcome')
          .filter(
            ({ o }) =>
              !doc.nodes.some(
                (s, si) =>
                  (systemLevels.includes(s.level) || s.kind === 'contributory-factor' || s.kind === 'system-factor') &&
                  reach[si]?.[o] === true,
              ),
          )
          .map(({ n }) => n.id)
        const flagged = issuesOf(doc, 'outcome-unreachable-from-system').flatMap((i) => i.nodeIds)
        expect(flagged).toEqual(expected)
      }),
      { numRuns: 500 },
    )
  })

  it('flags exactly the frontline nodes that lead to an outcome with nothing above frontline leading to them', () => {
    fc.assert(
      fc.property(randomGraph, ({ doc, pairs }) => {
        const reach = closure(doc.nodes.length, pairs)
        const above: string[] = MAP_LEVELS.slice(0, MAP_LEVELS.indexOf('frontline'))
        const expected = doc.nodes
          .map((n, f) => ({ n, f }))
          .filter(({ n }) => n.level === 'frontline' && n.kind !== 'good-practice' && n.kind !== 'outcome')
          .filter(({ f }) => doc.nodes.some((o, oi) => o.kind === 'outcome' && reach[f]?.[oi] === true))
          .filter(({ f }) => !doc.nodes.some((s, si) => above.includes(s.level) && reach[si]?.[f] === true))
          .map(({ n }) => n.id)
        const flagged = issuesOf(doc, 'frontline-only').flatMap((i) => i.nodeIds)
        expect(flagged.sort()).toEqual(expected.sort())
      }),
      { numRuns: 500 },
    )
  })
})
