// User accounts: sign-in with throttling, creation, disabling, password changes and the first admin.
import { createHash, randomBytes } from 'node:crypto'
import { BadInput, NotFound, NotPermitted, RuleBroken } from '../errors.js'
import { countFailedLoginsSince, clearFailedLogins, deleteLoginAttemptsBefore, lockFailedLogins, recordFailedLogin } from '../data/login-attempts.js'
import { countUsers, findUserByEmailIn, findUserById, findUsersByEmail, insertUser, listUsersOfNoPartnership, listUsersOfPartnership, normaliseEmail, otherActiveAdminExists, updateUser } from '../data/users.js'
import { DEFAULT_PARTNERSHIP_ID, findPartnership } from '../data/partnerships.js'
import { deleteRateWindowsBefore, LONGEST_RATE_WINDOW_MS } from '../data/rate-limits.js'
import { deleteSessionsOfUser } from '../data/sessions.js'
import { revokeTokensOfUser } from '../data/api-tokens.js'
import type { User } from '../data/schema.js'
import type { GlobalRole } from '../data/tables/foundation.js'
import { recordAudit } from './audit.js'
import { nowIso, type Actor, type ServiceContext } from './context.js'
import { requireAdmin } from './capability.js'
import type { Viewer } from './viewer.js'
import { checkNewPassword, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js'

export const GLOBAL_ROLES: readonly GlobalRole[] = ['admin', 'reviewer', 'board', 'national']
export const MAX_FAILED_LOGINS = 5
export const LOCKOUT_MINUTES = 15

export const GLOBAL_ROLE_LABELS: Record<GlobalRole, string> = {
  admin: 'Administrator',
  reviewer: 'Reviewer or practitioner',
  board: 'Safeguarding board',
  national: 'National analyst',
}

function emailHash(email: string): string {
  return createHash('sha256').update(normaliseEmail(email)).digest('hex')
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An account the password opened, to choose from when it opened more than one: its id and its partnership's name. */
export interface AccountChoice { id: string; partnership: string }

export type SignInResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'bad-credentials' | 'locked' | 'disabled'; message: string }
  | { ok: false; reason: 'choose-account'; message: string; accounts: AccountChoice[] }

const BAD_CREDENTIALS = 'Enter a correct email address and password'
const CHOOSE_ACCOUNT = 'Your email address has an account in more than one partnership with this password. Choose the one to use and enter your password again.'
const LOCKED = `Too many attempts to sign in with this email address. Wait ${LOCKOUT_MINUTES} minutes, then try again.`

/**
 * Checks credentials. Unknown emails and wrong passwords get the same message and take the same time,
 * and both count towards the lockout, so the response never reveals whether an account exists.
 * The attempt is counted before the slow password hash, in one transaction with the lockout check, so
 * guesses sent in parallel each take a place in the count instead of all passing a check made before any finished.
 * An address may have an account in several partnerships (migration 0031): the password is tried against each, and
 * when it opens more than one the person chooses (`accountId`, with the password again), shown only the accounts
 * their password opened.
 */
export async function signIn(ctx: ServiceContext, email: string, password: string, requestId: string | null, accountId?: string): Promise<SignInResult> {
  const now = ctx.clock.now()
  const key = emailHash(email)
  const windowStart = new Date(now.getTime() - LOCKOUT_MINUTES * 60_000).toISOString()
  const place = await ctx.db.transaction().execute(async (trx) => {
    await lockFailedLogins(trx, key)
    const recent = await countFailedLoginsSince(trx, key, windowStart)
    if (recent.count >= MAX_FAILED_LOGINS) return null
    await recordFailedLogin(trx, key, now.toISOString())
    return recent.count + 1
  })
  if (place === null) return { ok: false, reason: 'locked', message: LOCKED }

  const accounts = (await findUsersByEmail(ctx.db, email)).filter((u) => accountId === undefined || u.id === accountId)
  // The hashes are checked at once (scrypt runs on libuv's thread pool), so an address with accounts in two
  // partnerships answers in about the time of one with a single account, or none (checked against a dummy hash).
  const hashes = accounts.length > 0 ? accounts.map((a) => a.password_hash) : [await dummyPasswordHash(ctx.config.passwordCost)]
  const matches = await Promise.all(hashes.map((hash) => verifyPassword(password, hash)))
  const opened = accounts.filter((_, i) => matches[i])
  if (opened.length > 1) return { ok: false, reason: 'choose-account', message: CHOOSE_ACCOUNT, accounts: await accountChoices(ctx, opened) }
  const user = opened[0]
  if (!user) {
    if (place < MAX_FAILED_LOGINS) return { ok: false, reason: 'bad-credentials', message: BAD_CREDENTIALS }
    await ctx.db.transaction().execute((trx) =>
      recordAudit(trx, ctx.clock, { userId: null, role: null, name: 'anonymous', via: 'system', requestId }, {
        action: 'auth.lockout',
        details: { attempts: place },
      }))
    return { ok: false, reason: 'locked', message: LOCKED }
  }
  // The right password still counts as an attempt while the account is disabled, so a disabled account stays throttled.
  if (user.disabled_at) return { ok: false, reason: 'disabled', message: 'This account has been disabled. Contact your administrator.' }
  await clearFailedLogins(ctx.db, key)
  await deleteLoginAttemptsBefore(ctx.db, windowStart)
  return { ok: true, user }
}

async function accountChoices(ctx: ServiceContext, accounts: User[]): Promise<AccountChoice[]> {
  const choices: AccountChoice[] = []
  for (const account of accounts) {
    const partnership = account.partnership_id === null ? null : await findPartnership(ctx.db, account.partnership_id)
    choices.push({ id: account.id, partnership: partnership?.name ?? 'National analysis (no partnership)' })
  }
  return choices
}

/** Sign-in attempts older than the lockout window count for nothing; returns how many were removed. */
export function pruneLoginAttempts(ctx: ServiceContext): Promise<number> {
  return deleteLoginAttemptsBefore(ctx.db, new Date(ctx.clock.now().getTime() - LOCKOUT_MINUTES * 60_000).toISOString())
}

/** Request-rate windows (server/plugins/rate-limit-store.ts) that have ended count for nothing. */
export function pruneRateWindows(ctx: ServiceContext): Promise<number> {
  return deleteRateWindowsBefore(ctx.db, Date.now() - LONGEST_RATE_WINDOW_MS)
}

export interface NewUserInput {
  email: string
  name: string
  role: string
  password: string
  mustChangePassword?: boolean
  /**
   * The partnership the account belongs to: an administrator adds accounts to their own; the instance administrator
   * adds a partnership's administrators. Absent (command line, first start, tests): the default partnership.
   * A national analyst belongs to none.
   */
  partnershipId?: string
  /** Only the first administrator of a server is made an instance administrator. */
  instanceAdmin?: boolean
}

export function validateNewUser(input: NewUserInput): GlobalRole {
  const details = []
  if (!EMAIL_PATTERN.test(input.email.trim())) details.push({ path: 'email', message: 'Enter an email address in the correct format, like name@example.org' })
  if (!input.name.trim()) details.push({ path: 'name', message: 'Enter the person’s name' })
  if (input.name.length > 200) details.push({ path: 'name', message: 'Name must be 200 characters or fewer' })
  if (!GLOBAL_ROLES.includes(input.role as GlobalRole)) details.push({ path: 'role', message: `Role must be one of: ${GLOBAL_ROLES.join(', ')}` })
  if (details.length) throw new BadInput('There is a problem with the new user’s details', details)
  checkNewPassword(input.password, 'password')
  return input.role as GlobalRole
}

/**
 * The refusal when the address already has an account where the new one would go. Addresses are unique within a
 * partnership (and among national analysts), not on the instance (migration 0031), so adding an account never
 * depends on, or tells anyone about, accounts in other partnerships.
 */
export const ADDRESS_TAKEN = 'A user with this email address already exists in this partnership. Find them in the list of users.'
const NATIONAL_ADDRESS_TAKEN = 'A national analyst with this email address already exists'

export async function createUser(ctx: ServiceContext, actor: Actor, input: NewUserInput): Promise<User> {
  const role = validateNewUser(input)
  const passwordHash = await hashPassword(input.password, ctx.config.passwordCost)
  return ctx.db.transaction().execute(async (trx) => {
    const at = nowIso(ctx)
    const id = ctx.newId()
    const partnershipId = role === 'national' ? null : (input.partnershipId ?? DEFAULT_PARTNERSHIP_ID)
    if (await findUserByEmailIn(trx, partnershipId, input.email)) {
      throw new BadInput('There is a problem with the new user’s details', [{ path: 'email', message: partnershipId === null ? NATIONAL_ADDRESS_TAKEN : ADDRESS_TAKEN }])
    }
    // The column has no foreign key (see migration 0020), so the partnership is checked here.
    if (partnershipId !== null && !(await findPartnership(trx, partnershipId))) {
      throw new BadInput('There is a problem with the new user’s details', [{ path: 'partnership', message: 'There is no such partnership' }])
    }
    await insertUser(trx, {
      id, email: input.email, name: input.name.trim(), role, password_hash: passwordHash,
      must_change_password: input.mustChangePassword ? 1 : 0, disabled_at: null, created_at: at, updated_at: at,
      partnership_id: partnershipId, instance_admin: input.instanceAdmin && role === 'admin' ? 1 : 0,
    })
    await recordAudit(trx, ctx.clock, actor, { action: 'user.create', objectType: 'user', objectId: id, details: { role } })
    return (await findUserById(trx, id))!
  })
}

/**
 * An administrator adds an account to their own partnership. National analysts belong to no partnership, so only an
 * instance administrator adds them.
 */
export async function addAccount(ctx: ServiceContext, viewer: Viewer, input: Omit<NewUserInput, 'partnershipId' | 'instanceAdmin'>): Promise<User> {
  requireAdmin(viewer)
  if (viewer.partnershipId === null) throw new NotPermitted()
  if (input.role === 'national' && !viewer.instanceAdmin) {
    throw new BadInput('There is a problem with the new user’s details', [{ path: 'role', message: 'Only the instance administrator can add a national analyst: they belong to no partnership' }])
  }
  return createUser(ctx, viewer.actor, { ...input, partnershipId: viewer.partnershipId })
}

async function requireUser(ctx: ServiceContext, id: string): Promise<User> {
  const user = await findUserById(ctx.db, id)
  if (!user) throw new NotFound('There is no such user')
  return user
}

/**
 * The account an administrator manages: only one of their own partnership. Another partnership's account, or a
 * national analyst's (of none), is "no such user", exactly as one that does not exist.
 */
export async function requireManagedUser(ctx: ServiceContext, viewer: Viewer, userId: string): Promise<User> {
  requireAdmin(viewer)
  const user = await findUserById(ctx.db, userId)
  if (!user || !managesAccount(viewer, user)) throw new NotFound('There is no such user')
  return user
}

function managesAccount(viewer: Viewer, user: User): boolean {
  if (user.partnership_id === null) return viewer.instanceAdmin
  return user.partnership_id === viewer.partnershipId
}

export async function setUserDisabled(ctx: ServiceContext, viewer: Viewer, userId: string, disabled: boolean): Promise<void> {
  const actor = viewer.actor
  const user = await requireManagedUser(ctx, viewer, userId)
  if (disabled && user.id === actor.userId) throw new RuleBroken('You cannot disable your own account')
  await ctx.db.transaction().execute(async (trx) => {
    if (disabled && user.role === 'admin') {
      // Each partnership keeps an administrator of its own.
      if (!(await otherActiveAdminExists(trx, userId, user.partnership_id))) throw new RuleBroken('You cannot disable the last active administrator')
    }
    const at = nowIso(ctx)
    await updateUser(trx, userId, { disabled_at: disabled ? at : null, updated_at: at })
    // A disabled user is signed out everywhere and their API tokens stop working (checked at use).
    if (disabled) await deleteSessionsOfUser(trx, userId)
    await recordAudit(trx, ctx.clock, actor, { action: disabled ? 'user.disable' : 'user.enable', objectType: 'user', objectId: userId })
  })
}

/** An administrator sets a temporary password; the user must change it when they next sign in. */
export async function resetPassword(ctx: ServiceContext, viewer: Viewer, userId: string, temporaryPassword: string): Promise<void> {
  const actor = viewer.actor
  const user = await requireManagedUser(ctx, viewer, userId)
  checkNewPassword(temporaryPassword, 'password', user.email)
  const hash = await hashPassword(temporaryPassword, ctx.config.passwordCost)
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, userId, { password_hash: hash, must_change_password: 1, updated_at: nowIso(ctx) })
    await deleteSessionsOfUser(trx, userId)
    // Tokens go too: whoever knew the old password could have made one.
    const tokensRevoked = await revokeTokensOfUser(trx, userId, nowIso(ctx))
    await recordAudit(trx, ctx.clock, actor, { action: 'user.password.reset', objectType: 'user', objectId: userId, details: { tokensRevoked } })
  })
}

export async function changeOwnPassword(
  ctx: ServiceContext, actor: Actor, current: string, next: string, confirm: string, keepSessionHash: string | null,
): Promise<void> {
  const user = await requireUser(ctx, actor.userId ?? '')
  if (!(await verifyPassword(current, user.password_hash))) {
    throw new BadInput('There is a problem', [{ path: 'currentPassword', message: 'Your current password is not correct' }])
  }
  checkNewPassword(next, 'newPassword', user.email)
  if (next !== confirm) throw new BadInput('There is a problem', [{ path: 'confirmPassword', message: 'The passwords do not match' }])
  if (next === current) throw new BadInput('There is a problem', [{ path: 'newPassword', message: 'Choose a password different from your current one' }])
  const hash = await hashPassword(next, ctx.config.passwordCost)
  await ctx.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: hash, must_change_password: 0, updated_at: nowIso(ctx) })
    // Other sessions end: if the password was known to someone else, so were they.
    await deleteSessionsOfUser(trx, user.id, keepSessionHash ?? undefined)
    const tokensRevoked = await revokeTokensOfUser(trx, user.id, nowIso(ctx))
    await recordAudit(trx, ctx.clock, actor, { action: 'user.password.change', objectType: 'user', objectId: user.id, details: { tokensRevoked } })
  })
}

export type FirstAdmin = { created: false } | { created: true; email: string; generatedPassword: string | null }

/** On first start: the admin from SCR_ADMIN_EMAIL/PASSWORD, or one with a random password to print once. */
export async function ensureFirstAdmin(ctx: ServiceContext): Promise<FirstAdmin> {
  if ((await countUsers(ctx.db)) > 0) return { created: false }
  const email = ctx.config.adminEmail ?? 'admin@casework-lens.local'
  const generated = ctx.config.adminPassword ? null : randomBytes(18).toString('base64url')
  await createUser(ctx, { userId: null, role: null, name: 'first start', via: 'system', requestId: null }, {
    email, name: 'Administrator', role: 'admin', password: ctx.config.adminPassword ?? generated!, mustChangePassword: generated !== null, instanceAdmin: true,
  })
  return { created: true, email, generatedPassword: generated }
}

/**
 * The accounts an administrator manages: those of their partnership, and for an instance administrator the
 * national analysts too (who belong to no partnership).
 */
export async function usersFor(ctx: ServiceContext, viewer: Viewer): Promise<User[]> {
  requireAdmin(viewer)
  const own = viewer.partnershipId === null ? [] : await listUsersOfPartnership(ctx.db, viewer.partnershipId)
  if (!viewer.instanceAdmin) return own
  return [...own, ...(await listUsersOfNoPartnership(ctx.db))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** One account, for administrators of its partnership. */
export async function userFor(ctx: ServiceContext, viewer: Viewer, userId: string): Promise<User> {
  return requireManagedUser(ctx, viewer, userId)
}
