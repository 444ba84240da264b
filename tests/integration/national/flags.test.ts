// The return's national attention flag and the report's publication (issue 16), which the analyst reaches like
// any other grouping: by= and cross= on the themes, a filter of the same name on every national read, the flag on
// each finding of the drill-down; format 1 returns' findings counted as not known, never as not flagged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signIn } from '../../support/browser-agent.js'
import type { TestApp } from '../../support/test-app.js'
import type { User } from '../../../server/data/schema.js'
import { getJson, makeReturn, makeReturnV2, postReturn, returnFinding, returnFindingV2, setUpNationalAnalyst } from './national-support.js'

let t: TestApp
let national: User
let token: string
beforeEach(async () => { ({ t, national, token } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

type Row = { key: string; reviews: number | string; findings: number | string }

/** Five published reviews each with one flagged finding and one not; six unpublished with none flagged; two format 1. */
async function fileSet(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const res = await postReturn(t, token, makeReturnV2({
      review: { publishedReport: `https://example.org/reviews/${i}`, timeliness: { awarenessToNotification: 2, notificationToRapidReview: 10, decisionToPublication: 150 } },
      findings: [returnFindingV2({ title: `Flagged ${i}`, nationalAttention: true }), returnFindingV2({ ref: 'F2', title: `Local ${i}` })],
    }))
    expect(res.statusCode, res.body).toBe(201)
  }
  for (let i = 0; i < 6; i++) await postReturn(t, token, makeReturnV2({ review: { timeliness: { awarenessToNotification: 2, notificationToRapidReview: 10, decisionToPublication: null } } }))
  for (let i = 0; i < 2; i++) await postReturn(t, token, makeReturn({ findings: [returnFinding()] }))
}

async function rows(query: string): Promise<Record<string, unknown>> {
  const res = await getJson(t, token, `/api/v1/national/themes?${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return Object.fromEntries((res.json().rows as Row[]).map((r) => [r.key, [r.reviews, r.findings]]))
}

describe('national attention and publication', () => {
  it('group the themes, format 1 findings as not known, and filter them', async () => {
    await fileSet()
    // Each finding has one flag, so the rows add up to the findings' total: format 1's 2 would come back from it, and the
    // smallest other row is withheld with them.
    expect(await rows('by=nationalAttention')).toEqual({ flagged: ['[c]', '[c]'], 'not-flagged': [11, 11], 'not-known': ['<5', '<5'] })
    expect(await rows('by=nationalAttention&published=published')).toEqual({ flagged: [5, 5], 'not-flagged': [5, 5] })
    expect(await rows('by=published')).toEqual({ published: [5, 10], 'not-published': [8, 8] })
    expect(await rows('by=published&nationalAttention=flagged')).toEqual({ published: [5, 5] })
    const cross = (await getJson(t, token, '/api/v1/national/themes?by=nationalAttention&cross=published')).json()
    expect(cross.columns.map((c: { key: string }) => c.key)).toEqual(['published', 'not-published'])
    const bad = await getJson(t, token, '/api/v1/national/themes?by=published&nationalAttention=yes&published=maybe')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: { path: string }) => d.path)).toEqual(['nationalAttention', 'published'])
  })

  it('mark each finding of the drill-down, which lists only the flagged ones when asked', async () => {
    await fileSet()
    // Among the published reviews (format 1's are not), where the table by flag hides nothing.
    const flagged = (await getJson(t, token, '/api/v1/national/findings?nationalAttention=flagged&published=published&by=nationalAttention')).json()
    expect(flagged).toMatchObject({ withheld: false, findings: 5 })
    expect(flagged.items.map((f: { title: string; nationalAttention: boolean }) => [f.title.slice(0, 7), f.nationalAttention])).toEqual(Array(5).fill(['Flagged', true]))
    const published = (await getJson(t, token, '/api/v1/national/findings?published=published')).json()
    expect(published).toMatchObject({ withheld: false, findings: 10 })
    // Format 1's two reviews are too few to list.
    expect((await getJson(t, token, '/api/v1/national/findings?nationalAttention=not-known')).json()).toMatchObject({ withheld: true })
    const agent = await signIn(t.app, national.email)
    const page = await agent.get('/national/findings?nationalAttention=flagged&published=published')
    expect(page.statusCode).toBe(200)
    expect(page.body.match(/Needs national attention<\/strong>/g)).toHaveLength(5)
    expect(page.body).toContain('National attention: Needs national attention')
    const dashboard = await agent.get('/national?published=published')
    expect(dashboard.body).toMatch(/<select[^>]*name="published"/)
  })
})
