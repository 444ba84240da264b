// Which database engine an executor talks to. The one place queries may branch on it: only where SQLite
// and PostgreSQL have no common SQL for the same result (full-text search, unpacking a JSON batch).
import { PostgresAdapter } from 'kysely'
import type { Executor } from './schema.js'

export type Engine = 'sqlite' | 'postgres'

export function engineOf(db: Executor): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}
