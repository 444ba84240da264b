// Trust core (issue 12).
// Each review's content version: raised in the same transaction as any change that alters what its pages show
// (events, annotations, the person register, membership, the names choice). Page caches are keyed by it, so a
// second server process on the same database never serves a stale page or a name the register now hides.
// Findings are drafts until the lead reviewer agrees them: only agreed findings leave the review.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('reviews').addColumn('content_version', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('findings').addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'agreed')`)).execute()
  await db.schema.alterTable('findings').addColumn('agreed_by', 'text').execute()
  await db.schema.alterTable('findings').addColumn('agreed_at', 'text').execute()
}
