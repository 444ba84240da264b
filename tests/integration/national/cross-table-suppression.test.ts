// Suppression across the national tables of the same filters, through the API: what one table hides must not come
// back from what another shows (the total added up from a table that hides nothing, a two-way table's totals
// read from the one-way tables).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { signIn } from '../../support/browser-agent.js'
import type { TestApp } from '../../support/test-app.js'
import { recoverable } from '../../support/recoverable.js'
import { getJson, makeReturn, postReturn, returnFinding, setUpNationalAnalyst } from './national-support.js'

let t: TestApp
let token: string
let national: User
beforeEach(async () => { ({ t, token, national } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

type Shown = number | string
interface OneWay { rows: Array<{ key: string; reviews: Shown; findings: Shown }> }
interface Cell { reviews: Shown; findings: Shown; withheld: boolean }
interface TwoWay { rows: Array<{ key: string }>; columns: Array<{ key: string }>; cells: Cell[][]; rowTotals: Cell[]; columnTotals: Cell[]; total: Cell }

async function file(n: number, review: { region: 'London' | 'North East'; year: number }, code = 'MAI-1'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await postReturn(t, token, makeReturn({ review, findings: [returnFinding({ typologyCodes: [{ code, typologyVersion: '1.0' }] })] }))
    expect(res.statusCode, res.body).toBe(201)
  }
}

async function api<T>(url: string): Promise<T> {
  const res = await getJson(t, token, url)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as T
}

const reviewsOf = (table: OneWay) => Object.fromEntries(table.rows.map((r) => [r.key, r.reviews]))

describe('suppression across the tables of the same filters', () => {
  it('withholds a second year when one is small, since the table by region hides nothing and adds up to the total', async () => {
    await file(6, { region: 'London', year: 2021 })
    await file(3, { region: 'London', year: 2022 })
    await file(5, { region: 'North East', year: 2021 })
    const byRegion = await api<OneWay>('/api/v1/national/themes?by=region')
    expect(reviewsOf(byRegion)).toEqual({ London: 9, 'North East': 5 })
    // 14 − 11 would give the 3 reviews of 2022 back.
    expect(reviewsOf(await api<OneWay>('/api/v1/national/themes?by=year'))).toEqual({ 2021: '[c]', 2022: '<5' })
    // The dashboard's table and its download say the same, and the drill-down to 2021 is withheld with it.
    const agent = await signIn(t.app, national.email)
    const csv = (await agent.get('/national/export?table=year&format=csv')).body
    expect(csv).toMatch(/^2021,2021,\[c\],\[c\]/m)
    expect(csv).toMatch(/^2022,2022,<5,<5/m)
    const drill = await api<{ withheld: boolean }>('/api/v1/national/findings?by=year&from=2021&to=2021')
    expect(drill.withheld).toBe(true)
  })

  it('shows a two-way table\'s totals exactly as the one-way tables of the same filters do, and nothing hidden comes back from all of them', async () => {
    await file(3, { region: 'London', year: 2021 })
    await file(20, { region: 'London', year: 2022 })
    await file(9, { region: 'London', year: 2023 })
    await file(7, { region: 'North East', year: 2022 })
    for (const filter of ['', '&region=London']) {
      const [byRegion, byYear, cross] = await Promise.all([
        api<OneWay>(`/api/v1/national/themes?by=region${filter}`),
        api<OneWay>(`/api/v1/national/themes?by=year${filter}`),
        api<TwoWay>(`/api/v1/national/themes?by=region&cross=year${filter}`),
      ])
      const regions = reviewsOf(byRegion)
      const years = reviewsOf(byYear)
      cross.rows.forEach((r, i) => expect(cross.rowTotals[i]!.withheld ? 'hidden' : cross.rowTotals[i]!.reviews, `region ${r.key}${filter}`).toBe(typeof regions[r.key] === 'number' ? regions[r.key] : 'hidden'))
      cross.columns.forEach((c, j) => expect(cross.columnTotals[j]!.withheld ? 'hidden' : cross.columnTotals[j]!.reviews, `year ${c.key}${filter}`).toBe(typeof years[c.key] === 'number' ? years[c.key] : 'hidden'))
      // The observer's grid: a number is known if any table shows it; the total is known (the sum of a table hiding nothing, or shown).
      const known = (shown: Cell, oneWay: Shown | undefined) => !shown.withheld || typeof oneWay === 'number'
      const hidden = [
        ...cross.cells.map((row, i) => [...row.map((c) => c.withheld), !known(cross.rowTotals[i]!, regions[cross.rows[i]!.key])]),
        [...cross.columnTotals.map((c, j) => !known(c, years[cross.columns[j]!.key])), false],
      ]
      const truth: Record<string, number> = { 'London 2021': 3, 'London 2022': 20, 'London 2023': 9, 'North East 2022': 7 }
      const values = [
        ...cross.rows.map((r) => [...cross.columns.map((c) => truth[`${r.key} ${c.key}`] ?? 0), cross.columns.reduce((s, c) => s + (truth[`${r.key} ${c.key}`] ?? 0), 0)]),
        [...cross.columns.map((c) => cross.rows.reduce((s, r) => s + (truth[`${r.key} ${c.key}`] ?? 0), 0)), Object.values(truth).filter((_, i) => filter === '' || i < 3).reduce((s, v) => s + v, 0)],
      ]
      expect(recoverable(values, hidden), `filters "${filter}": ${JSON.stringify(cross.cells.map((row) => row.map((c) => c.reviews)))}`).toEqual([])
      // The small cell itself is hidden wherever it appears.
      const london = cross.rows.findIndex((r) => r.key === 'London')
      const y2021 = cross.columns.findIndex((c) => c.key === '2021')
      expect(cross.cells[london]![y2021]!.withheld).toBe(true)
    }
  })
})
