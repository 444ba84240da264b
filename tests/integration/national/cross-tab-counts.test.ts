// Two-way tables are read from the pre-added counts when one grouping is the year or region and the filters are
// the reviews' own facts: those cells must be exactly the ones counted from the findings, for every pair of
// groupings that takes that path, with regions and levels not recorded among them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countCross, countCrossFromCounts, countCrossFromFindings, type CrossRow } from '../../../server/data/national-cross.js'
import { syntheticReturns } from '../../../server/demo/national-returns.js'
import { systemActor } from '../../../server/services/context.js'
import { GROUPING_SOURCES } from '../../../server/services/national-cross-tab.js'
import { fileReturnInTransaction, refreshTranslations } from '../../../server/services/national-store.js'
import { DASHBOARD_DIMENSIONS, V2_DIMENSIONS, readThemeQuery } from '../../../server/services/national-themes.js'
import { loadTypology } from '../../../server/services/typology.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { makeReturn, returnFinding } from './national-support.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  const { current } = await loadTypology(t.db)
  await t.db.transaction().execute(async (trx) => {
    for (const document of syntheticReturns({ reviews: 60, findings: [1, 6], seed: 5, years: [2019, 2023], typology: current })) {
      await fileReturnInTransaction(trx, t.ctx, systemActor, document, 'demo')
    }
    // A region and a system level not recorded, and a return filed again as a new version (its old counts taken away).
    for (let i = 0; i < 3; i++) {
      await fileReturnInTransaction(trx, t.ctx, systemActor, makeReturn({ returnId: `nr-${i}`, review: { region: null, year: 2021 }, findings: [returnFinding({ systemLevel: null })] }), 'demo')
    }
    await fileReturnInTransaction(trx, t.ctx, systemActor, makeReturn({ returnId: 'nr-0', version: 2, review: { region: 'London', year: 2022 }, findings: [returnFinding(), returnFinding({ ref: 'F2', typologyCodes: [{ code: 'MAL-1', typologyVersion: '1.0' }] })] }), 'demo')
  })
}, 120_000)
afterAll(async () => { await t?.close() })

const sorted = (rows: CrossRow[]) => [...rows].sort((a, b) => `${a.row}|${a.column}`.localeCompare(`${b.row}|${b.column}`))

describe('two-way cells from the pre-added counts', () => {
  for (const query of [{}, { from: '2020', to: '2022' }, { region: 'London' }, { region: 'not-recorded' }, { methodology: 'rapid-review', ageBand: '1-4' }]) {
    it(`equal the cells counted from the findings, filters ${JSON.stringify(query)}`, async () => {
      const history = await refreshTranslations(t.ctx)
      const { filters } = readThemeQuery(query, history.current, history.versions)
      let compared = 0
      // The pre-added counts hold the format 1 groupings; the format 2 ones are counted from the findings (below).
      for (const by of DASHBOARD_DIMENSIONS) {
        for (const cross of DASHBOARD_DIMENSIONS) {
          if (by === cross || (by !== 'year' && by !== 'region' && cross !== 'year' && cross !== 'region')) continue
          const fast = await countCrossFromCounts(t.db, GROUPING_SOURCES[by], GROUPING_SOURCES[cross], filters)
          expect(fast, `${by} × ${cross} is read from the counts`).not.toBeNull()
          expect(await countCross(t.db, GROUPING_SOURCES[by], GROUPING_SOURCES[cross], filters)).toEqual(fast)
          const slow = await countCrossFromFindings(t.db, GROUPING_SOURCES[by], GROUPING_SOURCES[cross], filters)
          expect(sorted(fast!.filter((c) => c.reviews > 0)), `${by} × ${cross}`).toEqual(sorted(slow))
          compared++
        }
      }
      expect(compared).toBe(18)
      for (const v2 of V2_DIMENSIONS) {
        for (const fact of ['year', 'region'] as const) {
          expect(await countCrossFromCounts(t.db, GROUPING_SOURCES[v2], GROUPING_SOURCES[fact], filters), `${v2} × ${fact}`).toBeNull()
          expect(sorted(await countCross(t.db, GROUPING_SOURCES[v2], GROUPING_SOURCES[fact], filters))).toEqual(sorted(await countCrossFromFindings(t.db, GROUPING_SOURCES[v2], GROUPING_SOURCES[fact], filters)))
        }
      }
    })
  }

  it('are counted from the findings when a filter is not a review fact, or neither grouping is the year or region', async () => {
    const history = await refreshTranslations(t.ctx)
    const plain = readThemeQuery({}, history.current, history.versions).filters
    const byCode = readThemeQuery({ code: 'MAL' }, history.current, history.versions).filters
    expect(await countCrossFromCounts(t.db, GROUPING_SOURCES.family, GROUPING_SOURCES.year, byCode)).toBeNull()
    expect(await countCrossFromCounts(t.db, GROUPING_SOURCES.agency, GROUPING_SOURCES.level, plain)).toBeNull()
  })
})
