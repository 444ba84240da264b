import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { signIn } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { draftNextVersion, loadTypology, translateTagsToLatest } from '../../../server/services/typology.js'
import { editFinding } from '../../../server/services/findings.js'
import { TYPOLOGY_V2 } from '../../../methodology/typology/typology-v2.js'
import type { CrosswalkEntry, TypologyCode } from '../../../methodology/typology/typology-versions.js'
import { api, setUpReview, type ReviewFixture } from './review-fixture.js'

let t: TestApp
let r: ReviewFixture
let nationalToken: string
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
  const national = await addUser(t, 'national')
  nationalToken = (await createApiToken(t.ctx, systemActor, national.email, 'test')).token
})
afterEach(async () => { await t.close() })

/** Version 2.1 after the shipped 2.0: MAL-1 split in two, HRB-5 retired, TLS-4 renamed; everything else the same. */
function version21() {
  const draft = draftNextVersion(TYPOLOGY_V2)
  const mal1 = draft.codes.find((c) => c.code === 'MAL-1')!
  const tls4 = draft.codes.find((c) => c.code === 'TLS-4')!
  const codes: TypologyCode[] = draft.codes
    .filter((c) => !['MAL-1', 'HRB-5', 'TLS-4'].includes(c.code))
    .concat([
      { ...mal1, code: 'MAL-7', label: 'Cumulative harm not seen across agencies', description: 'Low-level concerns held apart.' },
      { ...mal1, code: 'MAL-8', label: 'Each new worker starts from the latest referral', description: 'History not carried forward.' },
      { ...tls4, code: 'TLS-5' },
    ])
  const crosswalk: CrosswalkEntry[] = draft.crosswalk.map((e) => {
    if (e.from === 'MAL-1') return { from: 'MAL-1', to: ['MAL-7', 'MAL-8'], change: 'split', note: 'Two different patterns' }
    if (e.from === 'HRB-5') return { from: 'HRB-5', to: [], change: 'retired', note: 'Reviewers could not tell it from fixed thinking' }
    if (e.from === 'TLS-4') return { from: 'TLS-4', to: ['TLS-5'], change: 'renamed', note: '' }
    return e
  })
  return { version: '2.1', publishedAt: '2027-03-01', codes, crosswalk }
}

describe('the typology API', () => {
  it('is described in the OpenAPI document with the findings routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const paths = Object.keys(res.json().paths)
    for (const path of ['/api/v1/typology', '/api/v1/typology/versions', '/api/v1/reviews/{reviewId}/findings']) expect(paths).toContain(path)
  })

  it('gives the current version with its codes, each with label, parent and description, to any signed-in caller', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/typology' })).statusCode).toBe(401)
    const res = await api(t, nationalToken, 'GET', '/api/v1/typology')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.version).toBe('2.0')
    const families = body.codes.filter((c: { parent: string | null }) => c.parent === null).map((c: { code: string }) => c.code)
    expect(families).toEqual(['MAI', 'MAL', 'HRB', 'FPI', 'TLS', 'MGT'])
    expect(body.codes.find((c: { code: string }) => c.code === 'TLS-3')).toMatchObject({ parent: 'TLS', label: expect.any(String), description: expect.any(String) })
    expect(body.codes).toHaveLength(TYPOLOGY_V2.codes.length)
  })

  it('publishes a version with a crosswalk; old tags stay valid and translate; retired and replaced codes are refused with the reason', async () => {
    const before = (await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, { title: 'Old tags', typologyCodes: ['MAL-1', 'HRB-5', 'TLS-4'] })).json()

    expect((await api(t, r.lead.token, 'POST', '/api/v1/typology/versions', version21())).statusCode).toBe(403)
    const published = await api(t, nationalToken, 'POST', '/api/v1/typology/versions', version21())
    expect(published.statusCode).toBe(201)
    expect((await api(t, r.lead.token, 'GET', '/api/v1/typology')).json().version).toBe('2.1')
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'typology.publish').execute()).toHaveLength(1)

    // The old finding keeps its 2.0 tags, each saying what it means now.
    const [finding] = (await api(t, r.lead.token, 'GET', `/api/v1/reviews/${r.reviewId}/findings`)).json().findings
    expect(finding.id).toBe(before.id)
    expect(finding.typologyTags).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'MAL-1', version: '2.0', current: false, currentCodes: ['MAL-7', 'MAL-8'], retag: expect.objectContaining({ change: 'split', countedAs: 'MAL-1' }) }),
      expect.objectContaining({ code: 'HRB-5', version: '2.0', current: false, currentCodes: [], retag: expect.objectContaining({ change: 'retired', countedAs: 'HRB' }) }),
      expect.objectContaining({ code: 'TLS-4', version: '2.0', current: false, currentCodes: ['TLS-5'], retag: expect.objectContaining({ change: 'renamed', countedAs: 'TLS-5' }) }),
    ]))

    const refused = await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, { title: 'New tags', typologyCodes: ['HRB-5', 'MAL-1', 'TLS-4', 'MAL-7'] })
    expect(refused.statusCode).toBe(400)
    const messages = refused.json().details.map((d: { message: string }) => d.message)
    expect(messages).toEqual([
      'HRB-5 was retired in version 2.1: Reviewers could not tell it from fixed thinking',
      'MAL-1 was split in version 2.1: use MAL-7 or MAL-8 (Two different patterns)',
      'TLS-4 was renamed in version 2.1: use TLS-5',
    ])
    const ok = await api(t, r.lead.token, 'POST', `/api/v1/reviews/${r.reviewId}/findings`, { title: 'New tags', typologyCodes: ['MAL-7'] })
    expect(ok.json().typologyTags).toEqual([expect.objectContaining({ code: 'MAL-7', version: '2.1', current: true, effect: 'hinders', retag: null })])

    // National analysis: stored tags carried to the latest version.
    const translated = await translateTagsToLatest(t.db, [
      { code: 'MAL-1', version: '1.0' }, { code: 'HRB-5', version: '1.0' }, { code: 'MAI-2', version: '1.0' }, { code: 'MAI-2', version: '0.9' }, { code: 'NOPE', version: '1.0' },
    ])
    expect(translated.map((x) => ({ codes: x.codes, retired: x.retired?.version ?? null, unknown: x.unknown !== null, latest: x.latestVersion }))).toEqual([
      { codes: ['MAL-7', 'MAL-8'], retired: null, unknown: false, latest: '2.1' },
      { codes: [], retired: '2.1', unknown: false, latest: '2.1' },
      { codes: ['MAI-2'], retired: null, unknown: false, latest: '2.1' },
      { codes: [], retired: null, unknown: true, latest: '2.1' },
      { codes: [], retired: null, unknown: true, latest: '2.1' },
    ])

    // An edit can keep a tag from the earlier version the finding already has, but cannot add one.
    await editFinding(t.ctx, r.lead.actor, r.reviewId, before.id, {
      kind: 'systemic', title: 'Old tags', pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '',
      typologyCodes: ['MAL-1@2.0', 'MAL-7'], researchQuestionIds: [], kpeIds: [], nodeIds: [], evidence: [], boardQuestions: [],
    }, null)
    const kept = await t.db.selectFrom('finding_tags').select(['code', 'typology_version']).where('finding_id', '=', before.id).orderBy('code').execute()
    expect(kept).toEqual([{ code: 'MAL-1', typology_version: '2.0' }, { code: 'MAL-7', typology_version: '2.1' }])
    await expect(editFinding(t.ctx, r.lead.actor, r.reviewId, before.id, {
      kind: 'systemic', title: 'Old tags', pattern: '', inThisCase: '', howWidespread: '', whyItMatters: '', systemLevel: '',
      typologyCodes: ['MAI-1@1.0'], researchQuestionIds: [], kpeIds: [], nodeIds: [], evidence: [], boardQuestions: [],
    }, null)).rejects.toMatchObject({ status: 400 })
  })

  it('refuses a crosswalk that forms a cycle, unknown codes and an unaccounted code, listing each and changing nothing', async () => {
    expect((await api(t, nationalToken, 'POST', '/api/v1/typology/versions', version21())).statusCode).toBe(201)
    const history = await loadTypology(t.db)
    const draft = draftNextVersion(history.current)
    // MAL-7 "renamed" back to MAL-1: MAL-1 → MAL-7 → MAL-1 would make old tags ambiguous.
    const codes = draft.codes.filter((c) => c.code !== 'MAL-7').concat([{ ...draft.codes.find((c) => c.code === 'MAL-7')!, code: 'MAL-1' }])
    const crosswalk = draft.crosswalk
      .map((e) => (e.from === 'MAL-7' ? { from: 'MAL-7', to: ['MAL-1'], change: 'renamed' as const, note: '' } : e))
      .map((e) => (e.from === 'MAI-1' ? { from: 'MAI-1', to: ['NOWHERE'], change: 'renamed' as const, note: '' } : e))
      .filter((e) => e.from !== 'MGT-6')
      .concat([{ from: 'GHOST-1', to: ['MGT-6'], change: 'same', note: '' }])
    const res = await api(t, nationalToken, 'POST', '/api/v1/typology/versions', { version: '2.2', publishedAt: '2027-03-02', codes, crosswalk })
    expect(res.statusCode).toBe(400)
    const messages: string[] = res.json().details.map((d: { message: string }) => d.message)
    expect(messages.some((m) => m.includes('cycle') && m.includes('MAL-1') && m.includes('MAL-7'))).toBe(true)
    expect(messages).toContain("'GHOST-1' is not a code in version 2.1")
    expect(messages).toContain("'NOWHERE' is not a code in version 2.2")
    expect(messages.some((m) => m.includes("'MGT-6'") && m.includes('not accounted for'))).toBe(true)
    expect((await loadTypology(t.db)).versions.map((v) => v.version)).toEqual(['1.0', '2.0', '2.1'])
    const versionRows = await t.db.selectFrom('typology_codes').select('version').distinct().execute()
    expect(versionRows).toHaveLength(3)
  })

  it('lets a national user publish through the page, showing problems against the JSON box', async () => {
    const national = await addUser(t, 'national')
    const agent = await signIn(t.app, national.email)
    const page = await agent.get('/typology/publish')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="2.1"')
    const bad = await agent.post('/typology/publish', { version: '2.1', publishedAt: '2027-03-02', definition: '{"codes": [], "crosswalk": []' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#definition"')
    const { version: _v, publishedAt: _p, ...definition } = version21()
    const ok = await agent.post('/typology/publish', { version: '2.1', publishedAt: '2027-03-02', definition: JSON.stringify(definition) })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/typology/versions/2.1')
    const shown = await agent.get('/typology')
    expect(shown.body).toContain('Version 2.1')
    expect(shown.body).toContain('What changed from version 2.0')
    expect(shown.body).toContain('Reviewers could not tell it from fixed thinking')
    const old = await agent.get('/typology/versions/2.0')
    expect(old.statusCode).toBe(200)
    expect(old.body).toContain('HRB-5')

    const reviewer = await signIn(t.app, r.lead.user.email)
    expect((await reviewer.get('/typology')).body).not.toContain('Publish a new version')
    expect((await reviewer.get('/typology/publish')).statusCode).toBe(403)
  })
})
