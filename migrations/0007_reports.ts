// Report exports (each one audited, with the file kept briefly for a download after a background export),
// the publication leak scans and what they found, and findings a reviewer marked as not identifying.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('edition', 'text', (c) => c.notNull().check(sql`edition in ('internal', 'publication')`))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('pdf', 'docx', 'html')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'blocked', 'failed')`))
    .addColumn('requested_by', 'text', (c) => c.references('users.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('file_name', 'text')
    .addColumn('byte_size', 'integer')
    .addColumn('pages', 'integer')
    // The file itself, only while it waits to be downloaded after a background export; cleared when it expires.
    .addColumn('content', 'blob')
    .addColumn('expires_at', 'text')
    .addColumn('leak_scan_id', 'text')
    .addColumn('error', 'text')
    .execute()
  await db.schema.createIndex('report_exports_review').on('report_exports').columns(['review_id', 'requested_at']).execute()

  await db.schema
    .createTable('report_leak_scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('scanned_by', 'text', (c) => c.references('users.id'))
    // JSON array of the formats whose output was read: 'pdf', 'docx', 'html'.
    .addColumn('formats', 'text', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('leak_count', 'integer', (c) => c.notNull())
    // JSON array of { format, location, kind, value, excerpt }: seen only by those who may export the publication edition.
    .addColumn('leaks', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('report_leak_scans_review').on('report_leak_scans').columns(['review_id', 'scanned_at']).execute()

  await db.schema
    .createTable('report_false_positives')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('review_id', 'text', (c) => c.notNull().references('reviews.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    // The scanner's comparison key, so "Harlow's" and "HARLOW" are one decision.
    .addColumn('allow_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text', (c) => c.references('users.id'))
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('report_false_positives_key').unique().on('report_false_positives').columns(['review_id', 'allow_key']).execute()
}
