import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { escapeHtml, renderHtml } from '../../../../templates/html/render-html.js'
import { sampleModel } from '../sample-model.js'

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
})
