// The text encoding of an uploaded delimited file: a byte order mark if there is one, else UTF-8 when
// the whole file is valid UTF-8, else Windows-1252 (what Excel on Windows writes as "CSV").
import fs from 'node:fs'
import { isUtf8 } from 'node:buffer'
import iconv from 'iconv-lite'
import { BadInput } from '../errors.js'

export interface DetectedEncoding {
  /** 'utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'windows-1252', or the encoding asked for. */
  encoding: string
  bom: boolean
}

const ALIASES: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16be: 'utf-16be',
  'utf-16be': 'utf-16be',
  cp1252: 'windows-1252',
  win1252: 'windows-1252',
  windows1252: 'windows-1252',
  'windows-1252': 'windows-1252',
}

function bomOf(head: Buffer): DetectedEncoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true }
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0x00 && head[3] === 0x00) return { encoding: 'utf-32le', bom: true }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true }
  return null
}

function notText(fileName: string): BadInput {
  return new BadInput(
    `'${fileName}' is not a spreadsheet or a delimited text file`,
    [{ path: 'file', message: 'The file holds binary data. Upload the chronology as a CSV or XLSX file' }],
    'not-a-spreadsheet',
  )
}

/** UTF-16 written without a byte order mark shows as a zero byte in every other position. */
function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(head.length, 4096) >> 1
  if (pairs < 2) return null
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++
    if (head[i + 1] === 0) oddZeros++
  }
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return 'utf-16le'
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return 'utf-16be'
  return null
}

/** Control characters no spreadsheet export writes: a few percent of them means binary data. */
function looksBinary(head: Buffer): boolean {
  let control = 0
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number
    if (b === 0) return true
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1a) control++
  }
  return control > 2 && control > head.length * 0.01
}

/** Bytes at the end of a chunk that start a UTF-8 sequence the next chunk completes. */
function incompleteTail(chunk: Buffer): number {
  for (let i = 1; i <= Math.min(3, chunk.length); i++) {
    const b = chunk[chunk.length - i] as number
    if ((b & 0xc0) === 0x80) continue
    if ((b & 0xe0) === 0xc0) return i < 2 ? i : 0
    if ((b & 0xf0) === 0xe0) return i < 3 ? i : 0
    if ((b & 0xf8) === 0xf0) return i < 4 ? i : 0
    return 0
  }
  return 0
}

/** Reads the whole file once, in chunks: true when every byte is valid UTF-8 and none is NUL. */
async function scanUtf8(filePath: string, fileName: string): Promise<boolean> {
  let carry: Buffer | null = null
  let valid = true
  for await (const raw of fs.createReadStream(filePath, { highWaterMark: 1024 * 1024 })) {
    const chunk = raw as Buffer
    if (chunk.includes(0)) throw notText(fileName)
    if (!valid) continue
    const joined: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk
    const tail = incompleteTail(joined)
    if (!isUtf8(joined.subarray(0, joined.length - tail))) valid = false
    carry = tail > 0 ? Buffer.from(joined.subarray(joined.length - tail)) : null
  }
  return valid && carry === null
}

/**
 * The encoding to read a delimited file with. An encoding asked for wins (when iconv-lite knows it);
 * otherwise a byte order mark, then UTF-8 if the whole file is valid UTF-8, else Windows-1252.
 * Throws BadInput for an unknown encoding or a binary file.
 */
export async function detectEncoding(filePath: string, fileName: string, head: Buffer, requested?: string): Promise<DetectedEncoding> {
  const bom = bomOf(head)
  if (requested !== undefined && requested.trim() !== '') {
    const name = requested.trim().toLowerCase()
    if (!iconv.encodingExists(name)) {
      throw new BadInput(
        `The encoding '${requested}' is not one we can read`,
        [{ path: 'encoding', message: `We cannot read text in '${requested}'. Use UTF-8, UTF-16 or Windows-1252, or leave the encoding blank to detect it` }],
        'unsupported-encoding',
      )
    }
    const canonical = ALIASES[name] ?? name
    return { encoding: canonical, bom: bom !== null && bom.encoding === canonical }
  }
  if (bom) return bom
  if (head.includes(0)) {
    const utf16 = utf16WithoutBom(head)
    if (utf16) return { encoding: utf16, bom: false }
    throw notText(fileName)
  }
  if (looksBinary(head)) throw notText(fileName)
  return { encoding: (await scanUtf8(filePath, fileName)) ? 'utf-8' : 'windows-1252', bom: false }
}

/** The start of the file as text, for detecting the delimiter and layout. */
export function decodeHead(head: Buffer, encoding: string): string {
  return iconv.decode(head, encoding)
}
