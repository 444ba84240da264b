// The pre-added national counts are read by summing every row of one dimension (with the reviews' own facts as
// filters); with each format 2 grouping and every two groupings kept there, a dimension can hold 100,000+ rows at
// national scale. An index holding every column the reads use lets both engines sum them from the index alone
// (SQLite's covering index, PostgreSQL's index-only scan) instead of fetching each row from the table.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('national_counts_cover').on('national_counts')
    .columns(['dimension', 'key', 'year', 'region', 'methodology', 'age_band', 'harm', 'reviews', 'findings'])
    .execute()
}
