// Readiness: which database engine the server uses and whether it answers.
import { pingDatabase } from '../data/database-ping.js'
import { engineOf, type Engine } from '../db/engine.js'
import type { ServiceContext } from './context.js'

/** The part of the open database /health uses (database.ts): its engine and a ping that never throws. */
export interface DatabaseProbe {
  engine: Engine
  ping(): Promise<boolean>
}

export interface DatabaseHealth {
  engine: Engine
  answers: boolean
}

/**
 * Asks the database for `select 1`. The open database's own ping is preferred: on SQLite it reads straight from the
 * raw handle (through Kysely it would queue behind a long transaction, such as a large import's commit, and report
 * a healthy server as stuck); on PostgreSQL it gives up after a couple of seconds rather than hang the probe.
 */
export function databaseCheck(ctx: Pick<ServiceContext, 'db'>, probe?: DatabaseProbe): () => Promise<DatabaseHealth> {
  if (probe) return async () => ({ engine: probe.engine, answers: await probe.ping() })
  const engine = engineOf(ctx.db)
  return async () => ({ engine, answers: await pingDatabase(ctx.db) })
}
