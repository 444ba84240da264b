// The (review_id, agency_key, sort_key) index on chronology events is dropped: every import paid to keep it (about a
// sixth of the commit's insert cost, BENCHMARKS.md, issue 17) and no query needs it. The agency filter and the case
// group's view read the timeline index (review_id, sort_key, agency_key, source_row), which carries agency_key, in page
// order with no sort; the agency counts and the facets read the review's range of it. On the 2,000-event review the
// only query that changed was counting one agency's events, 0.04 ms to 0.13 ms.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists chronology_events_agency`.execute(db)
}
