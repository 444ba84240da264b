// Each review's content version: raised in the same transaction as any change that alters what its pages show
// (events, annotations, the person register, membership, the names choice). Page caches are keyed by it, so a
// second server process on the same database never serves a stale page or a name the register now hides.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').addColumn('content_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
}

