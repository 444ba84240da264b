import { sql } from 'kysely'
import { isPostgres } from '../db/engine.js'
import type { Executor } from './schema.js'

// Any fixed 32-bit number: the class of the advisory locks that make attempts on one email address one at a time.
const LOGIN_ATTEMPTS_LOCK = 41_877_203

/**
 * Makes this transaction the only one counting and recording attempts for this email address until it ends.
 * SQLite has one writer at a time; on PostgreSQL parallel guesses would otherwise all count the same attempts.
 */
export async function lockFailedLogins(db: Executor, emailHash: string): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${sql.lit(LOGIN_ATTEMPTS_LOCK)}, hashtext(${emailHash}))`.execute(db)
}

export async function recordFailedLogin(db: Executor, emailHash: string, at: string): Promise<void> {
  await db.insertInto('login_attempts').values({ email_hash: emailHash, at }).execute()
}

export async function countFailedLoginsSince(db: Executor, emailHash: string, since: string): Promise<{ count: number; latest: string | null }> {
  const row = await db
    .selectFrom('login_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('at').as('latest')])
    .where('email_hash', '=', emailHash)
    .where('at', '>', since)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), latest: row.latest ?? null }
}

export async function clearFailedLogins(db: Executor, emailHash: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('email_hash', '=', emailHash).execute()
}

export async function deleteLoginAttemptsBefore(db: Executor, before: string): Promise<number> {
  const result = await db.deleteFrom('login_attempts').where('at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
