// What every service needs: the database, the clock, ids and config. Built once in buildApp.
import type { Kysely } from 'kysely'
import type { Clock, IdGenerator } from '../clock.js'
import type { Config } from '../config.js'
import type { Database } from '../data/schema.js'
import type { GlobalRole } from '../data/tables/foundation.js'

export interface ServiceContext {
  db: Kysely<Database>
  clock: Clock
  newId: IdGenerator
  config: Config
}

/** Who is acting: a signed-in user, an API token's user, the command line or the system itself. */
export interface Actor {
  userId: string | null
  role: GlobalRole | null
  name: string
  via: 'session' | 'token' | 'cli' | 'system'
  requestId: string | null
}

export const systemActor: Actor = { userId: null, role: null, name: 'system', via: 'system', requestId: null }

export function nowIso(ctx: Pick<ServiceContext, 'clock'>): string {
  return ctx.clock.now().toISOString()
}
