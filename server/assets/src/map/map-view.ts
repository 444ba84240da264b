// The drawing: Cytoscape on a canvas, kept in step with the document by a diff (only what changed is touched,
// so a thousand-node map stays quick). Labels are drawn by Cytoscape as canvas text, never as HTML.
import cytoscape from 'cytoscape'
import type { Core, ElementDefinition, NodeSingular, StylesheetJson } from 'cytoscape'
import { MAP_LEVELS, MAP_LEVEL_INFO, NODE_KINDS } from '../../../../methodology/map/map-model.js'
import type { MapDocument, MapEdge, MapNode } from '../../../../methodology/map/map-model.js'
import { NODE_WIDTH, nodeSize, wrapLabel, type Point } from '../../../../templates/map-layout.js'
import { EDGE_COLOUR, EDGE_UNSUPPORTED_DASH, EDGE_WIDTH, LABEL_COLOUR, LABEL_FONT_FAMILY, LABEL_FONT_SIZE, NODE_KIND_STYLE } from '../../../../templates/map-style.js'

const FOCUS_YELLOW = '#ffdd00'
/** Room at the left for the level names. */
const BAND_LABEL_ROOM = 220

function stylesheet(): StylesheetJson {
  const kinds: StylesheetJson = NODE_KINDS.map((kind) => {
    const s = NODE_KIND_STYLE[kind]
    return {
      selector: `node[kind = "${kind}"]`,
      style: { shape: s.shape, 'background-color': s.fill, 'border-color': s.border, 'border-width': s.borderWidth, 'border-style': s.borderStyle },
    }
  })
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)', width: 'data(w)', height: 'data(h)', 'text-wrap': 'wrap', 'text-max-width': `${NODE_WIDTH - 10}px`,
        'text-valign': 'center', 'text-halign': 'center', 'font-family': LABEL_FONT_FAMILY, 'font-size': LABEL_FONT_SIZE, color: LABEL_COLOUR,
        'min-zoomed-font-size': 6,
      },
    },
    ...kinds,
    {
      selector: 'edge',
      style: {
        width: 'data(width)', 'line-color': EDGE_COLOUR, 'target-arrow-color': EDGE_COLOUR, 'target-arrow-shape': 'triangle',
        'curve-style': 'bezier', 'arrow-scale': 1.2,
      },
    },
    { selector: 'edge[evidenced = "no"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [...EDGE_UNSUPPORTED_DASH] } },
    { selector: ':selected', style: { 'overlay-color': FOCUS_YELLOW, 'overlay-opacity': 0.5, 'overlay-padding': 8 } },
    { selector: '.related', style: { 'overlay-color': FOCUS_YELLOW, 'overlay-opacity': 0.3, 'overlay-padding': 5 } },
    { selector: '.dimmed', style: { opacity: 0.2 } },
    { selector: '.filtered', style: { display: 'none' } },
    {
      selector: '.band',
      style: {
        shape: 'rectangle', 'background-opacity': 0, 'border-width': 0, width: 1, height: 1, label: 'data(label)', 'text-halign': 'left',
        'text-valign': 'center', 'font-weight': 'bold', 'font-size': 15, color: '#505a5f', 'text-wrap': 'wrap', 'text-max-width': '170px', events: 'no',
      },
    },
  ]
}

function nodeData(node: MapNode) {
  const size = nodeSize(node)
  return { id: node.id, label: wrapLabel(node.label).join('\n'), kind: node.kind, level: node.level, w: size.width, h: size.height }
}

function edgeData(edge: MapEdge) {
  return { id: edge.id, source: edge.source, target: edge.target, width: EDGE_WIDTH[edge.strength ?? 'unknown'], evidenced: edge.evidence.length > 0 ? 'yes' : 'no' }
}

export interface MapViewHandlers {
  /** A node or edge was clicked or tapped (null: the background). */
  select(id: string | null): void
  /** Nodes finished being dragged to new positions. */
  moved(positions: Map<string, Point>): void
}

export class MapView {
  readonly cy: Core
  private rendered = new Map<string, string>()

  constructor(container: HTMLElement, handlers: MapViewHandlers, opts: { large: boolean; editable: boolean }) {
    this.cy = cytoscape({
      container,
      style: stylesheet(),
      layout: { name: 'preset' },
      minZoom: 0.03,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: 'single',
      autoungrabify: !opts.editable,
      // Large maps pan and zoom smoothly if edges are left out while the view moves.
      hideEdgesOnViewport: opts.large,
      textureOnViewport: opts.large,
      pixelRatio: opts.large ? 1 : 'auto',
    })
    this.cy.on('tap', (event) => {
      const target = event.target as Core | NodeSingular
      handlers.select(target === this.cy ? null : (target as NodeSingular).id())
    })
    // Several nodes can end a drag together; report them once.
    let pending: Map<string, Point> | null = null
    this.cy.on('dragfree', 'node', (event) => {
      const node = event.target as NodeSingular
      if (node.hasClass('band')) return
      if (!pending) {
        pending = new Map()
        queueMicrotask(() => {
          const batch = pending
          pending = null
          if (batch) handlers.moved(batch)
        })
      }
      const p = node.position()
      pending.set(node.id(), { x: Math.round(p.x), y: Math.round(p.y) })
    })
  }

  /** Brings the drawing in line with the document, touching only what changed. */
  sync(doc: MapDocument): void {
    const cy = this.cy
    const seen = new Set<string>()
    cy.batch(() => {
      const add: ElementDefinition[] = []
      for (const node of doc.nodes) {
        seen.add(node.id)
        const data = nodeData(node)
        const position = { x: node.x ?? 0, y: node.y ?? 0 }
        const signature = JSON.stringify([data.label, data.kind, data.level, data.h, position.x, position.y])
        if (this.rendered.get(node.id) === signature) continue
        this.rendered.set(node.id, signature)
        const existing = cy.getElementById(node.id)
        if (existing.nonempty()) {
          existing.data(data)
          existing.position(position)
        } else {
          add.push({ group: 'nodes', data, position })
        }
      }
      for (const edge of doc.edges) {
        seen.add(edge.id)
        const data = edgeData(edge)
        const signature = JSON.stringify([data.source, data.target, data.width, data.evidenced])
        if (this.rendered.get(edge.id) === signature) continue
        const existing = cy.getElementById(edge.id)
        // Cytoscape cannot move an edge's ends: replace it when they change.
        if (existing.nonempty() && (existing.data('source') !== data.source || existing.data('target') !== data.target)) existing.remove()
        else if (existing.nonempty()) {
          existing.data(data)
          this.rendered.set(edge.id, signature)
          continue
        }
        this.rendered.set(edge.id, signature)
        add.push({ group: 'edges', data })
      }
      // Nodes before edges, so every edge finds its ends.
      add.sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1))
      if (add.length) cy.add(add)
      cy.elements().not('.band').forEach((element) => {
        if (!seen.has(element.id())) {
          this.rendered.delete(element.id())
          element.remove()
        }
      })
    })
    this.updateBands(doc)
  }

  /** Level names at the left of the drawing, level by level, at the middle of each level's nodes. */
  private updateBands(doc: MapDocument): void {
    const cy = this.cy
    cy.remove('.band')
    if (doc.nodes.length === 0) return
    const minX = Math.min(...doc.nodes.map((n) => n.x ?? 0)) - NODE_WIDTH / 2 - 40
    const bands: ElementDefinition[] = []
    for (const level of MAP_LEVELS) {
      const ys = doc.nodes.filter((n) => n.level === level).map((n) => n.y ?? 0)
      if (ys.length === 0) continue
      const y = (Math.min(...ys) + Math.max(...ys)) / 2
      bands.push({ group: 'nodes', data: { id: `band-${level}`, label: MAP_LEVEL_INFO[level].label }, position: { x: minX, y }, classes: 'band', selectable: false, grabbable: false })
    }
    cy.add(bands)
  }

  select(id: string | null, opts: { centre?: boolean } = {}): void {
    const cy = this.cy
    cy.batch(() => {
      cy.elements().unselect()
      cy.elements('.related').removeClass('related')
      if (!id) return
      const element = cy.getElementById(id)
      if (element.empty()) return
      element.select()
      if (element.isNode()) element.connectedEdges().addClass('related')
      else (element as unknown as cytoscape.EdgeSingular).connectedNodes().addClass('related')
    })
    if (id && opts.centre) {
      const element = cy.getElementById(id)
      if (element.nonempty()) cy.animate({ center: { eles: element }, zoom: Math.max(cy.zoom(), 0.6) }, { duration: 200 })
    }
  }

  /** Dims everything except the nodes whose label contains the text; returns their ids in map order. */
  search(text: string, doc: MapDocument): string[] {
    const wanted = text.trim().toLowerCase()
    const matches = wanted ? doc.nodes.filter((n) => n.label.toLowerCase().includes(wanted)).map((n) => n.id) : []
    const set = new Set(matches)
    this.cy.batch(() => {
      this.cy.elements().removeClass('dimmed')
      if (!wanted) return
      this.cy.nodes().not('.band').forEach((n) => {
        if (!set.has(n.id())) n.addClass('dimmed')
      })
      this.cy.edges().addClass('dimmed')
    })
    return matches
  }

  /** Hides nodes (and their edges) not at the level or of the kind chosen ('' means any). */
  filter(level: string, kind: string): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('filtered')
      if (!level && !kind) return
      this.cy.nodes().not('.band').forEach((n) => {
        if ((level && n.data('level') !== level) || (kind && n.data('kind') !== kind)) n.addClass('filtered')
      })
    })
  }

  zoomBy(factor: number): void {
    const cy = this.cy
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } })
  }

  /**
   * Fits the whole map in view. Worked out from the document's positions and box sizes rather than Cytoscape's
   * fit(), which measures every label first (half a second on a thousand-node map).
   */
  fit(doc?: MapDocument): void {
    const cy = this.cy
    if (!doc || doc.nodes.length === 0) {
      cy.fit(undefined, 30)
      return
    }
    let left = Infinity
    let right = -Infinity
    let top = Infinity
    let bottom = -Infinity
    for (const node of doc.nodes) {
      const size = nodeSize(node)
      const x = node.x ?? 0
      const y = node.y ?? 0
      left = Math.min(left, x - size.width / 2)
      right = Math.max(right, x + size.width / 2)
      top = Math.min(top, y - size.height / 2)
      bottom = Math.max(bottom, y + size.height / 2)
    }
    left -= BAND_LABEL_ROOM
    const padding = 30
    const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min((cy.width() - 2 * padding) / (right - left), (cy.height() - 2 * padding) / (bottom - top))))
    cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (left + right) / 2, y: cy.height() / 2 - zoom * (top + bottom) / 2 } })
  }
}
