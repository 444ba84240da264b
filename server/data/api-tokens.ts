import type { ApiToken, Executor } from './schema.js'

export async function insertApiToken(db: Executor, token: ApiToken): Promise<void> {
  await db.insertInto('api_tokens').values(token).execute()
}

export async function findActiveTokenByHash(db: Executor, tokenHash: string): Promise<ApiToken | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst()
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
