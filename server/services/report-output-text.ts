// The text a reader of an exported report could find in it, read back from the file itself: every page of the
// PDF (via pdftotext from poppler-utils) plus its document properties, bookmarks and alt text; every part of the
// DOCX (body, headers, footers, properties, the map picture and its alt text); all of the HTML's text and
// attribute values. The publication leak scan reads this, not the data the file was made from.
import { execFile } from 'node:child_process'
import { inflateRawSync } from 'node:zlib'
import type { ReportFormat } from '../../templates/report-model.js'

/** A piece of the file's text and where a reader would find it. */
export interface OutputPart {
  location: string
  text: string
}

export class OutputUnreadable extends Error {}

// ---------- PDF ----------

/** pdftotext's page text, one part per page (pages end with a form feed). */
function pdfPages(pdf: Buffer): Promise<OutputPart[]> {
  return new Promise((resolve, reject) => {
    const child = execFile('pdftotext', ['-enc', 'UTF-8', '-', '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
        reject(new OutputUnreadable(missing
          ? 'The leak scan cannot read the PDF: pdftotext (Debian package poppler-utils) is not installed on the server'
          : 'The leak scan could not read the PDF'))
        return
      }
      const pages = stdout.split('\f')
      if (pages.length > 0 && (pages[pages.length - 1] ?? '').trim() === '') pages.pop()
      resolve(pages.map((text, i) => ({ location: `page ${i + 1}`, text })))
    })
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(pdf)
  })
}

/** Reads a PDF literal string starting just after its "(": escapes, octal codes, nested brackets. */
function literalString(pdf: Buffer, start: number): { bytes: number[]; end: number } {
  const bytes: number[] = []
  let depth = 1
  let i = start
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 }
  while (i < pdf.length && depth > 0) {
    const c = pdf[i] as number
    if (c === 92) {
      const next = String.fromCharCode(pdf[i + 1] ?? 0)
      if (next in escapes) {
        bytes.push(escapes[next] as number)
        i += 2
      } else if (/[0-7]/.test(next)) {
        let digits = ''
        let j = i + 1
        while (j < pdf.length && digits.length < 3 && /[0-7]/.test(String.fromCharCode(pdf[j] as number))) digits += String.fromCharCode(pdf[j++] as number)
        bytes.push(Number.parseInt(digits, 8) & 0xff)
        i = j
      } else i += 2
      continue
    }
    if (c === 40) depth++
    if (c === 41) depth--
    if (depth > 0) bytes.push(c)
    i++
  }
  return { bytes, end: i }
}

function decodePdfString(bytes: number[]): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let out = ''
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number))
    return out
  }
  return String.fromCharCode(...bytes)
}

const PDF_TEXT_KEYS = /\/(Title|Subject|Keywords|Author|Alt|ActualText|E|T|Lang)\s*\(/g

/** Document properties, bookmarks, alt and replacement text: readers see these without them being on a page. */
export function pdfDictionaryStrings(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1')
  const found: string[] = []
  for (const m of raw.matchAll(PDF_TEXT_KEYS)) {
    const { bytes } = literalString(pdf, m.index + m[0].length)
    found.push(decodePdfString(bytes))
  }
  return found
}

// ---------- DOCX ----------

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50

/** Every entry of a zip file, inflated (the DOCX writer uses stored or deflated entries only). */
export function zipEntries(zip: Buffer, maxBytes = 256 * 1024 * 1024): Map<string, Buffer> {
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new OutputUnreadable('The leak scan could not read the Word file: it is not a zip file')
  const entries = new Map<string, Buffer>()
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new OutputUnreadable('The leak scan could not read the Word file: its zip directory is damaged')
    const method = zip.readUInt16LE(at + 10)
    const size = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    at += 46 + nameLength + extraLength + commentLength
    if (zip.readUInt32LE(local) !== LOCAL) throw new OutputUnreadable('The leak scan could not read the Word file: an entry is damaged')
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const data = zip.subarray(dataStart, dataStart + size)
    if (method === 0) entries.set(name, data)
    else if (method === 8) entries.set(name, inflateRawSync(data, { maxOutputLength: maxBytes }))
    else throw new OutputUnreadable(`The leak scan could not read the Word file: unknown compression ${method}`)
  }
  return entries
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
    case 'pdf': {
      const pages = await pdfPages(file)
      return [...pages, { location: 'document properties, bookmarks and alt text', text: pdfDictionaryStrings(file).join('\n') }]
    }
    case 'docx':
      return docxParts(file)
    case 'html':
      return htmlParts(file.toString('utf8'))
  }
}
