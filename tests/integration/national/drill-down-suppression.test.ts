// Drill-downs cannot undo a table's suppression (issue 16): for random two-way tables filed as returns, every
// entry of the table (cells, row and column totals, the total) is drilled into, naming the table and not naming
// it. Naming the table, a hidden entry is never listed and a shown one lists exactly the table's count, so from the
// shown entries and every such drill-down together no hidden entry can be worked out; naming none, a list shows no
// number that another table (the one-way table of the grouping it pins, or the page's total) does not show.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTestApp, addUser, type TestApp } from '../../support/test-app.js'
import { recoverable } from '../../support/recoverable.js'
import { getJson, makeReturn, postReturn, returnFinding, tokenFor } from './national-support.js'

const REGIONS = ['London', 'North East'] as const
const YEARS = [2020, 2021, 2022] as const

type Cell = { reviews: number | string; findings: number | string; withheld: boolean }
type Drill = { withheld: boolean; findings: number | null; viewWithheld: { filter: string } | null }

const count = fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 3, arbitrary: fc.integer({ min: 5, max: 7 }) })
const grids = fc.array(fc.array(fc.record({ reviews: count, findingsEach: fc.integer({ min: 1, max: 2 }) }), { minLength: YEARS.length, maxLength: YEARS.length }), { minLength: REGIONS.length, maxLength: REGIONS.length })

async function fileGrid(t: TestApp, token: string, grid: Array<Array<{ reviews: number; findingsEach: number }>>): Promise<void> {
  for (const [r, row] of grid.entries()) {
    for (const [c, cell] of row.entries()) {
      for (let i = 0; i < cell.reviews; i++) {
        const findings = Array.from({ length: cell.findingsEach }, (_, f) => returnFinding({ ref: `F${f + 1}` }))
        const res = await postReturn(t, token, makeReturn({ review: { region: REGIONS[r]!, year: YEARS[c]! }, findings }))
        expect(res.statusCode, res.body).toBe(201)
      }
    }
  }
}

/** Whether dropping either grouping the entry pins (row key, column key) adds 1 to 4 reviews to it. */
function leavesOutFew(grid: Array<Array<{ reviews: number }>>, by: string, rowKey: string | null, columnKey: string | null): boolean {
  const [regionKey, yearKey] = by === 'region' ? [rowKey, columnKey] : [columnKey, rowKey]
  const reviews = (region: string | null, year: string | null) => grid.reduce((sum, row, r) => sum + row.reduce((s, cell, c) =>
    s + ((region === null || REGIONS[r] === region) && (year === null || String(YEARS[c]) === year) ? cell.reviews : 0), 0), 0)
  const entry = reviews(regionKey, yearKey)
  const without = [...(regionKey !== null ? [reviews(null, yearKey)] : []), ...(yearKey !== null ? [reviews(regionKey, null)] : [])]
  return without.some((n) => n - entry >= 1 && n - entry <= 4)
}

describe('drill-downs and two-way tables', () => {
  it('never list a hidden entry, list a shown one with the table’s count, and leave every hidden entry unrecoverable', async () => {
    await fc.assert(fc.asyncProperty(grids, fc.boolean(), async (grid, yearsAsRows) => {
      const t = await createTestApp()
      try {
        const token = await tokenFor(t, await addUser(t, 'national'))
        await fileGrid(t, token, grid)
        const [by, cross] = yearsAsRows ? ['year', 'region'] : ['region', 'year']
        const table = (await getJson(t, token, `/api/v1/national/themes?by=${by}&cross=${cross}`)).json() as {
          rows: Array<{ key: string }>; columns: Array<{ key: string }>; cells: Cell[][]; rowTotals: Cell[]; columnTotals: Cell[]; total: Cell
        }
        const filter = (dim: string, key: string) => (dim === 'year' ? `from=${key}&to=${key}` : `region=${encodeURIComponent(key)}`)
        const drill = async (filters: string[], named: boolean): Promise<Drill> => {
          const query = [...filters, ...(named ? [`by=${by}`, `cross=${cross}`] : []), 'perPage=1'].join('&')
          const res = await getJson(t, token, `/api/v1/national/findings?${query}`)
          expect(res.statusCode, res.body).toBe(200)
          return res.json()
        }
        const oneWay = async (dim: string, key: string) => {
          const rows = (await getJson(t, token, `/api/v1/national/themes?by=${dim}`)).json().rows as Array<{ key: string; findings: number | string }>
          return rows.find((r) => r.key === key)?.findings
        }
        const shownElsewhere = async (rowKey: string | null, columnKey: string | null, entry: Cell) => {
          if (rowKey !== null && columnKey !== null) return entry.withheld ? 'not shown' : entry.findings
          if (rowKey !== null) return oneWay(by, rowKey)
          if (columnKey !== null) return oneWay(cross, columnKey)
          const page = (await getJson(t, token, '/api/v1/national/themes?by=region')).json().rows as Array<{ findings: number | string }>
          const years = (await getJson(t, token, '/api/v1/national/themes?by=year')).json().rows as Array<{ findings: number | string }>
          // Rule 2: the total shows only beside tables that hide no row.
          return [...page, ...years].every((r) => typeof r.findings === 'number') ? page.reduce((s, r) => s + Number(r.findings), 0) : 'not shown'
        }
        // The table with its totals as one grid of findings, which entries it hides, and what the drill-downs add.
        const R = table.rows.length
        const C = table.columns.length
        const truth: number[][] = []
        const hidden: boolean[][] = []
        for (let i = 0; i <= R; i++) {
          truth.push([])
          hidden.push([])
          for (let j = 0; j <= C; j++) {
            const entry = i < R && j < C ? table.cells[i]![j]! : i < R ? table.rowTotals[i]! : j < C ? table.columnTotals[j]! : table.total
            const filters = [...(i < R ? [filter(by, table.rows[i]!.key)] : []), ...(j < C ? [filter(cross, table.columns[j]!.key)] : [])]
            const named = await drill(filters, true)
            const plain = await drill(filters, false)
            const where = filters.join('&') || '(no filters)'
            if (entry.withheld || entry.reviews === 0) expect(named, `${where} hidden in the table`).toMatchObject({ withheld: true, findings: null })
            else if (named.viewWithheld) {
              // The minimum complement: withheld only where one of its filters does leave out 1 to 4 reviews.
              expect(named, where).toMatchObject({ withheld: true, findings: null })
              expect(leavesOutFew(grid, by, i < R ? table.rows[i]!.key : null, j < C ? table.columns[j]!.key : null), where).toBe(true)
            } else expect(named, where).toMatchObject({ withheld: false, findings: entry.findings })
            // Naming no table, the list shows no more than another table shows: the one-way table of a grouping it
            // pins (the dashboard's), this very table for a cell, the page's total under rule 2.
            if (!plain.withheld) expect(plain.findings, where).toBe(await shownElsewhere(i < R ? table.rows[i]!.key : null, j < C ? table.columns[j]!.key : null, entry))
            // Which entries are hidden is all the observer's reasoning turns on; the numbers stand in.
            truth[i]!.push(entry.withheld ? 0 : Number(entry.findings))
            hidden[i]!.push(entry.withheld)
          }
        }
        expect(recoverable(truth, hidden)).toEqual([])
      } finally {
        await t.close()
      }
    }), { numRuns: 5 })
  }, 600_000)
})
