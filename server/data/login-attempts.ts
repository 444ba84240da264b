import type { Executor } from './schema.js'

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
