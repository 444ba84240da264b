import { compiledOnce } from './compiled-once.js'
import type { ReviewStandingRow } from './review-standing.js'
import type { Executor, Session, User } from './schema.js'

export async function insertSession(db: Executor, session: Session): Promise<void> {
  await db.insertInto('sessions').values(session).execute()
}

export async function findSession(db: Executor, idHash: string): Promise<Session | undefined> {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()
}

export interface SessionWithUser {
  session: Session
  /** The signed-in user (null for an anonymous session, or one whose user is gone). */
  user: User | null
  /**
   * The user's standing in the review asked about, as findReviewStanding reads it: undefined when no review was
   * asked about, or there is no such review in the user's partnership (none at all for a national analyst).
   */
  standing: ReviewStandingRow | undefined
}

// Built and compiled once (compiled-once.ts): it runs on every page.
const sessionWithUserQuery = compiledOnce(2, (db, idHash: string, reviewId: string) => db
  .selectFrom('sessions as s')
  .leftJoin('users as u', 'u.id', 's.user_id')
  // Only a review of the user's own partnership (a user of none sees none), as in findReviewStanding.
  .leftJoin('reviews as r', (join) => join.on('r.id', '=', reviewId).onRef('r.partnership_id', '=', 'u.partnership_id'))
  .leftJoin('review_members as m', (join) => join.onRef('m.review_id', '=', 'r.id').onRef('m.user_id', '=', 'u.id'))
  .leftJoin('name_display as n', (join) => join.onRef('n.review_id', '=', 'r.id').onRef('n.user_id', '=', 'u.id'))
  .select([
    's.id_hash', 's.user_id', 's.csrf_token', 's.created_at', 's.last_seen_at', 's.expires_at', 's.flash',
    'u.id as u_id', 'u.email as u_email', 'u.name as u_name', 'u.role as u_role', 'u.password_hash as u_password_hash',
    'u.must_change_password as u_must_change_password', 'u.disabled_at as u_disabled_at', 'u.created_at as u_created_at',
    'u.updated_at as u_updated_at', 'u.partnership_id as u_partnership_id', 'u.instance_admin as u_instance_admin',
    'r.id as r_id', 'r.content_version as r_content_version', 'm.role as m_role', 'm.agency as m_agency', 'n.display as n_display',
  ])
  .where('s.id_hash', '=', idHash))

/**
 * A session, its user and, for a review-scoped request, the user's standing in that review: one query where
 * every page used to make three (the session, the user, the review standing).
 */
export async function findSessionWithUser(db: Executor, idHash: string, reviewId: string | null): Promise<SessionWithUser | undefined> {
  const row = await sessionWithUserQuery(db, idHash, reviewId ?? '')
  if (!row) return undefined
  const session: Session = {
    id_hash: row.id_hash, user_id: row.user_id, csrf_token: row.csrf_token, created_at: row.created_at,
    last_seen_at: row.last_seen_at, expires_at: row.expires_at, flash: row.flash,
  }
  const user: User | null = row.u_id === null ? null : {
    id: row.u_id, email: row.u_email!, name: row.u_name!, role: row.u_role!, password_hash: row.u_password_hash!,
    must_change_password: row.u_must_change_password!, disabled_at: row.u_disabled_at, created_at: row.u_created_at!,
    updated_at: row.u_updated_at!, partnership_id: row.u_partnership_id, instance_admin: row.u_instance_admin!,
  }
  const standing: ReviewStandingRow | undefined = row.r_id === null || user?.role === 'national'
    ? undefined
    : { content_version: row.r_content_version!, role: row.m_role, agency: row.m_agency, display: row.n_display }
  return { session, user, standing }
}

export async function touchSession(db: Executor, idHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute()
}

export async function setSessionFlash(db: Executor, idHash: string, flash: string | null): Promise<void> {
  await db.updateTable('sessions').set({ flash }).where('id_hash', '=', idHash).execute()
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

export async function deleteSessionsOfUser(db: Executor, userId: string, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash)
  await q.execute()
}

/** Sessions past their absolute expiry; returns how many. */
export async function deleteExpiredSessions(db: Executor, now: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

