// The text of an uploaded note or document: .md and .txt in UTF-8 (with or without a byte order mark),
// UTF-16 with a byte order mark or Windows-1252, and .docx via its document text.
import fs from 'node:fs/promises'
import path from 'node:path'
import iconv from 'iconv-lite'
import { BadInput } from '../errors.js'
import type { UploadedFile } from '../plugins/uploads.js'
import { DocxUnreadable, docxText } from './docx-text.js'

export const TEXT_EXTENSIONS = ['.md', '.txt', '.docx'] as const

/** Notes and documents are short; a text this long is a mistake (or not a note). */
const MAX_TEXT_BYTES = 5 * 1024 * 1024

export function decodeText(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2))
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2))
  if (bytes.includes(0)) return null // NUL bytes: a binary file, not text
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Not UTF-8: Windows-1252 is what Word and older systems in England save as "plain text". (Node's own
    // TextDecoder reads that label as Latin-1, which turns curly quotes into control characters.)
    return iconv.decode(bytes, 'win1252')
  }
}

/** Reads an uploaded .md, .txt or .docx as text; `field` names the form field in the error messages. */
export async function readUploadedText(file: UploadedFile, field: string): Promise<string> {
  const extension = path.extname(file.filename).toLowerCase()
  const problem = (message: string) => new BadInput('There is a problem with the file', [{ path: field, message }])
  if (!(TEXT_EXTENSIONS as readonly string[]).includes(extension)) {
    throw problem(`${file.filename} is not a file we can read: upload a .md, .txt or .docx file`)
  }
  if (file.size === 0) throw problem(`${file.filename} is empty`)
  if (file.size > MAX_TEXT_BYTES && extension !== '.docx') throw problem(`${file.filename} is larger than 5 MB: notes and documents should be shorter than that`)
  const bytes = await fs.readFile(file.path)
  let text: string | null
  if (extension === '.docx') {
    try {
      text = docxText(bytes)
    } catch (error) {
      if (error instanceof DocxUnreadable || error instanceof RangeError) throw problem(`${file.filename} is not a Word document we can read. Save it again as .docx, or as .txt`)
      throw error
    }
  } else {
    text = decodeText(bytes)
    if (text === null) throw problem(`${file.filename} is not a text file. Upload the notes as .md, .txt or .docx`)
  }
  const normalised = text.replace(/\r\n?/g, '\n')
  if (normalised.trim() === '') throw problem(`${file.filename} has no text in it`)
  if (normalised.length > MAX_TEXT_BYTES) throw problem(`${file.filename} holds more than 5 MB of text: notes and documents should be shorter than that`)
  return normalised
}
