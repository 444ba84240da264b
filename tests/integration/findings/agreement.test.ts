import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { exerciseView, listExercises } from '../../../server/services/tagging-agreement.js'
import { api, auditActions, setUpReview, type ReviewFixture } from './review-fixture.js'
import { memberViewer } from '../../support/review-viewer.js'
import { NotPermitted } from '../../../server/errors.js'

let t: TestApp
let r: ReviewFixture
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

async function findings(n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 1; i <= n; i++) ids.push((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, { title: `Finding ${i}` })).json().id)
  return ids
}

async function start(agent: Agent): Promise<string> {
  await agent.get(`/reviews/${r.reviewId}/findings/agreement`)
  const res = await agent.post(`/reviews/${r.reviewId}/findings/agreement`, { firstUserId: r.lead.user.id, secondUserId: r.team.user.id })
  expect(res.statusCode).toBe(303)
  return String(res.headers.location).split('/').pop()!
}

/** Each code as `CODE` (marked as hindering), `CODE:helps` / `CODE:hinders`, or `CODE:` (no marker chosen). */
function tagForm(ids: string[], codes: string[][], finish: boolean): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = { finish: finish ? 'yes' : 'no' }
  ids.forEach((id, i) => {
    const tags = (codes[i] ?? []).map((c) => (c.includes(':') ? c.split(':') : [c, 'hinders']) as [string, string])
    form[`tags-${id}`] = tags.map(([code]) => code)
    for (const [code, effect] of tags) if (effect) form[`effect-${id}-${code}`] = effect
  })
  return form
}

describe('tagging agreement', () => {
  it('is read through the viewer: refused to the case group and board chair, and each read of the list and an exercise is audited', async () => {
    await findings(2)
    const lead = await signIn(t.app, r.lead.user.email)
    const exerciseId = await start(lead)
    for (const who of [r.caseGroup, r.boardChair]) {
      const viewer = await memberViewer(t.db, who.user, r.reviewId)
      await expect(exerciseView(t.ctx, viewer, exerciseId)).rejects.toThrow(NotPermitted)
      await expect(listExercises(t.ctx, viewer)).rejects.toThrow(NotPermitted)
    }
    const reads = async () => (await auditActions(t, r.reviewId)).filter((a) => a === 'agreement.view' || a === 'agreement.list.view')
    const before = await reads()
    expect((await lead.get(`/reviews/${r.reviewId}/findings/agreement/${exerciseId}`)).statusCode).toBe(200)
    expect((await lead.get(`/reviews/${r.reviewId}/findings/agreement`)).statusCode).toBe(200)
    expect((await reads()).slice(before.length)).toEqual(['agreement.view', 'agreement.list.view'])
    const row = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'agreement.view').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ actor_user_id: r.lead.user.id, object_id: exerciseId })
  })

  it('keeps each reviewer blind until both finish, then reports kappa per family and the disagreements', async () => {
    const ids = await findings(6)
    const lead = await signIn(t.app, r.lead.user.email)
    const team = await signIn(t.app, r.team.user.email)
    const exerciseId = await start(lead)
    const url = `/reviews/${r.reviewId}/findings/agreement/${exerciseId}`

    // First reviewer: MAL on findings 1–3, TLS on 5. Second: MAL on 1, 2 and 4 (a different MAL code on 1), TLS on 5.
    await lead.get(url)
    const first = [['MAL-1'], ['MAL-2'], ['MAL-3'], [], ['TLS-3'], []]
    const second = [['MAL-4'], ['MAL-2'], [], ['MAL'], ['TLS-3'], []]
    expect((await lead.post(`${url}/tags`, tagForm(ids, first, false))).statusCode).toBe(303)

    // The second reviewer sees nothing of the first's codes, and neither does the service for them.
    const teamPage = await team.get(url)
    expect(teamPage.statusCode).toBe(200)
    expect(teamPage.body).not.toMatch(/checked/)
    const blind = await exerciseView(t.ctx, await memberViewer(t.db, r.team.user, r.reviewId), exerciseId)
    expect(blind.comparison).toBeNull()
    expect(Object.values(blind.ownTags).flat()).toEqual([])

    expect((await lead.post(`${url}/tags`, tagForm(ids, first, true))).statusCode).toBe(303)
    expect((await lead.get(url)).body).toContain('You have finished tagging')
    // Finished tags are fixed.
    expect((await lead.post(`${url}/tags`, tagForm(ids, second, true))).statusCode).toBe(409)
    // Codes that do not exist are refused with the reason.
    const unknown = await team.post(`${url}/tags`, tagForm(ids, [['ZZ-1']], false))
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('ZZ-1 is not a code in typology version 2.0')
    expect((await team.post(`${url}/tags`, tagForm(ids, second, true))).statusCode).toBe(303)

    const view = await exerciseView(t.ctx, await memberViewer(t.db, r.lead.user, r.reviewId), exerciseId)
    const families = Object.fromEntries(view.comparison!.report.families.map((f) => [f.family, f]))
    // MAL: both 2, first only 1, second only 1, neither 2. Observed 4/6; expected (3·3 + 3·3)/36 = 1/2; kappa = (2/3 − 1/2)/(1/2) = 1/3.
    expect(families.MAL!.table).toEqual({ both: 2, firstOnly: 1, secondOnly: 1, neither: 2, markerDiffers: 0 })
    expect(families.MAL!.kappa).toBeCloseTo(1 / 3, 10)
    // TLS: both used it on one finding and neither on five: perfect agreement beyond chance.
    expect(families.TLS!.kappa).toBeCloseTo(1, 10)
    // MGT: no one used it, so there is nothing for kappa to measure; explained, not NaN.
    expect(families.MGT!.kappa).toBeNull()
    expect(families.MGT!.explanation).toContain('Neither reviewer used MGT')

    const page = await team.get(url)
    expect(page.body).toContain('<strong>0.33</strong> (fair)')
    expect(page.body).toContain('<strong>1.00</strong> (almost perfect)')
    expect(page.body).not.toContain('NaN')
    expect(view.comparison!.report.disagreements.map((d) => `${ids.indexOf(d.findingId) + 1}:${d.code}:${d.taggedBy}`)).toEqual([
      '1:MAL-1:first', '1:MAL-4:second', '3:MAL-3:first', '4:MAL:second',
    ])

    // Settling finding 1's codes replaces its tags; then the exercise is closed and another can start.
    const resolved = await lead.post(`${url}/resolve`, { findingId: ids[0]!, codes: ['MAL-1'] })
    expect(resolved.statusCode).toBe(303)
    expect(await t.db.selectFrom('finding_tags').select('code').where('finding_id', '=', ids[0]!).execute()).toEqual([{ code: 'MAL-1' }])
    expect((await lead.post(`${url}/close`)).statusCode).toBe(303)
    expect(await auditActions(t, r.reviewId)).toEqual(expect.arrayContaining(['agreement.start', 'agreement.tags.save', 'agreement.finish', 'finding.tags.set', 'agreement.close']))
    await start(lead)
  })

  it('collects the helps/hinders marker with each code, refusing a code without one, and counts code and marker in the agreement', async () => {
    const ids = await findings(5)
    const lead = await signIn(t.app, r.lead.user.email)
    const team = await signIn(t.app, r.team.user.email)
    const exerciseId = await start(lead)
    const url = `/reviews/${r.reviewId}/findings/agreement/${exerciseId}`
    const form = await lead.get(url)
    expect(form.body).toContain(`name="effect-${ids[0]}-MAL-1"`)
    expect(form.body).toContain('In this finding, did MAL-1 help or hinder?')

    // A code without its marker is refused, the radio named, and nothing is saved.
    const missing = await lead.post(`${url}/tags`, tagForm(ids, [['MAL-1:'], ['HRB-1']], false))
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain(`href="#effect-${ids[0]}-MAL-1"`)
    expect(missing.body).toContain('Say whether MAL-1 helps or hinders in this finding')
    expect(await t.db.selectFrom('tagging_exercise_tags').select('code').where('exercise_id', '=', exerciseId).execute()).toEqual([])

    // Same codes throughout; on finding 1 the markers differ (MAL-1 helps for one, hinders for the other).
    const first = [['MAL-1:helps'], ['MAL-2:hinders'], ['MAL-3:hinders'], [], ['TLS-3:helps']]
    const second = [['MAL-1:hinders'], ['MAL-2:hinders'], ['MAL-3:hinders'], [], ['TLS-3:helps']]
    await team.get(url)
    expect((await lead.post(`${url}/tags`, tagForm(ids, first, true))).statusCode).toBe(303)
    expect((await team.post(`${url}/tags`, tagForm(ids, second, true))).statusCode).toBe(303)
    const stored = await t.db.selectFrom('tagging_exercise_tags').select(['user_id', 'code', 'effect']).where('exercise_id', '=', exerciseId).where('finding_id', '=', ids[0]!).orderBy('user_id').execute()
    expect(stored.map((x) => [x.user_id === r.lead.user.id ? 'first' : 'second', x.code, x.effect]).sort()).toEqual([['first', 'MAL-1', 'helps'], ['second', 'MAL-1', 'hinders']])

    const view = await exerciseView(t.ctx, await memberViewer(t.db, r.lead.user, r.reviewId), exerciseId)
    const mal = view.comparison!.report.families.find((f) => f.family === 'MAL')!
    // MAL: same family and marker on findings 2 and 3, markers differ on 1, neither on 4 and 5. Categories per finding
    // (first / second): helps/hinders, hinders/hinders ×2, none/none ×2. Observed 4/5; chance Σ = 1·0 + 2·3 + 2·2 = 10 of 25;
    // kappa = (5·4 − 10) / (25 − 10) = 2/3. Without the marker it would have been perfect agreement.
    expect(mal.table).toEqual({ both: 2, firstOnly: 0, secondOnly: 0, neither: 2, markerDiffers: 1 })
    expect(mal.observed).toBeCloseTo(4 / 5, 10)
    expect(mal.kappa).toBeCloseTo(2 / 3, 10)
    expect(view.comparison!.report.families.find((f) => f.family === 'TLS')!.kappa).toBeCloseTo(1, 10)
    expect(view.comparison!.report.disagreements).toEqual([
      expect.objectContaining({ findingId: ids[0], code: 'MAL-1', taggedBy: 'both', effects: { first: 'helps', second: 'hinders' } }),
    ])
    const page = await lead.get(url)
    expect(page.body).toContain('Both used, markers differ')
    expect(page.body).toMatch(/Both, with different markers: [^<]* helps, [^<]* hinders/)
    expect(page.body).toContain('MAL-1 (helps)')

    // Settling keeps a marker both chose; a disputed one follows the finding until changed on its form.
    await lead.post(`${url}/resolve`, { findingId: ids[1]!, codes: ['MAL-2'] })
    expect(await t.db.selectFrom('finding_tags').select(['code', 'effect']).where('finding_id', '=', ids[1]!).execute()).toEqual([{ code: 'MAL-2', effect: 'hinders' }])
    await lead.post(`${url}/resolve`, { findingId: ids[4]!, codes: ['TLS-3'] })
    expect(await t.db.selectFrom('finding_tags').select(['code', 'effect']).where('finding_id', '=', ids[4]!).execute()).toEqual([{ code: 'TLS-3', effect: 'helps' }])
  })

  it('explains that kappa needs more findings when too few were tagged, rather than showing a number', async () => {
    const ids = await findings(3)
    const lead = await signIn(t.app, r.lead.user.email)
    const team = await signIn(t.app, r.team.user.email)
    const exerciseId = await start(lead)
    const url = `/reviews/${r.reviewId}/findings/agreement/${exerciseId}`
    await lead.get(url)
    await team.get(url)
    await lead.post(`${url}/tags`, tagForm(ids, [['MAL-1'], ['HRB-1'], []], true))
    await team.post(`${url}/tags`, tagForm(ids, [['MAL-1'], [], ['HRB-1']], true))
    const view = await exerciseView(t.ctx, await memberViewer(t.db, r.lead.user, r.reviewId), exerciseId)
    for (const family of view.comparison!.report.families) {
      expect(family.kappa).toBeNull()
      expect(family.explanation).toContain('Only 3 findings were tagged by both reviewers; kappa needs at least 5')
    }
    const page = await lead.get(url)
    expect(page.body).toContain('kappa needs at least 5 to mean anything')
    expect(page.body).not.toContain('NaN')
  })

  it('allows one open exercise at a time, needs two different reviewers and findings to tag, and is for reviewers only', async () => {
    const lead = await signIn(t.app, r.lead.user.email)
    await lead.get(`/reviews/${r.reviewId}/findings/agreement`)
    const none = await lead.post(`/reviews/${r.reviewId}/findings/agreement`, { firstUserId: r.lead.user.id, secondUserId: r.team.user.id })
    expect(none.statusCode).toBe(409)
    expect(none.body).toContain('There are no findings to tag yet')
    await findings(1)
    const same = await lead.post(`/reviews/${r.reviewId}/findings/agreement`, { firstUserId: r.lead.user.id, secondUserId: r.lead.user.id })
    expect(same.statusCode).toBe(400)
    expect(same.body).toContain('Choose two different reviewers')
    const caseGroup = await lead.post(`/reviews/${r.reviewId}/findings/agreement`, { firstUserId: r.lead.user.id, secondUserId: r.caseGroup.user.id })
    expect(caseGroup.statusCode).toBe(400)
    await start(lead)
    const again = await lead.post(`/reviews/${r.reviewId}/findings/agreement`, { firstUserId: r.lead.user.id, secondUserId: r.team.user.id })
    expect(again.statusCode).toBe(409)
    const board = await signIn(t.app, r.boardChair.user.email)
    expect((await board.get(`/reviews/${r.reviewId}/findings/agreement`)).statusCode).toBe(403)
  })
})
