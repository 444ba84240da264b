// Small builders for hand-made maps in the map tests.
import type { MapDocument, MapEdge, MapLevel, MapNode, NodeKind } from '../../../../methodology/map/map-model.js'

export function node(id: string, level: MapLevel, kind: NodeKind = 'event', label = `Node ${id}`): MapNode {
  return { id, kind, label, level, description: null, eventIds: [], kpeIds: [], factorIds: [], x: null, y: null }
}

/** An edge with evidence and a counterfactual answer, so only the check under test has anything to say. */
export function edge(id: string, source: string, target: string, overrides: Partial<MapEdge> = {}): MapEdge {
  return {
    id,
    source,
    target,
    label: null,
    evidence: [{ type: 'event', id: `ev-${id}` }],
    counterfactual: { answer: 'no', note: null },
    strength: 'moderate',
    ...overrides,
  }
}

export function map(nodes: MapNode[], edges: MapEdge[]): MapDocument {
  return { nodes, edges }
}
