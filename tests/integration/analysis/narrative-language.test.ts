// The language check under every narrative field a reviewer or the board writes: what was saved (or posted and
// refused) is checked on the server and listed under its field, and the page loads the browser module that
// re-checks as people type.
import { beforeAll, describe, expect, it } from 'vitest'
import { addUser, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { useAnalysisReview, type AnalysisFixture } from './analysis-fixture.js'
import { api, setUpReview, type ReviewFixture } from '../findings/review-fixture.js'

let t: TestApp
let f: AnalysisFixture
let lead: Agent

useAnalysisReview((s) => { ({ t, f, lead } = s) })

/** The issues box under a field, as rendered. */
function box(html: string, id: string): string {
  const start = html.indexOf(`id="${id}-language"`)
  if (start === -1) throw new Error(`no language box for ${id}`)
  return html.slice(start, html.indexOf('</div>', start))
}

async function addEpisode(title: string): Promise<string> {
  await lead.get(`/reviews/${f.reviewId}/analysis/episodes/new`)
  const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes`, { title, 'dateStart-day': '3', 'dateStart-month': '2', 'dateStart-year': '2021', otherAgencies: 'Nursery' })
  expect(res.statusCode).toBe(303)
  return /episodes\/([^/]+)\/evidence/.exec(String(res.headers.location))![1]!
}

describe('key practice episodes', () => {
  it('lists flagged wording under each appraisal field after saving, leaves clean fields empty, and loads the inline check', async () => {
    const id = await addEpisode('The February visit')
    const saved = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/appraisal`, {
      version: '1', knownAtTime: 'The health visitor knew of one earlier bruise.', expectedPractice: 'A referral must include the parents’ consent.',
      whatHappened: 'The health visitor failed to visit. Had she visited, the injury would not have happened.', judgement: '', goodPractice: '',
    })
    expect(saved.statusCode).toBe(303)
    const page = await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}`)
    const whatHappened = box(page.body, 'whatHappened')
    expect(whatHappened).toContain('Wording to check')
    expect(whatHappened).toContain('app-language-issue__phrase">failed to</mark>')
    expect(whatHappened).toContain('app-language-issue__phrase">would not have</mark>')
    expect(whatHappened).toContain('Counterfactual')
    expect(box(page.body, 'knownAtTime')).not.toContain('Wording to check')
    expect(box(page.body, 'expectedPractice')).not.toContain('Wording to check')
    expect(page.body).toMatch(/<textarea class="govuk-textarea js-language-check" id="whatHappened"/)
    expect(page.body).toContain('aria-live="polite"')
    expect(page.body).toContain('/assets/build/language-check.js')
  })

  it('checks an episode title on the episode form', async () => {
    const res = await lead.get(`/reviews/${f.reviewId}/analysis/episodes/new`)
    expect(res.body).toContain('id="title-language"')
    expect(res.body).toContain('/assets/build/language-check.js')
  })
})

describe('contributory factors', () => {
  it('lists flagged wording under the factor when the form is shown again after a problem', async () => {
    const id = await addEpisode('The March strategy discussion')
    await lead.get(`/reviews/${f.reviewId}/analysis/episodes/${id}/factors/new`)
    const res = await lead.post(`/reviews/${f.reviewId}/analysis/episodes/${id}/factors`, {
      text: 'There was a lack of professional curiosity in the team.', level: 'cosmic', kpeIds: [id], returnTo: id,
    })
    expect(res.statusCode).toBe(400)
    expect(box(res.body, 'text')).toContain('app-language-issue__phrase">a lack of professional curiosity</mark>')
    expect(box(res.body, 'text')).toContain('Deficit')
  })
})

describe('the causal map', () => {
  it('checks node labels on the no-JavaScript node form and offers the inline check in the editor', async () => {
    const token = f.lead.token
    const map = (await api(t, token, 'GET', `/api/v1/reviews/${f.reviewId}/map`)).json()
    const put = await t.app.inject({
      method: 'PUT', url: `/api/v1/reviews/${f.reviewId}/map`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': String(map.version) },
      payload: JSON.stringify({ nodes: [{ id: 'n1', kind: 'condition', level: 'team', label: 'Child fell through the gaps', eventIds: [] }], edges: [] }),
    })
    expect(put.statusCode).toBe(200)
    const node = await lead.get(`/reviews/${f.reviewId}/map/nodes/n1`)
    expect(box(node.body, 'label')).toContain('app-language-issue__phrase">fell through the gaps</mark>')
    const editor = await lead.get(`/reviews/${f.reviewId}/map`)
    expect(editor.body).toContain('id="add-label-language"')
    expect(editor.body).toContain('/assets/build/language-check.js')
  })
})

describe('board responses and actions', () => {
  let r: ReviewFixture
  beforeAll(async () => { r = await setUpReview(t) })

  it('lists flagged wording under a board response after it is recorded', async () => {
    const created = await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, {
      title: 'Risk scores work as cut-offs', summary: 'The checklist counts answers given with children nearby.', typologyCodes: ['TLS-3'],
      inThisCase: 'The January incident was graded standard on the score alone.',
      howWidespread: 'A MARAC audit found the same in a third of medium-graded incidents.',
      whyItMatters: 'Judgement about the children is set aside when the score is low.',
      boardQuestions: ['How often is professional judgement used to refer?'],
    })
    const questionId = created.json().questions[0].id as string
    // The board answers agreed findings only.
    expect((await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings/${created.json().id}/agree`)).statusCode).toBe(200)
    const board = await signIn(t.app, r.boardChair.user.email)
    await board.get(`/reviews/${r.reviewId}/board`)
    const ok = await board.post(`/reviews/${r.reviewId}/board/questions/${questionId}/response`, { response: 'The board accepts that the response was inadequate.' })
    expect(ok.statusCode).toBe(303)
    const page = await board.get(`/reviews/${r.reviewId}/board`)
    expect(box(page.body, `response-${questionId}`)).toContain('app-language-issue__phrase">inadequate</mark>')
    expect(page.body).toContain('/assets/build/language-check.js')
  })
})

describe('rapid review learning', () => {
  it('lists flagged wording under the learning fields after saving, and loads the inline check', async () => {
    const reviewer = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, reviewer.email)
    await agent.get('/reviews/new')
    const created = await agent.post('/reviews/new', {
      title: 'Rapid review: Child P', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child P', methodology: 'rapid-review',
      'periodFrom-day': '1', 'periodFrom-month': '1', 'periodFrom-year': '2025', 'periodTo-day': '31', 'periodTo-month': '1', 'periodTo-year': '2026',
    })
    const reviewId = String(created.headers.location).split('/').pop()!
    const form = await agent.get(`/reviews/${reviewId}/rapid-review/learning`)
    expect(form.body).toContain('/assets/build/language-check.js')
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!
    const saved = await agent.post(`/reviews/${reviewId}/rapid-review/learning`, {
      version, goodPractice: 'The hospital referred the same day.', toImprove: 'There were missed opportunities to share the partner’s history.',
    })
    expect(saved.statusCode).toBe(303)
    const page = await agent.get(`/reviews/${reviewId}/rapid-review/learning`)
    expect(box(page.body, 'toImprove')).toContain('app-language-issue__phrase">missed opportunities</mark>')
    expect(box(page.body, 'goodPractice')).not.toContain('Wording to check')
  })
})
