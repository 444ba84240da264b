// Server-side sessions: the cookie holds a random token, the database holds only its hash.
import { createHash, randomBytes } from 'node:crypto'
import { deleteExpiredSessions, deleteSession, findSessionWithUser, insertSession, setSessionFlash, touchSession } from '../data/sessions.js'
import type { ReviewStandingRow } from '../data/review-standing.js'
import type { Session, User } from '../data/schema.js'
import type { ServiceContext } from './context.js'

export const ANONYMOUS_SESSION_MINUTES = 60

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export interface IssuedSession {
  token: string
  session: Session
}

async function issue(ctx: ServiceContext, userId: string | null): Promise<IssuedSession> {
  const token = randomBytes(32).toString('base64url')
  const now = ctx.clock.now()
  const lifetimeMs = userId ? ctx.config.sessionAbsoluteHours * 3_600_000 : ANONYMOUS_SESSION_MINUTES * 60_000
  const session: Session = {
    id_hash: hashToken(token),
    user_id: userId,
    csrf_token: randomBytes(32).toString('base64url'),
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + lifetimeMs).toISOString(),
    flash: null,
  }
  await insertSession(ctx.db, session)
  return { token, session }
}

export function startAnonymousSession(ctx: ServiceContext): Promise<IssuedSession> {
  return issue(ctx, null)
}

/** Sign-in always gets a fresh session id (no fixation); the pre-sign-in session is dropped. */
export async function startUserSession(ctx: ServiceContext, userId: string, previousToken: string | null): Promise<IssuedSession> {
  if (previousToken) await deleteSession(ctx.db, hashToken(previousToken))
  await deleteExpiredSessions(ctx.db, ctx.clock.now().toISOString())
  return issue(ctx, userId)
}

export type ResolvedSession =
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'active'; session: Session; user: User | null; standing: ReviewStandingRow | undefined }

/**
 * The session the cookie names, with its user and (when `reviewId` is given) the user's standing in that review, read
 * together (see findSessionWithUser). Expired and idle sessions are removed; the last use is noted once a minute.
 */
export async function resolveSession(ctx: ServiceContext, token: string | undefined, reviewId: string | null = null): Promise<ResolvedSession> {
  if (!token) return { state: 'none' }
  const found = await findSessionWithUser(ctx.db, hashToken(token), reviewId)
  if (!found) return { state: 'none' }
  const { session } = found
  const now = ctx.clock.now()
  const idleLimit = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000).toISOString()
  if (session.expires_at <= now.toISOString() || (session.user_id !== null && session.last_seen_at < idleLimit)) {
    await deleteSession(ctx.db, session.id_hash)
    return session.user_id ? { state: 'expired' } : { state: 'none' }
  }
  // Touch at most once a minute: enough for the idle timeout, without a write on every request.
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    await touchSession(ctx.db, session.id_hash, now.toISOString())
  }
  return { state: 'active', session, user: found.user, standing: found.standing }
}

/**
 * Removes sessions past their absolute expiry (idle ones are refused at use, and kept until then so the sign-in page
 * can say the user was signed out for being idle); returns how many.
 */
export function pruneSessions(ctx: ServiceContext): Promise<number> {
  return deleteExpiredSessions(ctx.db, ctx.clock.now().toISOString())
}

export async function endSession(ctx: ServiceContext, token: string): Promise<void> {
  await deleteSession(ctx.db, hashToken(token))
}

export interface Flash {
  kind: 'success' | 'important'
  heading: string
  text?: string
}

export async function setFlash(ctx: ServiceContext, session: Session, flash: Flash): Promise<void> {
  await setSessionFlash(ctx.db, session.id_hash, JSON.stringify(flash))
}

export async function takeFlash(ctx: ServiceContext, session: Session): Promise<Flash | null> {
  if (!session.flash) return null
  await setSessionFlash(ctx.db, session.id_hash, null)
  return JSON.parse(session.flash) as Flash
}
