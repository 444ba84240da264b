// The drawing: Cytoscape on a canvas, kept in step with the document by a diff (only what changed is touched,
// so a thousand-node map stays quick). Labels are drawn by Cytoscape as canvas text, never as HTML.
import cytoscape from 'cytoscape'
import type { Core, ElementDefinition, NodeSingular, StylesheetJson } from 'cytoscape'
import { MAP_LEVEL_INFO, NODE_KINDS } from '../../../../methodology/map/map-model.js'
import type { MapDocument, MapEdge, MapNode } from '../../../../methodology/map/map-model.js'
import { NODE_WIDTH, bandsFromPositions, nodeSize, savedPositions, wrapLabel, type LevelBand, type Point } from '../../../../templates/map-layout.js'
import { EDGE_COLOUR, EDGE_FEEDBACK_COLOUR, EDGE_FEEDBACK_DASH, EDGE_UNSUPPORTED_DASH, EDGE_WIDTH, LABEL_COLOUR, LABEL_FONT_FAMILY, LABEL_FONT_SIZE, NODE_KIND_STYLE } from '../../../../templates/map-style.js'
import { el } from './dom.js'
import { Minimap, type Extent } from './minimap.js'

const FOCUS_YELLOW = '#ffdd00'
/** Screen room at the left for the level names, which float over the drawing (px). */
const LEVEL_COLUMN_PX = 140
/** The smallest zoom at which node labels are at least 11 CSS pixels (with a little to spare). */
export const READABLE_ZOOM = 11.5 / LABEL_FONT_SIZE

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
    // A feedback link: dotted, purple and curved away from the causal link it loops back beside.
    {
      selector: 'edge[linkType = "feedback"]',
      style: {
        'line-style': 'dashed', 'line-dash-pattern': [...EDGE_FEEDBACK_DASH], 'line-color': EDGE_FEEDBACK_COLOUR,
        'target-arrow-color': EDGE_FEEDBACK_COLOUR, 'curve-style': 'unbundled-bezier', 'control-point-distances': [40], 'control-point-weights': [0.5],
      },
    },
    { selector: ':selected', style: { 'overlay-color': FOCUS_YELLOW, 'overlay-opacity': 0.5, 'overlay-padding': 8 } },
    { selector: '.related', style: { 'overlay-color': FOCUS_YELLOW, 'overlay-opacity': 0.3, 'overlay-padding': 5 } },
    { selector: '.dimmed', style: { opacity: 0.2 } },
    { selector: '.filtered', style: { display: 'none' } },
    // Each level's band: a shaded strip behind its nodes, part of the drawing, so it pans and zooms with them.
    {
      selector: '.band',
      style: {
        shape: 'rectangle', width: 'data(w)', height: 'data(h)', 'background-color': '#f3f2f1', 'background-opacity': 0.55,
        'border-width': 1, 'border-color': '#b1b4b6', label: '', events: 'no', 'z-index-compare': 'manual', 'z-index': 0,
      },
    },
    { selector: '.band.odd', style: { 'background-color': '#ffffff', 'background-opacity': 0.4 } },
    { selector: 'edge', style: { 'z-index-compare': 'manual', 'z-index': 1 } },
    { selector: 'node[kind]', style: { 'z-index-compare': 'manual', 'z-index': 2 } },
  ]
}

function nodeData(node: MapNode) {
  const size = nodeSize(node)
  return { id: node.id, label: wrapLabel(node.label).join('\n'), kind: node.kind, level: node.level, w: size.width, h: size.height }
}

function edgeData(edge: MapEdge) {
  return { id: edge.id, source: edge.source, target: edge.target, width: EDGE_WIDTH[edge.strength ?? 'unknown'], evidenced: edge.evidence.length > 0 ? 'yes' : 'no', linkType: edge.type ?? 'causal' }
}

export interface MapViewHandlers {
  /** A node or edge was clicked or tapped (null: the background). */
  select(id: string | null): void
  /** Nodes finished being dragged to new positions. */
  moved(positions: Map<string, Point>): void
}

/** Where the drawing sits on the page: the canvas, the column of level names over it, and the minimap. */
export interface MapViewParts {
  canvas: HTMLElement
  levels: HTMLElement
  minimap: HTMLElement
  minimapCanvas: HTMLCanvasElement
}

export class MapView {
  readonly cy: Core
  private rendered = new Map<string, string>()
  private bands: LevelBand[] = []
  private extent: Extent | null = null
  private readonly levels: HTMLElement
  private readonly minimap: Minimap
  private frame = 0

  constructor(parts: MapViewParts, handlers: MapViewHandlers, opts: { large: boolean; editable: boolean }) {
    const container = parts.canvas
    this.levels = parts.levels
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
    this.minimap = new Minimap(parts.minimap, parts.minimapCanvas, (point) => this.centreOn(point))
    // The level names and the minimap follow the view, once a frame at most.
    this.cy.on('viewport resize', () => {
      if (this.frame) return
      this.frame = requestAnimationFrame(() => {
        this.frame = 0
        this.placeLevelNames()
        this.drawMinimap()
      })
    })
  }

  /** Moves the view so a point of the map (model units) is at its centre. */
  centreOn(point: Point): void {
    const cy = this.cy
    const zoom = cy.zoom()
    cy.pan({ x: cy.width() / 2 - point.x * zoom, y: cy.height() / 2 - point.y * zoom })
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
        const signature = JSON.stringify([data.source, data.target, data.width, data.evidenced, data.linkType])
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

  /**
   * Each level's band, from its nodes' boxes (the same bands the report's figure draws), as a shaded strip in
   * the drawing, and the level's name beside it in a column that stays at the left edge of the view.
   */
  private updateBands(doc: MapDocument): void {
    const cy = this.cy
    cy.remove('.band')
    this.bands = doc.nodes.length === 0 ? [] : bandsFromPositions(doc, savedPositions(doc))
    this.extent = documentExtent(doc)
    const extent = this.extent
    if (extent) {
      const width = extent.right - extent.left + 80
      cy.add(this.bands.map((band, i): ElementDefinition => ({
        group: 'nodes',
        data: { id: `band-${band.level}`, w: width, h: band.bottom - band.top },
        position: { x: (extent.left + extent.right) / 2, y: (band.top + band.bottom) / 2 },
        classes: i % 2 === 0 ? 'band' : 'band odd', selectable: false, grabbable: false,
      })))
    }
    this.levels.replaceChildren(...this.bands.map((band) => el('div', { class: 'app-map__level', 'data-level': band.level }, el('span', {}, MAP_LEVEL_INFO[band.level].label))))
    this.placeLevelNames()
    this.drawMinimap()
  }

  /** Puts each level's name at its band's height in the current view. */
  private placeLevelNames(): void {
    const zoom = this.cy.zoom()
    const pan = this.cy.pan()
    const height = this.cy.height()
    this.bands.forEach((band, i) => {
      const label = this.levels.children[i] as HTMLElement | undefined
      if (!label) return
      const top = band.top * zoom + pan.y
      const bottom = band.bottom * zoom + pan.y
      label.hidden = bottom < 0 || top > height
      label.style.top = `${Math.round(top)}px`
      label.style.height = `${Math.max(1, Math.round(bottom - top))}px`
    })
  }

  private drawMinimap(): void {
    const cy = this.cy
    const zoom = cy.zoom()
    const pan = cy.pan()
    const view: Extent = { left: -pan.x / zoom, top: -pan.y / zoom, right: (cy.width() - pan.x) / zoom, bottom: (cy.height() - pan.y) / zoom }
    const nodes = cy.nodes('[kind]').map((n) => ({ x: n.position('x'), y: n.position('y'), w: n.data('w') as number, h: n.data('h') as number, kind: n.data('kind') as MapNode['kind'] }))
    this.minimap.draw(this.extent, view, nodes, this.bands)
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
   * Fits the whole map in view when its labels stay readable there (at least 11 CSS pixels). A map too big for
   * that is shown at the readable zoom from its top left, with the minimap to find the rest. Worked out from the
   * document's positions and box sizes rather than Cytoscape's fit(), which measures every label first (half a
   * second on a thousand-node map).
   */
  fit(doc?: MapDocument): void {
    const cy = this.cy
    const extent = doc ? documentExtent(doc) : null
    if (!extent) {
      cy.viewport({ zoom: 1, pan: { x: LEVEL_COLUMN_PX + 20, y: 20 } })
      return
    }
    const padding = 24
    const room = { width: cy.width() - LEVEL_COLUMN_PX - 2 * padding, height: cy.height() - 2 * padding }
    const whole = Math.min(room.width / (extent.right - extent.left), room.height / (extent.bottom - extent.top))
    const zoom = Math.min(1.25, cy.maxZoom(), Math.max(READABLE_ZOOM, whole))
    const fits = whole >= READABLE_ZOOM
    // Centred when the whole map fits; otherwise from its top left corner.
    const pan = fits
      ? { x: LEVEL_COLUMN_PX + padding + room.width / 2 - zoom * (extent.left + extent.right) / 2, y: padding + room.height / 2 - zoom * (extent.top + extent.bottom) / 2 }
      : { x: LEVEL_COLUMN_PX + padding - zoom * extent.left, y: padding - zoom * extent.top }
    cy.viewport({ zoom, pan })
    this.minimap.show(!fits)
    this.drawMinimap()
  }

  /** Whether the minimap is offered (the map does not fit the view at a readable size). */
  get minimapShown(): boolean {
    return this.minimap.shown
  }
}

/** The box around every node of the map, and the bands' tops and bottoms, in model units. */
function documentExtent(doc: MapDocument): Extent | null {
  if (doc.nodes.length === 0) return null
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
  return { left, right, top, bottom }
}
