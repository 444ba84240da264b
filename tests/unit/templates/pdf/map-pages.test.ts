// The causal map on paper, read back from the PDF actually produced: every piece of text on the map's pages is
// at least 8 pt, each link ends in an arrowhead, the key is there, and a big map is cut into parts after an overview.
import { describe, expect, it } from 'vitest'
import { OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { MapDocument, MapLevel } from '../../../../methodology/map/map-model.js'
import { renderPdf } from '../../../../templates/pdf/render-pdf.js'
import { sampleModel } from '../sample-model.js'

const LEVELS: MapLevel[] = ['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family']

/** `perLevel` nodes on each of the first `levels` levels, each linked to the node below it. */
function bigMap(perLevel: number, levels = LEVELS.length): MapDocument {
  const nodes = LEVELS.slice(0, levels).flatMap((level, l) => Array.from({ length: perLevel }, (_, i) => ({
    id: `n${l}-${i}`, kind: 'condition' as const, level, label: `Level ${l + 1}, node ${i + 1}: a label long enough to wrap onto two lines`,
    description: null, eventIds: [], kpeIds: [], factorIds: [],
  })))
  const edges = nodes.slice(perLevel).map((n, i) => ({ id: `e${i}`, source: (nodes[i] as { id: string }).id, target: n.id, label: null, evidence: [], counterfactual: null, strength: null }))
  return { nodes, edges }
}

interface MapPage {
  width: number
  height: number
  text: string
  smallestText: number
  arrowheads: number
}

/** The map's pages (those with its caption), with their text, its smallest size and the filled triangles on them. */
async function mapPages(bytes: Buffer): Promise<MapPage[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const pages: MapPage[] = []
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p)
    const [, , width, height] = page.view as [number, number, number, number]
    const content = await page.getTextContent()
    const items = content.items.flatMap((item) => ('str' in item && item.str.trim() !== '' ? [{ str: item.str, transform: item.transform as number[] }] : []))
    if (!items.some((i) => i.str.startsWith('Figure 1'))) continue
    const ops = await page.getOperatorList()
    // A filled path of one move, two lines and a close: the arrowhead's triangle (0 move, 1 line, 4 close).
    const arrowheads = ops.fnArray.filter((fn, i) => {
      if (fn !== OPS.constructPath) return false
      const [paint, [path]] = ops.argsArray[i] as [number, [ArrayLike<number>]]
      const codes = Array.from(path ?? [])
      return paint === OPS.fill && codes.length === 10 && codes[0] === 0 && codes[3] === 1 && codes[6] === 1 && codes[9] === 4
    }).length
    pages.push({
      width, height, arrowheads,
      text: items.map((i) => i.str).join(' '),
      smallestText: Math.min(...items.map((i) => Math.hypot(i.transform[2] as number, i.transform[3] as number))),
    })
  }
  return pages
}

describe('the causal map in the PDF report', () => {
  it('prints a small map on one page with text of at least 8 pt, an arrowhead on every link and the key', async () => {
    const map = bigMap(3, 4)
    const pages = await mapPages((await renderPdf(sampleModel('internal', 'Nothing unusual.', map))).bytes)
    expect(pages).toHaveLength(1)
    const [page] = pages as [MapPage]
    expect(page.smallestText).toBeGreaterThanOrEqual(8)
    expect(page.text).toContain('Level 1, node 1')
    expect(page.text).toContain('Key')
    expect(page.text).toContain('Condition or state')
    expect(page.arrowheads).toBeGreaterThanOrEqual(map.edges.length)
  })

  it('cuts a big map into A3 parts along the system levels after a one-page overview with the key, all text at least 8 pt', async () => {
    const map = bigMap(9)
    const pages = await mapPages((await renderPdf(sampleModel('internal', 'Nothing unusual.', map))).bytes)
    expect(pages.length).toBeGreaterThan(2)
    const [overview, ...parts] = pages as [MapPage, ...MapPage[]]
    expect(overview.text).toMatch(/overview of its \d+ parts/)
    expect(overview.text).toContain('Key')
    expect(overview.text).toContain('Part 1')
    for (const [i, part] of parts.entries()) {
      expect(part.smallestText, `part ${i + 1}`).toBeGreaterThanOrEqual(8)
      expect(part.text).toContain(`part ${i + 1} of ${parts.length}`)
      // A3 landscape: a fold-out.
      expect([Math.round(part.width), Math.round(part.height)]).toEqual([1191, 842])
    }
    expect(overview.smallestText).toBeGreaterThanOrEqual(8)
    // Every node's label is printed whole on some part, and every link ends in an arrowhead somewhere.
    const printed = parts.map((p) => p.text).join(' ')
    for (const node of map.nodes) expect(printed).toContain(node.label.split(':')[0])
    expect(parts.reduce((n, p) => n + p.arrowheads, 0)).toBeGreaterThanOrEqual(map.edges.length)
  })
})
