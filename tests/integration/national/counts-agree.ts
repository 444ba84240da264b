// The pre-added counts must give exactly what counting the findings gives: for every grouping alone, every two
// groupings together, and the totals, under each set of filters given. Shared by the tests that file, replace and
// re-translate returns (one by one, at the same time, after a new typology version).
import { expect } from 'vitest'
import {
  countBy, countByFromFindings, countCrossFromCounts, countCrossFromFindings, tagVersionsByYearFromCounts, tagVersionsByYearFromFindings, type CrossRow, type YearVersion,
} from '../../../server/data/national-cross.js'
import { countTotals, countTotalsFromFindings, type CountRow } from '../../../server/data/national-themes.js'
import { refreshTranslations } from '../../../server/services/national-store.js'
import { THEME_DIMENSIONS, readThemeQuery } from '../../../server/services/national-themes.js'
import type { TestApp } from '../../support/test-app.js'

const byCells = (rows: CrossRow[]) => [...rows].sort((a, b) => `${a.row}|${a.column}`.localeCompare(`${b.row}|${b.column}`))
const byYearVersion = (rows: YearVersion[]) => [...rows].sort((a, b) => a.year - b.year || a.version.localeCompare(b.version))
const byKey = (rows: CountRow[]) => [...rows].sort((a, b) => `${a.key}`.localeCompare(`${b.key}`))

/** The findings' countable facts, as national_findings holds them and as the counts over the findings read them. */
const FACTS = ['id', 'review_id', 'year', 'region', 'methodology', 'age_band', 'harm', 'system_level', 'sin_age_band', 'sex', 'ethnicity', 'harm_type', 'social_care_status', 'finding_type', 'national_attention'] as const

/**
 * Checks every table, and the typology versions each year was tagged in, under each filter set; returns how many
 * two-way tables (the versions by year counting as one) were read from the counts.
 */
export async function expectCountsAgree(t: TestApp, filterSets: ReadonlyArray<Record<string, string>>): Promise<number> {
  // The counts over the findings read each finding's facts from national_finding_facts: that copy must be exact.
  expect(await t.db.selectFrom('national_finding_facts').select([...FACTS]).orderBy('id').execute(), 'the findings\' facts')
    .toEqual(await t.db.selectFrom('national_findings').select([...FACTS]).orderBy('id').execute())
  const history = await refreshTranslations(t.ctx)
  let fromCounts = 0
  for (const query of filterSets) {
    const { filters } = readThemeQuery(query, history.current, history.versions)
    const label = JSON.stringify(query)
    expect(await countTotals(t.db, filters), `totals, ${label}`).toEqual(await countTotalsFromFindings(t.db, filters))
    const versions = await tagVersionsByYearFromCounts(t.db, filters)
    if (versions !== null) {
      fromCounts++
      expect(byYearVersion(versions), `typology versions by year, ${label}`).toEqual(byYearVersion(await tagVersionsByYearFromFindings(t.db, filters)))
    }
    for (const by of THEME_DIMENSIONS) {
      const slow = await countByFromFindings(t.db, by, filters)
      expect(byKey((await countBy(t.db, by, filters)).filter((r) => r.reviews > 0)), `${by}, ${label}`).toEqual(byKey(slow))
      for (const cross of THEME_DIMENSIONS) {
        if (cross === by) continue
        const fast = await countCrossFromCounts(t.db, by, cross, filters)
        if (fast === null) continue
        fromCounts++
        const cells = await countCrossFromFindings(t.db, by, cross, filters)
        expect(byCells(fast.filter((c) => c.reviews > 0)), `${by} × ${cross}, ${label}`).toEqual(byCells(cells))
      }
    }
  }
  return fromCounts
}
