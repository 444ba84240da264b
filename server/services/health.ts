// Readiness: the database answers.
import { sql } from 'kysely'
import type { ServiceContext } from './context.js'

/** The part of better-sqlite3's handle the health check uses. */
export interface RawDatabase {
  prepare(source: string): { get(): unknown }
}

/**
 * Asks the database for `select 1`. With the raw handle the check reads straight from SQLite: through Kysely it
 * would queue behind a long transaction (a large import's commit, which lets the event loop turn between slices)
 * and report a healthy server as stuck.
 */
export function databaseCheck(ctx: Pick<ServiceContext, 'db'>, raw?: RawDatabase): () => Promise<void> {
  const statement = raw?.prepare('select 1')
  if (statement) {
    return async () => {
      statement.get()
    }
  }
  return async () => {
    await sql`select 1`.execute(ctx.db)
  }
}
