// Hostile upload files made in the test: XLSX workbooks written part by part (so a part may say
// anything), zip archives that declare sizes they do not hold, and floods of rows or text.
import zlib from 'node:zlib'

export interface ZipPart {
  name: string
  data: Buffer
  /** The unpacked size the archive claims for this part (a zip bomb claims gigabytes). */
  declaredSize?: number
}

/** A zip archive with each part deflated. */
export function deflatedZip(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const packed = zlib.deflateRawSync(part.data)
    const name = Buffer.from(part.name)
    const crc = zlib.crc32(part.data)
    const size = part.declaredSize ?? part.data.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    chunks.push(local, name, packed)
    centrals.push(central, name)
    offset += local.length + name.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...chunks, directory, end])
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** One worksheet row: cells of inline text, at the row number given. */
export function sheetRow(number: number, cells: string[]): string {
  const columns = cells.map((text, i) => `<c r="${String.fromCharCode(65 + i)}${number}" t="inlineStr"><is><t>${escape(text)}</t></is></c>`)
  return `<row r="${number}">${columns.join('')}</row>`
}

/**
 * A workbook of one sheet holding the given row XML. The shared string table, if given, comes before
 * the sheet as Excel writes it; sizes to declare may be given by part name.
 */
export function workbook(rowsXml: string | Buffer, options: { sharedStrings?: Buffer; declare?: Record<string, number> } = {}): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  const sheet = Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}"><sheetData>`),
    typeof rowsXml === 'string' ? Buffer.from(rowsXml) : rowsXml,
    Buffer.from('</sheetData></worksheet>'),
  ])
  const parts: ZipPart[] = [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>') },
    { name: '_rels/.rels', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`) },
    { name: 'xl/workbook.xml', data: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}" xmlns:r="${rel}"><sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
  ]
  if (options.sharedStrings) parts.push({ name: 'xl/sharedStrings.xml', data: options.sharedStrings })
  parts.push({ name: 'xl/worksheets/sheet1.xml', data: sheet })
  for (const part of parts) {
    const declared = options.declare?.[part.name]
    if (declared !== undefined) part.declaredSize = declared
  }
  return deflatedZip(parts)
}

/** A shared string table of `count` distinct short strings, built without a string per entry. */
export function sharedStringFlood(count: number): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
  const chunks: Buffer[] = [Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="${count}" uniqueCount="${count}">`)]
  let block = ''
  for (let i = 0; i < count; i++) {
    block += `<si><t>${i.toString(36)}</t></si>`
    if (block.length > 1 << 20) {
      chunks.push(Buffer.from(block))
      block = ''
    }
  }
  chunks.push(Buffer.from(`${block}</sst>`))
  return Buffer.concat(chunks)
}
