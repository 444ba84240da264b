// Returns filed at the same moment (several API requests, on PostgreSQL several connections at once) leave the
// store as filing them one by one would: one current version per return, the newest accepted, and pre-added
// counts that agree with the findings held, every grouping alone and two by two. Runs on both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NationalReturn } from '../../../methodology/national/return-format.js'
import { syntheticReturns } from '../../../server/demo/national-returns.js'
import { countTotals } from '../../../server/data/national-themes.js'
import { systemActor } from '../../../server/services/context.js'
import { receiveReturn } from '../../../server/services/national-store.js'
import { loadTypology } from '../../../server/services/typology.js'
import { RuleBroken } from '../../../server/errors.js'
import { expectCountsAgree } from './counts-agree.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'

let t: TestApp
let returns: NationalReturn[]

beforeAll(async () => {
  t = await createTestApp()
  const { current } = await loadTypology(t.db)
  returns = syntheticReturns({ reviews: 10, findings: [1, 5], seed: 7, years: [2019, 2023], typology: current })
})
afterAll(async () => { await t?.close() })

describe('returns filed at the same time', () => {
  it('are all filed, and the counts agree with the findings held', async () => {
    const results = await Promise.allSettled(returns.map((r) => receiveReturn(t.ctx, systemActor, r, 'api')))
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const held = await t.db.selectFrom('national_findings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const expected = returns.reduce((sum, r) => sum + r.findings.length, 0)
    expect(Number(held.n)).toBe(expected)
    const none = { from: null, to: null, codes: [], region: null, level: null, agency: null, methodology: null, ageBand: null, harm: null, search: null }
    expect(await countTotals(t.db, none)).toEqual({ reviews: returns.length, findings: expected })
    expect(await expectCountsAgree(t, [{}, { agency: 'police' }, { nationalAttention: 'not-flagged' }])).toBeGreaterThan(0)
  })

  it('keep one current version of a return, the newest accepted; the others are refused as stale or duplicate', async () => {
    const base = returns[0]!
    const versions = [2, 3, 4, 3, 2]
    const results = await Promise.allSettled(versions.map((version) => receiveReturn(t.ctx, systemActor, { ...base, version }, 'api')))
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(RuleBroken)
    const held = await t.db.selectFrom('national_returns').select(['version', 'is_current']).where('return_id', '=', base.returnId).orderBy('version').execute()
    expect(held.filter((h) => h.is_current === 1)).toHaveLength(1)
    const newest = Math.max(...held.map((h) => h.version))
    expect(held.find((h) => h.is_current === 1)!.version).toBe(newest)
    expect(new Set(held.map((h) => h.version)).size).toBe(held.length)
    const analysed = await t.db.selectFrom('national_reviews').select('version').where('return_id', '=', base.returnId).execute()
    expect(analysed).toEqual([{ version: newest }])
    const none = { from: null, to: null, codes: [], region: null, level: null, agency: null, methodology: null, ageBand: null, harm: null, search: null }
    expect(await countTotals(t.db, none)).toEqual({ reviews: returns.length, findings: returns.reduce((sum, r) => sum + r.findings.length, 0) })
    expect(await expectCountsAgree(t, [{}, { level: 'team' }])).toBeGreaterThan(0)
  })
})
