// Which partnership's case rows the database itself lets this piece of work see: PostgreSQL's row-level security
// (migration 0030), defence in depth under the services' own checks. Every connection the pool hands out is told,
// as it is handed out, the partnership of the work that asked for it (openPostgres sets casework.partnership), so
// a query a service forgot to limit still returns no other partnership's row, and no setting outlives the request
// on a pooled connection. SQLite has one implicit partnership and no such setting: nothing here touches it.
//
// The scope travels with the work (AsyncLocalStorage), not as a parameter: every transaction and query a request
// starts, however deep, is in its scope. A request starts able to see every partnership while it finds out who is
// calling (the session and the review standing are read in one query), and is narrowed by access control as soon
// as the viewer is known (narrowRequestTo). Work outside any request (start-up, migrations, the command line, timers
// and jobs the system runs for everyone) sees every partnership.
import { AsyncLocalStorage } from 'node:async_hooks'

/** The setting's value for work that may see every partnership's rows: identifying the caller, system work. */
export const ALL_PARTNERSHIPS = '*'
/** The setting's value for work that may see no partnership's rows: a national analyst, a signed-out visitor. */
export const NO_PARTNERSHIP = ''

/** The PostgreSQL setting the policies read (migration 0030). */
export const PARTNERSHIP_SETTING = 'casework.partnership'

interface Scope { partnership: string }

const scopes = new AsyncLocalStorage<Scope>()

/** Runs `work` (and everything it starts) in a scope of its own, first able to see every partnership. */
export function inRequestScope<T>(work: () => T): T {
  return scopes.run({ partnership: ALL_PARTNERSHIPS }, work)
}

/**
 * Limits the rest of this request's database work to one partnership's rows (null: none). Throws when called
 * outside a request scope: the request would otherwise go on seeing every partnership.
 */
export function narrowRequestTo(partnershipId: string | null): void {
  const scope = scopes.getStore()
  if (!scope) throw new Error('A request is narrowed to its partnership outside a request scope (the async context was lost)')
  scope.partnership = partnershipId ?? NO_PARTNERSHIP
}

/** What casework.partnership is set to for work started here. */
export function currentPartnershipSetting(): string {
  return scopes.getStore()?.partnership ?? ALL_PARTNERSHIPS
}
