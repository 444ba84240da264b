// Quality checks on a causal map, shown in the editor and at GET /map/checks. Every check is linear in the
// size of the map (graph searches visit each node and edge a bounded number of times).
import { MAP_LEVELS, MAP_LEVEL_INFO, isAboveFrontline } from './map-model.js'
import type { MapDocument, MapEdge, MapLevel, MapNode } from './map-model.js'

export type MapCheckCode =
  | 'cycle'
  | 'edge-without-evidence'
  | 'edge-without-counterfactual'
  | 'orphan-node'
  | 'outcome-unreachable-from-system'
  | 'frontline-only'
  | 'empty-level'
  | 'missing-event'
  | 'feedback-loop'
  | 'harm-as-effect'

/**
 * error: the map cannot support findings as drawn; warning: the analysis looks incomplete or one-sided;
 * info: work not done yet, or worth a second look.
 */
export type MapCheckSeverity = 'error' | 'warning' | 'info'

export interface MapCheckIssue {
  code: MapCheckCode
  severity: MapCheckSeverity
  message: string
  nodeIds: string[]
  edgeIds: string[]
}

export const MAP_CHECK_SEVERITY: Readonly<Record<MapCheckCode, MapCheckSeverity>> = {
  cycle: 'error',
  'edge-without-evidence': 'warning',
  'edge-without-counterfactual': 'info',
  'orphan-node': 'warning',
  'outcome-unreachable-from-system': 'warning',
  'frontline-only': 'warning',
  'empty-level': 'info',
  'missing-event': 'error',
  'feedback-loop': 'warning',
  'harm-as-effect': 'warning',
}

/** The map as integer-indexed adjacency lists; edges to unknown nodes are left out. */
export interface MapGraph {
  size: number
  /** For each node index: [target index, edge index] pairs. */
  out: Array<Array<[number, number]>>
  /** For each node index: [source index, edge index] pairs. */
  in: Array<Array<[number, number]>>
  /** Edge index -> [source index, target index], or null when an end is unknown. */
  ends: Array<[number, number] | null>
}

/** Feedback links close loops on purpose; the causal reading of the map (loops, reachability) leaves them out. */
export function isFeedback(edge: MapEdge): boolean {
  return edge.type === 'feedback'
}

/** The graph of the causal links only: feedback links become unknown ends. */
export function buildCausalGraph(map: MapDocument): MapGraph {
  const graph = buildGraph(map)
  map.edges.forEach((edge, e) => {
    if (!isFeedback(edge) || graph.ends[e] === null) return
    const [s, t] = graph.ends[e] as [number, number]
    graph.out[s] = (graph.out[s] as Array<[number, number]>).filter(([, x]) => x !== e)
    graph.in[t] = (graph.in[t] as Array<[number, number]>).filter(([, x]) => x !== e)
    graph.ends[e] = null
  })
  return graph
}

export function buildGraph(map: MapDocument): MapGraph {
  const index = new Map<string, number>()
  map.nodes.forEach((node, i) => {
    if (!index.has(node.id)) index.set(node.id, i)
  })
  const size = map.nodes.length
  const out: MapGraph['out'] = Array.from({ length: size }, () => [])
  const inbound: MapGraph['in'] = Array.from({ length: size }, () => [])
  const ends: MapGraph['ends'] = map.edges.map((edge, e) => {
    const s = index.get(edge.source)
    const t = index.get(edge.target)
    if (s === undefined || t === undefined) return null
    out[s]?.push([t, e])
    inbound[t]?.push([s, e])
    return [s, t]
  })
  return { size, out, in: inbound, ends }
}

/**
 * Strongly connected components (Tarjan's algorithm, iterative so a long chain cannot overflow the stack).
 * Returns a component number for each node; nodes share a number when each can reach the other.
 */
export function stronglyConnectedComponents(graph: MapGraph): number[] {
  const { size, out } = graph
  const order = new Array<number>(size).fill(-1)
  const low = new Array<number>(size).fill(0)
  const component = new Array<number>(size).fill(-1)
  const onStack = new Array<boolean>(size).fill(false)
  const stack: number[] = []
  let counter = 0
  let components = 0
  for (let root = 0; root < size; root++) {
    if (order[root] !== -1) continue
    // Each frame: the node and how far through its out-edges we are.
    const frames: Array<[number, number]> = [[root, 0]]
    order[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = true
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [number, number]
      const [v, next] = frame
      const edges = out[v] as Array<[number, number]>
      if (next < edges.length) {
        frame[1] = next + 1
        const w = (edges[next] as [number, number])[0]
        if (order[w] === -1) {
          order[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = true
          frames.push([w, 0])
        } else if (onStack[w]) {
          low[v] = Math.min(low[v] as number, order[w] as number)
        }
        continue
      }
      frames.pop()
      const parent = frames[frames.length - 1]
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]] as number, low[v] as number)
      if (low[v] === order[v]) {
        let w: number
        do {
          w = stack.pop() as number
          onStack[w] = false
          component[w] = components
        } while (w !== v)
        components++
      }
    }
  }
  return component
}

/**
 * Nodes reachable from any of the starting nodes by a path of at least one edge, following edges forwards
 * (or backwards when `reverse` is set). A start node counts only if some path leads back to it.
 */
export function reachableFrom(graph: MapGraph, starts: Iterable<number>, reverse = false): boolean[] {
  const adjacency = reverse ? graph.in : graph.out
  const expanded = new Array<boolean>(graph.size).fill(false)
  const reached = new Array<boolean>(graph.size).fill(false)
  const queue: number[] = []
  for (const start of starts) {
    if (!expanded[start]) {
      expanded[start] = true
      queue.push(start)
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const [w] of adjacency[queue[head] as number] as Array<[number, number]>) {
      reached[w] = true
      if (!expanded[w]) {
        expanded[w] = true
        queue.push(w)
      }
    }
  }
  return reached
}

const MESSAGE_LABEL_LENGTH = 60

function quote(node: MapNode | undefined): string {
  if (node === undefined) return '"(unknown node)"'
  const text = node.label.trim() === '' ? node.id : node.label.trim().replace(/\s+/g, ' ')
  return `"${text.length > MESSAGE_LABEL_LENGTH ? `${text.slice(0, MESSAGE_LABEL_LENGTH - 1)}…` : text}"`
}

/** "A", "A and B", "A, B and C", or "A, B, C and 4 others". */
function listNames(names: string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? ''
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] as string}`
  return `${names.slice(0, max).join(', ')} and ${names.length - max} others`
}

/** The shortest loop from `start` back to itself using only nodes of the same component (breadth-first). */
function shortestLoop(graph: MapGraph, component: number[], start: number): number[] {
  const previous = new Map<number, number>()
  const queue = [start]
  const target = component[start]
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number
    for (const [w] of graph.out[v] as Array<[number, number]>) {
      if (component[w] !== target) continue
      if (w === start) {
        const path = [v]
        let at = v
        while (at !== start) {
          at = previous.get(at) as number
          path.push(at)
        }
        return path.reverse()
      }
      if (!previous.has(w)) {
        previous.set(w, v)
        queue.push(w)
      }
    }
  }
  return [start]
}

function cycleIssues(map: MapDocument, graph: MapGraph): MapCheckIssue[] {
  const component = stronglyConnectedComponents(graph)
  const members = new Map<number, number[]>()
  component.forEach((c, v) => {
    const list = members.get(c)
    if (list === undefined) members.set(c, [v])
    else list.push(v)
  })
  // Edges inside one component are exactly the edges that lie on some loop.
  const loopEdges = new Map<number, string[]>()
  graph.ends.forEach((ends, e) => {
    if (ends === null || component[ends[0]] !== component[ends[1]]) return
    const c = component[ends[0]] as number
    const id = (map.edges[e] as MapDocument['edges'][number]).id
    const list = loopEdges.get(c)
    if (list === undefined) loopEdges.set(c, [id])
    else list.push(id)
  })
  const issues: MapCheckIssue[] = []
  for (const [c, nodes] of members) {
    const edgeIds = loopEdges.get(c)
    if (edgeIds === undefined) continue
    const first = nodes[0] as number
    const loop = shortestLoop(graph, component, first)
    const shown = loop.slice(0, 6).map((v) => quote(map.nodes[v]))
    const path = loop.length > 6 ? `${shown.join(' → ')} → … → ${quote(map.nodes[first])}` : [...shown, quote(map.nodes[first])].join(' → ')
    const extra = nodes.length > loop.length ? ` In all, ${nodes.length} nodes are caught up in loops here.` : ''
    issues.push({
      code: 'cycle',
      severity: MAP_CHECK_SEVERITY.cycle,
      message:
        `These causal links go round in a loop: ${path}.${extra} A why map should read from causes to effects: ` +
        'check whether a link points the wrong way, or, if the pattern fed back on itself, mark the link that closes ' +
        'the loop as a feedback link. Until then the map cannot be saved.',
      nodeIds: nodes.map((v) => (map.nodes[v] as MapNode).id),
      edgeIds,
    })
  }
  return issues
}

/** One loop of causal links: the map's edge indices in order round the loop, and the loop written out. */
export interface CausalLoop {
  edgeIndices: number[]
  /** "A" → "B" → "A" */
  path: string
  /** The links named one by one: the link from "A" to "B", … */
  links: string[]
}

/**
 * The loops of causal links, one (the shortest through its first node) for each knot of looping nodes. Saving refuses
 * a map with any: a loop is either a link drawn the wrong way or a pattern feeding back, which is marked as such.
 */
export function causalLoops(map: MapDocument): CausalLoop[] {
  const graph = buildCausalGraph(map)
  const component = stronglyConnectedComponents(graph)
  const seen = new Set<number>()
  const byId = new Map(map.nodes.map((node) => [node.id, node]))
  const loops: CausalLoop[] = []
  graph.ends.forEach((ends) => {
    if (ends === null || component[ends[0]] !== component[ends[1]]) return
    const c = component[ends[0]] as number
    if (seen.has(c)) return
    seen.add(c)
    const nodes = shortestLoop(graph, component, ends[0])
    const edgeIndices = nodes.map((v, i) => {
      const w = nodes[(i + 1) % nodes.length] as number
      return ((graph.out[v] as Array<[number, number]>).find(([t]) => t === w) as [number, number])[1]
    })
    loops.push({
      edgeIndices,
      path: [...nodes, nodes[0] as number].map((v) => quote(map.nodes[v])).join(' → '),
      links: edgeIndices.map((i) => {
        const edge = map.edges[i] as MapEdge
        return `the link from ${quote(byId.get(edge.source))} to ${quote(byId.get(edge.target))}`
      }),
    })
  })
  return loops
}

function edgeIssues(map: MapDocument): MapCheckIssue[] {
  const byId = new Map(map.nodes.map((node) => [node.id, node]))
  const issues: MapCheckIssue[] = []
  for (const edge of map.edges) {
    const link = `The link from ${quote(byId.get(edge.source))} to ${quote(byId.get(edge.target))}`
    const nodeIds = [edge.source, edge.target]
    if (edge.evidence.length === 0) {
      issues.push({
        code: 'edge-without-evidence',
        severity: MAP_CHECK_SEVERITY['edge-without-evidence'],
        message: `${link} has no evidence. Link at least one chronology event, conversation quote or document.`,
        nodeIds,
        edgeIds: [edge.id],
      })
    }
    if (!edge.counterfactual) {
      issues.push({
        code: 'edge-without-counterfactual',
        severity: MAP_CHECK_SEVERITY['edge-without-counterfactual'],
        message: `${link} has no counterfactual answer yet: had the cause not been present, would the effect still have happened?`,
        nodeIds,
        edgeIds: [edge.id],
      })
    }
  }
  return issues
}

function orphanIssues(map: MapDocument, graph: MapGraph): MapCheckIssue[] {
  const issues: MapCheckIssue[] = []
  map.nodes.forEach((node, v) => {
    if ((graph.out[v]?.length ?? 0) + (graph.in[v]?.length ?? 0) > 0) return
    // The harm to the child stands apart on purpose: the map explains practice, not whether the harm was preventable.
    if (node.kind === 'harm') return
    issues.push({
      code: 'orphan-node',
      severity: MAP_CHECK_SEVERITY['orphan-node'],
      message: `${quote(node)} is not linked to anything. Link it to what it caused or what caused it, or remove it.`,
      nodeIds: [node.id],
      edgeIds: [],
    })
  })
  return issues
}

/** A node that counts as "the system" for reachability: team level or above, or a factor of any level. */
function isSystemSource(node: MapNode): boolean {
  return isAboveFrontline(node.level) || node.kind === 'contributory-factor' || node.kind === 'system-factor'
}

function unreachableOutcomeIssues(map: MapDocument, graph: MapGraph): MapCheckIssue[] {
  const sources: number[] = []
  map.nodes.forEach((node, v) => {
    if (isSystemSource(node)) sources.push(v)
  })
  const reached = reachableFrom(graph, sources)
  const issues: MapCheckIssue[] = []
  map.nodes.forEach((node, v) => {
    if (node.kind !== 'outcome' || reached[v]) return
    issues.push({
      code: 'outcome-unreachable-from-system',
      severity: MAP_CHECK_SEVERITY['outcome-unreachable-from-system'],
      message:
        `No chain of links leads to the outcome ${quote(node)} from a contributory factor, a system factor or ` +
        'anything at team level or above. Show how the wider system contributed to it.',
      nodeIds: [node.id],
      edgeIds: [],
    })
  })
  return issues
}

/**
 * The "blame-the-frontline" pattern. The precise rule:
 * a node at frontline level (of any kind except good practice and outcome) is unexplained when
 *   (a) it leads, by a path of one or more links, to at least one outcome node, and
 *   (b) no node at a level above frontline (team and supervision up to government) leads to it by any path.
 * Only levels count for (b): a factor placed at frontline level is still about the individual.
 * Unexplained nodes joined by links are reported together as one chain, naming an outcome they lead to.
 * A map with no outcome nodes raises nothing here (outcome-unreachable-from-system has nothing to say either).
 */
export function unexplainedFrontlineNodes(map: MapDocument, graph: MapGraph): boolean[] {
  const above: number[] = []
  const outcomes: number[] = []
  map.nodes.forEach((node, v) => {
    if (isAboveFrontline(node.level)) above.push(v)
    if (node.kind === 'outcome') outcomes.push(v)
  })
  const explained = reachableFrom(graph, above)
  const leadsToOutcome = reachableFrom(graph, outcomes, true)
  return map.nodes.map(
    (node, v) =>
      node.level === 'frontline' &&
      node.kind !== 'good-practice' &&
      node.kind !== 'outcome' &&
      leadsToOutcome[v] === true &&
      explained[v] !== true,
  )
}

/** For each node, the nearest outcome it leads to (or itself, for an outcome), by one backwards search. */
function nearestOutcome(map: MapDocument, graph: MapGraph): Array<number | null> {
  const nearest = new Array<number | null>(graph.size).fill(null)
  const queue: number[] = []
  map.nodes.forEach((node, v) => {
    if (node.kind === 'outcome') {
      nearest[v] = v
      queue.push(v)
    }
  })
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as number
    for (const [w] of graph.in[v] as Array<[number, number]>) {
      if (nearest[w] !== null) continue
      nearest[w] = nearest[v] as number
      queue.push(w)
    }
  }
  return nearest
}

function findRoot(parent: number[], v: number): number {
  let root = v
  while (parent[root] !== root) root = parent[root] as number
  while (parent[v] !== root) {
    const next = parent[v] as number
    parent[v] = root
    v = next
  }
  return root
}

function frontlineOnlyIssues(map: MapDocument, graph: MapGraph): MapCheckIssue[] {
  const flagged = unexplainedFrontlineNodes(map, graph)
  if (!flagged.includes(true)) return []
  const parent = map.nodes.map((_, v) => v)
  const chainEdges: number[] = []
  graph.ends.forEach((ends, e) => {
    if (ends === null || !flagged[ends[0]] || !flagged[ends[1]]) return
    chainEdges.push(e)
    parent[findRoot(parent, ends[0])] = findRoot(parent, ends[1])
  })
  const groups = new Map<number, number[]>()
  flagged.forEach((isFlagged, v) => {
    if (!isFlagged) return
    const root = findRoot(parent, v)
    const group = groups.get(root)
    if (group === undefined) groups.set(root, [v])
    else group.push(v)
  })
  const outcomeOf = nearestOutcome(map, graph)
  const issues: MapCheckIssue[] = []
  for (const [root, group] of groups) {
    const names = group.map((v) => quote(map.nodes[v]))
    const outcome = group.map((v) => outcomeOf[v]).find((o) => o !== null && o !== undefined)
    const towards = outcome === undefined || outcome === null ? 'an outcome' : `the outcome ${quote(map.nodes[outcome])}`
    const subject =
      group.length === 1
        ? `${names[0] as string} is frontline practice that leads to ${towards}`
        : `${group.length} frontline practice nodes (${listNames(names)}) lead to ${towards}`
    issues.push({
      code: 'frontline-only',
      severity: MAP_CHECK_SEVERITY['frontline-only'],
      message:
        `${subject}, but nothing above frontline practice is shown contributing to ${group.length === 1 ? 'it' : 'them'}. ` +
        'Ask what in the team, the agency or the wider system made this practice likely, and add it to the map.',
      nodeIds: group.map((v) => (map.nodes[v] as MapNode).id),
      edgeIds: chainEdges
        .filter((e) => findRoot(parent, (graph.ends[e] as [number, number])[0]) === root)
        .map((e) => (map.edges[e] as MapDocument['edges'][number]).id),
    })
  }
  return issues
}

const EMPTY_LEVEL_HINT: Readonly<Record<MapLevel, string>> = {
  government: 'Consider whether law, national guidance or funding shaped what happened.',
  regulators: 'Consider whether inspection or national standards shaped what agencies prioritised.',
  'local-partnership': 'Consider local procedures, thresholds, commissioning and how the partnership works together.',
  'agency-management': 'Consider staffing, budgets, IT systems and agency policies.',
  team: 'Consider supervision, case allocation, workload and team culture.',
  frontline: 'Consider what practitioners knew, thought and did at the time.',
  'child-family': "Consider the child's lived experience and what the family said and felt.",
}

function emptyLevelIssues(map: MapDocument): MapCheckIssue[] {
  const used = new Set<string>(map.nodes.map((node) => node.level))
  return MAP_LEVELS.filter((level) => !used.has(level)).map((level) => ({
    code: 'empty-level' as const,
    severity: MAP_CHECK_SEVERITY['empty-level'],
    message:
      `Nothing on the map is at the "${MAP_LEVEL_INFO[level].label}" level. ${EMPTY_LEVEL_HINT[level]} ` +
      'If nothing did, the analysis can say so.',
    nodeIds: [],
    edgeIds: [],
  }))
}

/**
 * Each feedback link: a warning to explain the loop in the narrative (it does not block the stage), and a
 * stronger one when the link closes no loop at all, so it is probably an ordinary causal link.
 */
function feedbackIssues(map: MapDocument, causal: MapGraph): MapCheckIssue[] {
  const index = new Map(map.nodes.map((node, v) => [node.id, v]))
  const issues: MapCheckIssue[] = []
  for (const edge of map.edges) {
    if (!isFeedback(edge)) continue
    const s = index.get(edge.source)
    const t = index.get(edge.target)
    if (s === undefined || t === undefined) continue
    const link = `${quote(map.nodes[s])} feeds back into ${quote(map.nodes[t])}`
    // The loop is closed when the causal links lead from the feedback link's target back to its source.
    const closes = reachableFrom(causal, [t])[s] === true
    issues.push({
      code: 'feedback-loop',
      severity: MAP_CHECK_SEVERITY['feedback-loop'],
      message: closes
        ? `${link}: a self-reinforcing loop. Say in the findings how the loop kept the pattern going and what could break it.`
        : `${link}, but no causal links lead from ${quote(map.nodes[t])} back to ${quote(map.nodes[s])}, so there is no loop. ` +
          'Mark it as a causal link, or add the links that close the loop.',
      nodeIds: [edge.source, edge.target],
      edgeIds: [edge.id],
    })
  }
  return issues
}

/** The harm to the child is kept apart: a causal link into it makes the map read as "was it preventable". */
function harmIssues(map: MapDocument): MapCheckIssue[] {
  const byId = new Map(map.nodes.map((node) => [node.id, node]))
  const issues: MapCheckIssue[] = []
  for (const node of map.nodes) {
    if (node.kind !== 'harm') continue
    const into = map.edges.filter((edge) => edge.target === node.id)
    if (into.length === 0) continue
    issues.push({
      code: 'harm-as-effect',
      severity: MAP_CHECK_SEVERITY['harm-as-effect'],
      message:
        `${into.length === 1 ? 'A link leads' : `${into.length} links lead`} into the harm to the child ${quote(node)} ` +
        `(from ${listNames(into.map((edge) => quote(byId.get(edge.source))))}). The map explains practice, not whether the ` +
        'harm was preventable: link these to a practice outcome instead, and keep the harm apart.',
      nodeIds: [node.id, ...into.map((edge) => edge.source)],
      edgeIds: into.map((edge) => edge.id),
    })
  }
  return issues
}

/** Every check, in a stable order: by check, then by the map's own order of nodes and edges. */
export function checkMap(map: MapDocument): MapCheckIssue[] {
  const all = buildGraph(map)
  const graph = buildCausalGraph(map)
  return [
    ...cycleIssues(map, graph),
    ...feedbackIssues(map, graph),
    ...harmIssues(map),
    ...edgeIssues(map),
    ...orphanIssues(map, all),
    ...unreachableOutcomeIssues(map, graph),
    ...frontlineOnlyIssues(map, graph),
    ...emptyLevelIssues(map),
  ]
}
