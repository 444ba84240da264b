// Which database engine a Kysely handle talks to. Most code never asks: Kysely writes the same queries for both.
// Migrations ask where SQLite and PostgreSQL need different DDL (full-text search, triggers); the data layer asks
// for the few queries with no common SQL (the search match, unpacking a JSON batch, the audit chain's lock); only
// server/data/ and server/db/ may branch on it.
import { PostgresAdapter, type Kysely } from 'kysely'

export type Engine = 'sqlite' | 'postgres'

// getExecutor() is marked internal in Kysely's types but is the only handle that reaches the dialect's adapter,
// and it is carried by transactions and plugins alike, so the answer is right inside a migration or a trx too.
export function engineOf(db: Kysely<any>): Engine { // eslint-disable-line @typescript-eslint/no-explicit-any
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

export function isPostgres(db: Kysely<any>): boolean { // eslint-disable-line @typescript-eslint/no-explicit-any
  return engineOf(db) === 'postgres'
}
