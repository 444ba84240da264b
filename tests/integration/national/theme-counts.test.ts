// The counts the themes use (pre-added for filters on review facts, from the findings otherwise) agree with a
// plain count over the current returns, after returns are replaced and after a new typology version: returns
// tagged against 1.0 and 2.0, then 2.1 published, with retired codes counted under their family and split codes
// counted once on their own line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NationalReturn } from '../../../methodology/national/return-format.js'
import { countByAgency, countByCode, countByFindingColumn, countCodePairs, countTotals, type CountRow, type ThemeFilters } from '../../../server/data/national-themes.js'
import { syntheticReturns } from '../../../server/demo/national-returns.js'
import { systemActor } from '../../../server/services/context.js'
import { fileReturnInTransaction, refreshTranslations } from '../../../server/services/national-store.js'
import { readThemeQuery } from '../../../server/services/national-themes.js'
import { draftNextVersion, loadTypology, publishTypologyVersion, type TypologyHistory } from '../../../server/services/typology.js'
import { findingLines } from '../../../methodology/typology/typology-counting.js'
import { expectCountsAgree } from './counts-agree.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'

let t: TestApp
let current: NationalReturn[]
let history: TypologyHistory

beforeAll(async () => {
  t = await createTestApp()
  const { versions, current: v2 } = await loadTypology(t.db)
  const v1 = versions[0]!
  const returns = syntheticReturns({ reviews: 60, findings: [1, 6], seed: 99, years: [2018, 2023], typology: v1 })
  await t.db.transaction().execute(async (trx) => {
    for (const r of returns) await fileReturnInTransaction(trx, t.ctx, systemActor, r, 'api')
  })
  // Replace a third of them with versions whose findings differ.
  const replacements = syntheticReturns({ reviews: 60, findings: [0, 4], seed: 123, years: [2018, 2023], typology: v2 })
    .filter((_, i) => i % 3 === 0)
    .map((r) => ({ ...r, returnId: r.returnId.replace('synthetic-123', 'synthetic-99'), version: 2 }))
  await t.db.transaction().execute(async (trx) => {
    for (const r of replacements) await fileReturnInTransaction(trx, t.ctx, systemActor, r, 'api')
  })
  // A new typology version: one code split, one merged into another, one retired.
  const draft = draftNextVersion(v2)
  const gone = new Set(['MAL-1', 'HRB-1', 'TLS-4'])
  await publishTypologyVersion(t.ctx, systemActor, {
    version: '2.1', publishedAt: '2027-03-01',
    codes: [...draft.codes.filter((c) => !gone.has(c.code)), { code: 'MAL-7', label: 'Part one', parent: 'MAL', description: '', examples: [] }, { code: 'MAL-8', label: 'Part two', parent: 'MAL', description: '', examples: [] }],
    crosswalk: draft.crosswalk.map((e) => {
      if (e.from === 'MAL-1') return { from: 'MAL-1', to: ['MAL-7', 'MAL-8'], change: 'split', note: '' }
      if (e.from === 'HRB-1') return { from: 'HRB-1', to: ['HRB-2'], change: 'merged', note: '' }
      if (e.from === 'TLS-4') return { from: 'TLS-4', to: [], change: 'retired', note: 'Not used' }
      return e
    }),
  })
  history = await refreshTranslations(t.ctx)
  const byId = new Map<string, NationalReturn>()
  for (const r of [...returns, ...replacements]) byId.set(r.returnId, r)
  current = [...byId.values()]
}, 120_000)
afterAll(async () => { await t?.close() })

/** The same counts, worked out the long way from the current documents. */
function expected(dimension: 'code' | 'family' | 'level' | 'agency' | 'region' | 'year' | 'total', f: ThemeFilters): CountRow[] {
  const cells = new Map<string | null, { reviews: Set<string>; findings: number }>()
  for (const r of current) {
    const v = r.review
    if ((f.from !== null && v.year < f.from) || (f.to !== null && v.year > f.to)) continue
    if (f.region !== null && v.region !== f.region) continue
    if (f.methodology !== null && v.methodology !== f.methodology) continue
    // The ageBand filter reads version 1's bands as sent (national_reviews.age_band); these returns are version 2, which has none.
    if (f.ageBand !== null) continue
    if (f.harm !== null && v.harmCategory !== f.harm) continue
    for (const finding of r.findings) {
      const lines = findingLines(finding.typologyCodes.map((c) => ({ code: c.code, version: c.typologyVersion })), history.versions)
      const codes = lines.map((l) => l.key)
      const families = [...new Set(lines.map((l) => l.family))]
      if (f.level !== null && finding.systemLevel !== f.level) continue
      if (f.agency !== null && !finding.agencies.includes(f.agency as never)) continue
      if (!f.codes.every((c) => (c.isFamily ? families : codes).includes(c.code))) continue
      const keys: Array<string | null> = dimension === 'code' ? codes : dimension === 'family' ? families : dimension === 'agency' ? [...new Set(finding.agencies)]
        : dimension === 'level' ? [finding.systemLevel] : dimension === 'region' ? [v.region] : dimension === 'year' ? [String(v.year)] : ['']
      for (const key of keys) {
        const cell = cells.get(key) ?? { reviews: new Set<string>(), findings: 0 }
        cell.reviews.add(r.returnId)
        cell.findings++
        cells.set(key, cell)
      }
    }
  }
  return [...cells].map(([key, c]) => ({ key, reviews: c.reviews.size, findings: c.findings }))
}

const sorted = (rows: CountRow[]) => [...rows].sort((a, b) => String(a.key).localeCompare(String(b.key)))

const QUERIES: Array<Record<string, string | string[]>> = [
  {}, { from: '2019', to: '2021' }, { region: 'London' }, { methodology: 'rapid-review' }, { ageBand: '1-4', harm: 'death' },
  { code: 'MAL-7' }, { code: 'MAL-1' }, { code: 'MAL-5' }, { code: 'FPI' }, { code: 'HRB' }, { agency: 'police' }, { level: 'team', region: 'South East' }, { code: ['MAI', 'MGT'], from: '2020' },
]

describe('theme counts', () => {
  it.each(QUERIES)('match a plain count over the current returns for %o', async (query) => {
    const { filters } = readThemeQuery(query, history.current, history.versions)
    expect(sorted(await countByCode(t.db, 'code', filters))).toEqual(sorted(expected('code', filters)))
    expect(sorted(await countByCode(t.db, 'family', filters))).toEqual(sorted(expected('family', filters)))
    expect(sorted(await countByAgency(t.db, filters))).toEqual(sorted(expected('agency', filters)))
    expect(sorted(await countByFindingColumn(t.db, 'system_level', filters))).toEqual(sorted(expected('level', filters)))
    expect(sorted(await countByFindingColumn(t.db, 'region', filters))).toEqual(sorted(expected('region', filters)))
    expect(sorted(await countByFindingColumn(t.db, 'year', filters))).toEqual(sorted(expected('year', filters)))
    const [total] = expected('total', filters)
    expect(await countTotals(t.db, filters)).toEqual({ reviews: total?.reviews ?? 0, findings: total?.findings ?? 0 })
  })

  it('counts a retired code under its family, a merged one under its new code, and a split one once on its own line', async () => {
    const { filters } = readThemeQuery({}, history.current, history.versions)
    const rows = await countByCode(t.db, 'code', filters)
    const keys = rows.map((r) => r.key)
    for (const gone of ['TLS-4', 'HRB-1', 'FPI-1', 'FPI-2']) expect(keys).not.toContain(gone)
    // The split lines: MAL-1 (split in 2.1) and MAL-5 (split in 2.0), each counted once; the new codes only
    // where a return was tagged with them (none here), never by translation.
    expect(keys).toContain('MAL-1')
    expect(keys).toContain('MAL-5')
    expect(keys).not.toContain('MAL-7')
    expect(keys).not.toContain('MAL-8')
    // The retired 1.0 codes land on their family's own line.
    const fpi = rows.find((r) => r.key === 'FPI')
    const taggedFpi = current.flatMap((r) => r.findings).filter((f) => f.typologyCodes.some((c) => ['FPI', 'FPI-1', 'FPI-2'].includes(c.code) && (c.code === 'FPI' || c.typologyVersion === '1.0'))).length
    expect(fpi?.findings).toBe(taggedFpi)
  })

  it('counts pairs of codes on the same finding the same way from the pre-added counts and from the findings', async () => {
    const quick = await countCodePairs(t.db, readThemeQuery({ from: '2018' }, history.current, history.versions).filters, 50)
    // The same pairs through the findings: a filter on review facts alone uses the counts, a level filter cannot.
    const levels = ['government', 'regulators', 'local-partnership', 'agency-management', 'team', 'frontline', 'child-family']
    const slow = new Map<string, number>()
    for (const level of levels) {
      for (const p of await countCodePairs(t.db, readThemeQuery({ level }, history.current, history.versions).filters, 500)) slow.set(`${p.first} ${p.second}`, (slow.get(`${p.first} ${p.second}`) ?? 0) + p.findings)
    }
    for (const p of quick) expect(slow.get(`${p.first} ${p.second}`), `${p.first} ${p.second}`).toBe(p.findings)
  })
})

describe('the pre-added counts after returns are replaced and a new typology version is published', () => {
  it('give every table, alone and two by two, as the findings do', async () => {
    expect(await expectCountsAgree(t, [{}, { code: 'MAL' }, { level: 'team', from: '2020' }, { nationalAttention: 'flagged' }, { published: 'not-published' }])).toBeGreaterThan(0)
  })
})
