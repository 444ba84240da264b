// The report model as one self-contained, accessible HTML page: every piece of text escaped, styles inline (the
// file is a download, opened from disk, not a page served under the app's CSP), the map as inline vector SVG,
// and a content security policy of its own that lets nothing run.
import type { PrintedPart } from '../map-print.js'
import { reportSections, walkSections, type ReportBlock, type ReportModel, type ReportSection } from '../report-model.js'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
}

/** Escaped text with its line breaks kept. */
function lines(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>')
}

const STYLE = `
:root { color: #0b0c0c; background: #fff; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; font-size: 1rem; line-height: 1.5; margin: 0; }
.marking p { margin: 0; }
.marking { background: #0b0c0c; color: #fff; text-align: center; font-weight: bold; padding: 0.4rem; letter-spacing: 0.05em; }
main { max-width: 50rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 2.2rem; line-height: 1.2; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.6rem; margin: 2.5rem 0 0.75rem; border-top: 2px solid #0b0c0c; padding-top: 0.75rem; }
h3 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; }
h4, h5, h6 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
.edition { font-weight: bold; color: #505a5f; margin: 1.5rem 0 0; }
.partnership { font-size: 1.25rem; margin-top: 0; }
.notice { border-left: 5px solid #1d70b8; padding: 0.5rem 1rem; background: #f3f2f1; }
.muted { color: #505a5f; font-style: italic; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; margin: 0 0 1rem; border-top: 1px solid #b1b4b6; }
dl.facts dt, dl.facts dd { margin: 0; padding: 0.4rem 0.5rem 0.4rem 0; border-bottom: 1px solid #b1b4b6; }
dl.facts dt { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1.5rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.5rem 0.4rem 0; border-bottom: 1px solid #b1b4b6; }
thead th { border-bottom: 2px solid #0b0c0c; }
blockquote { margin: 0 0 1rem; padding: 0.25rem 0 0.25rem 1rem; border-left: 4px solid #b1b4b6; }
blockquote footer { color: #505a5f; font-size: 0.9rem; }
figure { margin: 1rem 0 1.5rem; }
figure .map { overflow: auto; border: 1px solid #b1b4b6; max-height: 80vh; }
figure svg { display: block; max-width: none; height: auto; }
figcaption { font-weight: bold; margin-top: 0.5rem; }
nav.contents ol { padding-left: 1.5rem; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
.skip { position: absolute; left: -9999px; }
.skip:focus { position: static; display: block; padding: 0.5rem; }
.map-print { display: none; }
@page map { size: A3 landscape; margin: 12mm; }
@media print {
  figure:has(.map) { display: none; }
  .map-print { display: block; }
  .map-page { page: map; break-before: page; break-inside: avoid; }
  .map-page svg { max-width: none; }
  .map-page-caption { font-weight: bold; }
  .marking { background: none; color: #0b0c0c; border-bottom: 2px solid #0b0c0c; }
  nav.contents, .skip { display: none; }
  h2 { page-break-before: auto; break-after: avoid; }
  figure .map { overflow: visible; max-height: none; border: 0; }
  figure svg { max-width: 100%; }
}
`

function block(b: ReportBlock): string {
  switch (b.type) {
    case 'paragraph':
      return `<p${b.tone === 'muted' ? ' class="muted"' : ''}>${lines(b.text)}</p>`
    case 'quote':
      return `<blockquote><p>${lines(b.text)}</p>${b.source ? `<footer>${escapeHtml(b.source)}</footer>` : ''}</blockquote>`
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul'
      return `<${tag}>${b.items.map((i) => `<li>${lines(i)}</li>`).join('')}</${tag}>`
    }
    case 'facts':
      return `<dl class="facts">${b.items.map((i) => `<dt>${escapeHtml(i.term)}</dt><dd>${lines(i.detail)}</dd>`).join('')}</dl>`
    case 'table':
      return [
        `<table><caption>${escapeHtml(b.caption)}</caption>`,
        `<thead><tr>${b.columns.map((c) => `<th scope="col">${escapeHtml(c.header)}</th>`).join('')}</tr></thead>`,
        `<tbody>${b.rows.map((r) => `<tr>${r.map((cell) => `<td>${lines(cell)}</td>`).join('')}</tr>`).join('')}</tbody>`,
        '</table>',
      ].join('')
    case 'figure': {
      // The SVG comes from templates/map-svg.ts, which escapes every label; it has role="img" and a title. On
      // screen: the whole map at full size, scrolling and zooming as vectors. On paper: the printed parts (the
      // same pages as the PDF), each at its print scale, so node text is at least 8 pt.
      const { print } = b.figure
      const drawn = (part: PrintedPart) => `${sizedInPoints(part.svg, part.width * part.scale, part.height * part.scale)}<p class="map-page-caption">${escapeHtml(part.caption)}</p>`
      const pages = [...(print.overview ? [[print.overview, ...(print.key ? [print.key] : [])]] : []), ...print.parts.map((part) => [part])]
      const printed = pages.map((parts) => `<div class="map-page">${parts.map(drawn).join('')}</div>`).join('')
      return `<figure><div class="map" tabindex="0" role="region" aria-label="${escapeHtml(b.figure.caption)} (scrolls)">${b.figure.svg}</div><figcaption>${escapeHtml(b.figure.caption)}. ${escapeHtml(b.figure.alt)}</figcaption></figure>` +
        `<div class="map-print" aria-hidden="true">${printed}</div>`
    }
  }
}

/** The SVG with its width and height in points, for printing at a known size. */
function sizedInPoints(svg: string, width: number, height: number): string {
  return svg.replace(/<svg\b[^>]*>/, (open) => open
    .replace(/\swidth="[^"]*"/, ` width="${Math.round(width * 10) / 10}pt"`)
    .replace(/\sheight="[^"]*"/, ` height="${Math.round(height * 10) / 10}pt"`))
}

function section(s: ReportSection, level: number): string {
  const h = Math.min(level, 6)
  return [
    `<section aria-labelledby="${escapeHtml(s.id)}">`,
    `<h${h} id="${escapeHtml(s.id)}">${escapeHtml(s.title)}</h${h}>`,
    ...s.blocks.map(block),
    ...s.subsections.map((sub) => section(sub, level + 1)),
    '</section>',
  ].join('\n')
}

export function renderHtml(model: ReportModel): Buffer {
  const page = model.titlePage
  const sections = reportSections(model)
  const contents = [...walkSections(sections)].filter((e) => e.level <= 2)
  const nav: string[] = ['<nav class="contents" aria-labelledby="contents-heading"><h2 id="contents-heading">Contents</h2><ol>']
  for (const top of sections) {
    const subs = contents.filter((e) => e.level === 2 && top.subsections.includes(e.section))
    nav.push(`<li><a href="#${escapeHtml(top.id)}">${escapeHtml(top.title)}</a>${subs.length > 0 ? `<ol>${subs.map((e) => `<li><a href="#${escapeHtml(e.section.id)}">${escapeHtml(e.section.title)}</a></li>`).join('')}</ol>` : ''}</li>`)
  }
  nav.push('</ol></nav>')

  const html = [
    '<!DOCTYPE html>',
    `<html lang="${model.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Nothing in this file may run or load: it is a document, opened from wherever it was saved.
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    `<meta name="description" content="${escapeHtml(`${page.editionLabel}. ${model.marking}.`)}">`,
    `<title>${escapeHtml(`${model.title} (${model.marking})`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#main">Skip to the report</a>',
    `<header class="marking" role="banner"><p>${escapeHtml(model.marking)}</p></header>`,
    '<main id="main">',
    `<p class="edition">${escapeHtml(page.editionLabel)}</p>`,
    `<h1>${escapeHtml(page.title)}</h1>`,
    page.partnership ? `<p class="partnership">${escapeHtml(page.partnership)}</p>` : '',
    block({ type: 'facts', items: page.facts }),
    `<p><strong>Protective marking: ${escapeHtml(page.marking)}</strong></p>`,
    `<p class="notice">${escapeHtml(page.notice)}</p>`,
    nav.join(''),
    ...sections.map((s) => section(s, 2)),
    '</main>',
    `<footer class="marking" role="contentinfo"><p>${escapeHtml(model.marking)}</p></footer>`,
    '</body>',
    '</html>',
  ].join('\n')
  return Buffer.from(html, 'utf8')
}
