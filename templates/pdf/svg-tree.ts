// A small reader for the SVG that templates/map-svg.ts writes (elements, attributes, text; no DTDs, no
// scripts), so the PDF and DOCX renderers can draw the map as vectors from the very same figure.

export interface SvgElement {
  name: string
  attrs: Record<string, string>
  children: SvgNode[]
}

export type SvgNode = SvgElement | { text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16))
    if (code.startsWith('#')) return String.fromCodePoint(Number.parseInt(code.slice(1), 10))
    return ENTITIES[code] ?? whole
  })
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g
const ATTR = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** Parses SVG markup into a tree; throws when tags do not nest. */
export function parseSvg(markup: string): SvgElement {
  const root: SvgElement = { name: '#root', attrs: {}, children: [] }
  const stack: SvgElement[] = [root]
  for (const m of markup.matchAll(TOKEN)) {
    const parent = stack[stack.length - 1] as SvgElement
    if (m[5] !== undefined) {
      if (m[5].trim() !== '') parent.children.push({ text: decodeXml(m[5]) })
      continue
    }
    const name = m[2]
    if (!name) continue
    if (m[1] === '/') {
      if (parent.name !== name) throw new Error(`SVG: </${name}> closes <${parent.name}>`)
      stack.pop()
      continue
    }
    const attrs: Record<string, string> = {}
    for (const a of (m[3] ?? '').matchAll(ATTR)) attrs[a[1] as string] = decodeXml(a[2] ?? a[3] ?? '')
    const element: SvgElement = { name, attrs, children: [] }
    parent.children.push(element)
    if (m[4] !== '/') stack.push(element)
  }
  const svg = root.children.find((c): c is SvgElement => 'name' in c && c.name === 'svg')
  if (!svg || stack.length !== 1) throw new Error('SVG: no complete <svg> element')
  return svg
}

export function isElement(node: SvgNode): node is SvgElement {
  return 'name' in node
}

/** The text inside an element, its descendants' included. */
export function textOf(element: SvgElement): string {
  return element.children.map((c) => (isElement(c) ? textOf(c) : c.text)).join('')
}

export function numberAttr(element: SvgElement, name: string, fallback = 0): number {
  const value = Number.parseFloat(element.attrs[name] ?? '')
  return Number.isFinite(value) ? value : fallback
}

export function points(value: string): Array<[number, number]> {
  const nums = value.trim().split(/[\s,]+/).map(Number).filter((n) => Number.isFinite(n))
  const out: Array<[number, number]> = []
  for (let i = 0; i + 1 < nums.length; i += 2) out.push([nums[i] as number, nums[i + 1] as number])
  return out
}
