import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { escapeHtml, renderHtml } from '../../../../templates/html/render-html.js'
import { sampleModel } from '../sample-model.js'
import type { MapDocument, MapLevel } from '../../../../methodology/map/map-model.js'

const LEVELS: MapLevel[] = ['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family']

/** `perLevel` nodes on each level, each linked to the node below it (as the PDF's map test draws). */
function bigMap(perLevel: number): MapDocument {
  const nodes = LEVELS.flatMap((level, l) => Array.from({ length: perLevel }, (_, i) => ({
    id: `n${l}-${i}`, kind: 'condition' as const, level, label: `Level ${l + 1}, node ${i + 1}: a label long enough to wrap onto two lines`,
    description: null, eventIds: [], kpeIds: [], factorIds: [],
  })))
  const edges = nodes.slice(perLevel).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id, label: null, evidence: [], counterfactual: null, strength: null }))
  return { nodes, edges }
}

/** The printed pictures of the map (the HTML's print-only copy): each one's smallest text in points and its links' arrowheads. */
function printedParts(html: string): Array<{ text: string; smallestPt: number; links: number; arrowheads: number }> {
  const print = html.slice(html.indexOf('<div class="map-print"'))
  return [...print.matchAll(/<svg\b([^>]*)>([\s\S]*?)<\/svg>/g)].map(([, open, body]) => {
    const widthPt = Number(/ width="([\d.]+)pt"/.exec(open!)?.[1])
    const viewWidth = Number(/ viewBox="[-\d.]+ [-\d.]+ ([\d.]+) /.exec(open!)?.[1])
    const sizes = [...body!.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]) * (widthPt / viewWidth))
    const links = [...body!.matchAll(/<line [^>]*>/g)].map((m) => m[0])
    return {
      text: [...body!.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ' ')).join(' '),
      smallestPt: Math.min(...sizes),
      links: links.length,
      arrowheads: links.filter((l) => l.includes('marker-end')).length,
    }
  })
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

describe('the HTML edition', () => {
  it('escapes any text so that it can never become markup, and loses nothing', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      const escaped = escapeHtml(text)
      expect(escaped).not.toMatch(/[<>"']/)
      expect(unescape(escaped)).toBe(text)
    }))
  })

  it('is one self-contained page: language, title, marking, headings in order, no script and nothing loaded from elsewhere', () => {
    const html = renderHtml(sampleModel('publication', '<script>alert(1)</script>')).toString('utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('<html lang="en-GB">')
    expect(html).toContain('<title>Learning review: Child X (OFFICIAL)</title>')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1)
    expect(html).toContain('<h2 id="summary">Summary</h2>')
    expect(html).toContain('<h3 id="finding-1">Finding 1: A pattern</h3>')
    expect(html).toContain('<th scope="col">Date</th>')
    expect(html).toContain('<caption>Significant events</caption>')
    expect(html).toContain('role="img"') // the map's inline SVG
    expect(html).toContain('<figcaption>Figure 1. The causal map.')
    expect(html.match(/class="marking"/g)).toHaveLength(2)
  })

  it('prints the map as the PDF does: every part’s text at least 8 pt on paper, arrowheads on its links, the key, every node', () => {
    const map = bigMap(9)
    const html = renderHtml(sampleModel('internal', 'Nothing unusual.', map)).toString('utf8')
    // On screen, the whole map once as a vector that scrolls and zooms.
    expect(html).toMatch(/<div class="map" tabindex="0" role="region"[^>]*><svg /)
    const parts = printedParts(html)
    expect(parts.length).toBeGreaterThan(2)
    for (const [i, part] of parts.entries()) expect(part.smallestPt, `printed picture ${i + 1}`).toBeGreaterThanOrEqual(8)
    expect(parts.some((p) => p.text.includes('Condition or state'))).toBe(true) // the key
    const printed = parts.map((p) => p.text).join(' ')
    for (const node of map.nodes) expect(printed).toContain(node.label.split(':')[0])
    expect(parts.reduce((n, p) => n + p.arrowheads, 0)).toBeGreaterThanOrEqual(map.edges.length)
  })
})
