// A preview's accepted rows are written once, straight into chronology_events, marked `previewing` (1) and seen by
// nobody; the commit clears the mark. Before, the preview staged them as batches (0027) and the commit wrote them
// again: reading the file and writing the rows could not overlap, and the commit did the whole insert (issue 17,
// BENCHMARKS.md). Every read of the chronology asks for `previewing = 0` (server/data/chronology-events.ts).
//
// The timeline index holds only committed rows (`where previewing = 0`): a waiting preview is never stepped over by
// the page or the counts, and its rows enter the index when committed. Rows a waiting preview had staged are carried
// over with new event ids (nothing referred to a staged row) and the exact-duplicate flag the commit used to add;
// the batches table goes.
import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

type StagedRow = [number, string, string, string, string | null, string, string, string | null, string | null, string | null, string | null, string | null, string[]]

const DUPLICATE = 'exact-duplicate'
const ROWS_PER_INSERT = 500

const parsed = <T>(value: unknown, fallback: T): T => (value === null || value === undefined ? fallback : typeof value === 'string' ? JSON.parse(value) as T : value as T)

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chronology_events')
    .addColumn('previewing', 'integer', (c) => c.notNull().defaultTo(0).check(sql`previewing in (0, 1)`))
    .execute()
  await sql`drop index chronology_events_timeline`.execute(db)
  await db.schema.createIndex('chronology_events_timeline').on('chronology_events').columns(['review_id', 'sort_key', 'agency_key', 'source_row'])
    .where(sql.ref('previewing'), '=', 0).execute()

  const waiting = await db.selectFrom('chronology_imports as i')
    .select(['i.id', 'i.review_id', 'i.agency', 'i.agency_key', 'i.file_name', 'i.analysis', 'i.analysed_at', 'i.uploaded_at'])
    .where('i.status', '=', 'previewed')
    .where((eb) => eb.exists(eb.selectFrom('chronology_import_batches as b').select('b.import_id').whereRef('b.import_id', '=', 'i.id')))
    .execute()
  for (const imp of waiting) {
    const duplicates = new Set(parsed<{ exactDuplicates?: number[][] } | null>(imp.analysis, null)?.exactDuplicates?.flat() ?? [])
    const batches = await db.selectFrom('chronology_import_batches').select('rows').where('import_id', '=', imp.id).orderBy('first_row').execute()
    const rows = batches.flatMap((b) => parsed<StagedRow[]>(b.rows, []))
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await db.insertInto('chronology_events').values(rows.slice(i, i + ROWS_PER_INSERT).map(([row, occurredAt, dateStart, dateEnd, time, precision, sortKey, author, category, summary, outcome, recordedAt, flags]) => ({
        id: randomUUID(), review_id: imp.review_id, import_id: imp.id, agency: imp.agency, agency_key: imp.agency_key, occurred_at: occurredAt,
        date_start: dateStart, date_end: dateEnd, time, precision, sort_key: sortKey, author, category, summary, outcome, recorded_at: recordedAt,
        source_file: imp.file_name, source_row: row, flags: JSON.stringify(duplicates.has(row) && !flags.includes(DUPLICATE) ? [...flags, DUPLICATE] : flags),
        created_at: imp.analysed_at ?? imp.uploaded_at, previewing: 1,
      }))).execute()
    }
  }
  await db.schema.dropTable('chronology_import_batches').execute()
}
