// Timeliness across the national returns (issue 16): the median and quartiles of each duration in working days by
// region and by year, each review once, small groups and small known/unknown counts hidden, the all-reviews row
// withheld where it would give a hidden group away; through the API, the dashboard section and its downloads,
// national analysts only and every read audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { NotPermitted } from '../../../server/errors.js'
import { nationalTimeliness } from '../../../server/services/national-timeliness.js'
import { readThemeQuery } from '../../../server/services/national-themes.js'
import { loadTypology } from '../../../server/services/typology.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { addUser, type TestApp } from '../../support/test-app.js'
import { actorOf, getJson, makeReturnV2, postReturn, returnFindingV2, setUpNationalAnalyst } from './national-support.js'

let t: TestApp
let national: User
let token: string
beforeEach(async () => { ({ t, national, token } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

type Timeliness = { awarenessToNotification: number | null; notificationToRapidReview: number | null; decisionToPublication: number | null }

async function file(region: 'London' | 'North East', year: number, timeliness: Timeliness, findings = 1): Promise<void> {
  const res = await postReturn(t, token, makeReturnV2({
    review: { region, year, timeliness },
    findings: Array.from({ length: findings }, (_, i) => returnFindingV2({ ref: `F${i + 1}` })),
  }))
  expect(res.statusCode, res.body).toBe(201)
}

/**
 * Six London reviews in 2022 (one with three findings, counted once), one London 2021, two North East 2022, and five
 * North East 2021, so that a filter to 2022 leaves out 6 reviews (1 to 4 would withhold the view: the minimum complement).
 */
async function fileSet(): Promise<void> {
  for (let i = 0; i < 5; i++) await file('North East', 2021, { awarenessToNotification: 20, notificationToRapidReview: 21, decisionToPublication: 250 })
  const toNotification = [1, 2, 3, 4, 5, 6]
  for (const [i, days] of toNotification.entries()) {
    // Rapid review known for five of the six: the one not known is a small number, so the duration is hidden.
    await file('London', 2022, { awarenessToNotification: days, notificationToRapidReview: i === 0 ? null : 10 + i, decisionToPublication: null }, i === 0 ? 3 : 1)
  }
  await file('London', 2021, { awarenessToNotification: 9, notificationToRapidReview: 9, decisionToPublication: 200 })
  for (let i = 0; i < 2; i++) await file('North East', 2022, { awarenessToNotification: 30, notificationToRapidReview: 40, decisionToPublication: 300 })
}

const HIDDEN = { known: '<5', quartiles: null, suppressed: true }
const WITHHELD = { known: '[c]', quartiles: null, suppressed: true }

describe('GET /api/v1/national/timeliness', () => {
  it('gives the median and quartiles of each duration by region and by year, hiding small groups and the all-reviews row', async () => {
    await fileSet()
    const res = await getJson(t, token, '/api/v1/national/timeliness?from=2022&to=2022')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ suppressedBelow: 5, unit: 'working days' })
    expect(body.durations.map((d: { key: string }) => d.key)).toEqual(['awarenessToNotification', 'notificationToRapidReview', 'decisionToPublication'])
    expect(body.byRegion).toEqual([
      { key: 'North East', label: 'North East', reviews: '<5', suppressed: true, durations: { awarenessToNotification: HIDDEN, notificationToRapidReview: HIDDEN, decisionToPublication: HIDDEN } },
      // The year's one row (8) is the number of reviews: London's 6 beside it would give North East's 2 back, so
      // London is withheld with it, as in the themes' table by region. (Its quartiles: the next test, filtered to London.)
      { key: 'London', label: 'London', reviews: '[c]', suppressed: true, durations: { awarenessToNotification: WITHHELD, notificationToRapidReview: WITHHELD, decisionToPublication: WITHHELD } },
    ])
    expect(body.byYear).toHaveLength(1)
    expect(body.byYear[0]).toMatchObject({ key: '2022', reviews: 8, durations: { awarenessToNotification: { known: 8, quartiles: { lower: 2.75, median: 4.5, upper: 12 } } } })
    expect(body.all).toBeNull()
    expect(res.body).not.toContain('300')
  })

  it('leaves out a review that sent no findings, as every other table does', async () => {
    await fileSet()
    const before = await getJson(t, token, '/api/v1/national/timeliness?from=2022&to=2022')
    expect(before.statusCode, before.body).toBe(200)
    const empty = await postReturn(t, token, makeReturnV2({ review: { region: 'London', year: 2022, timeliness: { awarenessToNotification: 99, notificationToRapidReview: 99, decisionToPublication: 99 } }, findings: [] }))
    expect(empty.statusCode, empty.body).toBe(201)
    // London 2022 still has the same six reviews and the same quartiles (no 99 among them).
    expect((await getJson(t, token, '/api/v1/national/timeliness?from=2022&to=2022')).json()).toEqual(before.json())
  })

  it('shows the all-reviews row when no group is hidden, with each duration hidden where a group hides it', async () => {
    await fileSet()
    // Three more North East reviews in 2022 and four more London ones in 2021, so that London leaves out 5 of 2022's
    // reviews, not 2, and 2022 leaves out 5 of London's, not 1.
    for (let i = 0; i < 3; i++) await file('North East', 2022, { awarenessToNotification: 30, notificationToRapidReview: 40, decisionToPublication: 300 })
    for (let i = 0; i < 4; i++) await file('London', 2021, { awarenessToNotification: 9, notificationToRapidReview: 9, decisionToPublication: 200 })
    const body = (await getJson(t, token, '/api/v1/national/timeliness?region=London&from=2022')).json()
    expect(body.byRegion.map((r: { key: string }) => r.key)).toEqual(['London'])
    expect(body.all).toEqual({
      key: 'all', label: 'All matching reviews', reviews: 6, suppressed: false,
      durations: { awarenessToNotification: { known: 6, quartiles: { lower: 2.25, median: 3.5, upper: 4.75 }, suppressed: false }, notificationToRapidReview: HIDDEN, decisionToPublication: HIDDEN },
    })
  })

  it('takes the themes filters, refuses a bad one naming it, and audits each read without the words searched', async () => {
    await fileSet()
    const bad = await getJson(t, token, '/api/v1/national/timeliness?from=twenty&sex=robot')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details.map((d: { path: string }) => d.path)).toEqual(['from', 'sex'])
    const res = await getJson(t, token, '/api/v1/national/timeliness?sex=male&q=supervision')
    expect(res.statusCode, res.body).toBe(200)
    const rows = await t.db.selectFrom('audit_log').select(['actor_user_id', 'details']).where('action', '=', 'national.timeliness.read').execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.actor_user_id).toBe(national.id)
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ sex: 'male', search: true })
    expect(rows[0]!.details).not.toContain('supervision')
  })

  it('is for national analysts only, at the door and in the service', async () => {
    const reviewer = await addUser(t, 'reviewer')
    const { current, versions } = await loadTypology(t.db)
    await expect(nationalTimeliness(t.ctx, actorOf(reviewer), readThemeQuery({}, current, versions), current)).rejects.toBeInstanceOf(NotPermitted)
    expect(await t.db.selectFrom('audit_log').select('seq').where('action', '=', 'national.timeliness.read').execute()).toEqual([])
  })
})

describe('the dashboard’s timeliness section', () => {
  let agent: Agent
  beforeEach(async () => { agent = await signIn(t.app, national.email) })

  async function download(url: string) {
    return t.app.inject({ method: 'GET', url, headers: { cookie: `cwl_session=${agent.sessionCookie()}` } })
  }

  it('shows a table and chart for each grouping, with the same suppressed figures in the CSV, SVG and PNG downloads', async () => {
    await fileSet()
    const page = await agent.get('/national?from=2022')
    expect(page.statusCode).toBe(200)
    const section = page.body.slice(page.body.indexOf('id="timeliness-region"'), page.body.indexOf('id="timeliness-year"'))
    expect(section).toContain('Timeliness by region (working days)')
    expect(section).toMatch(/<th scope="row" class="govuk-table__header">London<\/th>\s*<td[^>]*>\[c\]<\/td>\s*<td[^>]*>\[c\]<\/td>\s*<td[^>]*>\[c\]<\/td>/)
    expect(section).toContain('The row for all matching reviews is not shown')
    const svg = section.slice(section.indexOf('<svg'), section.indexOf('</svg>') + 6)
    expect(svg).toContain('North East')
    expect(svg).not.toContain('300')

    const csv = await download('/national/export?from=2022&table=timeliness-region&format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-disposition']).toMatch(/national-timeliness-region-\d{4}-\d{2}-\d{2}\.csv/)
    const lines = csv.body.replace(/^\uFEFF/, '').split('\n')
    expect(lines).toContain('North East,<5,<5,<5,<5,<5,<5,<5,<5,<5,<5,<5,<5,<5')
    expect(lines).toContain('London,[c],[c],[c],[c],[c],[c],[c],[c],[c],[c],[c],[c],[c]')
    const svgFile = await download('/national/export?from=2022&table=timeliness-region&format=svg')
    expect(svgFile.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(svgFile.body).toContain(svg)
    const png = await download('/national/export?from=2022&table=timeliness-year&format=png')
    expect(png.statusCode).toBe(200)
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG')
    const audit = await t.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', 'in', ['national.themes.export', 'national.timeliness.read']).orderBy('seq').execute()
    expect(audit).toEqual([
      { action: 'national.timeliness.read', object_id: null },
      { action: 'national.themes.export', object_id: 'timeliness-region' },
      { action: 'national.themes.export', object_id: 'timeliness-region' },
      { action: 'national.themes.export', object_id: 'timeliness-year' },
    ])
  })
})
