import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { createEpisode } from '../../../server/services/key-practice-episodes.js'
import { saveMap } from '../../../server/services/causal-map.js'
import { buildReviewSnapshot } from '../../../server/services/review-snapshot.js'
import { api, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
let kpeId: string
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
  kpeId = await createEpisode(t.ctx, r.lead.actor, r.reviewId, { title: 'Assessing the household', dateStart: '2020-03-01', dateEnd: '2020-03-20', agencies: ['Children’s Social Care'] })
  const node = (id: string, label: string) => ({ id, kind: 'system-factor', label, level: 'local-partnership', description: null, eventIds: [], kpeIds: [], factorIds: [] })
  await saveMap(t.ctx, r.lead.actor, r.reviewId, 0, { nodes: [node('n-occupancy', 'No routine occupancy check'), node('n-records', 'Records held apart')], edges: [] }, 'api')
})
afterEach(async () => { await t.close() })

const url = () => `/api/v1/reviews/${r.reviewId}/findings`

describe('linking findings to the case', () => {
  it('links key practice episodes and map nodes by id, shows them to reviewers, and refuses ids that are not in the review', async () => {
    const bad = await api(t, r.lead.token, 'POST', url(), { title: 'Household', kpeIds: ['kpe-nope'], nodeIds: ['n-occupancy', 'n-nope'], evidence: [{ type: 'quote', id: 'q-nope' }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([
      { path: 'kpeIds', message: 'There is no key practice episode kpe-nope in this review' },
      { path: 'nodeIds', message: 'There is no node n-nope on this review’s causal map' },
      { path: 'evidence', message: 'There is no quote q-nope in this review' },
    ])

    const ok = await api(t, r.lead.token, 'POST', url(), { title: 'Household', kpeIds: [kpeId], nodeIds: ['n-occupancy'], researchQuestionIds: [r.questionIds[0]] })
    expect(ok.statusCode).toBe(201)
    expect(ok.json()).toMatchObject({ kpeIds: [kpeId], nodeIds: ['n-occupancy'], hasEvidence: true })
    const lead = await signIn(t.app, r.lead.user.email)
    const page = await lead.get(`/reviews/${r.reviewId}/findings/${ok.json().id}`)
    expect(page.body).toContain('Assessing the household (1 March 2020 to 20 March 2020)')
    expect(page.body).toContain('No routine occupancy check (system factor)')
    const form = await lead.get(`/reviews/${r.reviewId}/findings/${ok.json().id}/edit`)
    expect(form.body).toMatch(new RegExp(`value="${kpeId}" checked`))
    expect(form.body).toContain('value="n-records"')
  })

  it('fills the snapshot: kinds, evidence, tags, questions, research questions and open language issues', async () => {
    await api(t, r.lead.token, 'POST', url(), { title: 'Linked and tagged', kpeIds: [kpeId], typologyCodes: ['MAL-1'], boardQuestions: ['What does the board know?'], researchQuestionIds: [r.questionIds[0]] })
    await api(t, r.lead.token, 'POST', url(), { title: 'A draft', summary: 'Staff failed to share it. The plan must change.' })
    await api(t, r.lead.token, 'POST', url(), { title: 'Hearing the sibling', kind: 'good-practice', nodeIds: ['n-records'], researchQuestionIds: [r.questionIds[0]] })
    const snapshot = await buildReviewSnapshot(t.db, r.reviewId, t.clock.now())
    expect(snapshot.findings).toEqual({
      systemic: 2, drafts: 3, goodPractice: 1, withEvidence: 2, systemicWithBoardQuestions: 1, systemicWithTypologyCode: 1,
      researchQuestionIdsAddressed: [r.questionIds[0]], citingRemovedEvents: 0,
    })
    expect(snapshot.languageIssuesOpen).toBe(2)
    // The board sees agreed findings only, so a draft's question is not yet one for it to answer.
    expect(snapshot.board).toMatchObject({ questions: 0, questionsAnswered: 0, actionsAgreed: 0 })

    // The findings stage shows its readiness checks from the snapshot: one finding has no evidence.
    const lead = await signIn(t.app, r.lead.user.email)
    const stage = await lead.get(`/reviews/${r.reviewId}/stages/systemic-findings`)
    expect(stage.statusCode).toBe(200)
    expect(stage.body).toContain('1 finding links to no evidence')
    expect(stage.body).toContain('3 findings are still drafts')
    expect(stage.body).toContain(`/reviews/${r.reviewId}/findings/new`)
  })
})
