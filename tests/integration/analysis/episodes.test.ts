import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import type { Agent } from '../../support/browser-agent.js'
import { episodeEventIds, episodeQuoteIds, findEpisode } from '../../../server/data/key-practice-episodes.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { addFactor } from '../../../server/services/contributory-factors.js'
import { auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let lead: Agent

useAnalysisReview((s) => { ({ t, f, lead } = s) })

const dates = (prefix: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-')
  return { [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year }
}

async function addEpisode(agent: Agent, title: string, start: string, end: string): Promise<string> {
  await agent.get(`/reviews/${f.reviewId}/analysis/episodes/new`)
  const res = await agent.post(`/reviews/${f.reviewId}/analysis/episodes`, { title, ...dates('dateStart', start), ...dates('dateEnd', end), agencies: ['Police'], otherAgencies: 'Nursery' })
  expect(res.statusCode).toBe(303)
  const id = /episodes\/([^/]+)\/evidence/.exec(String(res.headers.location))?.[1]
  if (!id) throw new Error(`no episode id in ${String(res.headers.location)}`)
  return id
}

describe('defining key practice episodes', () => {
  it('adds an episode with its dates and agencies, audits it, and lists it on the analysis page', async () => {
    const id = await addEpisode(lead, 'Responding to the January incident', '2021-01-16', '2021-02-05')
    const row = await findEpisode(t.db, f.reviewId, id)
    expect(row).toMatchObject({ title: 'Responding to the January incident', date_start: '2021-01-16', date_end: '2021-02-05', judgement: null, version: 1 })
    expect(JSON.parse(row!.agencies)).toEqual(['Police', 'Nursery'])
    expect((await auditRows(t, f.reviewId, 'analysis.episode.create')).some((a) => a.object_id === id)).toBe(true)
    const page = await lead.get(`/reviews/${f.reviewId}/analysis`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Responding to the January incident')
    expect(page.body).toContain('16 January 2021 to 5 February 2021')
  })

  it('refuses an episode without a title, with its end before its start and no agency, naming each field and saving nothing', async () => {
    const before = (await t.db.selectFrom('key_practice_episodes').select('id').execute()).length
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/new`)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes`, { title: '  ', ...dates('dateStart', '2021-03-10'), ...dates('dateEnd', '2021-03-01') })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Enter a title for the episode')
    expect(res.body).toContain('The end of the episode must be on or after its start')
    expect(res.body).toContain('Choose or enter at least one agency')
    // The user's input is kept.
    expect(res.body).toMatch(/name="dateStart-day"[^>]*value="10"/)
    expect((await t.db.selectFrom('key_practice_episodes').select('id').execute()).length).toBe(before)
  })

  it('refuses 31 February as a start date', async () => {
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/new`)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes`, { title: 'Odd date', ...dates('dateStart', '2021-02-31'), agencies: ['Police'] })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('The date the episode started must be a real date')
  })

  it('links events and quotes, keeps links the picker did not show, and refuses evidence from outside the review', async () => {
    const id = await addEpisode(lead, 'The second call', '2021-03-10', '2021-03-10')
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}/evidence`)
    let res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/evidence`, {
      version: '1', eventIds: [f.events.jan, f.events.march], shownEventIds: [f.events.jan, f.events.march], quoteIds: [f.quotes.device], shownQuoteIds: [f.quotes.device, f.quotes.notified],
    })
    expect(res.statusCode).toBe(303)
    expect((await episodeEventIds(t.db, [id])).get(id)).toEqual([f.events.jan, f.events.march])
    expect((await episodeQuoteIds(t.db, [id])).get(id)).toEqual([f.quotes.device])
    // The episode page links each event to its page, its date in words.
    const page = (await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}`)).body
    expect(page).toContain(`href="/reviews/${f.reviewId}/chronology/events/${f.events.jan}"`)
    expect(page).toMatch(/<a class="govuk-link" href="[^"]+\/chronology\/events\/[^"]+">\d{1,2} (January|March) 2021(, \d{2}:\d{2})?, /)
    expect(page).not.toMatch(/<li>2021-\d{2}-\d{2}/)

    // A picker filtered to March offers only the March event: unticking it keeps January, which it did not show.
    res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/evidence`, { version: '2', shownEventIds: [f.events.march], shownQuoteIds: [] })
    expect(res.statusCode).toBe(303)
    expect((await episodeEventIds(t.db, [id])).get(id)).toEqual([f.events.jan])
    expect((await episodeQuoteIds(t.db, [id])).get(id)).toEqual([f.quotes.device])

    res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/evidence`, { version: '3', eventIds: ['ev-from-elsewhere'], shownEventIds: [] })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('There is no chronology event with id ev-from-elsewhere in this review')
    expect((await episodeEventIds(t.db, [id])).get(id)).toEqual([f.events.jan])
  })

  it('says someone else changed the episode when saving over a newer version, and keeps both their change and the form input', async () => {
    const id = await addEpisode(lead, 'Before the change', '2021-05-20', '2021-05-20')
    const team = await signedIn(t, f.team)
    await team.get(`/reviews/${f.reviewId}/analysis/episodes/${id}/edit`)
    expect((await team.post(`/reviews/${f.reviewId}/analysis/episodes/${id}`, { version: '1', title: 'Changed by the review team', ...dates('dateStart', '2021-05-20'), agencies: ['Police'] })).statusCode).toBe(303)
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}/edit`)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}`, { version: '1', title: 'Changed by the lead', ...dates('dateStart', '2021-05-20'), agencies: ['Police'] })
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('Someone else saved changes to this episode while you were editing')
    expect(res.body).toContain('Changed by the lead')
    expect((await findEpisode(t.db, f.reviewId, id))?.title).toBe('Changed by the review team')
  })
})

describe('appraising an episode', () => {
  it('saves a draft without a judgement, then refuses a judgement without its reasoning', async () => {
    const id = await addEpisode(lead, 'The one-year review', '2021-05-20', '2021-05-20')
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}`)
    let res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/appraisal`, { version: '1', knownAtTime: 'Only what the mother said.', expectedPractice: '', whatHappened: '', judgement: '' })
    expect(res.statusCode).toBe(303)
    expect(await findEpisode(t.db, f.reviewId, id)).toMatchObject({ known_at_time: 'Only what the mother said.', judgement: null, version: 2 })

    res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/appraisal`, { version: '2', knownAtTime: 'Only what the mother said.', judgement: 'problem' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Say what practice was expected before giving a judgement')
    expect(res.body).toContain('Say what happened before giving a judgement')
    expect((await findEpisode(t.db, f.reviewId, id))?.judgement).toBeNull()
  })

  it('records the judgement with its reasoning, audits it and counts the episode as appraised in the snapshot', async () => {
    const id = await addEpisode(lead, 'Appraised episode', '2021-07-14', '2021-07-14')
    const before = (await buildReviewSnapshot(t.db, f.reviewId, t.clock.now())).keyPracticeEpisodes
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}`)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/appraisal`, {
      version: '1', knownAtTime: 'The sibling said he was back.', expectedPractice: 'Tell the social worker the same day.', whatHappened: 'It reached an inbox.', judgement: 'problem', goodPractice: 'The nurse saw her alone.',
    })
    expect(res.statusCode).toBe(303)
    expect(await findEpisode(t.db, f.reviewId, id)).toMatchObject({ judgement: 'problem', good_practice: 'The nurse saw her alone.', appraised_by: f.lead.user.id })
    const audit = await auditRows(t, f.reviewId, 'analysis.episode.appraise')
    expect(JSON.parse(audit.at(-1)!.details)).toEqual({ judgement: 'problem' })
    const after = (await buildReviewSnapshot(t.db, f.reviewId, t.clock.now())).keyPracticeEpisodes
    expect(after).toEqual({ ...before, appraised: before.appraised + 1 })
  })

  it('refuses a judgement that is not one of the three', async () => {
    const id = await addEpisode(lead, 'Bad judgement', '2021-07-14', '2021-07-14')
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}`)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/appraisal`, { version: '1', knownAtTime: 'a', expectedPractice: 'b', whatHappened: 'c', judgement: 'terrible' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Choose good, adequate or a problem')
  })
})

describe('deleting an episode', () => {
  it('deletes it with its links, keeps the events, and keeps a factor that explained only this episode', async () => {
    const id = await addEpisode(lead, 'To be deleted', '2021-01-16', '2021-01-16')
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}/evidence`)
    await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/evidence`, { version: '1', eventIds: [f.events.jan], shownEventIds: [f.events.jan] })
    const factorId = await addFactor(t.ctx, f.lead.actor, f.reviewId, { text: 'Only here', level: 'team', factorType: 'task', kpeIds: [id], evidence: [] })
    const confirm = await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}/delete`)
    expect(confirm.body).toContain('1 contributory factor explains only this episode')
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/delete`)
    expect(res.statusCode).toBe(303)
    expect(await findEpisode(t.db, f.reviewId, id)).toBeUndefined()
    expect(await t.db.selectFrom('kpe_events').selectAll().where('kpe_id', '=', id).execute()).toEqual([])
    expect(await t.db.selectFrom('chronology_events').select('id').where('id', '=', f.events.jan).executeTakeFirst()).toBeDefined()
    expect(await t.db.selectFrom('contributory_factors').select('id').where('id', '=', factorId).executeTakeFirst()).toBeDefined()
    expect((await auditRows(t, f.reviewId, 'analysis.episode.delete')).some((a) => a.object_id === id)).toBe(true)
  })

  it('answers 404 with its own words for an episode that is not there', async () => {
    const res = await lead.get(`/reviews/${f.reviewId}/analysis/episodes/no-such-episode`)
    expect(res.statusCode).toBe(404)
    expect(res.body).toContain('There is no such key practice episode in this review')
  })
})
