// What changed between two saved versions of a causal map, kept with each version so the history can say who
// changed what. Pure: the map service stores the summary; the history page reads it back.
import type { MapDocument, MapEdge, MapNode } from '../../methodology/map/map-model.js'

interface Named {
  id: string
  label: string
}

/** A group of changes: how many, and the first few by name. */
export interface ChangeList {
  total: number
  named: Named[]
}

export interface MapChangeSummary {
  nodesAdded: ChangeList
  nodesRemoved: ChangeList
  /** Label, kind, level, description or links changed. */
  nodesChanged: ChangeList
  /** Only the position changed. */
  nodesMoved: number
  edgesAdded: ChangeList
  edgesRemoved: ChangeList
  edgesChanged: ChangeList
}

/** Each list names at most this many (the history is for people, not a diff tool). */
const MAX_NAMED = 20

function nodeChanged(a: MapNode, b: MapNode): boolean {
  return a.label !== b.label || a.kind !== b.kind || a.level !== b.level || (a.description ?? null) !== (b.description ?? null) ||
    a.eventIds.join('\u0000') !== b.eventIds.join('\u0000') || a.kpeIds.join('\u0000') !== b.kpeIds.join('\u0000') ||
    a.factorIds.join('\u0000') !== b.factorIds.join('\u0000')
}

function edgeChanged(a: MapEdge, b: MapEdge): boolean {
  return JSON.stringify([a.source, a.target, a.label, a.evidence, a.counterfactual, a.strength, a.type ?? 'causal']) !==
    JSON.stringify([b.source, b.target, b.label, b.evidence, b.counterfactual, b.strength, b.type ?? 'causal'])
}

function edgeName(edge: MapEdge, nodes: ReadonlyMap<string, MapNode>): Named {
  return { id: edge.id, label: `${nodes.get(edge.source)?.label ?? edge.source} → ${nodes.get(edge.target)?.label ?? edge.target}` }
}

function list(): ChangeList {
  return { total: 0, named: [] }
}

function add(changes: ChangeList, item: Named): void {
  changes.total++
  if (changes.named.length < MAX_NAMED) changes.named.push(item)
}

export function emptySummary(): MapChangeSummary {
  return { nodesAdded: list(), nodesRemoved: list(), nodesChanged: list(), nodesMoved: 0, edgesAdded: list(), edgesRemoved: list(), edgesChanged: list() }
}

export function summariseChanges(before: MapDocument, after: MapDocument): MapChangeSummary {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]))
  const newNodes = new Map(after.nodes.map((n) => [n.id, n]))
  const oldEdges = new Map(before.edges.map((e) => [e.id, e]))
  const newEdges = new Map(after.edges.map((e) => [e.id, e]))
  const summary = emptySummary()
  for (const node of after.nodes) {
    const old = oldNodes.get(node.id)
    if (!old) add(summary.nodesAdded, { id: node.id, label: node.label })
    else if (nodeChanged(old, node)) add(summary.nodesChanged, { id: node.id, label: node.label })
    else if ((old.x ?? null) !== (node.x ?? null) || (old.y ?? null) !== (node.y ?? null)) summary.nodesMoved++
  }
  for (const node of before.nodes) if (!newNodes.has(node.id)) add(summary.nodesRemoved, { id: node.id, label: node.label })
  for (const edge of after.edges) {
    const old = oldEdges.get(edge.id)
    if (!old) add(summary.edgesAdded, edgeName(edge, newNodes))
    else if (edgeChanged(old, edge)) add(summary.edgesChanged, edgeName(edge, newNodes))
  }
  for (const edge of before.edges) if (!newEdges.has(edge.id)) add(summary.edgesRemoved, edgeName(edge, oldNodes))
  return summary
}

function phrase(verb: string, changes: ChangeList, one: string, many: string): string | null {
  if (changes.total === 0) return null
  const names = changes.named.map((n) => `‘${n.label}’`).join(', ')
  const more = changes.total - changes.named.length
  return `${verb} ${changes.total} ${changes.total === 1 ? one : many}: ${names}${more > 0 ? ` and ${more} more` : ''}`
}

/** Plain sentences for the history list, e.g. "Added 1 node: ‘Caseloads’". */
export function describeChanges(summary: MapChangeSummary): string[] {
  const lines = [
    phrase('Added', summary.nodesAdded, 'node', 'nodes'),
    phrase('Changed', summary.nodesChanged, 'node', 'nodes'),
    phrase('Removed', summary.nodesRemoved, 'node', 'nodes'),
    phrase('Added', summary.edgesAdded, 'link', 'links'),
    phrase('Changed', summary.edgesChanged, 'link', 'links'),
    phrase('Removed', summary.edgesRemoved, 'link', 'links'),
    summary.nodesMoved > 0 ? `Moved ${summary.nodesMoved} ${summary.nodesMoved === 1 ? 'node' : 'nodes'}` : null,
  ].filter((line): line is string => line !== null)
  return lines.length > 0 ? lines : ['Saved with no changes']
}
