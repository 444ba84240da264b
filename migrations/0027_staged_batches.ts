// A preview's accepted rows wait for the commit a batch to a record (server/import/staged-batch.ts) instead of a
// row each: staging 10,000 rows wrote and indexed 10,000 rows that the commit then read and deleted again (issue
// 17, BENCHMARKS.md). Rows already staged by a waiting preview are carried over in batches of 500, in row order;
// their event ids are dropped (ids are given at commit now; nothing referred to a staged row's id).
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../server/db/engine.js'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('chronology_import_batches')
    .addColumn('import_id', 'text', (c) => c.notNull().references('chronology_imports.id').onDelete('cascade'))
    .addColumn('first_row', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('rows', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('chronology_import_batches_pk', ['import_id', 'first_row'])
    .modifyEnd(sql`without rowid`)
    .execute()

  const numbered = sql`select *, (row_number() over (partition by import_id order by "row") - 1) / 500 as batch from chronology_import_rows`
  if (isPostgres(db)) {
    await sql`insert into chronology_import_batches (import_id, first_row, row_count, rows)
      select import_id, min("row"), count(*), json_agg(json_build_array("row", occurred_at, date_start, date_end, "time", "precision", sort_key,
        author, category, summary, outcome, recorded_at, flags::json) order by "row")::text
      from (${numbered}) s group by import_id, batch`.execute(db)
  } else {
    await sql`insert into chronology_import_batches (import_id, first_row, row_count, rows)
      select import_id, min("row"), count(*), json_group_array(json_array("row", occurred_at, date_start, date_end, "time", "precision", sort_key,
        author, category, summary, outcome, recorded_at, json(flags)) order by "row")
      from (${numbered}) s group by import_id, batch`.execute(db)
  }
  await db.schema.dropTable('chronology_import_rows').execute()
}
