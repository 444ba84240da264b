// Request rate limits kept in the database (issue 14), so several app processes on one database count one client's
// requests together instead of each allowing the limit. Keys are hashes (never a client's address).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('window_started_ms', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rate_limits_window').on('rate_limits').column('window_started_ms').execute()
}
