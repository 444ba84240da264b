// A plain raster copy of the map's SVG for Word processors that cannot show SVG (Word needs one beside every SVG
// image). It draws the shapes and links only: the words are in the SVG, in the alt text and in the tables that
// follow the figure, so nothing is lost to a reader of the fallback.
import { deflateSync } from 'node:zlib'
import { isElement, numberAttr, points, type SvgElement } from '../pdf/svg-tree.js'

type Rgb = [number, number, number]

function colour(value: string | undefined): Rgb | null {
  if (!value || value === 'none') return null
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim())?.[1]
  if (!hex) return [0, 0, 0]
  const full = hex.length === 3 ? hex.split('').map((c) => c + c).join('') : hex
  return [Number.parseInt(full.slice(0, 2), 16), Number.parseInt(full.slice(2, 4), 16), Number.parseInt(full.slice(4, 6), 16)]
}

class Canvas {
  readonly pixels: Uint8Array
  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8Array(width * height * 3).fill(255)
  }

  set(x: number, y: number, c: Rgb): void {
    const xi = Math.round(x)
    const yi = Math.round(y)
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return
    const i = (yi * this.width + xi) * 3
    this.pixels[i] = c[0]
    this.pixels[i + 1] = c[1]
    this.pixels[i + 2] = c[2]
  }

  /** Even-odd scanline fill of a polygon. */
  fillPolygon(pts: Array<[number, number]>, c: Rgb): void {
    const ys = pts.map((p) => p[1])
    const top = Math.max(0, Math.floor(Math.min(...ys)))
    const bottom = Math.min(this.height - 1, Math.ceil(Math.max(...ys)))
    for (let y = top; y <= bottom; y++) {
      const cy = y + 0.5
      const xs: number[] = []
      for (let i = 0; i < pts.length; i++) {
        const [x1, y1] = pts[i] as [number, number]
        const [x2, y2] = pts[(i + 1) % pts.length] as [number, number]
        if ((y1 <= cy && y2 > cy) || (y2 <= cy && y1 > cy)) xs.push(x1 + ((cy - y1) / (y2 - y1)) * (x2 - x1))
      }
      xs.sort((a, b) => a - b)
      for (let k = 0; k + 1 < xs.length; k += 2) {
        for (let x = Math.max(0, Math.ceil((xs[k] as number) - 0.5)); x <= Math.min(this.width - 1, Math.floor((xs[k + 1] as number) - 0.5)); x++) this.set(x, y, c)
      }
    }
  }

  line(x1: number, y1: number, x2: number, y2: number, width: number, c: Rgb): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1)))
    const r = Math.max(0, Math.round(width / 2) - 1)
    for (let s = 0; s <= steps; s++) {
      const x = x1 + ((x2 - x1) * s) / steps
      const y = y1 + ((y2 - y1) * s) / steps
      for (let dx = -r; dx <= r; dx++) for (let dy = -r; dy <= r; dy++) this.set(x + dx, y + dy, c)
    }
  }

  outline(pts: Array<[number, number]>, width: number, c: Rgb): void {
    pts.forEach((p, i) => {
      const q = pts[(i + 1) % pts.length] as [number, number]
      this.line(p[0], p[1], q[0], q[1], width, c)
    })
  }
}

function ellipsePoints(cx: number, cy: number, rx: number, ry: number): Array<[number, number]> {
  return Array.from({ length: 48 }, (_, i) => [cx + rx * Math.cos((i / 48) * 2 * Math.PI), cy + ry * Math.sin((i / 48) * 2 * Math.PI)] as [number, number])
}

function draw(canvas: Canvas, el: SvgElement, s: number): void {
  const fill = colour(el.attrs.fill)
  const stroke = colour(el.attrs.stroke)
  const strokeWidth = Math.max(1, numberAttr(el, 'stroke-width', 1) * s)
  let shape: Array<[number, number]> | null = null
  switch (el.name) {
    case 'title': case 'desc': case 'defs': case 'marker': case 'text':
      return
    case 'rect': {
      const [x, y, w, h] = [numberAttr(el, 'x') * s, numberAttr(el, 'y') * s, numberAttr(el, 'width') * s, numberAttr(el, 'height') * s]
      shape = [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
      break
    }
    case 'ellipse':
      shape = ellipsePoints(numberAttr(el, 'cx') * s, numberAttr(el, 'cy') * s, numberAttr(el, 'rx') * s, numberAttr(el, 'ry') * s)
      break
    case 'polygon':
      shape = points(el.attrs.points ?? '').map(([x, y]) => [x * s, y * s])
      break
    case 'line': {
      const [x1, y1, x2, y2] = [numberAttr(el, 'x1') * s, numberAttr(el, 'y1') * s, numberAttr(el, 'x2') * s, numberAttr(el, 'y2') * s]
      const c = stroke ?? [80, 90, 95]
      canvas.line(x1, y1, x2, y2, strokeWidth, c)
      if (el.attrs['marker-end']) {
        // A small arrowhead where the link arrives.
        const a = Math.atan2(y2 - y1, x2 - x1)
        const len = Math.max(6, 9 * s)
        canvas.fillPolygon([[x2, y2], [x2 - len * Math.cos(a - 0.4), y2 - len * Math.sin(a - 0.4)], [x2 - len * Math.cos(a + 0.4), y2 - len * Math.sin(a + 0.4)]], c)
      }
      return
    }
    default:
      for (const c of el.children) if (isElement(c)) draw(canvas, c, s)
      return
  }
  if (shape.length < 3) return
  if (fill) canvas.fillPolygon(shape, fill)
  if (stroke) canvas.outline(shape, strokeWidth, stroke)
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(data: Buffer): number {
  let c = 0xffffffff
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

function encodePng(canvas: Canvas): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(canvas.width, 0)
  header.writeUInt32BE(canvas.height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // RGB
  const raw = Buffer.alloc((canvas.width * 3 + 1) * canvas.height)
  for (let y = 0; y < canvas.height; y++) {
    raw[y * (canvas.width * 3 + 1)] = 0
    Buffer.from(canvas.pixels.buffer, canvas.pixels.byteOffset + y * canvas.width * 3, canvas.width * 3).copy(raw, y * (canvas.width * 3 + 1) + 1)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** A PNG of the SVG's shapes, at most `maxWidth` pixels wide. */
export function svgShapesToPng(svg: SvgElement, width: number, height: number, maxWidth = 1600): Buffer {
  const scale = Math.min(1, maxWidth / width)
  const canvas = new Canvas(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)))
  for (const c of svg.children) if (isElement(c)) draw(canvas, c, scale)
  return encodePng(canvas)
}
