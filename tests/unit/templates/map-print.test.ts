import { describe, expect, it } from 'vitest'
import { MAP_LEVELS, NODE_KINDS, type MapDocument } from '../../../methodology/map/map-model.js'
import { printMap } from '../../../templates/map-print.js'
import { svgToPng } from '../../../templates/svg-png.js'

/** A map too big for one page, with links running far across it (as bench/report.ts's 300-node map has). */
function wideMap(nodes: number): MapDocument {
  const map: MapDocument = { nodes: [], edges: [] }
  for (let i = 0; i < nodes; i++) {
    map.nodes.push({
      id: `n${i}`, kind: NODE_KINDS[i % NODE_KINDS.length]!, level: MAP_LEVELS[i % MAP_LEVELS.length]!, label: `Node ${i}: caseloads were high and supervision lapsed`,
      description: null, eventIds: [], kpeIds: [], factorIds: [],
    })
    if (i > 0) map.edges.push({ id: `l${i}`, source: `n${(i * 7) % i}`, target: `n${i}`, label: null, evidence: [{ type: 'event', id: `e${i}` }], counterfactual: { answer: 'no', note: null }, strength: 'moderate' })
    if (i > 2) map.edges.push({ id: `m${i}`, source: `n${i - 3}`, target: `n${i}`, label: null, evidence: [], counterfactual: null, strength: null })
  }
  return map
}

describe('the printed map in parts', () => {
  const print = printMap(wideMap(300), 1)
  const viewBox = (svg: string) => {
    const [x, y, width, height] = (/ viewBox="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map(Number) as [number, number, number, number]
    return { x, y, width, height }
  }

  it('draws in each part only the links that cross it, and arrowheads only where they land on it', () => {
    expect(print.parts.length).toBeGreaterThan(4)
    let arrows = 0
    let bare = 0
    for (const part of print.parts) {
      const box = viewBox(part.svg)
      for (const line of part.svg.matchAll(/<line x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)" y2="([-\d.]+)"([^>]*)\/>/g)) {
        const [x1, y1, x2, y2] = [1, 2, 3, 4].map((i) => Number(line[i]))
        const inside = (x: number, y: number) => x >= box.x - 12 && x <= box.x + box.width + 12 && y >= box.y - 12 && y <= box.y + box.height + 12
        // Never wholly to one side of the part.
        expect(Math.max(x1!, x2!) >= box.x - 12 && Math.min(x1!, x2!) <= box.x + box.width + 12 && Math.max(y1!, y2!) >= box.y - 12 && Math.min(y1!, y2!) <= box.y + box.height + 12).toBe(true)
        if (line[5]!.includes('marker-end')) {
          arrows++
          expect(inside(x2!, y2!), line[0]).toBe(true)
        } else bare++
      }
    }
    // Links leaving a part keep their line without the arrowhead; those arriving keep both.
    expect(arrows).toBeGreaterThan(0)
    expect(bare).toBeGreaterThan(0)
  })

  it('draws in each part only the nodes on it, and every node on some part', () => {
    const drawn = new Set<string>()
    for (const part of print.parts) {
      const titles = [...part.svg.matchAll(/<g><title>/g)]
      const nodes = [...part.svg.matchAll(/<g><title>[^<]*Node (\d+):[^<]*<\/title>/g)].map((m) => m[1]!)
      expect(titles.length).toBe(nodes.length)
      expect(nodes.length).toBeGreaterThan(0)
      expect(nodes.length).toBeLessThan(300)
      for (const n of nodes) drawn.add(n)
    }
    expect(drawn.size).toBe(300)
  })

  it('rasterises every part for the DOCX picture fallback (resvg panicked, ending the process, on an arrowhead far outside a part)', () => {
    for (const part of [...print.parts, ...(print.overview ? [print.overview] : [])]) {
      const png = svgToPng(part.svg, Math.round(part.width * part.scale * (96 / 72)))
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    }
  })
})
