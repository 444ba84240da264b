// Migration 0040 on a database with a preview waiting in the batches of 0027: its rows become preview rows of the
// chronology's table (unseen, each with a new id and the exact-duplicate flag the commit used to add), the batches
// table goes, and the preview commits as it would have. Both engines.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'
import { createUser } from '../../../server/services/accounts.js'
import { commitImport } from '../../../server/services/chronology-import.js'
import { chronologyEvents } from '../../../server/services/chronology.js'
import { createReview } from '../../../server/services/reviews.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'
import { systemActor, type Actor, type ServiceContext } from '../../../server/services/context.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'
import { sequentialIds } from '../../support/test-app.js'

const auditKey = Buffer.alloc(32, 0x40)
const MIGRATION = '0040_preview_rows'

async function emptyDatabase(): Promise<{ database: OpenDatabase; drop(): Promise<void> }> {
  if (testEngine === 'sqlite') return { database: openDatabase(':memory:', { auditKey }), drop: async () => {} }
  const empty = await createEmptyPostgresDatabase()
  return { database: openPostgres(empty.url, { auditKey, poolSize: 1 }), drop: empty.drop }
}

// As 0027 staged them: [row, occurredAt, dateStart, dateEnd, time, precision, sortKey, author, category, summary, outcome, recordedAt, flags].
const staged = (row: number, day: string, summary: string, flags: string[] = []) => [row, day, day, day, null, 'day', day, 'PC Ames', 'Visit', summary, null, null, flags]

describe(`migration 0040 (preview rows in the chronology's table) on ${testEngine}`, () => {
  it('carries a waiting preview over, unseen, and it commits as before', async () => {
    const { database, drop } = await emptyDatabase()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-0040-'))
    try {
      await migrateToLatest(database.db, Object.fromEntries(Object.entries(migrations).filter(([name]) => name < MIGRATION)))
      const ctx: ServiceContext = { db: database.db, clock: new FixedClock('2026-03-02T10:00:00.000Z'), config: loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' }), newId: sequentialIds('m40') }
      const user = await createUser(ctx, systemActor, { email: 'lead@example.org', name: 'Lead Reviewer', role: 'reviewer', password: 'a long test password' })
      const actor: Actor = { userId: user.id, role: 'reviewer', name: user.name, via: 'system', requestId: null }
      const review = await createReview(ctx, actor, {
        title: 'Migration review', boardName: 'Test partnership', subjectPseudonym: 'Child M', methodology: 'learning-together',
        periodFrom: '2020-01-01', periodTo: '2020-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
      })
      const db = database.db as unknown as Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any
      const analysis = { exactDuplicates: [[2, 3]], reducedPrecision: [], outsidePeriod: [], preview: [], ignoredRows: [], warnings: [], asWritten: {}, remembered: false }
      await db.insertInto('chronology_imports').values({
        id: 'imp-1', review_id: review.id, agency: 'Police', agency_key: 'police', file_name: 'police.csv', file_size: 100, format: 'csv', options: '{}',
        detected: JSON.stringify({ encoding: 'utf-8', bom: false, delimiter: ',', headerRow: 1, mapping: { occurredAt: 'Date', summary: 'Summary' }, dateFormat: 'DD/MM/YYYY', format: 'csv' }),
        headers: '["Date","Summary"]', status: 'previewed', rows_read: 3, data_rows: 3, accepted_rows: 3, rejected_rows: 0, duplicate_rows: 2,
        reduced_precision_rows: 0, outside_period_rows: 0, analysis: JSON.stringify(analysis), error: null, committed_rows: null, uploaded_by: user.id,
        uploaded_at: '2026-03-01T09:00:00.000Z', analysed_at: '2026-03-01T09:00:01.000Z', committed_by: null, committed_at: null,
        rolled_back_by: null, rolled_back_at: null, discarded_by: null, discarded_at: null,
      }).execute()
      await db.insertInto('chronology_import_batches').values([
        { import_id: 'imp-1', first_row: 1, row_count: 2, rows: JSON.stringify([staged(1, '2020-02-01', 'Child seen at home'), staged(2, '2020-02-02', 'Welfare check', ['reduced-precision'])]) },
        { import_id: 'imp-1', first_row: 3, row_count: 1, rows: JSON.stringify([staged(3, '2020-02-02', 'Welfare check', ['reduced-precision'])]) },
      ]).execute()

      await migrateToLatest(database.db)

      const rows = await db.selectFrom('chronology_events').select(['id', 'source_row', 'summary', 'flags', 'previewing', 'review_id', 'source_file'])
        .orderBy('source_row').execute()
      expect(rows.map((r) => [r.source_row, r.summary, JSON.parse(typeof r.flags === 'string' ? r.flags : JSON.stringify(r.flags)), r.previewing, r.source_file])).toEqual([
        [1, 'Child seen at home', [], 1, 'police.csv'],
        [2, 'Welfare check', ['reduced-precision', 'exact-duplicate'], 1, 'police.csv'],
        [3, 'Welfare check', ['reduced-precision', 'exact-duplicate'], 1, 'police.csv'],
      ])
      expect(new Set(rows.map((r) => r.id)).size).toBe(3)
      const tables = testEngine === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'chronology_import_batches'`.execute(db)
        : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_name = 'chronology_import_batches'`.execute(db)
      expect(tables.rows).toEqual([])

      const viewer = systemReviewViewer(actor, review.id)
      expect(await chronologyEvents(ctx, viewer)).toEqual([])
      expect(await commitImport(ctx, viewer, 'imp-1')).toEqual({ committed: 3 })
      expect((await chronologyEvents(ctx, viewer)).map((e) => [e.source_row, e.created_at])).toEqual([[1, '2026-03-02T10:00:00.000Z'], [2, '2026-03-02T10:00:00.000Z'], [3, '2026-03-02T10:00:00.000Z']])
    } finally {
      await database.close()
      await drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
