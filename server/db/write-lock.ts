// Kysely's SQLite driver begins transactions with a plain (deferred) BEGIN, which takes the write lock only at the
// first write. When another process (the command line, a second server) committed in between, SQLite cannot upgrade
// the read snapshot and fails at once with "database is locked", whatever the busy timeout. Beginning with
// BEGIN IMMEDIATE takes the write lock up front, where the busy timeout applies: concurrent writers queue instead
// of failing. Within one process Kysely already runs one transaction at a time on its one connection, so this
// costs nothing there. A transaction marked read-only (setAccessMode('read only'), as a report's one consistent
// read is) keeps the deferred BEGIN: it needs only a snapshot and must not hold other processes' writers up.
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig, type TransactionSettings } from 'kysely'

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection, settings?: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings?.accessMode === 'read only' ? 'begin' : 'begin immediate'))
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings)
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings)
  }
}
