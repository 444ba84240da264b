// The text a reader of an exported report could find in it, read back from the file itself: every page of the
// PDF plus its document properties, bookmarks, alt text and annotations (read with pdfjs-dist, the PDF.js
// library); every part of the DOCX (body, headers, footers, properties, the map picture and its alt text; the zip
// read with fflate); all of the HTML's text and attribute values. The publication leak scan reads this, not the
// data the file was made from.
import { unzipSync } from 'fflate'
import type { ReportFormat } from '../../templates/report-model.js'

/** A piece of the file's text and where a reader would find it. */
export interface OutputPart {
  location: string
  text: string
}

export class OutputUnreadable extends Error {}

// ---------- PDF ----------

interface PositionedText {
  str: string
  transform: number[]
  width: number
  height: number
  hasEOL: boolean
}

/**
 * A page's text in reading order. Pieces on one line are joined without a space when they touch (a word drawn in
 * two runs stays one word, so "Har" + "low" is still found) and with one when there is a gap; a new line starts a
 * new line.
 */
function pageText(items: readonly PositionedText[]): string {
  let out = ''
  let previous: PositionedText | null = null
  for (const item of items) {
    if (previous) {
      const [, , , , x = 0, y = 0] = item.transform
      const [, , , , px = 0, py = 0] = previous.transform
      const size = Math.max(1, Math.abs(item.transform[3] ?? item.height) || item.height || 1)
      if (previous.hasEOL || Math.abs(y - py) > size * 0.5) out += '\n'
      else if (x - (px + previous.width) > size * 0.15 && !/\s$/.test(out) && !/^\s/.test(item.str)) out += ' '
    }
    out += item.str
    previous = item
  }
  return out
}

interface StructNode {
  alt?: string
  children?: Array<StructNode | { type: string }>
}

function altTexts(node: StructNode | null | undefined): string[] {
  if (!node) return []
  return [...(node.alt ? [node.alt] : []), ...(node.children ?? []).flatMap((child) => ('type' in child ? [] : altTexts(child as StructNode)))]
}

interface OutlineItem {
  title: string
  items: OutlineItem[]
}

function outlineTitles(items: readonly OutlineItem[] | null): string[] {
  return (items ?? []).flatMap((item) => [item.title, ...outlineTitles(item.items)])
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
}

/** One part per page, then the document properties (information dictionary and XMP), bookmarks, alt text and annotations. */
async function pdfParts(file: Buffer): Promise<OutputPart[]> {
  // Loaded when a PDF is read (on the report worker), never at start: the legacy build carries core-js, which
  // replaces JSON.stringify and JSON.parse with JavaScript versions for the whole process. Loaded in the server's
  // main thread, they made every JSON call (page cache keys, audit entries, request bodies) several times slower.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  let pdf
  try {
    pdf = await getDocument({ data: new Uint8Array(file), verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise
  } catch {
    throw new OutputUnreadable('The leak scan could not read the PDF')
  }
  try {
    const parts: OutputPart[] = []
    const hidden: string[] = []
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n)
      const content = await page.getTextContent()
      parts.push({ location: `page ${n}`, text: pageText(content.items.filter((i): i is typeof i & PositionedText => 'str' in i)) })
      hidden.push(...altTexts((await page.getStructTree()) as StructNode | null))
      for (const annotation of await page.getAnnotations()) hidden.push(...stringsIn([annotation.contentsObj?.str, annotation.titleObj?.str, annotation.alternativeText, annotation.url]))
      page.cleanup()
    }
    const { info, metadata } = await pdf.getMetadata()
    const properties = [...stringsIn(info), ...(metadata ? stringsIn([...(metadata as unknown as Iterable<[string, unknown]>)]) : [])]
    hidden.push(...outlineTitles((await pdf.getOutline()) as OutlineItem[] | null))
    parts.push({ location: 'document properties, bookmarks and alt text', text: [...properties, ...hidden].join('\n') })
    return parts
  } finally {
    await pdf.destroy()
  }
}

// ---------- DOCX ----------

/** Every entry of a zip file, inflated, refusing one that would inflate past `maxBytes` in all. */
export function zipEntries(zip: Buffer, maxBytes = 256 * 1024 * 1024): Map<string, Buffer> {
  let total = 0
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength), {
      // fflate inflates into a buffer of the declared size, so the sizes checked here bound the memory used.
      filter: (entry) => {
        total += entry.originalSize
        return total <= maxBytes
      },
    })
  } catch {
    throw new OutputUnreadable('The leak scan could not read the Word file: it is not a zip file, or a damaged one')
  }
  if (total > maxBytes) throw new OutputUnreadable('The leak scan could not read the Word file: it unpacks to more than it should')
  return new Map(Object.entries(entries).map(([name, data]) => [name, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]))
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16))
    if (code.startsWith('#')) return String.fromCodePoint(Number.parseInt(code.slice(1), 10))
    return XML_ENTITIES[code] ?? whole
  })
}

/** Attribute values a reader can see: alt text, titles, descriptions. */
const SEEN_ATTRIBUTES = /\s(?:descr|title|name|alt|aria-label|content|w:val)="([^"]*)"/g

function xmlText(xml: string, attributes: boolean): string {
  const out: string[] = []
  // Paragraph and line ends become line breaks, so words in different paragraphs do not run together.
  const text = xml.replace(/<\/w:p>|<w:br\/>|<w:tab\/>|<\/a:p>/g, '\n').replace(/<[^>]+>/g, ' ')
  out.push(decodeXmlText(text))
  if (attributes) for (const m of xml.matchAll(SEEN_ATTRIBUTES)) out.push(decodeXmlText(m[1] ?? ''))
  return out.join('\n').replace(/[ \t]+/g, ' ')
}

/** The body split at headings, so a leak can be placed in its section. */
function docxBodyParts(xml: string): OutputPart[] {
  const parts: OutputPart[] = []
  let current: OutputPart = { location: 'title page', text: '' }
  for (const m of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    const para = m[0]
    const style = /<w:pStyle w:val="([^"]+)"/.exec(para)?.[1] ?? ''
    const text = decodeXmlText([...para.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1] ?? '').join(''))
    if (/^Heading\d$/.test(style)) {
      parts.push(current)
      current = { location: `section “${text.trim()}”`, text: '' }
    }
    current.text += `${text}\n`
    for (const a of para.matchAll(/\s(?:descr|title|name)="([^"]*)"/g)) current.text += `${decodeXmlText(a[1] ?? '')}\n`
  }
  parts.push(current)
  return parts.filter((p) => p.text.trim() !== '')
}

function docxParts(docx: Buffer): OutputPart[] {
  const entries = zipEntries(docx)
  const parts: OutputPart[] = []
  for (const [name, data] of entries) {
    if (name === 'word/document.xml') parts.push(...docxBodyParts(data.toString('utf8')))
    else if (/^word\/(header|footer)\d*\.xml$/.test(name)) parts.push({ location: 'page header or footer', text: xmlText(data.toString('utf8'), false) })
    else if (name.startsWith('docProps/')) parts.push({ location: 'document properties', text: xmlText(data.toString('utf8'), false) })
    else if (name.startsWith('word/media/') && name.endsWith('.svg')) parts.push({ location: 'the map picture', text: xmlText(data.toString('utf8'), true) })
    else if (/^word\/(comments|footnotes|endnotes)\.xml$/.test(name)) parts.push({ location: name.slice(5, -4), text: xmlText(data.toString('utf8'), false) })
  }
  return parts
}

// ---------- HTML ----------

function htmlParts(html: string): OutputPart[] {
  const parts: OutputPart[] = []
  const head = /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? ''
  parts.push({ location: 'page title and properties', text: xmlText(head.replace(/<style>[\s\S]*?<\/style>/g, ''), true) })
  const body = /<body>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html
  // Split before each heading, so leaks are placed in their section.
  const pieces = body.split(/(?=<h[1-6][\s>])/)
  for (const piece of pieces) {
    const heading = /^<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/.exec(piece)?.[1]
    const location = heading ? `section “${decodeXmlText(heading.replace(/<[^>]+>/g, '')).trim()}”` : 'start of the page'
    const withBreaks = piece.replace(/<br>|<\/(p|li|dt|dd|td|th|tr|h[1-6]|caption|blockquote|figcaption|tspan|text|title)>/g, '\n')
    parts.push({ location, text: xmlText(withBreaks, true) })
  }
  return parts.filter((p) => p.text.trim() !== '')
}

/** The file's text in parts, each with where it is. */
export async function outputText(format: ReportFormat, file: Buffer): Promise<OutputPart[]> {
  switch (format) {
    case 'pdf':
      return pdfParts(file)
    case 'docx':
      return docxParts(file)
    case 'html':
      return htmlParts(file.toString('utf8'))
  }
}
