// Readiness: the database answers.
import { sql } from 'kysely'
import type { ServiceContext } from './context.js'

export async function databaseAnswers(ctx: Pick<ServiceContext, 'db'>): Promise<void> {
  await sql`select 1`.execute(ctx.db)
}
