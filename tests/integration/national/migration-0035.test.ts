// Migration 0035 on a national store filed before it: the counts it adds (national attention, publication, the
// typology versions tagged in, each alone and with every other grouping) are exactly the ones filing the same
// returns keeps now, and nothing else in national_counts changes. Both engines.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openDatabase, openPostgres, type OpenDatabase } from '../../../server/db/database.js'
import { migrations } from '../../../migrations/index.js'
import { syntheticReturns } from '../../../server/demo/national-returns.js'
import { systemActor, type ServiceContext } from '../../../server/services/context.js'
import { fileReturnInTransaction } from '../../../server/services/national-store.js'
import { loadTypology } from '../../../server/services/typology.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'
import { sequentialIds } from '../../support/test-app.js'
import { makeReturn, makeReturnV2, returnFinding, returnFindingV2 } from './national-support.js'

const auditKey = Buffer.alloc(32, 0x35)

async function emptyDatabase(): Promise<{ database: OpenDatabase; drop(): Promise<void> }> {
  if (testEngine === 'sqlite') return { database: openDatabase(':memory:', { auditKey }), drop: async () => {} }
  const empty = await createEmptyPostgresDatabase()
  return { database: openPostgres(empty.url, { auditKey, poolSize: 1 }), drop: empty.drop }
}

const MIGRATION = '0035_national_counts_flags_versions'
const NEW = /^(national_attention|published|tag_version)$|\+(national_attention|published|tag_version)$/

describe(`migration 0035 (national counts by attention, publication and typology version) on ${testEngine}`, () => {
  it('adds the counts filing keeps now, and leaves the others as they were', async () => {
    const { database, drop } = await emptyDatabase()
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-0035-'))
    try {
      // Today's filing code needs the tables of later migrations (0039's national_finding_facts), so the store gets
      // every migration but 0035; 0035 itself is run below, over the counts as a store filed before it had them.
      await migrateToLatest(database.db, Object.fromEntries(Object.entries(migrations).filter(([name]) => !name.startsWith(MIGRATION.slice(0, 4)))))
      const ctx: ServiceContext = { db: database.db, clock: new FixedClock('2026-03-02T10:00:00.000Z'), config: loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' }), newId: sequentialIds() }
      const { current } = await loadTypology(database.db)
      await database.db.transaction().execute(async (trx) => {
        for (const document of syntheticReturns({ reviews: 12, findings: [1, 5], seed: 35, years: [2020, 2022], typology: current })) {
          await fileReturnInTransaction(trx, ctx, systemActor, document, 'demo')
        }
        // A published report, a finding flagged for national attention, one tagged in two typology versions, and a
        // return replaced by a newer version (its first version's counts taken away).
        const latestCode = current.codes.find((c) => c.parent !== null)!.code
        await fileReturnInTransaction(trx, ctx, systemActor, makeReturnV2({
          returnId: 'nr-1', review: { year: 2021, publishedReport: 'https://example.org/report' },
          findings: [returnFindingV2({ nationalAttention: true, typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }, { code: latestCode, typologyVersion: current.version }] })],
        }), 'demo')
        await fileReturnInTransaction(trx, ctx, systemActor, makeReturnV2({ returnId: 'nr-1', version: 2, review: { year: 2022 }, findings: [returnFindingV2(), returnFindingV2({ ref: 'F2', nationalAttention: true })] }), 'demo')
        // A format 1 return: its findings' attention is not known.
        await fileReturnInTransaction(trx, ctx, systemActor, makeReturn({ returnId: 'nr-2', findings: [returnFinding()] }), 'demo')
      })
      const db = database.db as unknown as Kysely<any> // eslint-disable-line @typescript-eslint/no-explicit-any
      const counts = async () => (await db.selectFrom('national_counts').selectAll().execute())
        .map((r) => `${r.dimension}|${r.key}|${r.year}|${r.region}|${r.methodology}|${r.age_band}|${r.harm}|${Number(r.reviews)}|${Number(r.findings)}`).sort()
      const filed = await counts()
      const added = filed.filter((row) => NEW.test(row.split('|')[0]!))
      // 3 groupings alone and with each of the 13 others (3 pairs among themselves counted once): 3 + 11 × 3 + 3.
      expect(new Set(added.map((row) => row.split('|')[0])).size).toBe(39)
      // A store filed before 0035 had none of them.
      await db.deleteFrom('national_counts').where((eb) => eb.or([
        eb('dimension', 'in', ['national_attention', 'published', 'tag_version']),
        eb('dimension', 'like', '%+national_attention'), eb('dimension', 'like', '%+published'), eb('dimension', 'like', '%+tag_version'),
      ])).execute()
      expect((await counts()).length).toBe(filed.length - added.length)

      await migrations[MIGRATION]!.up(database.db as unknown as Kysely<any>) // eslint-disable-line @typescript-eslint/no-explicit-any

      expect(await counts()).toEqual(filed)
    } finally {
      await database.close()
      await drop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
