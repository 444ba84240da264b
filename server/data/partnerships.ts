import type { Executor } from './schema.js'
import type { PartnershipsTable } from './tables/foundation.js'

export type Partnership = PartnershipsTable

/** The one partnership a single-partnership server has (migration 0020). */
export const DEFAULT_PARTNERSHIP_ID = 'default'

export async function listPartnerships(db: Executor): Promise<Partnership[]> {
  return db.selectFrom('partnerships').selectAll().orderBy('name').execute()
}

export async function findPartnership(db: Executor, id: string): Promise<Partnership | undefined> {
  return db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findPartnershipByName(db: Executor, name: string): Promise<Partnership | undefined> {
  return db.selectFrom('partnerships').selectAll().where('name', '=', name).executeTakeFirst()
}

export async function insertPartnership(db: Executor, row: Partnership): Promise<void> {
  await db.insertInto('partnerships').values(row).execute()
}

/** The administrators of one partnership (names and emails only), for the instance administrator. */
export async function listPartnershipAdmins(db: Executor, partnershipId: string): Promise<{ id: string; name: string; email: string; disabled_at: string | null }[]> {
  return db.selectFrom('users').select(['id', 'name', 'email', 'disabled_at'])
    .where('partnership_id', '=', partnershipId).where('role', '=', 'admin').orderBy('name').execute()
}
