// The national side's API: receiving returns (and refusing bad ones with nothing changed), a newer version
// replacing the older in every count, tags counted through the typology crosswalks, and the themes with
// small numbers suppressed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RETURN_SCHEMA } from '../../../methodology/national/return-schema.js'
import type { User } from '../../../server/data/schema.js'
import { systemActor } from '../../../server/services/context.js'
import { draftNextVersion, loadTypology, publishTypologyVersion } from '../../../server/services/typology.js'
import { addUser, type TestApp } from '../../support/test-app.js'
import { getJson, makeReturn, postReturn, returnFinding, setUpNationalAnalyst, tableCount, tokenFor } from './national-support.js'

let t: TestApp
let national: User
let token: string
beforeEach(async () => { ({ t, national, token } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

type Row = { key: string; label: string; reviews: number | string; findings: number | string }

async function themes(by: string, extra = ''): Promise<{ typologyVersion: string; suppressedBelow: number; rows: Row[] }> {
  const res = await getJson(t, token, `/api/v1/national/themes?by=${by}${extra}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const row = (rows: Row[], key: string) => rows.find((r) => r.key === key)

/** What must stay the same when a return is refused. */
async function snapshotCounts() {
  return { returns: await tableCount(t, 'national_returns'), findings: await tableCount(t, 'national_findings'), audit: await tableCount(t, 'audit_log') }
}

describe('receiving returns', () => {
  it('files a valid return (201), audited, and serves the JSON Schema it was checked against', async () => {
    const res = await postReturn(t, token, makeReturn({ returnId: 'r-1' }))
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ returnId: 'r-1', version: 1, superseded: null, findings: 1 })
    expect(await t.db.selectFrom('national_returns').select(['return_id', 'version', 'is_current', 'received_via', 'received_by']).execute())
      .toEqual([{ return_id: 'r-1', version: 1, is_current: 1, received_via: 'api', received_by: national.id }])
    const audit = await t.db.selectFrom('audit_log').select(['action', 'object_id', 'details']).where('action', '=', 'national.return.receive').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ object_id: 'r-1' })
    expect(JSON.parse(audit.details)).toEqual({ version: 1, formatVersion: 1, via: 'api', findings: 1, superseded: null })
    const schema = await getJson(t, token, '/api/v1/national/return.schema.json')
    expect(schema.statusCode).toBe(200)
    expect(schema.json()).toEqual(JSON.parse(JSON.stringify(RETURN_SCHEMA)))
  })

  it('refuses malformed JSON with a clear error and changes nothing', async () => {
    const before = await snapshotCounts()
    const res = await postReturn(t, token, '{"format": "casework-lens/national-return", ')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'malformed-json', message: 'The request body is not valid JSON' })
    expect(await snapshotCounts()).toEqual(before)
  })

  it('refuses a return over 512 KB, saying so, and changes nothing', async () => {
    const before = await snapshotCounts()
    const big = makeReturn({ findings: Array.from({ length: 120 }, (_, i) => returnFinding({ ref: `F${i + 1}`, pattern: 'x'.repeat(4900), howWidespread: 'y'.repeat(4900) })) })
    const res = await postReturn(t, token, big)
    expect(res.statusCode).toBe(413)
    expect(res.json().message).toMatch(/a national return can be at most 512 KB/)
    expect(await snapshotCounts()).toEqual(before)
  })

  it('refuses an unknown typology version or code, naming the place, and changes nothing', async () => {
    const before = await snapshotCounts()
    const res = await postReturn(t, token, makeReturn({
      findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '9.9' }] }), returnFinding({ ref: 'F2', typologyCodes: [{ code: 'MAI-99', typologyVersion: '1.0' }] })],
    }))
    expect(res.statusCode).toBe(400)
    const body = res.json() as { error: string; details: Array<{ path: string; message: string }> }
    expect(body.error).toBe('invalid-return')
    expect(body.details).toEqual([
      { path: 'findings[0].typologyCodes[0].typologyVersion', message: expect.stringContaining('typology version 9.9 is not known here') },
      { path: 'findings[1].typologyCodes[0].code', message: 'MAI-99 is not a code in typology version 1.0' },
    ])
    expect(await snapshotCounts()).toEqual(before)
  })

  it('refuses fields the format does not define (they could carry names) and wrong shapes, listing each', async () => {
    const bad = { ...makeReturn(), childName: 'Mila' } as Record<string, unknown>
    ;(bad.review as Record<string, unknown>).region = 'Westmere'
    const res = await postReturn(t, token, bad)
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual(expect.arrayContaining([
      { path: 'childName', message: expect.stringContaining('is not part of the national return format') },
      { path: 'review.region', message: expect.stringContaining('must be one of') },
    ]))
    expect(await tableCount(t, 'national_returns')).toBe(0)
  })

  it('refuses a duplicate return id and version (409), an older version, or the same id from another instance; nothing changes', async () => {
    expect((await postReturn(t, token, makeReturn({ returnId: 'dup', version: 2 }))).statusCode).toBe(201)
    const before = await snapshotCounts()
    const duplicate = await postReturn(t, token, makeReturn({ returnId: 'dup', version: 2, findings: [returnFinding({ title: 'Different' })] }))
    expect(duplicate.statusCode).toBe(409)
    expect(duplicate.json()).toMatchObject({ error: 'duplicate-return', message: expect.stringContaining('Version 2 of return dup is already held; send version 3') })
    const older = await postReturn(t, token, makeReturn({ returnId: 'dup', version: 1 }))
    expect(older.statusCode).toBe(409)
    expect(older.json().error).toBe('stale-version')
    const other = await postReturn(t, token, makeReturn({ returnId: 'dup', version: 3, sourceInstance: 'someone-else' }))
    expect(other.statusCode).toBe(409)
    expect(other.json().error).toBe('wrong-source')
    expect(await snapshotCounts()).toEqual(before)
    const title = await t.db.selectFrom('national_findings').select('title').executeTakeFirstOrThrow()
    expect(title.title).toBe('Information held but not shared')
  })

  it('accepts returns only from national users’ tokens', async () => {
    const reviewer = await addUser(t, 'reviewer')
    const res = await postReturn(t, await tokenFor(t, reviewer), makeReturn())
    expect(res.statusCode).toBe(403)
    expect(await tableCount(t, 'national_returns')).toBe(0)
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/national/returns', payload: JSON.stringify(makeReturn()), headers: { 'content-type': 'application/json' } })
    expect(noToken.statusCode).toBe(401)
  })
})

describe('themes', () => {
  async function fileSet(): Promise<void> {
    for (let i = 0; i < 5; i++) await postReturn(t, token, makeReturn({ review: { region: 'London', year: 2021 }, findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }], agencies: ['police'] })] }))
    for (let i = 0; i < 2; i++) {
      await postReturn(t, token, makeReturn({
        review: { region: 'North East', year: 2022 },
        findings: [returnFinding({ typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }], agencies: ['housing'] }), returnFinding({ ref: 'F2', typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }], agencies: ['housing'] })],
      }))
    }
  }

  it('answers in the contract’s shape, counting reviews and findings, with cells under 5 reviews shown as "<5"', async () => {
    await fileSet()
    const byCode = await themes('code')
    expect(byCode.typologyVersion).toBe('2.0')
    expect(byCode.suppressedBelow).toBe(5)
    expect(byCode.rows).toEqual([
      { key: 'MAI-1', label: 'Sharing information when it matters', reviews: 5, findings: 5 },
      { key: 'MAI-2', label: 'Strategy discussions and joint decisions', reviews: '<5', findings: '<5' },
    ])
    expect((await themes('family')).rows).toEqual([{ key: 'MAI', label: 'Multi-agency working in response to incidents and crises', reviews: 7, findings: 9 }])
    // Region and year split the reviews, and the total (7, the one level's row) is known: London's 5 would give the
    // North East's 2 away, so it is withheld with it.
    expect((await themes('region')).rows).toEqual([
      { key: 'North East', label: 'North East', reviews: '<5', findings: '<5' },
      { key: 'London', label: 'London', reviews: '[c]', findings: '[c]' },
    ])
    expect((await themes('year')).rows.map((r) => [r.key, r.reviews])).toEqual([['2021', '[c]'], ['2022', '<5']])
    expect(row((await themes('agency')).rows, 'police')).toMatchObject({ label: 'Police', reviews: 5, findings: 5 })
    expect(row((await themes('agency')).rows, 'housing')).toMatchObject({ reviews: '<5', findings: '<5' })
    expect((await themes('level')).rows).toEqual([{ key: 'local-partnership', label: 'Local partnership and commissioning', reviews: 7, findings: 9 }])
  })

  it('filters by years and code, and refuses filters it cannot read', async () => {
    await fileSet()
    expect((await themes('code', '&from=2022&to=2022')).rows).toEqual([{ key: 'MAI-2', label: expect.any(String), reviews: '<5', findings: '<5' }])
    // MAI-1 leaves out the North East's 2 reviews: subtracting would show them, so the view is withheld (minimum complement).
    expect(await themes('region', '&code=MAI-1')).toMatchObject({ viewWithheld: { filter: 'Typology code: MAI-1 Sharing information when it matters' }, rows: [] })
    expect((await themes('code', '&code=MAI')).rows.map((r) => r.key)).toEqual(['MAI-1', 'MAI-2'])
    const bad = await getJson(t, token, '/api/v1/national/themes?by=code&from=21&code=XYZ-1')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([
      { path: 'from', message: 'From must be a year, like 2021' },
      { path: 'code', message: 'XYZ-1 is not a code in typology version 2.0, which all counts use' },
    ])
    expect((await getJson(t, token, '/api/v1/national/themes?by=colour')).statusCode).toBe(400)
  })

  it('counts a superseding version in place of the earlier one', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `sup-${i}`)
    for (const returnId of ids) await postReturn(t, token, makeReturn({ returnId, findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }] })] }))
    expect((await themes('code')).rows.map((r) => [r.key, r.reviews])).toEqual([['MAI-1', 6]])
    for (const returnId of ids) {
      const res = await postReturn(t, token, makeReturn({ returnId, version: 2, findings: [returnFinding({ typologyCodes: [{ code: 'HRB-1', typologyVersion: '1.0' }] }), returnFinding({ ref: 'F2', typologyCodes: [{ code: 'HRB-2', typologyVersion: '1.0' }] })] }))
      expect(res.json()).toMatchObject({ version: 2, superseded: 1 })
    }
    expect((await themes('code')).rows.map((r) => [r.key, r.reviews, r.findings])).toEqual([['HRB-1', 6, 6], ['HRB-2', 6, 6]])
    expect((await themes('family')).rows.map((r) => [r.key, r.reviews, r.findings])).toEqual([['HRB', 6, 12]])
    expect(await tableCount(t, 'national_returns')).toBe(12)
    expect(await tableCount(t, 'national_reviews')).toBe(6)
    expect(await tableCount(t, 'national_findings')).toBe(12)
  })

  it('counts tags made against an older typology version under the codes they became: retired under the family, split once on its own line', async () => {
    for (let i = 0; i < 5; i++) {
      await postReturn(t, token, makeReturn({ findings: [returnFinding({ typologyCodes: [{ code: 'MAI-1', typologyVersion: '1.0' }, { code: 'MAL-1', typologyVersion: '1.0' }, { code: 'TLS-4', typologyVersion: '1.0' }] })] }))
    }
    const { current } = await loadTypology(t.db)
    const draft = draftNextVersion(current)
    const replaced = new Set(['MAI-1', 'MAL-1', 'TLS-4'])
    await publishTypologyVersion(t.ctx, systemActor, {
      version: '2.1', publishedAt: '2027-03-01',
      codes: [
        ...draft.codes.filter((c) => !replaced.has(c.code)),
        { code: 'MAI-6', label: 'Information not brought to the people deciding', parent: 'MAI', description: 'Renamed', examples: [] },
        { code: 'MAL-7', label: 'No one holds the history', parent: 'MAL', description: 'Split', examples: [] },
        { code: 'MAL-8', label: 'Cumulative harm not seen', parent: 'MAL', description: 'Split', examples: [] },
      ],
      crosswalk: draft.crosswalk.map((e) => {
        if (e.from === 'MAI-1') return { from: 'MAI-1', to: ['MAI-6'], change: 'renamed', note: 'Clearer name' }
        if (e.from === 'MAL-1') return { from: 'MAL-1', to: ['MAL-7', 'MAL-8'], change: 'split', note: 'Two patterns' }
        if (e.from === 'TLS-4') return { from: 'TLS-4', to: [], change: 'retired', note: 'Rarely used' }
        return e
      }),
    })
    // A return tagged against the new version counts alongside the old tags.
    await postReturn(t, token, makeReturn({ findings: [returnFinding({ typologyCodes: [{ code: 'MAI-6', typologyVersion: '2.1' }] })] }))
    const byCode = await themes('code')
    expect(byCode.typologyVersion).toBe('2.1')
    expect(byCode.rows.map((r) => [r.key, r.reviews, r.findings])).toEqual([['TLS', 5, 5], ['MAI-6', 6, 6], ['MAL-1', 5, 5]])
    expect(row(byCode.rows, 'MAI-6')?.label).toBe('Information not brought to the people deciding')
    expect(row(byCode.rows, 'MAL-1')).toMatchObject({ split: { code: 'MAL-1', version: '2.1', into: ['MAL-7', 'MAL-8'] }, label: expect.stringContaining('counted once here until re-tagged') })
    expect(row(byCode.rows, 'MAI-6')).not.toHaveProperty('split')
    // The tags as sent are kept, so a later version can translate them again.
    expect(await t.db.selectFrom('national_finding_tags').select('code').where('code', '=', 'TLS-4').execute()).toHaveLength(5)
  })

  it('is for national users only', async () => {
    for (const role of ['reviewer', 'board', 'admin'] as const) {
      const user = await addUser(t, role)
      expect((await getJson(t, await tokenFor(t, user), '/api/v1/national/themes?by=code')).statusCode).toBe(403)
    }
  })
})
