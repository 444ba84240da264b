import { describe, expect, it } from 'vitest'
import { type TestApp } from '../../support/test-app.js'
import { reviewProgress } from '../../../server/services/stages.js'
import { auditRows, useAnalysisReview, signedIn, type AnalysisFixture } from '../analysis/analysis-fixture.js'

let t: TestApp
let f: AnalysisFixture

useAnalysisReview((s) => { ({ t, f } = s) }, { at: new Date('2022-02-01T10:00:00Z') })

const url = () => `/reviews/${f.reviewId}/conduct`
const check = async (key: string) => (await reviewProgress(t.ctx, f.reviewId)).stages.flatMap((s) => s.checks).find((c) => c.key === key)!
const date = (name: string, d: string) => { const [y, m, day] = d.split('-'); return { [`${name}-day`]: day!, [`${name}-month`]: m!, [`${name}-year`]: y! } }
const count = async (table: 'independence_declarations' | 'case_group_steps' | 'parallel_processes') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('review_id', '=', f.reviewId).executeTakeFirstOrThrow()).n)

describe('the lead reviewer declares independence', () => {
  it('fails the readiness check until a declaration is recorded, then passes it noting the interests', async () => {
    expect((await check('independent-lead-reviewer')).passed).toBe(false)
    const agent = await signedIn(t, f.lead)
    await agent.get(url())
    const res = await agent.post(`${url()}/independence`, { independent: 'yes', interests: 'Worked for the council’s early help service until 2016.', ...date('declaredOn', '2021-10-20') })
    expect(res.statusCode).toBe(303)
    const outcome = await check('independent-lead-reviewer')
    expect(outcome).toMatchObject({ passed: true })
    expect(outcome.reason).toContain('1 declaration of interests')
    const audit = (await auditRows(t, f.reviewId, 'review.independence.declare')).at(-1)!
    expect(JSON.parse(audit.details)).toEqual({ independent: true, interestsDeclared: true })
    const page = await agent.get(url())
    expect(page.body).toContain('Worked for the council’s early help service until 2016.')
    expect(page.body).toContain('Independent')
  })

  it('refuses a declaration of not being independent with no interests, naming the field, and records nothing', async () => {
    const agent = await signedIn(t, f.lead)
    await agent.get(url())
    const before = await count('independence_declarations')
    const res = await agent.post(`${url()}/independence`, { independent: 'no', interests: '', ...date('declaredOn', '2030-01-01') })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Say what connects you to the agencies under review')
    expect(res.body).toContain('The date of the declaration must be today or in the past')
    expect(await count('independence_declarations')).toBe(before)
  })

  it('lets only the lead reviewer declare; the case group and board cannot see the page', async () => {
    const team = await signedIn(t, f.team)
    await team.get(url())
    expect((await team.post(`${url()}/independence`, { independent: 'yes', ...date('declaredOn', '2021-10-20') })).statusCode).toBe(403)
    for (const m of [f.caseGroup, f.boardChair]) expect((await (await signedIn(t, m)).get(url())).statusCode).toBe(403)
  })

  it('audits reading the page', async () => {
    const before = (await auditRows(t, f.reviewId, 'review.conduct.read')).length
    await (await signedIn(t, f.team)).get(url())
    expect((await auditRows(t, f.reviewId, 'review.conduct.read')).length).toBe(before + 1)
  })
})

describe('case-group follow-on meetings and feedback on the draft findings', () => {
  it('records a follow-on meeting by role and agency and what changed, passing the appraisal check', async () => {
    expect((await check('case-group-follow-on')).passed).toBe(false)
    const agent = await signedIn(t, f.team)
    await agent.get(url())
    const res = await agent.post(`${url()}/steps`, {
      stepKind: 'follow-on-meeting', ...date('heldOn', '2022-01-27'),
      participants: 'Response officer, Police\nHealth visitor, Health Visiting\n', changes: 'The episode about the April visit was split in two.',
    })
    expect(res.statusCode).toBe(303)
    expect((await check('case-group-follow-on')).passed).toBe(true)
    expect((await check('practitioner-feedback')).passed).toBe(false)
    const row = await t.db.selectFrom('case_group_steps').selectAll().where('review_id', '=', f.reviewId).executeTakeFirstOrThrow()
    expect(JSON.parse(row.participants)).toEqual([{ role: 'Response officer', agency: 'Police' }, { role: 'Health visitor', agency: 'Health Visiting' }])
    const page = await agent.get(url())
    expect(page.body).toContain('Case group follow-on meeting, 27 January 2022')
    expect(page.body).toContain('Health visitor, Health Visiting')
  })

  it('records practitioners’ feedback on the draft findings, passing the findings check', async () => {
    const agent = await signedIn(t, f.lead)
    await agent.get(url())
    await agent.post(`${url()}/steps`, {
      stepKind: 'draft-findings-feedback', ...date('heldOn', '2022-01-31'), participants: 'Social worker, Children’s Social Care', changes: 'Finding 2 now says the caseload was shared by the whole team.',
    })
    expect((await check('practitioner-feedback')).passed).toBe(true)
  })

  it('names the line that lacks an agency, asks what changed, and records nothing', async () => {
    const agent = await signedIn(t, f.lead)
    await agent.get(url())
    const before = await count('case_group_steps')
    const res = await agent.post(`${url()}/steps`, { stepKind: 'follow-on-meeting', ...date('heldOn', '2022-01-27'), participants: 'Response officer, Police\nHealth visitor', changes: ' ' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Line 2 of who took part (&quot;Health visitor&quot;): give the role and the agency, separated by a comma')
    expect(res.body).toContain('Say what changed as a result')
    expect(await count('case_group_steps')).toBe(before)
  })
})

describe('the register of parallel processes', () => {
  it('adds a process, then changes its status to concluded with the date', async () => {
    const agent = await signedIn(t, f.lead)
    await agent.get(url())
    const res = await agent.post(`${url()}/processes`, { processKind: 'criminal', status: 'ongoing', ...date('startedOn', '2021-10-01'), effect: 'Police asked that Mr Y not be approached until the trial ends.' })
    expect(res.statusCode).toBe(303)
    const row = await t.db.selectFrom('parallel_processes').selectAll().where('review_id', '=', f.reviewId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'criminal', status: 'ongoing', started_on: '2021-10-01', concluded_on: null })
    const edit = await agent.get(`${url()}/processes/${row.id}`)
    expect(edit.statusCode).toBe(200)
    const changed = await agent.post(`${url()}/processes/${row.id}`, { processKind: 'criminal', status: 'concluded', ...date('startedOn', '2021-10-01'), ...date('concludedOn', '2022-01-14'), effect: 'Trial concluded; Mr Y may now be invited to contribute.' })
    expect(changed.statusCode).toBe(303)
    expect(await t.db.selectFrom('parallel_processes').select(['status', 'concluded_on']).where('id', '=', row.id).executeTakeFirstOrThrow()).toEqual({ status: 'concluded', concluded_on: '2022-01-14' })
    expect((await auditRows(t, f.reviewId, 'review.parallel-process.change')).length).toBe(1)
  })

  it('refuses a concluded process without its date, or one that ends before it starts, and changes nothing', async () => {
    const agent = await signedIn(t, f.lead)
    await agent.get(url())
    const before = await count('parallel_processes')
    const noDate = await agent.post(`${url()}/processes`, { processKind: 'inquest', status: 'concluded', effect: 'Coroner’s findings awaited.' })
    expect(noDate.statusCode).toBe(400)
    expect(noDate.body).toContain('Enter the date it concluded')
    const backwards = await agent.post(`${url()}/processes`, { processKind: 'inquest', status: 'concluded', ...date('startedOn', '2021-12-01'), ...date('concludedOn', '2021-11-01'), effect: 'x' })
    expect(backwards.body).toContain('The date it concluded must be on or after the date it started')
    const noKind = await agent.post(`${url()}/processes`, { processKind: 'tribunal', status: 'ongoing', effect: 'x' })
    expect(noKind.body).toContain('Choose the kind of process')
    expect(await count('parallel_processes')).toBe(before)
  })
})
