// Work in progress in some app process (a chronology file being checked, a report being drawn), with a heartbeat
// (issue 14). With several processes on one database, one that finds such work not running in itself can tell
// whether another is still doing it, instead of taking it for work cut short by a restart.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('running_jobs')
    .addColumn('job_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('beat_at_ms', 'bigint', (c) => c.notNull())
    .execute()
}
