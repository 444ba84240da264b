// API tokens expire. Tokens made before this had no end: they get the default 90 days from the upgrade,
// so integrations keep working until someone makes them a new token.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute()
  await sql`update api_tokens set expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days') where expires_at is null`.execute(db)
}
