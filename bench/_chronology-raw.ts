// The benchmark's yardstick: the same CSV parsed with csv-parse and written with one prepared better-sqlite3
// statement, in one transaction, into the same chronology_events table (same indexes, same full-text index)
// of a freshly migrated database. No detection, no date checks, no preview: the least work that stores the rows.
import fs from 'node:fs'
import SqliteDatabase from 'better-sqlite3'
import { parse } from 'csv-parse'
import { sqliteHandle, type OpenDatabase } from '../server/db/database.js'

export async function rawImport(database: OpenDatabase, reviewId: string, importId: string, csvFile: string): Promise<number> {
  const sqlite = sqliteHandle(database, 'The raw SQLite import yardstick')
  const insert = sqlite.prepare(`insert into chronology_events (id, review_id, import_id, agency, agency_key, occurred_at, date_start, date_end, time, precision,
    sort_key, author, category, summary, outcome, source_file, source_row, flags, created_at)
    values (?, ?, ?, 'Raw', 'raw', ?, ?, ?, ?, 'day', ?, ?, ?, ?, ?, 'raw.csv', ?, '[]', '2026-03-02T10:00:00.000Z')`)
  let row = 0
  sqlite.exec('begin')
  try {
    for await (const cells of fs.createReadStream(csvFile).pipe(parse({ from_line: 2, relax_column_count: true })) as AsyncIterable<string[]>) {
      row++
      const [date = '', time = '', author = '', category = '', summary = '', outcome = ''] = cells
      insert.run(`${importId}-${row}`, reviewId, importId, date, date, date, time || null, date, author, category, summary, outcome, row)
    }
    sqlite.exec('commit')
  } catch (error) {
    sqlite.exec('rollback')
    throw error
  }
  return row
}

/** An import row for the raw rows to belong to (events refer to their import). */
export async function rawImportRow(database: OpenDatabase, reviewId: string, importId: string): Promise<void> {
  sqliteHandle(database, 'The raw SQLite import yardstick').prepare(`insert into chronology_imports (id, review_id, agency, agency_key, file_name, file_size, status, uploaded_at)
    values (?, ?, 'Raw', 'raw', 'raw.csv', 0, 'committed', '2026-03-02T10:00:00.000Z')`).run(importId, reviewId)
}

/**
 * The yardstick of issue 17: the same parse, and prepared inserts of the same rows into a plain table of the same
 * columns (no index but its rowid) plus an FTS5 index of the same columns and tokeniser as the product's, all in one
 * transaction. The least work that stores the rows and makes them searchable.
 */
export async function rawImportPlainFts(file: string, csvFile: string): Promise<number> {
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.exec(`create table events (seq integer primary key, id text, review_id text, import_id text, agency text, agency_key text, occurred_at text,
    date_start text, date_end text, time text, precision text, sort_key text, author text, category text, summary text, outcome text,
    source_file text, source_row integer, flags text, created_at text)`)
  sqlite.exec(`create virtual table events_fts using fts5(summary, category, author, outcome, annotation, content='events', content_rowid='seq',
    tokenize='porter unicode61 remove_diacritics 2')`)
  const insert = sqlite.prepare(`insert into events (id, review_id, import_id, agency, agency_key, occurred_at, date_start, date_end, time, precision,
    sort_key, author, category, summary, outcome, source_file, source_row, flags, created_at)
    values (?, 'r', 'i', 'Raw', 'raw', ?, ?, ?, ?, 'day', ?, ?, ?, ?, ?, 'raw.csv', ?, '[]', '2026-03-02T10:00:00.000Z')`)
  const index = sqlite.prepare('insert into events_fts (rowid, summary, category, author, outcome) values (?, ?, ?, ?, ?)')
  let row = 0
  sqlite.exec('begin')
  for await (const cells of fs.createReadStream(csvFile).pipe(parse({ from_line: 2, relax_column_count: true })) as AsyncIterable<string[]>) {
    row++
    const [date = '', time = '', author = '', category = '', summary = '', outcome = ''] = cells
    const { lastInsertRowid } = insert.run(`i-${row}`, date, date, date, time || null, date, author, category, summary, outcome, row)
    index.run(lastInsertRowid, summary, category, author, outcome)
  }
  sqlite.exec('commit')
  sqlite.close()
  return row
}
