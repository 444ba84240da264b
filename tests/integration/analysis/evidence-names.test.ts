// Evidence pickers, evidence labels and finding links follow the viewer's name rule (issue 12): the analysis
// service (analysisReads) and the finding-link service return them in the viewer's name form, and the pages only
// show what they are given. A reviewer sees the real name by default and the pseudonym once they choose
// pseudonyms; the board chair reads a finding's words in pseudonyms and is not shown its links at all.
import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { addFactor } from '../../../server/services/contributory-factors.js'
import { createEpisode } from '../../../server/services/key-practice-episodes.js'
import { createFinding } from '../../../server/services/findings.js'
import { analysisReads } from '../../../server/services/analysis-reads.js'
import { reviewViewerOf, viewerOf } from '../../../server/services/viewer.js'
import { api, insertDocument, insertEvents, insertQuotes, useAnalysisReview, signedIn, type AnalysisFixture } from './analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture
let episodeId: string
let findingId: string
let eventId: string
let quoteId: string
let documentId: string

const SURNAME = 'Kershaw'
const PSEUDONYM = 'Mother'

useAnalysisReview(async (s) => {
  ({ t, f } = s)
  const at = t.clock.now().toISOString()
  await t.db.insertInto('persons').values({
    id: 'person-mother', review_id: f.reviewId, real_name: 'Leanne Kershaw', role: 'Mother', pseudonym: PSEUDONYM, date_of_birth: null, nhs_number: null,
    address: null, postcode: null, phone: null, staff_number: null, created_at: at, updated_at: at,
  }).execute()
  ;[eventId] = await insertEvents(t, f.reviewId, 'Police', [{ date: '2021-03-20', summary: 'Leanne Kershaw reported the partner was back', significant: true }]) as [string]
  ;[quoteId] = await insertQuotes(t, f.reviewId, ['Nobody told me Kershaw had rung twice.']) as [string]
  documentId = await insertDocument(t, f.reviewId, 'Safety plan for Leanne Kershaw')
  episodeId = await createEpisode(t.ctx, f.lead.actor, f.reviewId,
    { title: 'The calls in March', dateStart: '2021-03-01', dateEnd: '2021-03-31', agencies: ['Police'] },
    { eventIds: [eventId], quoteIds: [quoteId] })
  await addFactor(t.ctx, f.lead.actor, f.reviewId, {
    text: 'Calls were not joined up', level: 'team', factorType: 'inter-agency', kpeIds: [episodeId],
    evidence: [{ type: 'event', id: eventId }, { type: 'quote', id: quoteId }, { type: 'document', id: documentId }],
  })
  // The reviewers' own words about the episode and a factor, naming the mother as a reviewer might.
  await t.db.updateTable('key_practice_episodes').set({ what_happened: 'Leanne Kershaw rang twice and was not called back.' }).where('id', '=', episodeId).execute()
  await t.db.updateTable('contributory_factors').set({ text: 'Calls from Kershaw were read one at a time' }).where('review_id', '=', f.reviewId).execute()
  const map = {
    nodes: [
      { id: 'a', kind: 'contributory-factor', level: 'team', label: 'Calls not joined up', eventIds: [eventId] },
      { id: 'b', kind: 'outcome', level: 'child-family', label: 'Child seriously injured' },
    ],
    edges: [{ id: 'e1', source: 'a', target: 'b', evidence: [{ type: 'event', id: eventId }, { type: 'quote', id: quoteId }], counterfactual: null, strength: null }],
  }
  const saved = await api(t, f.lead.token, 'PUT', `/api/v1/reviews/${f.reviewId}/map`, map, { 'if-match': '0' })
  expect(saved.statusCode, saved.body).toBe(200)
  const finding = await createFinding(t.ctx, f.lead.actor, f.reviewId, {
    kind: 'systemic', title: 'Nobody asked Leanne Kershaw who lived there', pattern: 'Calls are read one at a time.', inThisCase: 'Three calls about Kershaw were not linked.',
    howWidespread: 'Common across the partnership.', whyItMatters: 'Risk builds unseen.', systemLevel: 'team', typologyCodes: [], effects: {}, researchQuestionIds: [],
    kpeIds: [episodeId], nodeIds: ['a'], evidence: [{ type: 'event', id: eventId }, { type: 'quote', id: quoteId }, { type: 'document', id: documentId }],
    boardQuestions: ['How will the board know calls about Leanne Kershaw are joined up?'],
  })
  findingId = finding.id
  // Agreed directly: this test is about names, not the agreement rules (finding-status.test.ts).
  await t.db.updateTable('findings').set({ status: 'agreed', agreed_by: f.lead.user.id, agreed_at: at }).where('id', '=', findingId).execute()
}, { timeout: 60_000 })

const base = () => `/reviews/${f.reviewId}`

describe('evidence pickers and labels on the analysis pages', () => {
  const pages = () => [
    `${base()}/map/options`,
    `${base()}/analysis/episodes/${episodeId}/evidence`,
    `${base()}/analysis/episodes/${episodeId}`,
    `${base()}/analysis/episodes/${episodeId}/factors/new`,
    `${base()}/map/nodes/a`,
    `${base()}/map/edges/e1`,
    `${base()}/map/table`,
  ]

  it('show a reviewer the real name by default', async () => {
    const agent = await signedIn(t, f.lead)
    for (const url of pages()) {
      const res = await agent.get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).toContain(SURNAME)
    }
  })

  it('show the pseudonym, and never the name, once the reviewer chooses pseudonyms', async () => {
    const agent = await signedIn(t, f.team)
    for (const url of pages()) {
      const res = await agent.get(`${url}?names=pseudonyms`)
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).not.toContain(SURNAME)
      expect(res.body, url).toContain(PSEUDONYM)
    }
    // The picker's data for the editor: every kind of evidence, in the pseudonym form.
    const options = (await agent.get(`${base()}/map/options?names=pseudonyms`)).json() as Record<string, Array<{ id: string; label: string }>>
    expect(options.events!.find((e) => e.id === eventId)!.label).toContain(`${PSEUDONYM} reported`)
    expect(options.quotes!.find((q) => q.id === quoteId)!.label).toContain(PSEUDONYM)
    expect(options.documents!.find((d) => d.id === documentId)!.label).toContain(`Safety plan for ${PSEUDONYM}`)
  })

  it('come from the service already in the viewer’s name form', async () => {
    const standing = { role: 'review-team' as const, agency: 'Police', display: null, content_version: -1 }
    const viewer = (names?: 'pseudonyms') => reviewViewerOf(viewerOf({ ...f.team.actor, userId: f.team.user.id, role: 'reviewer' }, { partnership_id: null, instance_admin: 0 }), f.reviewId, standing as never, names)
    const hidden = await analysisReads(t.ctx, viewer('pseudonyms')).evidenceChoices()
    const shown = await analysisReads(t.ctx, viewer()).evidenceChoices()
    const all = (c: typeof hidden) => JSON.stringify([c.events, c.quotes, c.documents])
    expect(all(shown)).toContain(SURNAME)
    expect(all(hidden)).not.toContain(SURNAME)
    expect(hidden.events.map((e) => e.id)).toEqual(shown.events.map((e) => e.id))
  })
})

describe('what reviewers wrote about an episode and its factors', () => {
  it('follows the name rule on the episode page, which offers no appraisal form while names are hidden', async () => {
    const agent = await signedIn(t, f.lead)
    const real = await agent.get(`${base()}/analysis/episodes/${episodeId}`)
    expect(real.body).toContain('Leanne Kershaw rang twice')
    expect(real.body).toContain('Calls from Kershaw were read one at a time')
    expect(real.body).toContain(`/analysis/episodes/${episodeId}/appraisal`)
    const hidden = await agent.get(`${base()}/analysis/episodes/${episodeId}?names=pseudonyms`)
    expect(hidden.body).not.toContain(SURNAME)
    expect(hidden.body).toContain(`${PSEUDONYM} rang twice`)
    expect(hidden.body).toContain(`Calls from ${PSEUDONYM} were read one at a time`)
    // Pseudonyms are never saved back over the real words.
    expect(hidden.body).not.toContain(`/analysis/episodes/${episodeId}/appraisal`)
    const list = await agent.get(`${base()}/analysis?names=pseudonyms`)
    expect(list.body).toContain(`Calls from ${PSEUDONYM}`)
    expect(list.body).not.toContain(SURNAME)
  })

  it('keeps the stored words in the edit forms', async () => {
    const agent = await signedIn(t, f.lead)
    const factorId = (await t.db.selectFrom('contributory_factors').select('id').where('review_id', '=', f.reviewId).executeTakeFirstOrThrow()).id
    const factorForm = await agent.get(`${base()}/analysis/factors/${factorId}/edit?names=pseudonyms`)
    expect(factorForm.statusCode).toBe(200)
    expect(factorForm.body).toContain('Calls from Kershaw were read one at a time')
    const episodeForm = await agent.get(`${base()}/analysis/episodes/${episodeId}/edit?names=pseudonyms`)
    expect(episodeForm.statusCode).toBe(200)
    expect(episodeForm.body).toContain('value="The calls in March"')
  })
})

describe('a finding’s links and words', () => {
  it('are labelled with the real name for a reviewer who sees real names, on the finding and its form', async () => {
    const agent = await signedIn(t, f.lead)
    const page = await agent.get(`${base()}/findings/${findingId}`)
    expect(page.statusCode).toBe(200)
    const links = page.body.slice(page.body.indexOf('Safety plan'))
    expect(links).toContain(`Safety plan for Leanne ${SURNAME}`)
    expect(page.body).toContain(`Leanne ${SURNAME} reported the partner was back`)
    const form = await agent.get(`${base()}/findings/${findingId}/edit`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`Leanne ${SURNAME} reported the partner was back`)
    expect(form.body).toContain(`Safety plan for Leanne ${SURNAME}`)
  })

  it('are labelled with pseudonyms for a reviewer who chose them; the edit form keeps the stored words', async () => {
    const agent = await signedIn(t, f.lead)
    const page = await agent.get(`${base()}/findings/${findingId}?names=pseudonyms`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain(SURNAME)
    expect(page.body).toContain(`${PSEUDONYM} reported the partner was back`)
    expect(page.body).toContain(`Safety plan for ${PSEUDONYM}`)
    expect(page.body).toContain(`Nobody asked ${PSEUDONYM} who lived there`)
    // The form's link labels follow the choice, but the words saved back are the stored ones.
    const form = await agent.get(`${base()}/findings/${findingId}/edit?names=pseudonyms`)
    expect(form.body).toContain(`${PSEUDONYM} reported the partner was back`)
    expect(form.body).toContain('value="Nobody asked Leanne Kershaw who lived there"')
    const json = (await api(t, f.lead.token, 'GET', `/api/v1/reviews/${f.reviewId}/findings?names=pseudonyms`)).json().findings[0]
    expect(JSON.stringify(json)).not.toContain(SURNAME)
    expect(json.title).toBe(`Nobody asked ${PSEUDONYM} who lived there`)
  })

  it('reach the board chair in pseudonyms, without the links, on the finding, the board page and the API', async () => {
    const agent = await signedIn(t, f.boardChair)
    for (const url of [`${base()}/findings/${findingId}`, `${base()}/findings`, `${base()}/board`]) {
      const res = await agent.get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).not.toContain(SURNAME)
      expect(res.body, url).toContain(`Nobody asked ${PSEUDONYM}`)
    }
    expect((await agent.get(`${base()}/findings/${findingId}`)).body).not.toContain('Safety plan')
    const res = await api(t, f.boardChair.token, 'GET', `/api/v1/reviews/${f.reviewId}/findings`)
    expect(res.statusCode).toBe(200)
    expect(res.body).not.toContain(SURNAME)
    expect(res.json().findings[0].boardQuestions[0]).toContain(`calls about ${PSEUDONYM} are joined up`)
  })
})
