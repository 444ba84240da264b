// Kysely's SQLite driver prepares every query afresh; preparing costs more than running most of our queries.
// This hands it a view of the better-sqlite3 handle that keeps the prepared statements it has seen (by SQL
// text, the most recent few hundred), so the session, membership and page queries of each request reuse them.
// Safe because Kysely runs a statement to completion (all/run) before the next query: none stays open (we
// use no streaming queries, which would hold a statement across awaits).
import type SqliteDatabase from 'better-sqlite3'

const KEEP = 500

export function cachingStatements(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const statements = new Map<string, SqliteDatabase.Statement>()
  const prepare = (source: string): SqliteDatabase.Statement => {
    let statement = statements.get(source)
    if (statement) {
      // Most recently used last, so the oldest is the first to go.
      statements.delete(source)
    } else {
      statement = sqlite.prepare(source)
      if (statements.size >= KEEP) statements.delete(statements.keys().next().value as string)
    }
    statements.set(source, statement)
    return statement
  }
  return new Proxy(sqlite, {
    get(target, property) {
      if (property === 'prepare') return prepare
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  })
}
