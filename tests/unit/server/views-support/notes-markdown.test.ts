import { describe, expect, it } from 'vitest'
import { renderNotes } from '../../../../server/views-support/notes-markdown.js'

const plain = (text: string) => renderNotes([{ text, quoteTitle: null }])

describe('renderNotes', () => {
  it('renders headings, emphasis and lists instead of showing # and **', () => {
    const html = plain('# Conversation\n\n**Who:** Fiona\n**When:** 16/11/2021\n\n## Context\n- one\n- two')
    expect(html).toContain('<h3>Conversation</h3>')
    expect(html).toContain('<h4>Context</h4>')
    expect(html).toContain('<strong>Who:</strong> Fiona<br />')
    expect(html).toContain('<ul>\n<li>one</li>')
    expect(html).not.toMatch(/#|\*\*/)
  })

  it('shows raw HTML as text: no script, no event handler, no iframe', () => {
    const html = plain('Before <script>alert(1)</script> and <img src=x onerror="alert(2)"> and <iframe src="https://evil.example"></iframe>\n\n<div onclick="x()">block</div>')
    expect(html).not.toMatch(/<script|<img|<iframe|<div/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;div onclick="x()"&gt;block&lt;/div&gt;')
  })

  it('keeps http, https and mailto links and drops javascript:, data: and vbscript: addresses', () => {
    const html = plain('[guide](https://www.gov.uk/guide) [mail](mailto:lr@example.org) [bad](javascript:alert(1)) [bad2](JaVaScRiPt&#58;alert(1)) [bad3](data:text/html;base64,PHNjcmlwdD4=) [bad4](vbscript:msgbox) <javascript:alert(3)>')
    expect(html).toContain('<a href="https://www.gov.uk/guide" class="govuk-link" rel="noreferrer noopener">guide</a>')
    expect(html).toContain('<a href="mailto:lr@example.org" class="govuk-link" rel="noreferrer noopener">mail</a>')
    expect(html).not.toMatch(/href="[^"]*(javascript|data:|vbscript)/i)
    expect(html.match(/<a /g)).toHaveLength(2)
  })

  it('keeps the words of an image and never fetches it', () => {
    const html = plain('![a body map](https://evil.example/track.png)')
    expect(html).not.toContain('<img')
    expect(html).toContain('a body map')
  })

  it('highlights quotes inside the rendered text, split at paragraph and item boundaries so the HTML stays well formed', () => {
    const html = renderNotes([
      { text: '- first item ends ', quoteTitle: null },
      { text: 'here\n- **second** item', quoteTitle: 'Quote 1' },
      { text: ' after', quoteTitle: null },
    ])
    expect(html).toBe('<ul>\n<li>first item ends <mark class="app-quote-mark" title="Quote 1">here</mark></li>\n<li><strong><mark class="app-quote-mark" title="Quote 1">second</mark></strong><mark class="app-quote-mark" title="Quote 1"> item</mark> after</li>\n</ul>\n')
  })

  it('keeps each quote’s title even when a boundary falls inside a link address', () => {
    const html = renderNotes([
      { text: '[link](https://a.example/', quoteTitle: null },
      { text: 'x) then', quoteTitle: 'Quote 1' },
      { text: ' gap ', quoteTitle: null },
      { text: 'later words', quoteTitle: 'Quote 2' },
    ])
    expect(html).toContain('<mark class="app-quote-mark" title="Quote 2">later words</mark>')
    expect(html).not.toMatch(/[\ue001\u{f0000}-\u{ffffd}]/u)
  })

  it('escapes a quote title and removes stray boundary characters typed into the notes', () => {
    const html = renderNotes([{ text: 'a\ue001b\u{f0000}c', quoteTitle: '"><script>' }])
    expect(html).toBe('<p><mark class="app-quote-mark" title="&quot;&gt;&lt;script&gt;">abc</mark></p>\n')
  })
})
