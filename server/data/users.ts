import type { Executor, NewUser, User, UserUpdate } from './schema.js'

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** The first account (oldest) at an address: addresses are unique within a partnership, not on the instance. */
export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return (await findUsersByEmail(db, email))[0]
}

/** Every account at an address, one per partnership at most (and one of no partnership), oldest first. */
export async function findUsersByEmail(db: Executor, email: string): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).orderBy('created_at').orderBy('id').execute()
}

/** The account at an address in one partnership, or among national analysts (`null`, of no partnership). */
export async function findUserByEmailIn(db: Executor, partnershipId: string | null, email: string): Promise<User | undefined> {
  const query = db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email))
  return (partnershipId === null ? query.where('partnership_id', 'is', null) : query.where('partnership_id', '=', partnershipId)).executeTakeFirst()
}

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function listUsers(db: Executor): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('name').execute()
}

export async function listUsersOfNoPartnership(db: Executor): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('partnership_id', 'is', null).orderBy('name').execute()
}

export async function listUsersOfPartnership(db: Executor, partnershipId: string): Promise<User[]> {
  return db.selectFrom('users').selectAll().where('partnership_id', '=', partnershipId).orderBy('name').execute()
}

/** Whether another active administrator of the same partnership (or of none) than the given user remains. */
export async function otherActiveAdminExists(db: Executor, userId: string, partnershipId: string | null): Promise<boolean> {
  let others = db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).where('id', '!=', userId)
  others = partnershipId === null ? others.where('partnership_id', 'is', null) : others.where('partnership_id', '=', partnershipId)
  return (await others.limit(1).execute()).length > 0
}

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
  await db.insertInto('users').values({ ...user, email: normaliseEmail(user.email) }).execute()
}

export async function updateUser(db: Executor, id: string, changes: UserUpdate): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute()
}
