import type { Accreditation, Executor } from './schema.js'

export async function insertAccreditation(db: Executor, row: Accreditation): Promise<void> {
  await db.insertInto('accreditations').values(row).execute()
}

export async function listAccreditationsOfUser(db: Executor, userId: string): Promise<Accreditation[]> {
  return db.selectFrom('accreditations').selectAll().where('user_id', '=', userId).orderBy('valid_until', 'desc').execute()
}

/** The latest expiry of each of these users' accreditations (users never accredited are absent). */
export async function latestAccreditationExpiryOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('accreditations')
    .select(['user_id', (eb) => eb.fn.max('valid_until').as('until')])
    .where('user_id', 'in', [...userIds])
    .groupBy('user_id')
    .execute()
  return new Map(rows.map((r) => [r.user_id, r.until]))
}

/** The latest expiry per user, for lists that show whether someone's accreditation has lapsed. */
export async function latestAccreditationExpiry(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('accreditations')
    .select(['user_id', (eb) => eb.fn.max('valid_until').as('until')])
    .groupBy('user_id')
    .execute()
  return new Map(rows.map((r) => [r.user_id, r.until]))
}
