// How the causal map looks, in one place: the browser editor (Cytoscape) and the SVG figure for reports draw
// each node kind and edge strength the same way. Kind is shown by shape and border as well as colour, so the
// map does not rely on colour alone.
import type { EdgeStrength, NodeKind } from '../methodology/map/map-model.js'

export type NodeShape = 'rectangle' | 'round-rectangle' | 'cut-rectangle' | 'ellipse' | 'hexagon'

export interface NodeKindStyle {
  shape: NodeShape
  fill: string
  border: string
  borderWidth: number
  borderStyle: 'solid' | 'dashed' | 'double'
}

// Fills are light so black label text keeps a contrast ratio above 7:1.
export const NODE_KIND_STYLE: Readonly<Record<NodeKind, NodeKindStyle>> = {
  event: { shape: 'rectangle', fill: '#ffffff', border: '#0b0c0c', borderWidth: 2, borderStyle: 'solid' },
  condition: { shape: 'round-rectangle', fill: '#f3f2f1', border: '#505a5f', borderWidth: 2, borderStyle: 'solid' },
  omission: { shape: 'rectangle', fill: '#ffffff', border: '#505a5f', borderWidth: 2, borderStyle: 'dashed' },
  'contributory-factor': { shape: 'cut-rectangle', fill: '#fff7bf', border: '#594d00', borderWidth: 2, borderStyle: 'solid' },
  'system-factor': { shape: 'hexagon', fill: '#e8f1f8', border: '#1d70b8', borderWidth: 3, borderStyle: 'solid' },
  'good-practice': { shape: 'round-rectangle', fill: '#e7f3ec', border: '#00703c', borderWidth: 3, borderStyle: 'double' },
  'family-voice': { shape: 'ellipse', fill: '#f3eef8', border: '#4c2c92', borderWidth: 2, borderStyle: 'solid' },
  outcome: { shape: 'rectangle', fill: '#fbeae8', border: '#d4351c', borderWidth: 4, borderStyle: 'solid' },
  harm: { shape: 'ellipse', fill: '#ffffff', border: '#0b0c0c', borderWidth: 4, borderStyle: 'double' },
}

export const EDGE_WIDTH: Readonly<Record<EdgeStrength | 'unknown', number>> = {
  weak: 1.5,
  moderate: 2.5,
  strong: 4,
  unknown: 2,
}

export const EDGE_COLOUR = '#505a5f'
/** An edge with no evidence yet is drawn dashed: a question to follow up, not a finding. */
export const EDGE_UNSUPPORTED_DASH = [6, 4] as const
/** A feedback link (closing a self-reinforcing loop) is dotted and purple, so loops read as loops, not as causes. */
export const EDGE_FEEDBACK_DASH = [2, 3] as const
export const EDGE_FEEDBACK_COLOUR = '#4c2c92'

export const LABEL_FONT_FAMILY = 'Arial, Helvetica, sans-serif'
export const LABEL_FONT_SIZE = 13
export const LABEL_COLOUR = '#0b0c0c'
