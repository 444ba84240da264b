// The pg pool behind a PostgreSQL Kysely handle, carried by the handle itself (as sqlite-handle.ts carries SQLite's),
// so the data layer can run the hottest path (the read audit of every page view) in fewer round trips than Kysely's
// one statement at a time allows. Only server/data/ and server/db/ may use it.
import type pg from 'pg'
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

export class PostgresPoolPlugin implements KyselyPlugin {
  /** The handle the pool belongs to: only it, not a transaction or a single connection taken from it, gets the pool. */
  root: Kysely<any> | null = null // eslint-disable-line @typescript-eslint/no-explicit-any

  constructor(readonly pool: pg.Pool) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return node
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  }
}

/**
 * The pool behind `db` when `db` is the pool's own handle (not a transaction, nor one connection held from it,
 * whose work a new connection would not join and might wait on forever); null otherwise and on SQLite.
 */
export function postgresPoolOf(db: Kysely<any>): pg.Pool | null { // eslint-disable-line @typescript-eslint/no-explicit-any
  const plugin = db.getExecutor().plugins.find((p): p is PostgresPoolPlugin => p instanceof PostgresPoolPlugin)
  return plugin && plugin.root === db ? plugin.pool : null
}
