// The column headings of an uploaded chronology, read on their own. Used when the import engine could
// not work out the mapping, so the reviewer can choose columns from a list instead of typing headings.
import type { Cell } from '../../methodology/chronology/cell.js'
import { decodeHead, detectEncoding } from '../import/detect-encoding.js'
import { detectDelimiter, normaliseDelimiter } from '../import/detect-delimiter.js'
import { findHeaderRow, headingsOf } from '../import/detect-layout.js'
import type { ImportOptions } from '../import/import-types.js'
import { openDelimitedRows } from '../import/read-delimited.js'
import { openXlsxRows } from '../import/read-xlsx.js'
import { HEAD_BYTES, readHead, sniffFileKind } from '../import/sniff-file.js'

const ROWS_SEARCHED = 300

/** The headings, or null when the file cannot be read that far (the import's own error says why). */
export async function readHeadings(filePath: string, fileName: string, options: ImportOptions): Promise<string[] | null> {
  try {
    const head = await readHead(filePath)
    let source: { rows: AsyncIterable<Cell[]>; close(): void }
    if (sniffFileKind(head, fileName) === 'zip') {
      source = await openXlsxRows(filePath, fileName, { sheet: options.sheet })
    } else {
      const { encoding } = await detectEncoding(filePath, fileName, head, options.encoding)
      const delimiter = (options.delimiter ? normaliseDelimiter(options.delimiter) : null) ?? detectDelimiter(decodeHead(head, encoding), head.length === HEAD_BYTES)
      source = openDelimitedRows(filePath, { encoding, delimiter })
    }
    try {
      const rows: Cell[][] = []
      for await (const row of source.rows) {
        rows.push(row)
        if (rows.length >= ROWS_SEARCHED) break
      }
      const index = options.headerRow !== undefined ? options.headerRow - 1 : findHeaderRow(rows)
      const headerCells = rows[index]
      return headerCells ? headingsOf(headerCells) : null
    } finally {
      source.close()
    }
  } catch {
    return null
  }
}
