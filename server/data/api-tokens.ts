import type { ApiToken, Executor } from './schema.js'

export async function insertApiToken(db: Executor, token: ApiToken): Promise<void> {
  await db.insertInto('api_tokens').values(token).execute()
}

/** A token that is neither revoked nor expired at `now`. */
export async function findActiveTokenByHash(db: Executor, tokenHash: string, now: string): Promise<ApiToken | undefined> {
  return db.selectFrom('api_tokens').selectAll()
    .where('token_hash', '=', tokenHash).where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst()
}

/** Revokes every live token of a user; returns how many. */
export async function revokeTokensOfUser(db: Executor, userId: string, at: string): Promise<number> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

export async function listTokensOfUser(db: Executor, userId: string): Promise<ApiToken[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute()
}

export async function findToken(db: Executor, id: string): Promise<ApiToken | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function revokeToken(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute()
}

export async function markTokenUsed(db: Executor, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
}
