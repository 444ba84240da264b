// Two-way tables are read from the pre-added counts when the filters are the reviews' own facts and at most one
// other: those cells must be exactly the ones counted from the findings, for every pair of groupings that takes
// that path, with regions and levels not recorded among them and a return replaced by a newer version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  countByFromFindings, countCrossFromCounts, countCrossFromFindings, countCrossTable, countTotalAndBy, tagVersionsByYearFromFindings, type CrossRow,
} from '../../../server/data/national-cross.js'
import { countTotalsFromFindings, type CountRow } from '../../../server/data/national-themes.js'
import { syntheticReturns } from '../../../server/demo/national-returns.js'
import { systemActor } from '../../../server/services/context.js'
import { fileReturnInTransaction, refreshTranslations } from '../../../server/services/national-store.js'
import { THEME_DIMENSIONS, readThemeQuery } from '../../../server/services/national-themes.js'
import { loadTypology } from '../../../server/services/typology.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { makeReturn, returnFinding } from './national-support.js'
import { expectCountsAgree } from './counts-agree.js'

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

// national_counts keeps every grouping (year and region as columns of every count row), national attention and
// publication included (migration 0035), and the typology versions each year was tagged in.
const TABLES = THEME_DIMENSIONS.length * (THEME_DIMENSIONS.length - 1)

describe('two-way cells from the pre-added counts', () => {
  it('equal the cells counted from the findings for every two groupings, with the reviews\' own facts as filters', async () => {
    const filterSets: Array<Record<string, string>> = [{}, { from: '2020', to: '2022' }, { region: 'London' }, { region: 'not-recorded' }, { methodology: 'rapid-review', ageBand: '1-4' }]
    // Every pair of groupings is kept in the counts, so each of their tables under these filters is read from them,
    // and so are the typology versions by year.
    expect(await expectCountsAgree(t, filterSets)).toBe(filterSets.length * (TABLES + 1))
  })

  it('equal them with one other filter too, where the groupings and the filter make one two-way dimension', async () => {
    const filterSets: Array<Record<string, string>> = [
      { code: 'MAL-1' }, { code: 'MAL' }, { level: 'team' }, { level: 'not-recorded' }, { agency: 'police', from: '2021' },
      { sex: 'female' }, { riskFactor: 'domestic-abuse', region: 'London' }, { findingType: 'good-practice' }, { ageBand: 'under-1' },
      { nationalAttention: 'flagged' }, { nationalAttention: 'not-known', from: '2020' }, { published: 'published' }, { published: 'not-published', region: 'London' },
    ]
    // A table read from the counts with a filter: one grouping is the year or region, or is the grouping filtered on.
    expect(await expectCountsAgree(t, filterSets)).toBeGreaterThan(filterSets.length * 2 * 2 * 9)
    // The codes with a code filter are the pairs of codes on the same finding (and the code itself), by year or region.
    const history = await refreshTranslations(t.ctx)
    const pair = await t.db.selectFrom('national_counts').select('key').where('dimension', '=', 'pair').orderBy('findings', 'desc').executeTakeFirstOrThrow()
    const code = pair.key.split(' ')[0]!
    expect(await expectCountsAgree(t, [{ code }, { code, from: '2021' }])).toBeGreaterThan(0)
    const byCode = readThemeQuery({ code }, history.current, history.versions).filters
    for (const [by, cross] of [['code', 'region'], ['year', 'code']] as const) {
      const cells = await countCrossFromCounts(t.db, by, cross, byCode)
      expect(cells, `${by} × ${cross}`).not.toBeNull()
      expect(cells!.length, `${by} × ${cross}`).toBeGreaterThan(1)
    }
  })

  it('are counted from the findings when the counts cannot give them: words, or two groupings and another filter', async () => {
    const history = await refreshTranslations(t.ctx)
    const byCode = readThemeQuery({ code: 'MAL' }, history.current, history.versions).filters
    const byWords = readThemeQuery({ q: 'supervision' }, history.current, history.versions).filters
    const byTwo = readThemeQuery({ code: 'MAL', agency: 'police' }, history.current, history.versions).filters
    expect(await countCrossFromCounts(t.db, 'agency', 'level', byCode)).toBeNull()
    expect(await countCrossFromCounts(t.db, 'family', 'year', byWords)).toBeNull()
    expect(await countCrossFromCounts(t.db, 'level', 'year', byTwo)).toBeNull()
    expect(await countCrossFromCounts(t.db, 'family', 'year', byCode)).toBeNull()
    expect(await expectCountsAgree(t, [{ q: 'supervision' }])).toBe(0)
    // Two filters make the two-way dimension themselves: only year × region (both ways) is read from the counts.
    expect(await expectCountsAgree(t, [{ code: 'MAL', agency: 'police' }])).toBe(2)
  })

  it('give every part of a two-way table as counted alone, when one statement counts the parts the counts cannot give', async () => {
    const history = await refreshTranslations(t.ctx)
    const byCells = (rows: CrossRow[]) => [...rows].sort((a, b) => `${a.row}|${a.column}`.localeCompare(`${b.row}|${b.column}`))
    const byKey = (rows: CountRow[]) => [...rows].sort((a, b) => `${a.key}`.localeCompare(`${b.key}`))
    // Words; two filters that are not the reviews' facts; one such filter beside two groupings; a flag and a code.
    const filterSets = [{ q: 'supervision' }, { code: 'MAL', agency: 'police' }, { level: 'team' }, { nationalAttention: 'flagged', code: 'MAL', from: '2020' }]
    let fromFindings = 0
    for (const query of filterSets) {
      const { filters } = readThemeQuery(query, history.current, history.versions)
      for (const by of THEME_DIMENSIONS) {
        for (const cross of THEME_DIMENSIONS) {
          if (cross === by) continue
          const label = `${by} × ${cross}, ${JSON.stringify(query)}`
          const withYear = by === 'year' || cross === 'year'
          const table = await countCrossTable(t.db, by, cross, filters, withYear)
          if ((await countCrossFromCounts(t.db, by, cross, filters)) === null) {
            fromFindings++
            expect(byCells(table.cells), label).toEqual(byCells(await countCrossFromFindings(t.db, by, cross, filters)))
          }
          expect(byKey(table.rowTotals.filter((r) => r.reviews > 0)), `rows of ${label}`).toEqual(byKey(await countByFromFindings(t.db, by, filters)))
          expect(byKey(table.columnTotals.filter((r) => r.reviews > 0)), `columns of ${label}`).toEqual(byKey(await countByFromFindings(t.db, cross, filters)))
          expect(table.total, `total of ${label}`).toEqual(await countTotalsFromFindings(t.db, filters))
          const versions = (rows: Array<{ year: number; version: string; findings: number }>) => [...rows].sort((a, b) => a.year - b.year || a.version.localeCompare(b.version))
          expect(versions(table.tagVersions), `versions of ${label}`).toEqual(withYear ? versions(await tagVersionsByYearFromFindings(t.db, filters)) : [])
        }
      }
    }
    // Most of these tables cannot be read from the counts: the one statement counted them.
    expect(fromFindings).toBeGreaterThan(filterSets.length * 100)
  }, 120_000)

  it('give the totals and several one-way tables together as each counted alone, from the counts or in one statement', async () => {
    const history = await refreshTranslations(t.ctx)
    const byKey = (rows: CountRow[]) => [...rows].filter((r) => r.reviews > 0).sort((a, b) => `${a.key}`.localeCompare(`${b.key}`))
    // None; the reviews' own facts (from the counts); words and two non-fact filters (from the findings).
    for (const query of [{}, { region: 'London', from: '2020' }, { q: 'supervision' }, { code: 'MAL', agency: 'police' }]) {
      const { filters } = readThemeQuery(query, history.current, history.versions)
      const together = await countTotalAndBy(t.db, ['region', 'year', 'level', 'agency'], filters)
      expect(together.total, JSON.stringify(query)).toEqual(await countTotalsFromFindings(t.db, filters))
      for (const [i, name] of (['region', 'year', 'level', 'agency'] as const).entries()) {
        expect(byKey(together.by[i]!), `${name}, ${JSON.stringify(query)}`).toEqual(byKey(await countByFromFindings(t.db, name, filters)))
      }
    }
  })
})
