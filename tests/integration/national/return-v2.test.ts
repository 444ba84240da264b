// National return format v2 (issue 16): version 2 and version 1 returns both filed, version 1 translated to
// version 2 in the counting tables (unknowns as not known), and each kind of bad input refused with the field
// named and nothing stored, by the API and by a file import alike.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RETURN_SCHEMA, RETURN_SCHEMA_V1 } from '../../../methodology/national/return-schema.js'
import { BUNDLE_FORMAT } from '../../../methodology/national/return-format.js'
import type { User } from '../../../server/data/schema.js'
import { importReturnsFile } from '../../../server/services/national-store.js'
import type { TestApp } from '../../support/test-app.js'
import { actorOf, getJson, makeReturn, makeReturnV2, postReturn, returnFindingV2, setUpNationalAnalyst, tableCount } from './national-support.js'

let t: TestApp
let national: User
let token: string
beforeEach(async () => { ({ t, national, token } = await setUpNationalAnalyst()) })
afterEach(async () => { await t.close() })

async function stored() {
  return {
    returns: await tableCount(t, 'national_returns'), reviews: await tableCount(t, 'national_reviews'), findings: await tableCount(t, 'national_findings'),
    factors: Number((await t.db.selectFrom('national_review_risk_factors').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  }
}

type Details = Array<{ path: string; message: string }>

async function refused(body: unknown, status = 400): Promise<Details> {
  const before = await stored()
  const res = await postReturn(t, token, body)
  expect(res.statusCode, res.body).toBe(status)
  expect(await stored()).toEqual(before)
  return (res.json() as { details: Details }).details
}

describe('national return format v2', () => {
  it('serves the version 2 schema by default and version 1 on request', async () => {
    const newest = await getJson(t, token, '/api/v1/national/return.schema.json')
    expect(newest.json()).toEqual(JSON.parse(JSON.stringify(RETURN_SCHEMA)))
    expect(newest.json().properties.formatVersion).toEqual({ const: 2 })
    const v1 = await getJson(t, token, '/api/v1/national/return.schema.json?version=1')
    expect(v1.json()).toEqual(JSON.parse(JSON.stringify(RETURN_SCHEMA_V1)))
    const none = await getJson(t, token, '/api/v1/national/return.schema.json?version=7')
    expect(none.statusCode).toBe(400)
    expect(none.json().details).toEqual([{ path: 'version', message: 'must be 1 or 2' }])
  })

  it('files a version 2 return with its characteristics, risk factors, timeliness and finding facts stored for counting', async () => {
    const res = await postReturn(t, token, makeReturnV2({
      returnId: 'v2-a',
      review: {
        harmType: 'extra-familial-harm', householdRiskFactors: ['domestic-abuse', 'parental-mental-ill-health'],
        child: { sex: 'female', ethnicity: 'black', disability: 'disabled', ageBand: '11-15', lookedAfter: 'looked-after', socialCareStatus: 'child-protection-plan' },
        timeliness: { awarenessToNotification: 5, notificationToRapidReview: null, decisionToPublication: 130 },
      },
      findings: [
        returnFindingV2({ nationalAttention: true }),
        returnFindingV2({ ref: 'F2', kind: 'good-practice', findingType: 'good-practice', boardActions: null, typologyCodes: [{ code: 'MAI-2', typologyVersion: '1.0' }] }),
      ],
    }))
    expect(res.statusCode, res.body).toBe(201)
    const review = await t.db.selectFrom('national_reviews').selectAll().where('return_id', '=', 'v2-a').executeTakeFirstOrThrow()
    expect(review).toMatchObject({
      format_version: 2, age_band: null, sex: 'female', ethnicity: 'black', disability: 'disabled', sin_age_band: '11-15', looked_after: 'looked-after',
      social_care_status: 'child-protection-plan', harm_type: 'extra-familial-harm', days_to_notification: 5, days_to_rapid_review: null, days_to_publication: 130,
    })
    expect(JSON.parse(review.risk_factors)).toEqual(['domestic-abuse', 'parental-mental-ill-health'])
    const factors = await t.db.selectFrom('national_review_risk_factors').select(['risk_factor', 'year', 'region']).where('review_id', '=', review.id).orderBy('risk_factor').execute()
    expect(factors).toEqual([
      { risk_factor: 'domestic-abuse', year: 2022, region: 'London' }, { risk_factor: 'parental-mental-ill-health', year: 2022, region: 'London' },
    ])
    const findings = await t.db.selectFrom('national_findings')
      .select(['ref', 'finding_type', 'national_attention', 'actions_not_started', 'actions_done', 'actions_overdue', 'sin_age_band', 'harm_type', 'ethnicity'])
      .where('review_id', '=', review.id).orderBy('ref').execute()
    expect(findings).toEqual([
      { ref: 'F1', finding_type: 'area-for-improvement', national_attention: 1, actions_not_started: 1, actions_done: 2, actions_overdue: 0, sin_age_band: '11-15', harm_type: 'extra-familial-harm', ethnicity: 'black' },
      { ref: 'F2', finding_type: 'good-practice', national_attention: 0, actions_not_started: null, actions_done: null, actions_overdue: null, sin_age_band: '11-15', harm_type: 'extra-familial-harm', ethnicity: 'black' },
    ])
    // Code and agency rows carry the same facts, for counting without joins.
    const codes = await t.db.selectFrom('national_finding_codes').select(['code', 'finding_type', 'sin_age_band', 'sex']).where('review_id', '=', review.id).orderBy('code').execute()
    expect(codes).toEqual([
      { code: 'MAI-1', finding_type: 'area-for-improvement', sin_age_band: '11-15', sex: 'female' },
      { code: 'MAI-2', finding_type: 'good-practice', sin_age_band: '11-15', sex: 'female' },
    ])
    const agencies = await t.db.selectFrom('national_finding_agencies').select(['agency', 'finding_type', 'looked_after']).where('review_id', '=', review.id).execute()
    expect(agencies).toEqual([
      { agency: 'police', finding_type: 'area-for-improvement', looked_after: 'looked-after' },
      { agency: 'police', finding_type: 'good-practice', looked_after: 'looked-after' },
    ])
  })

  it('files a version 1 return as received and counts its version 2 translation, unknowns as not known', async () => {
    const v1 = makeReturn({
      returnId: 'v1-a', review: { childAgeBand: '1-4' },
      findings: [returnFindingV1Kind('good-practice', 'F1'), returnFindingV1Kind('systemic', 'F2')],
    })
    const res = await postReturn(t, token, v1)
    expect(res.statusCode, res.body).toBe(201)
    const kept = await t.db.selectFrom('national_returns').select('document').where('return_id', '=', 'v1-a').executeTakeFirstOrThrow()
    expect(JSON.parse(kept.document)).toEqual(v1)
    const review = await t.db.selectFrom('national_reviews').selectAll().where('return_id', '=', 'v1-a').executeTakeFirstOrThrow()
    expect(review).toMatchObject({
      format_version: 1, age_band: '1-4', sin_age_band: '1-5', sex: 'not-known', ethnicity: 'not-known', disability: 'not-known',
      looked_after: 'not-known', social_care_status: 'not-known', harm_type: 'not-known', days_to_notification: null, days_to_rapid_review: null, days_to_publication: null,
    })
    expect(JSON.parse(review.risk_factors)).toEqual(['not-known'])
    const findings = await t.db.selectFrom('national_findings').select(['ref', 'finding_type', 'national_attention', 'actions_done']).where('review_id', '=', review.id).orderBy('ref').execute()
    expect(findings).toEqual([
      { ref: 'F1', finding_type: 'good-practice', national_attention: 0, actions_done: null },
      { ref: 'F2', finding_type: 'area-for-improvement', national_attention: 0, actions_done: null },
    ])
    // A band that straddles two of the Department's bands becomes not known, never a guess.
    expect((await postReturn(t, token, makeReturn({ returnId: 'v1-b', review: { childAgeBand: '5-9' } }))).statusCode).toBe(201)
    expect((await t.db.selectFrom('national_reviews').select('sin_age_band').where('return_id', '=', 'v1-b').executeTakeFirstOrThrow()).sin_age_band).toBe('not-known')
  })

  it('lets a version 2 return supersede a version 1 return of the same review', async () => {
    expect((await postReturn(t, token, makeReturn({ returnId: 'mixed' }))).statusCode).toBe(201)
    const res = await postReturn(t, token, makeReturnV2({ returnId: 'mixed', version: 2 }))
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ version: 2, superseded: 1 })
    const review = await t.db.selectFrom('national_reviews').select(['format_version', 'sex']).where('return_id', '=', 'mixed').executeTakeFirstOrThrow()
    expect(review).toEqual({ format_version: 2, sex: 'male' })
  })

  it('refuses an unknown category, naming the field, and stores nothing', async () => {
    const details = await refused(makeReturnV2({ review: { child: { ethnicity: 'martian' as never } } }))
    expect(details).toEqual([{ path: 'review.child.ethnicity', message: expect.stringMatching(/^must be one of "asian", "black"/) }])
    const factor = await refused(makeReturnV2({ review: { householdRiskFactors: ['domestic-abuse', 'bad-luck' as never] } }))
    expect(factor).toEqual([{ path: 'review.householdRiskFactors[1]', message: expect.stringMatching(/^must be one of/) }])
    const type = await refused(makeReturnV2({ findings: [returnFindingV2({ findingType: 'mixed' as never })] }))
    expect(type).toEqual([{ path: 'findings[0].findingType', message: 'must be one of "good-practice", "area-for-improvement"' }])
  })

  it('refuses a version 2 field in a version 1 document, and a version 1 field in a version 2 one', async () => {
    const v1 = makeReturn() as unknown as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    v1.review.harmType = 'neglect'
    v1.findings[0].nationalAttention = true
    expect(await refused(v1)).toEqual([
      { path: 'review.harmType', message: expect.stringContaining('is a version 2 field in a version 1 return') },
      { path: 'findings[0].nationalAttention', message: expect.stringContaining('is a version 2 field in a version 1 return') },
    ])
    const v2 = makeReturnV2() as unknown as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    v2.review.childAgeBand = '1-4'
    expect(await refused(v2)).toEqual([{ path: 'review.childAgeBand', message: expect.stringContaining('version 2 gives the age band as review.child.ageBand') }])
    expect(await refused({ ...makeReturnV2(), formatVersion: 3 })).toContainEqual({ path: 'formatVersion', message: 'must be 1 or 2 (the national return format versions this instance accepts)' })
  })

  it('refuses facts that contradict each other: an infant death for a teenager, "none" with a factor', async () => {
    expect(await refused(makeReturnV2({ review: { harmType: 'sudden-unexpected-infant-death', child: { ageBand: '11-15' } } }))).toEqual([
      { path: 'review.child.ageBand', message: expect.stringContaining('sudden unexpected infant death, which is of a child under 2') },
    ])
    expect(await refused(makeReturnV2({ review: { householdRiskFactors: ['none-identified', 'domestic-abuse'] } }))).toEqual([
      { path: 'review.householdRiskFactors', message: '"none-identified" cannot be listed with other factors' },
    ])
    expect(await refused(makeReturnV2({ review: { householdRiskFactors: [] } }))).toEqual([
      { path: 'review.householdRiskFactors', message: 'must list at least 1 entry' },
    ])
  })

  it('refuses a duplicate submission (409, naming the version) and stores nothing more', async () => {
    expect((await postReturn(t, token, makeReturnV2({ returnId: 'dup' }))).statusCode).toBe(201)
    expect(await refused(makeReturnV2({ returnId: 'dup' }), 409)).toEqual([{ path: 'version', message: 'version 1 of this return is already held' }])
  })

  it('imports a file of version 1 and 2 returns all or nothing: one bad return means none is stored', async () => {
    const bundle = (returns: unknown[]) => JSON.stringify({ format: BUNDLE_FORMAT, formatVersion: 2, returns })
    const before = await stored()
    await expect(importReturnsFile(t.ctx, actorOf(national), bundle([makeReturn(), makeReturnV2(), makeReturnV2({ review: { child: { sex: 'unknown' as never } } })])))
      .rejects.toMatchObject({ details: [{ path: 'file', message: expect.stringMatching(/^returns\[2\]\.review\.child\.sex: must be one of/) }] })
    expect(await stored()).toEqual(before)
    const filed = await importReturnsFile(t.ctx, actorOf(national), bundle([makeReturn(), makeReturnV2()]))
    expect(filed).toHaveLength(2)
    expect((await stored()).reviews).toBe(before.reviews + 2)
  })
})

function returnFindingV1Kind(kind: 'systemic' | 'good-practice', ref: string) {
  return { ...makeReturn().findings[0]!, kind, ref }
}
