// The raw better-sqlite3 handle, carried by the Kysely handle itself (like the audit key, audit-mac.ts), so the data
// layer can run the few statements on the hottest path (the read audit of every page view) as one synchronous
// prepared transaction instead of five awaited Kysely queries. Only server/data/ and server/db/ may use it.
import type SqliteDatabase from 'better-sqlite3'
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

export class SqliteHandlePlugin implements KyselyPlugin {
  constructor(readonly sqlite: SqliteDatabase.Database) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    return node
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result
  }
}

/**
 * The raw SQLite handle behind `db`, or null (PostgreSQL, or a handle opened elsewhere). Only for work that runs to
 * completion synchronously and outside any transaction Kysely has open on the one connection: check
 * `inTransaction` first, or the statements would join (and share the fate of) whatever transaction is open.
 */
export function sqliteHandleOf(db: Kysely<any>): SqliteDatabase.Database | null { // eslint-disable-line @typescript-eslint/no-explicit-any
  const plugin = db.getExecutor().plugins.find((p): p is SqliteHandlePlugin => p instanceof SqliteHandlePlugin)
  return plugin?.sqlite ?? null
}
