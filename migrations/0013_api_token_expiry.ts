// API tokens expire. Tokens made before this had no end: they get the default 90 days from the upgrade,
// so integrations keep working until someone makes them a new token.
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute()
  if (isPostgres(db)) {
    await sql`update api_tokens set expires_at = to_char((now() at time zone 'UTC') + interval '90 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') where expires_at is null`.execute(db)
  } else {
    await sql`update api_tokens set expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+90 days') where expires_at is null`.execute(db)
  }
}
