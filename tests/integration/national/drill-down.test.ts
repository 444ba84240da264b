// Drill-down to the anonymised findings (GET /api/v1/national/findings and the findings page): the findings
// matching the dashboard's filters with their board questions, paged; withheld when they come from fewer than
// 5 reviews; never a review count; every read audited without the words searched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { signIn } from '../../support/browser-agent.js'
import { addUser, type TestApp } from '../../support/test-app.js'
import { getJson, makeReturn, postReturn, returnFinding, setUpNationalAnalyst, tokenFor } from './national-support.js'

let t: TestApp
let national: User
let token: string
beforeEach(async () => { ({ t, national, token } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

/**
 * Six London reviews with one MAI-1 finding each (F1 to F6 in turn); two North East reviews on MAI-2; seven South
 * West reviews on MAL-1, so that a filter to London's or MAI-1's six leaves out more than 4 reviews (fewer would
 * withhold the view: the minimum complement).
 */
async function fileSet(): Promise<void> {
  for (let i = 0; i < 7; i++) {
    await postReturn(t, token, makeReturn({ review: { region: 'South West', year: 2022 }, findings: [returnFinding({ title: 'Records kept apart', pattern: 'Each agency kept its own record.', typologyCodes: [{ code: 'MAL-1', typologyVersion: '1.0' }] })] }))
  }
  for (let i = 1; i <= 6; i++) {
    await postReturn(t, token, makeReturn({
      review: { region: 'London', year: 2020 + (i % 2) },
      findings: [returnFinding({ ref: `F${i}`, title: `Supervision finding ${i}`, pattern: 'Supervision was squeezed out by workload.', typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }], boardQuestions: [`Question ${i} for the board`] })],
    }))
  }
  for (let i = 0; i < 2; i++) {
    await postReturn(t, token, makeReturn({ review: { region: 'North East', year: 2021 }, findings: [returnFinding({ title: 'Late strategy discussions', pattern: 'Strategy discussions were late.', typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }] })] }))
  }
}

async function readRows() {
  const rows = await t.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'actor_kind', 'review_id', 'details']).where('action', '=', 'national.findings.read').orderBy('seq').execute()
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }))
}

describe('GET /api/v1/national/findings', () => {
  it('pages through the matching findings with their board questions and codes, and audits each page', async () => {
    await fileSet()
    const first = await getJson(t, token, '/api/v1/national/findings?code=MAI-1&perPage=4')
    expect(first.statusCode, first.body).toBe(200)
    const body = first.json()
    expect(body).toMatchObject({ suppressedBelow: 5, withheld: false, findings: 6, page: 1, pages: 2, perPage: 4 })
    expect(body).not.toHaveProperty('reviews')
    expect(body.items).toHaveLength(4)
    expect(body.items[0]).toMatchObject({ kind: 'systemic', level: 'local-partnership', codes: [{ code: 'MAI-1' }], agencies: [{ key: 'police' }] })
    expect(body.items[0].boardQuestions).toHaveLength(1)
    const second = (await getJson(t, token, '/api/v1/national/findings?code=MAI-1&perPage=4&page=2')).json()
    expect(second.items).toHaveLength(2)
    // The two pages together are the six findings, each once, each with its own board question.
    const titles = [...body.items, ...second.items].map((f: { title: string }) => f.title).sort()
    expect(titles).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Supervision finding ${i}`))
    const questions = [...body.items, ...second.items].flatMap((f: { boardQuestions: string[] }) => f.boardQuestions).sort()
    expect(questions).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Question ${i} for the board`))
    const rows = await readRows()
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ actor_user_id: national.id, actor_kind: 'token', review_id: null, details: { page: 1, listed: 4, withheld: false, codes: ['MAI-1'], search: false } })
    expect(rows[1]!.details).toMatchObject({ page: 2, listed: 2 })
  })

  it('withholds the list, and its size, when the findings come from fewer than 5 reviews; still audited', async () => {
    await fileSet()
    for (const query of ['code=MAI-2', 'region=North%20East', 'q=strategy', 'region=Yorkshire%20and%20the%20Humber']) {
      const res = await getJson(t, token, `/api/v1/national/findings?${query}`)
      expect(res.statusCode, query).toBe(200)
      expect(res.json(), query).toMatchObject({ withheld: true, findings: null, page: 1, pages: 1, items: [] })
      expect(res.body, query).not.toContain('strategy discussions')
    }
    const rows = await readRows()
    expect(rows).toHaveLength(4)
    expect(rows.every((r) => r.details.withheld === true && r.details.listed === 0)).toBe(true)
    // The words searched are never kept, only that there were some.
    expect(rows[2]!.details.search).toBe(true)
    expect(JSON.stringify(rows)).not.toContain('strategy')
  })

  it('lists findings from 5 or more reviews, filters combined, and withholds the total a hidden row could be worked out from', async () => {
    await fileSet()
    const res = (await getJson(t, token, '/api/v1/national/findings?region=London&from=2021&to=2021')).json()
    // Only three London reviews are in 2021: fewer than 5, so withheld.
    expect(res.withheld).toBe(true)
    // London's six reviews are withheld in the table by region, the next smallest beside the North East's hidden 2.
    expect((await getJson(t, token, '/api/v1/national/findings?region=London')).json()).toMatchObject({ withheld: true, findings: null })
    const mai1 = (await getJson(t, token, '/api/v1/national/findings?code=MAI-1')).json()
    expect(mai1).toMatchObject({ withheld: false, findings: 6 })
    // Every finding is the page's total, withheld because North East's two reviews could be worked out from it.
    const all = (await getJson(t, token, '/api/v1/national/findings')).json()
    expect(all).toMatchObject({ withheld: true, findings: null })
  })

  it('gives the last page for a page past it, and refuses a page or size that is not a whole number in range, naming it', async () => {
    await fileSet()
    const past = (await getJson(t, token, '/api/v1/national/findings?code=MAI-1&perPage=5&page=9')).json()
    expect(past).toMatchObject({ page: 2, pages: 2 })
    expect(past.items).toHaveLength(1)
    for (const [query, path] of [['page=0', 'page'], ['page=two', 'page'], ['perPage=101', 'perPage'], ['perPage=-1', 'perPage'], ['region=Atlantis', 'region'], ['code=NOPE-9', 'code']] as const) {
      const res = await getJson(t, token, `/api/v1/national/findings?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().details.map((d: { path: string }) => d.path), query).toContain(path)
    }
    expect(await readRows()).toHaveLength(1)
  })

  it('is for national users only', async () => {
    await fileSet()
    for (const role of ['reviewer', 'board', 'admin'] as const) {
      const user = await addUser(t, role)
      const res = await getJson(t, await tokenFor(t, user), '/api/v1/national/findings')
      expect(res.statusCode, role).toBe(403)
    }
    expect(await readRows()).toEqual([])
  })
})

describe('the findings page', () => {
  it('shows the same page of findings with the count, and audits the read like the API', async () => {
    await fileSet()
    const agent = await signIn(t.app, national.email)
    const page = await agent.get('/national/findings?code=MAI-1')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Findings 1 to 6 of 6')
    expect(page.body).toContain('Question 3 for the board')
    const few = await agent.get('/national/findings?code=MAI-2')
    expect(few.body).toContain('The findings that match are not listed')
    expect(few.body).not.toContain('Late strategy discussions')
    const rows = await readRows()
    expect(rows.map((r) => [r.actor_kind, r.details.withheld, r.details.listed])).toEqual([['user', false, 6], ['user', true, 0]])
  })
})
