// The text of a Word (.docx) file: its paragraphs, read from word/document.xml inside the zip, with no
// formatting. The zip is read with fflate (a maintained zip library); only that one entry is inflated.
import { unzipSync } from 'fflate'

export class DocxUnreadable extends Error {}

/** A Word document's text is far smaller than this; anything bigger is a zip bomb, not a note. */
const MAX_XML_BYTES = 64 * 1024 * 1024
const DOCUMENT = 'word/document.xml'

function readDocumentXml(zip: Buffer): Buffer {
  let tooBig = false
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength), {
      // fflate inflates into a buffer of the declared size, so checking it here bounds the memory used.
      filter: (file) => {
        if (file.name !== DOCUMENT) return false
        if (file.originalSize > MAX_XML_BYTES) tooBig = true
        return !tooBig
      },
    })
  } catch {
    throw new DocxUnreadable('not a zip file, or a damaged one')
  }
  if (tooBig) throw new DocxUnreadable('the document is too large')
  const xml = entries[DOCUMENT]
  if (!xml) throw new DocxUnreadable(`no ${DOCUMENT}`)
  return Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength)
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, code: string) => {
    if (code.startsWith('#x')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16))
    if (code.startsWith('#')) return String.fromCodePoint(Number.parseInt(code.slice(1), 10))
    return ENTITIES[code] ?? whole
  })
}

// Runs of text, tabs, line breaks and paragraph ends, in document order.
const PIECES = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:(?:br|cr)(?:\s[^>]*)?\/>|<\/w:p>/g

/** Paragraphs become lines; throws DocxUnreadable when the file is not a Word document. */
export function docxText(file: Buffer): string {
  if (file.length < 22 || file.readUInt32LE(0) !== 0x04034b50) throw new DocxUnreadable('not a zip file')
  const xml = readDocumentXml(file).toString('utf8')
  let out = ''
  for (const m of xml.matchAll(PIECES)) {
    const piece = m[0]
    if (m[1] !== undefined) out += decodeEntities(m[1])
    else if (piece === '<w:tab/>') out += '\t'
    else if (piece === '</w:p>') out += '\n'
    else out += '\n'
  }
  return out.replace(/\n+$/, '\n')
}
