// What kind of file an upload is, from its first bytes (the name the user gave it is not trusted).
import fs from 'node:fs/promises'
import { BadInput } from '../errors.js'

export type FileKind = 'zip' | 'text-or-binary'

export const HEAD_BYTES = 64 * 1024

/** The first bytes of a file (up to 64 KiB), for sniffing and for detecting the delimiter. */
export async function readHead(filePath: string, bytes = HEAD_BYTES): Promise<Buffer> {
  const handle = await fs.open(filePath, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b)
}

/** 'zip' for anything that may be an XLSX workbook; refuses other known binary formats by name. */
export function sniffFileKind(head: Buffer, fileName: string): FileKind {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip'
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new BadInput(
      `'${fileName}' is an older Excel (.xls) or Office file, which cannot be read here`,
      [{ path: 'file', message: 'Save the spreadsheet as Excel Workbook (.xlsx) or CSV and upload that instead' }],
      'not-a-spreadsheet',
    )
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) {
    throw new BadInput(
      `'${fileName}' is a PDF, not a spreadsheet`,
      [{ path: 'file', message: 'Upload the chronology as a CSV or XLSX file' }],
      'not-a-spreadsheet',
    )
  }
  return 'text-or-binary'
}
