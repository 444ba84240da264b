// API bearer tokens: shown once at creation, stored as a hash, expiring (API_TOKEN_DAYS), revocable, and revoked
// when their user's password is changed or reset.
import { randomBytes } from 'node:crypto'
import { BadInput, NotFound } from '../errors.js'
import { findActiveTokenByHash, findToken, insertApiToken, listTokensOfUser, markTokenUsed, revokeToken } from '../data/api-tokens.js'
import { findUserById, findUsersByEmail } from '../data/users.js'
import type { ApiToken, User } from '../data/schema.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { hashToken } from './sessions.js'

const TOKEN_PREFIX = 'cwl_'

/** `partnershipId` picks the account when the address has one in more than one partnership (see migration 0031). */
export async function createApiToken(ctx: ServiceContext, actor: Actor, userEmail: string, label: string, partnershipId?: string): Promise<{ token: string; record: ApiToken }> {
  const accounts = (await findUsersByEmail(ctx.db, userEmail)).filter((u) => partnershipId === undefined || u.partnership_id === partnershipId)
  if (accounts.length > 1) {
    throw new BadInput('More than one account', [{ path: 'partnership', message: 'That email address has an account in more than one partnership: name the partnership' }])
  }
  const user = accounts[0]
  if (!user) throw new BadInput('No such user', [{ path: 'email', message: 'There is no user with that email address' }])
  if (user.disabled_at) throw new BadInput('That user is disabled', [{ path: 'email', message: 'The user is disabled' }])
  const cleanLabel = label.trim() || 'API token'
  if (cleanLabel.length > 100) throw new BadInput('Label too long', [{ path: 'name', message: 'Label must be 100 characters or fewer' }])
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url')
  const record: ApiToken = {
    id: ctx.newId(), user_id: user.id, label: cleanLabel, token_hash: hashToken(token),
    created_at: nowIso(ctx), last_used_at: null, revoked_at: null,
    expires_at: new Date(ctx.clock.now().getTime() + ctx.config.apiTokenDays * 86_400_000).toISOString(),
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertApiToken(trx, record)
    await recordAudit(trx, ctx.clock, actor, { action: 'token.create', objectType: 'api-token', objectId: record.id, details: { userId: user.id, expiresAt: record.expires_at } })
  })
  return { token, record }
}

/** Resolves a bearer token to its user; null for unknown, revoked, expired, or a disabled user's token. */
export async function authenticateApiToken(ctx: ServiceContext, token: string): Promise<{ user: User; tokenId: string } | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null
  const now = ctx.clock.now()
  const record = await findActiveTokenByHash(ctx.db, hashToken(token), now.toISOString())
  if (!record) return null
  const user = await findUserById(ctx.db, record.user_id)
  if (!user || user.disabled_at) return null
  if (!record.last_used_at || now.getTime() - Date.parse(record.last_used_at) > 60_000) await markTokenUsed(ctx.db, record.id, now.toISOString())
  return { user, tokenId: record.id }
}

export type ApiTokenStatus = 'active' | 'expired' | 'revoked'

export async function listApiTokens(ctx: ServiceContext, userId: string): Promise<(ApiToken & { status: ApiTokenStatus })[]> {
  const now = nowIso(ctx)
  return (await listTokensOfUser(ctx.db, userId)).map((t) => ({
    ...t,
    status: t.revoked_at ? 'revoked' : t.expires_at !== null && t.expires_at <= now ? 'expired' : 'active',
  }))
}

/** A user revokes their own tokens; an administrator may revoke anyone's. */
export async function revokeApiToken(ctx: ServiceContext, actor: Actor, tokenId: string): Promise<void> {
  const record = await findToken(ctx.db, tokenId)
  if (!record) throw new NotFound('There is no such token')
  if (record.user_id !== actor.userId && actor.role !== 'admin') throw new NotFound('There is no such token')
  if (record.revoked_at) return
  await ctx.db.transaction().execute(async (trx) => {
    await revokeToken(trx, tokenId, nowIso(ctx))
    await recordAudit(trx, ctx.clock, actor, { action: 'token.revoke', objectType: 'api-token', objectId: tokenId })
  })
}

