// Blind tagging exercises collect the helps/hinders marker with each code (typology 2.0), so two reviewers agree on a
// tag only when they chose the same code with the same marker. Tags saved before this have none (null).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tagging_exercise_tags')
    .addColumn('effect', 'text', (c) => c.check(sql`effect in ('helps', 'hinders')`))
    .execute()
}
