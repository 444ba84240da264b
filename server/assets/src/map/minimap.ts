// A small overview of the whole map, shown when the map is too big to read in one view: the level bands, every
// node as a dot in its kind's colour, and a frame round the part in view. Clicking (or dragging) moves the view.
// It is a picture for the mouse; the node list below the map reaches every node from the keyboard.
import type { NodeKind } from '../../../../methodology/map/map-model.js'
import type { LevelBand, Point } from '../../../../templates/map-layout.js'
import { NODE_KIND_STYLE } from '../../../../templates/map-style.js'

export interface Extent {
  left: number
  right: number
  top: number
  bottom: number
}

export interface MinimapNode {
  x: number
  y: number
  w: number
  h: number
  kind: NodeKind
}

export class Minimap {
  shown = false
  private scale = 1
  private origin: Point = { x: 0, y: 0 }

  constructor(private readonly root: HTMLElement, private readonly canvas: HTMLCanvasElement, private readonly moveTo: (point: Point) => void) {
    let dragging = false
    const go = (event: PointerEvent) => {
      const box = canvas.getBoundingClientRect()
      this.moveTo({ x: (event.clientX - box.left) / this.scale + this.origin.x, y: (event.clientY - box.top) / this.scale + this.origin.y })
    }
    canvas.addEventListener('pointerdown', (event) => {
      dragging = true
      canvas.setPointerCapture(event.pointerId)
      go(event)
    })
    canvas.addEventListener('pointermove', (event) => { if (dragging) go(event) })
    canvas.addEventListener('pointerup', () => { dragging = false })
  }

  show(on: boolean): void {
    this.shown = on
    this.root.hidden = !on
  }

  draw(extent: Extent | null, view: Extent, nodes: readonly MinimapNode[], bands: readonly LevelBand[]): void {
    if (!this.shown || !extent) return
    const ctx = this.canvas.getContext('2d')
    if (!ctx) return
    const { width, height } = this.canvas
    const pad = 6
    this.scale = Math.min((width - 2 * pad) / (extent.right - extent.left), (height - 2 * pad) / (extent.bottom - extent.top))
    this.origin = { x: extent.left - pad / this.scale, y: extent.top - pad / this.scale }
    const sx = (x: number) => (x - this.origin.x) * this.scale
    const sy = (y: number) => (y - this.origin.y) * this.scale
    ctx.clearRect(0, 0, width, height)
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, width, height)
    bands.forEach((band, i) => {
      ctx.fillStyle = i % 2 === 0 ? '#f3f2f1' : '#ffffff'
      ctx.fillRect(0, sy(band.top), width, (band.bottom - band.top) * this.scale)
    })
    for (const node of nodes) {
      ctx.fillStyle = NODE_KIND_STYLE[node.kind].border
      ctx.fillRect(sx(node.x - node.w / 2), sy(node.y - node.h / 2), Math.max(1.5, node.w * this.scale), Math.max(1.5, node.h * this.scale))
    }
    ctx.strokeStyle = '#1d70b8'
    ctx.lineWidth = 2
    ctx.strokeRect(sx(view.left), sy(view.top), (view.right - view.left) * this.scale, (view.bottom - view.top) * this.scale)
  }
}
