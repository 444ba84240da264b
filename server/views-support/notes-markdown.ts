// Conversation notes as safe HTML: Markdown rendered by markdown-it with raw HTML off, then sanitised to a short
// allowlist (no scripts, no event handlers, links only to http, https and mailto), with quotes highlighted.
import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

const markdown = new MarkdownIt('commonmark', { html: false, breaks: true })

// Headings inside the notes sit below the page's "Notes" heading (h2), so `#` becomes h3 and so on.
const HEADING_LEVEL: Record<string, string> = { h1: 'h3', h2: 'h4', h3: 'h5', h4: 'h6', h5: 'h6', h6: 'h6' }

const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'a', 'hr', 'span'],
  allowedAttributes: { a: ['href', 'class', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    ...Object.fromEntries(Object.entries(HEADING_LEVEL).map(([from, to]) => [from, to])),
    a: (_tag, attribs) => ({ tagName: 'a', attribs: { ...(attribs.href ? { href: attribs.href } : {}), class: 'govuk-link', rel: 'noreferrer noopener' } }),
    // Images are not fetched from notes: their words stay.
    img: (_tag, attribs) => ({ tagName: 'span', attribs: {}, text: attribs.alt ?? '' }),
  },
}

// Quote boundaries travel through the renderer as private-use characters: an opening one carries the quote's
// index, so a boundary markdown-it drops (inside a link address, say) cannot shift the others' titles.
const OPEN_BASE = 0xf0000
const CLOSE = '\ue001'
const STRAY_MARKERS = /[\ue001\u{f0000}-\u{ffffd}]/gu
const MARKER = /([\ue001\u{f0000}-\u{ffffd}])/u

export interface NotesStretch {
  text: string
  /** "Quote 1, 2" when quotes cover this stretch; null for plain notes. */
  quoteTitle: string | null
}

/** The notes (already split at quote boundaries, names as the viewer may see them) as sanitised HTML. */
export function renderNotes(stretches: readonly NotesStretch[]): string {
  const titles: string[] = []
  const source = stretches.map((s) => {
    const text = s.text.replace(STRAY_MARKERS, '')
    if (s.quoteTitle === null) return text
    titles.push(s.quoteTitle)
    return `${String.fromCodePoint(OPEN_BASE + titles.length - 1)}${text}${CLOSE}`
  }).join('')
  const safe = sanitizeHtml(markdown.render(source), SANITISE)
  return highlightQuotes(safe, titles)
}

/**
 * Turns the boundary characters into <mark> elements around each run of quoted text between tags, so marks
 * never straddle a paragraph or list item and the HTML stays well formed.
 */
function highlightQuotes(html: string, titles: readonly string[]): string {
  let title: string | null = null
  let out = ''
  for (const part of html.split(/(<[^>]*>)/)) {
    if (part.startsWith('<')) {
      out += part
      continue
    }
    for (const piece of part.split(MARKER)) {
      if (piece === CLOSE) title = null
      else if (piece.length > 0 && MARKER.test(piece)) title = titles[(piece.codePointAt(0) ?? OPEN_BASE) - OPEN_BASE] ?? ''
      else if (title !== null && piece.trim() !== '') out += `<mark class="app-quote-mark" title="${escapeAttribute(title)}">${piece}</mark>`
      else out += piece
    }
  }
  return out
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
