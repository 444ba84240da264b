// Two-way tables through GET /api/v1/national/themes?by=…&cross=…: cells with their totals, primary and
// complementary suppression, and trends by year that stay honest across typology versions.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemActor } from '../../../server/services/context.js'
import { draftNextVersion, loadTypology, publishTypologyVersion } from '../../../server/services/typology.js'
import type { TestApp } from '../../support/test-app.js'
import { getJson, makeReturn, postReturn, returnFinding, setUpNationalAnalyst } from './national-support.js'

let t: TestApp
let token: string
beforeEach(async () => { ({ t, token } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

type Cell = { reviews: number | string; findings: number | string; withheld: boolean }
interface Table {
  by: string
  cross: string
  withheld: string
  rows: Array<{ key: string; label: string; split?: unknown; typologyVersions?: string[] }>
  columns: Array<{ key: string; label: string; typologyVersions?: string[] }>
  cells: Cell[][]
  rowTotals: Cell[]
  columnTotals: Cell[]
  total: Cell
}

async function cross(by: string, with_: string, extra = ''): Promise<Table> {
  const res = await getJson(t, token, `/api/v1/national/themes?by=${by}&cross=${with_}${extra}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

async function file(n: number, review: { region: 'London' | 'North East'; year: number }, code: string, version = '1.0'): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await postReturn(t, token, makeReturn({ review, findings: [returnFinding({ typologyCodes: [{ code, typologyVersion: version }] })] }))
    expect(res.statusCode, res.body).toBe(201)
  }
}

const numbers = (cells: Cell[][]) => cells.map((row) => row.map((c) => c.reviews))

describe('two-way tables', () => {
  it('gives cells with row, column and grand totals, and hides a small cell together with the cells that would give it away', async () => {
    await file(6, { region: 'London', year: 2021 }, 'MAI-1')
    await file(7, { region: 'London', year: 2022 }, 'MAI-1')
    await file(2, { region: 'North East', year: 2021 }, 'MAI-2')
    await file(5, { region: 'North East', year: 2022 }, 'MAI-2')
    const table = await cross('region', 'year')
    expect(table.withheld).toBe('[c]')
    expect(table.rows.map((r) => r.key)).toEqual(['North East', 'London'])
    expect(table.columns.map((c) => c.key)).toEqual(['2021', '2022'])
    // North East 2021 (2 reviews) is hidden; with the totals shown, each of the other three would give it back.
    expect(numbers(table.cells)).toEqual([['[c]', '[c]'], ['[c]', '[c]']])
    expect(table.cells[0]![0]).toEqual({ reviews: '[c]', findings: '[c]', withheld: true })
    expect(table.rowTotals.map((c) => c.reviews)).toEqual([7, 13])
    expect(table.columnTotals.map((c) => c.reviews)).toEqual([8, 12])
    expect(table.total).toEqual({ reviews: 20, findings: 20, withheld: false })
  })

  it('shows every cell when none is small, and applies the filters to cells and totals alike', async () => {
    await file(6, { region: 'London', year: 2021 }, 'MAI-1')
    await file(5, { region: 'London', year: 2022 }, 'MAL-1')
    await file(5, { region: 'North East', year: 2021 }, 'MAI-1')
    const table = await cross('family', 'region')
    expect(table.rows.map((r) => r.key)).toEqual(['MAI', 'MAL'])
    expect(table.columns.map((c) => c.key)).toEqual(['North East', 'London'])
    // MAL in North East is an empty cell: shown as 0, it points at nobody.
    expect(numbers(table.cells)).toEqual([[5, 6], [0, 5]])
    expect(table.rowTotals.map((c) => c.reviews)).toEqual([11, 5])
    const filtered = await cross('family', 'region', '&from=2021&to=2021')
    expect(numbers(filtered.cells)).toEqual([[5, 6]])
    expect(filtered.total.reviews).toBe(11)
  })

  it('refuses a grouping it does not know or the same grouping twice, naming the parameter', async () => {
    const unknown = await getJson(t, token, '/api/v1/national/themes?by=region&cross=colour')
    expect(unknown.statusCode).toBe(400)
    const same = await getJson(t, token, '/api/v1/national/themes?by=region&cross=region')
    expect(same.statusCode).toBe(400)
    expect(same.json().details).toEqual([{ path: 'cross', message: 'cross must differ from by' }])
  })
})

describe('trends by year across typology versions', () => {
  it('counts a retired code under its family and a split code once on its own line, and says which version each year was tagged in', async () => {
    await file(5, { region: 'London', year: 2021 }, 'MAL-1')
    await file(5, { region: 'London', year: 2021 }, 'TLS-4')
    const { current } = await loadTypology(t.db)
    const draft = draftNextVersion(current)
    await publishTypologyVersion(t.ctx, systemActor, {
      version: '2.1', publishedAt: '2027-03-01',
      codes: [
        ...draft.codes.filter((c) => c.code !== 'MAL-1' && c.code !== 'TLS-4'),
        { code: 'MAL-7', label: 'No one holds the history', parent: 'MAL', description: 'Split', examples: [] },
        { code: 'MAL-8', label: 'Cumulative harm not seen', parent: 'MAL', description: 'Split', examples: [] },
      ],
      crosswalk: draft.crosswalk.map((e) => {
        if (e.from === 'MAL-1') return { from: 'MAL-1', to: ['MAL-7', 'MAL-8'], change: 'split', note: 'Two patterns' }
        if (e.from === 'TLS-4') return { from: 'TLS-4', to: [], change: 'retired', note: 'Rarely used' }
        return e
      }),
    })
    await file(6, { region: 'London', year: 2022 }, 'MAL-7', '2.1')
    const byCode = await cross('code', 'year')
    // The split code is one line (never under MAL-7 and MAL-8 as well); the retired one counts under its family.
    expect(byCode.rows.map((r) => r.key)).toEqual(['TLS', 'MAL-7', 'MAL-1'])
    expect(byCode.rows[2]).toMatchObject({ split: { code: 'MAL-1', version: '2.1', into: ['MAL-7', 'MAL-8'] } })
    expect(numbers(byCode.cells)).toEqual([[5, 0], [0, 6], [5, 0]])
    expect(byCode.columns).toEqual([
      { key: '2021', label: '2021', typologyVersions: ['1.0'] },
      { key: '2022', label: '2022', typologyVersions: ['2.1'] },
    ])
    const byFamily = await cross('family', 'year')
    expect(byFamily.rows.map((r) => r.key)).toEqual(['MAL', 'TLS'])
    expect(numbers(byFamily.cells)).toEqual([[5, 6], [5, 0]])
    expect(byFamily.rowTotals.map((c) => c.reviews)).toEqual([11, 5])
  })
})
