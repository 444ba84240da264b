// The (review_id, significant) index on chronology events served no query: "significant" is only ever asked for
// beside other conditions (an OR of flags, or summed per review, which the timeline index finds), yet every
// imported row paid to keep it. See BENCHMARKS.md (issue 17, import).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists chronology_events_significant`.execute(db)
}
