import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn, type Agent } from '../../support/browser-agent.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const FORM = {
  title: 'Rapid review: Child P', boardName: 'Westmere Safeguarding Children Partnership', subjectPseudonym: 'Child P', methodology: 'rapid-review',
  'periodFrom-day': '1', 'periodFrom-month': '1', 'periodFrom-year': '2025', 'periodTo-day': '31', 'periodTo-month': '1', 'periodTo-year': '2026',
}

async function setUp(): Promise<{ agent: Agent; reviewId: string }> {
  const lead = await addUser(t, 'reviewer')
  const agent = await signIn(t.app, lead.email)
  await agent.get('/reviews/new')
  const res = await agent.post('/reviews/new', FORM)
  return { agent, reviewId: String(res.headers.location).split('/').pop()! }
}

const dateParts = (name: string, d: string, m: string, y: string) => ({ [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y })

async function post(agent: Agent, reviewId: string, section: string, form: Record<string, string>) {
  const page = await agent.get(`/reviews/${reviewId}/rapid-review/${section}`)
  expect(page.statusCode).toBe(200)
  const version = /name="version" value="(\d+)"/.exec(page.body)![1]!
  return agent.post(`/reviews/${reviewId}/rapid-review/${section}`, { version, ...form })
}

describe('rapid review pages', () => {
  it('walks facts → immediate action → learning → criteria → decision → sign-off → panel, each saved and shown on the summary', async () => {
    const { agent, reviewId } = await setUp()
    const facts = await post(agent, reviewId, 'facts', {
      child: 'Child P, aged 2.', household: 'Mother and Sibling A.', agencies: 'Police\nHealth visiting\n\nChildren’s social care', incident: 'A head injury.',
      ...dateParts('incidentDate', '10', '1', '2026'), ...dateParts('becameAware', '12', '1', '2026'),
    })
    expect(facts.statusCode).toBe(303)
    expect(facts.headers.location).toBe(`/reviews/${reviewId}/rapid-review/immediate-action`)
    expect((await post(agent, reviewId, 'immediate-action', { 'action-0': 'Safety plan for Sibling A', 'for-0': 'Sibling A', 'by-0': 'Children’s social care', ...dateParts('actionDate-0', '11', '1', '2026'), 'done-0': 'yes' })).statusCode).toBe(303)
    expect((await post(agent, reviewId, 'learning', { goodPractice: 'Quick referral from the hospital.', toImprove: 'Partner information not shared.' })).statusCode).toBe(303)
    expect((await post(agent, reviewId, 'criteria', { 'met-agencies-working-together': 'yes', 'note-agencies-working-together': 'Three agencies knew of the partner.', 'met-complex-or-national': 'no' })).statusCode).toBe(303)
    expect((await post(agent, reviewId, 'decision', { decision: 'lcspr', decisionReasons: 'Learning about information sharing.', ...dateParts('decisionDate', '30', '1', '2026') })).statusCode).toBe(303)
    const signed = await post(agent, reviewId, 'sign-off', {
      'name-police': 'Ryan Hale', 'role-police': 'Head of Public Protection', ...dateParts('date-police', '30', '1', '2026'),
      'name-health': 'Priya Natarajan', 'role-health': 'Chief Nurse', ...dateParts('date-health', '2', '2', '2026'),
      'name-local-authority': 'Dana Okafor', 'role-local-authority': 'Director of Children’s Services', ...dateParts('date-local-authority', '30', '1', '2026'),
    })
    expect(signed.statusCode).toBe(303)
    const panel = await post(agent, reviewId, 'panel', { ...dateParts('sentToPanel', '3', '2', '2026') })
    expect(panel.headers.location).toBe(`/reviews/${reviewId}/rapid-review`)

    const summary = await agent.get(`/reviews/${reviewId}/rapid-review`)
    expect(summary.statusCode).toBe(200)
    for (const text of ['Health visiting', 'Safety plan for Sibling A', 'Quick referral from the hospital.', 'Three agencies knew of the partner.', 'Carry out a local child safeguarding practice review', 'Priya Natarajan, Chief Nurse, 2 February 2026', '3 February 2026']) {
      expect(summary.body).toContain(text)
    }
    expect(summary.body).toContain(`/reviews/${reviewId}/rapid-review/export?format=docx`)
    // 12 January 2026 + 15 working days = 2 February 2026; sent on the 3rd.
    expect(summary.body).toContain('by 2 February 2026')
    expect(summary.body).toContain('within 15 working days of becoming aware of the incident')
    const stored = await t.db.selectFrom('rapid_reviews').select(['agencies', 'decision', 'version']).executeTakeFirstOrThrow()
    // Compared as JSON: on PostgreSQL the column is jsonb (migration 0038), which spells the text its own way.
    expect({ ...stored, agencies: JSON.parse(stored.agencies) }).toEqual({ agencies: ['Police', 'Health visiting', 'Children’s social care'], decision: 'lcspr', version: 7 })
  })

  it('refuses 31 February in a GOV.UK date input, names the field, keeps what was typed and saves nothing', async () => {
    const { agent, reviewId } = await setUp()
    const res = await post(agent, reviewId, 'facts', { incident: 'Typed text kept', ...dateParts('becameAware', '31', '2', '2026') })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('The date the partnership became aware must be a real date')
    expect(res.body).toContain('href="#becameAware"')
    expect(res.body).toContain('Typed text kept')
    expect(await t.db.selectFrom('rapid_reviews').selectAll().execute()).toEqual([])
  })

  it('refuses a decision without reasons and a sign-off before the incident, against the right fields', async () => {
    const { agent, reviewId } = await setUp()
    await post(agent, reviewId, 'facts', { incident: 'x', ...dateParts('incidentDate', '10', '1', '2026') })
    const noReasons = await post(agent, reviewId, 'decision', { decision: 'no-lcspr', decisionReasons: '' })
    expect(noReasons.statusCode).toBe(400)
    expect(noReasons.body).toContain('href="#decisionReasons"')
    await post(agent, reviewId, 'decision', { decision: 'no-lcspr', decisionReasons: 'Already known.' })
    const early = await post(agent, reviewId, 'sign-off', { 'name-health': 'P N', 'role-health': 'Chief Nurse', ...dateParts('date-health', '9', '1', '2026') })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('href="#date-health"')
    expect(early.body).toContain('cannot be before the incident (10 January 2026)')
    expect(await t.db.selectFrom('rapid_review_sign_offs').selectAll().execute()).toEqual([])
  })

  it('says so when someone else saved in between, and keeps the newer save', async () => {
    const { agent, reviewId } = await setUp()
    await agent.get(`/reviews/${reviewId}/rapid-review/learning`)
    await agent.post(`/reviews/${reviewId}/rapid-review/learning`, { version: '0', goodPractice: 'First' })
    const stale = await agent.post(`/reviews/${reviewId}/rapid-review/learning`, { version: '0', goodPractice: 'Second' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else saved the rapid review')
    expect((await t.db.selectFrom('rapid_reviews').select('good_practice').executeTakeFirstOrThrow()).good_practice).toBe('First')
  })

  it('refuses a save without the CSRF token', async () => {
    const { agent, reviewId } = await setUp()
    const res = await agent.post(`/reviews/${reviewId}/rapid-review/learning`, { version: '0', goodPractice: 'x' }, { csrf: false })
    expect(res.statusCode).toBe(403)
    expect(await t.db.selectFrom('rapid_reviews').selectAll().execute()).toEqual([])
  })
})
