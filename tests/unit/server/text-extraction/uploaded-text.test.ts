import { describe, expect, it } from 'vitest'
import { deflateRawSync } from 'node:zlib'
import { Document, Packer, Paragraph, TextRun, Tab } from 'docx'
import { docxText, DocxUnreadable } from '../../../../server/text-extraction/docx-text.js'
import { decodeText } from '../../../../server/text-extraction/uploaded-text.js'

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte order mark, UTF-16 with one, and Windows-1252 otherwise', () => {
    expect(decodeText(Buffer.from('Zoë £5'))).toBe('Zoë £5')
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë')]))).toBe('Zoë')
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Zoë', 'utf16le')]))).toBe('Zoë')
    expect(decodeText(Buffer.from([0x91, 0x69, 0x74, 0x92, 0x73, 0x20, 0xa3, 0x35]))).toBe('‘it’s £5')
  })

  it('refuses bytes with NUL in them as not text', () => {
    expect(decodeText(Buffer.from([0x25, 0x50, 0x44, 0x00, 0x01]))).toBeNull()
  })
})

/** A one-entry zip, stored or deflated, as Word would write word/document.xml. */
function zipWith(name: string, content: string, method: 0 | 8): Buffer {
  const data = Buffer.from(content)
  const body = method === 8 ? deflateRawSync(data) : data
  const nameBytes = Buffer.from(name)
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(method, 8); local.writeUInt32LE(body.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(method, 10); central.writeUInt32LE(body.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(0, 42)
  const centralOffset = local.length + nameBytes.length + body.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(central.length + nameBytes.length, 12); end.writeUInt32LE(centralOffset, 16)
  return Buffer.concat([local, nameBytes, body, central, nameBytes, end])
}

describe('docxText', () => {
  it('reads the paragraphs, tabs and entities of a document written by the docx library', async () => {
    const doc = new Document({ sections: [{ children: [
      new Paragraph({ children: [new TextRun('First line & more')] }),
      new Paragraph({ children: [new TextRun('Before'), new TextRun({ children: [new Tab(), 'after'] })] }),
      new Paragraph({ children: [new TextRun('“Quoted” <words>')] }),
    ] }] })
    expect(docxText(await Packer.toBuffer(doc))).toBe('First line & more\nBefore\tafter\n“Quoted” <words>\n')
  })

  it('reads stored and deflated entries', () => {
    const xml = '<w:document><w:body><w:p><w:r><w:t xml:space="preserve">One &amp; two</w:t></w:r></w:p><w:p><w:r><w:t>Three</w:t><w:br/><w:t>Four</w:t></w:r></w:p></w:body></w:document>'
    for (const method of [0, 8] as const) expect(docxText(zipWith('word/document.xml', xml, method))).toBe('One & two\nThree\nFour\n')
  })

  it('refuses a zip without a Word document in it, and bytes that are not a zip', () => {
    expect(() => docxText(zipWith('xl/workbook.xml', '<x/>', 0))).toThrow(DocxUnreadable)
    expect(() => docxText(Buffer.from('plain text, not a zip at all'))).toThrow(DocxUnreadable)
  })
})
