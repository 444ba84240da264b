// Rows of a delimited text file, streamed: the file is decoded and parsed a chunk at a time, so a
// large file never sits in memory whole. Every record comes back, blank lines included (as [""]),
// so that row n of the stream is row n of the file.
import fs from 'node:fs'
import { pipeline } from 'node:stream'
import type { Readable } from 'node:stream'
import iconv from 'iconv-lite'
import { CsvError, Parser } from 'csv-parse'
import { BadInput } from '../errors.js'

/** A cell longer than this is a broken quote swallowing the rest of the file, not a real note. */
const MAX_RECORD_CHARS = 4 * 1024 * 1024

export interface DelimitedRows {
  rows: AsyncIterable<string[]>
  close(): void
}

export function openDelimitedRows(filePath: string, options: { encoding: string; delimiter: string }): DelimitedRows {
  const file = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 })
  const utf8 = options.encoding === 'utf-8'
  const parser = new BlankLinesKept({
    delimiter: options.delimiter,
    // UTF-8 goes to the parser as bytes (it strips the BOM); other encodings are decoded first.
    bom: utf8,
    relax_column_count: true,
    relax_quotes: true,
    // Blank lines are skipped by the parser and put back from its count (see BlankLinesKept): passed
    // through, each costs the parser an error object for its different length, which made a file of
    // blank lines take minutes.
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
  })
  const stages: NodeJS.ReadWriteStream[] = utf8 ? [] : [iconv.decodeStream(options.encoding)]
  pipeline([file, ...stages, parser] as unknown as [Readable, NodeJS.WritableStream], () => undefined)
  return {
    rows: parser as AsyncIterable<string[]>,
    close() {
      parser.destroy()
      file.destroy()
    },
  }
}

const BLANK_ROW = ['']

/**
 * The parser, with the blank lines it skipped put back as [""] before the next record, so row n is still row n of the
 * file. The parser counts the lines it skips (info.empty_lines) as it goes; a record is pushed the moment it is
 * complete, so the count then is the number of blank lines before it. (Asking the parser for `info` with every record
 * instead cost a fifth of the parsing: an object of ten fields a row; BENCHMARKS.md, issue 17.) Blank lines after
 * the last record are left out: they change nothing.
 */
class BlankLinesKept extends Parser {
  private blanksPushed = 0

  override push(record: unknown, encoding?: BufferEncoding): boolean {
    if (record !== null) {
      for (; this.blanksPushed < this.info.empty_lines; this.blanksPushed++) super.push(BLANK_ROW)
    }
    return super.push(record, encoding)
  }
}

/** A parser error as a message the reviewer can act on. */
export function delimitedReadError(error: unknown, fileName: string): BadInput | null {
  if (!(error instanceof CsvError)) return null
  const line = (error as CsvError & { lines?: number }).lines
  const where = line ? ` near line ${line}` : ''
  const detail =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? `A quotation mark opened${where} is never closed, so the rest of the file reads as one cell. Check that quotes in the file are paired`
      : error.code === 'CSV_MAX_RECORD_SIZE'
        ? `A row${where} is far longer than any real entry. Check for an unpaired quotation mark or the wrong separator`
        : `The file could not be read as delimited text${where}: ${error.message}`
  return new BadInput(`'${fileName}' could not be read`, [{ path: 'file', message: detail }], 'unreadable-file')
}
