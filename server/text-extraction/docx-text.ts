// The text of a Word (.docx) file: its paragraphs, read from word/document.xml inside the zip, with no
// formatting. A small zip reader (central directory, stored or deflated entries) is enough for this one file.
import { inflateRawSync } from 'node:zlib'

export class DocxUnreadable extends Error {}

const EOCD = 0x06054b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
/** A Word document's text is far smaller than this; anything bigger is a zip bomb, not a note. */
const MAX_XML_BYTES = 64 * 1024 * 1024

function findEntry(zip: Buffer, name: string): { method: number; compressedSize: number; localOffset: number } {
  let eocd = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new DocxUnreadable('not a zip file')
  const entries = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new DocxUnreadable('damaged zip directory')
    const method = zip.readUInt16LE(at + 10)
    const compressedSize = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const localOffset = zip.readUInt32LE(at + 42)
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength)
    if (entryName === name) return { method, compressedSize, localOffset }
    at += 46 + nameLength + extraLength + commentLength
  }
  throw new DocxUnreadable(`no ${name}`)
}

function readEntry(zip: Buffer, name: string): Buffer {
  const { method, compressedSize, localOffset } = findEntry(zip, name)
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL) throw new DocxUnreadable('damaged zip entry')
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28)
  const data = zip.subarray(start, start + compressedSize)
  if (method === 0) return data
  if (method === 8) {
    try {
      return inflateRawSync(data, { maxOutputLength: MAX_XML_BYTES })
    } catch {
      throw new DocxUnreadable('could not decompress the document')
    }
  }
  throw new DocxUnreadable(`unsupported compression method ${method}`)
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
  if (file.length < 22 || file.readUInt32LE(0) !== LOCAL) throw new DocxUnreadable('not a zip file')
  const xml = readEntry(file, 'word/document.xml').toString('utf8')
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
