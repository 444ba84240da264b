// Typology 2.0 tagging: each tag says whether the pattern helped or hindered, through the page and the API
// alike; findings tagged against 1.0 keep working and say what re-tagging them involves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { api, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const findingsUrl = () => `/api/v1/reviews/${r.reviewId}/findings`
const storedTags = (findingId: string) =>
  t.db.selectFrom('finding_tags').select(['code', 'typology_version', 'effect']).where('finding_id', '=', findingId).orderBy('code').execute()

/** A finding tagged against 1.0, as an existing review has it (the app itself now tags against 2.0). */
async function findingTaggedInV1(codes: string[]): Promise<string> {
  const created = (await api(t, r.lead.token, 'POST', findingsUrl(), { title: 'Tagged before version 2', typologyCodes: ['MAI'] })).json()
  await t.db.deleteFrom('finding_tags').where('finding_id', '=', created.id).execute()
  await t.db.insertInto('finding_tags').values(codes.map((code) => ({
    finding_id: created.id, code, typology_version: '1.0', tagged_by: r.lead.user.id, tagged_at: '2025-06-01T10:00:00.000Z', effect: null,
  }))).execute()
  return created.id
}

describe('helps and hinders through the API', () => {
  it('stores the marker given for each tag, defaults the rest from the finding’s kind, and derives the finding type', async () => {
    const res = await api(t, r.lead.token, 'POST', findingsUrl(), {
      title: 'Joint visits kept the child in view', kind: 'good-practice',
      typologyCodes: ['MAL-4'], typologyTags: [{ code: 'FPI-12', effect: 'helps' }, { code: 'MGT-2', effect: 'hinders' }],
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.typologyTags.map((x: { code: string; effect: string; version: string }) => [x.code, x.version, x.effect])).toEqual([
      ['FPI-12', '2.0', 'helps'], ['MAL-4', '2.0', 'helps'], ['MGT-2', '2.0', 'hinders'],
    ])
    // One pattern hindered, so nationally it is an area for improvement, whatever the kind says.
    expect(body.findingType).toBe('area-for-improvement')
    expect(body.needsRetagging).toBe(0)
    expect(await storedTags(body.id)).toEqual([
      { code: 'FPI-12', typology_version: '2.0', effect: 'helps' },
      { code: 'MAL-4', typology_version: '2.0', effect: 'helps' },
      { code: 'MGT-2', typology_version: '2.0', effect: 'hinders' },
    ])
    const audit = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'finding.create').where('object_id', '=', body.id).executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details).codes).toEqual(['MAL-4@2.0:helps', 'FPI-12@2.0:helps', 'MGT-2@2.0:hinders'])
  })

  it('refuses an unknown marker and a retired code (with the neutral code to use), saving nothing', async () => {
    const before = await t.db.selectFrom('findings').select('id').execute()
    const badEffect = await api(t, r.lead.token, 'POST', findingsUrl(), { title: 'x', typologyTags: [{ code: 'MAL-4', effect: 'neutral' }] })
    expect(badEffect.statusCode).toBe(400)
    const retired = await api(t, r.lead.token, 'POST', findingsUrl(), { title: 'x', typologyCodes: ['FPI-1'] })
    expect(retired.statusCode).toBe(400)
    expect(retired.json().details).toEqual([{ path: 'typologyCodes', message: expect.stringMatching(/^FPI-1 was retired in version 2\.0: .*Consider FPI-11\.$/) }])
    expect(await t.db.selectFrom('findings').select('id').execute()).toEqual(before)
  })

  it('keeps a 1.0 finding working and says, tag by tag, what re-tagging involves and how it counts until then', async () => {
    const id = await findingTaggedInV1(['FPI-1', 'MAL-5', 'HRB-2'])
    const [finding] = (await api(t, r.lead.token, 'GET', findingsUrl())).json().findings
    expect(finding.id).toBe(id)
    expect(finding.needsRetagging).toBe(3)
    const byCode = Object.fromEntries(finding.typologyTags.map((x: { code: string }) => [x.code, x]))
    expect(byCode['FPI-1']).toMatchObject({ version: '1.0', current: false, effect: null, label: 'Disguised compliance', retag: { change: 'retired', suggested: ['FPI-11'], countedAs: 'FPI' } })
    expect(byCode['MAL-5']).toMatchObject({ retag: { change: 'split', codes: ['MAL-11', 'MAL-12', 'MAL-13'], countedAs: 'MAL-5' }, currentCodes: ['MAL-11', 'MAL-12', 'MAL-13'] })
    expect(byCode['HRB-2']).toMatchObject({ retag: { change: 'same', codes: ['HRB-2'], countedAs: 'HRB-2' } })
    // Without markers, the kind decides the type.
    expect(finding.findingType).toBe('area-for-improvement')
  })
})

describe('helps and hinders through the pages', () => {
  it('shows the marker radios under each code, saves the choice, shows it on the finding and counts good practice apart', async () => {
    const agent = await signIn(t.app, r.lead.user.email)
    const form = await agent.get(`/reviews/${r.reviewId}/findings/new?kind=good-practice`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('In this finding, did FPI-12 help or hinder?')
    expect(form.body).toContain('data-aria-controls="effect-FPI-12-conditional"')
    // A good practice finding's radios start on "helps".
    expect(form.body).toMatch(/id="effect-FPI-12" name="effect-FPI-12" type="radio" value="helps" checked/)

    const saved = await agent.post(`/reviews/${r.reviewId}/findings`, {
      kind: 'good-practice', title: 'A trusted worker kept contact going', pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '',
      typologyCodes: ['FPI-12', 'MGT-2'], 'effect-FPI-12': 'helps', 'effect-MGT-2': 'hinders', 'effect-TLS-1': 'hinders', boardQuestions: '',
    })
    expect(saved.statusCode).toBe(303)
    const findingId = saved.headers.location!.split('/').pop()!
    // Only the ticked codes' radios count: TLS-1 was not ticked.
    expect(await storedTags(findingId)).toEqual([
      { code: 'FPI-12', typology_version: '2.0', effect: 'helps' },
      { code: 'MGT-2', typology_version: '2.0', effect: 'hinders' },
    ])
    const shown = await agent.get(`/reviews/${r.reviewId}/findings/${findingId}`)
    expect(shown.body).toMatch(/FPI-12<\/strong> Keeping contact when it is difficult <strong class="govuk-tag govuk-tag--green">\s*Helps\s*<\/strong>/)
    expect(shown.body).toMatch(/MGT-2<\/strong> Workload and caseloads <strong class="govuk-tag govuk-tag--orange">\s*Hinders\s*<\/strong>/)

    const edit = await agent.get(`/reviews/${r.reviewId}/findings/${findingId}/edit`)
    expect(edit.body).toMatch(/id="effect-MGT-2-hinders" name="effect-MGT-2" type="radio" value="hinders" checked/)

    const list = await agent.get(`/reviews/${r.reviewId}/findings`)
    expect(list.body).toContain('Patterns that helped and hindered')
    const rowOf = (family: string) => new RegExp(`${family}: [^<]+</th>\\s*<td[^>]*>(\\d+)</td>\\s*<td[^>]*>(\\d+)</td>`).exec(list.body)?.slice(1)
    expect(rowOf('FPI')).toEqual(['1', '0'])
    expect(rowOf('MGT')).toEqual(['0', '1'])
  })

  it('refuses a marker that is neither helps nor hinders, naming the code, and keeps what was typed', async () => {
    const agent = await signIn(t.app, r.lead.user.email)
    const res = await agent.post(`/reviews/${r.reviewId}/findings`, {
      kind: 'systemic', title: 'Caseloads crowd out visits', pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '',
      typologyCodes: ['MGT-2'], 'effect-MGT-2': 'both', boardQuestions: '',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('href="#effect-MGT-2"')
    expect(res.body).toContain('Say whether MGT-2 helps or hinders in this finding (helps or hinders)')
    expect(res.body).toContain('value="Caseloads crowd out visits"')
    expect(await t.db.selectFrom('findings').select('id').execute()).toEqual([])
  })

  it('lists findings that need re-tagging and re-tags one: the 1.0 tag is replaced by a 2.0 tag with its marker', async () => {
    const id = await findingTaggedInV1(['FPI-1', 'MAL-5'])
    const agent = await signIn(t.app, r.lead.user.email)
    const list = await agent.get(`/reviews/${r.reviewId}/findings`)
    expect(list.body).toContain('Tags to re-tag against version 2.0')
    expect(list.body).toContain('FPI-1 (version 1.0, retired)')
    expect(list.body).toContain('MAL-5 (version 1.0, split: choose a new code)')
    expect(list.body).toContain('Needs re-tagging')

    const edit = await agent.get(`/reviews/${r.reviewId}/findings/${id}/edit`)
    expect(edit.body).toContain('Tags made against an earlier version: re-tag these')
    expect(edit.body).toContain('value="FPI-1@1.0" checked')
    expect(edit.body).toContain('Consider FPI-11.')
    expect(edit.body).toContain('MAL-5 was split in version 2.0 into MAL-11, MAL-12, MAL-13')

    // Keep MAL-5 for now; replace FPI-1 with FPI-11, which hindered.
    const res = await agent.post(`/reviews/${r.reviewId}/findings/${id}`, {
      kind: 'systemic', title: 'Tagged before version 2', pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '',
      typologyCodes: ['MAL-5@1.0', 'FPI-11'], 'effect-FPI-11': 'hinders', boardQuestions: '',
    })
    expect(res.statusCode).toBe(303)
    expect(await storedTags(id)).toEqual([
      { code: 'FPI-11', typology_version: '2.0', effect: 'hinders' },
      { code: 'MAL-5', typology_version: '1.0', effect: null },
    ])
    const after = (await api(t, r.lead.token, 'GET', findingsUrl())).json().findings[0]
    expect(after.needsRetagging).toBe(1)
  })
})
