// The lead reviewer's national return: preview exactly as sent, identifiers stripped (with both fixture
// person registers), the leak scan refusing submission, versions, filing into the national store, the page.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { schemaProblems } from '../../../server/services/national-return-validation.js'
import { insertSentReturn } from '../../../server/data/national-local.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { nameParts } from '../../../methodology/redaction/register-forms.js'
import type { NationalReturn } from '../../../methodology/national/return-format.js'
import { TYPOLOGY_V2 } from '../../../methodology/typology/typology-v2.js'
import { signIn } from '../../support/browser-agent.js'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { addFinding, addRegister, getJson, readPersonsCsv, setUpReview, tableCount, tokenFor, type PersonRow, type ReviewSetup } from './national-support.js'
import { sharedDemoCaseDir } from '../../support/shared-fixtures.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const PROJECT_PERSONS = path.join(demoCaseDir, 'persons.csv')
const SHARED_PERSONS = path.join(sharedDemoCaseDir, 'persons.csv')

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Every identifying value a register row holds, in the forms a reviewer might type them. */
function identifiersOf(row: PersonRow): string[] {
  const values: string[] = []
  const parts = nameParts(row.real_name ?? '')
  values.push(row.real_name ?? '', ...parts.givenNames, parts.surname ?? '')
  for (const field of ['nhs_number', 'postcode', 'phone', 'address'] as const) if (row[field]) values.push(row[field] as string)
  const dob = row.date_of_birth
  if (dob) {
    const [y, m, d] = dob.split('-')
    values.push(dob, `${d}/${m}/${y}`, `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`)
  }
  return values.filter((v) => v.trim().length > 1)
}

/** Finding texts that put every person's identifiers, and their pseudonyms, into every field a return carries. */
async function findingsFull(setup: ReviewSetup, rows: readonly PersonRow[]): Promise<void> {
  for (const [i, row] of rows.entries()) {
    const ids = identifiersOf(row)
    const sentence = `${row.real_name} (${row.pseudonym}) was seen at ${row.address ?? 'home'}; DOB ${row.date_of_birth ?? 'unknown'}, NHS number ${row.nhs_number ?? 'none'}, phone ${row.phone ?? 'none'}, postcode ${row.postcode ?? 'none'}. ${ids.join(' and ')}.`
    await addFinding(t, setup.lead, setup.reviewId, {
      title: `${nameParts(row.real_name ?? '').givenNames[0] ?? 'Someone'} and the plan ${i + 1}`,
      pattern: sentence, inThisCase: `Chronology detail about ${row.real_name}`, howWidespread: sentence, whyItMatters: sentence,
      systemLevel: 'team', typologyCodes: ['MAL-1'], boardQuestions: [`How does the board know that ${row.real_name} (${row.pseudonym}) was safe?`, `What does the board make of this: ${sentence}?`],
    })
  }
}

function expectNoIdentifiers(document: NationalReturn, rows: readonly PersonRow[]): void {
  const text = JSON.stringify(document).toLowerCase()
  for (const row of rows) {
    for (const value of identifiersOf(row)) {
      // Names as whole words; everything else as written, ignoring spaces.
      const word = value.toLowerCase()
      if (/^[\p{L}' -]+$/u.test(value)) expect(text, `${value} is in the return`).not.toMatch(new RegExp(`(?<![\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u'))
      else expect(text.replace(/\s/g, ''), `${value} is in the return`).not.toContain(word.replace(/\s/g, ''))
    }
    // Pseudonyms that point at this case go too ("Child M", "Health Visitor 1"); plain roles like "Mother" may stay.
    if (/\d|\b[A-Z]\b/.test(row.pseudonym ?? '')) expect(text).not.toContain((row.pseudonym ?? '').toLowerCase())
  }
  expect(text).not.toContain('chronology detail')
}

describe('building the national return', () => {
  it('strips every name, identifier and case pseudonym of the project’s person register from findings and board questions', async () => {
    const setup = await setUpReview(t)
    const rows = readPersonsCsv(PROJECT_PERSONS)
    await addRegister(t, setup.reviewId, rows)
    await findingsFull(setup, rows)
    const res = await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)
    expect(res.statusCode).toBe(200)
    const document = res.json() as NationalReturn
    expect(schemaProblems(document)).toEqual([])
    expect(document.findings).toHaveLength(rows.length)
    expectNoIdentifiers(document, rows)
    // The place names of the partnership and of the register's organisations and towns are removed too.
    expect(JSON.stringify(document)).not.toMatch(/Westmere|Heron Park|Ladybird Lane|Hollinsford/)
    expect(document.review).toMatchObject({ region: 'East Midlands', year: 2021, methodology: 'learning-together', harmCategory: 'serious-harm', child: { ageBand: '1-5' } })
    expect(document.findings[0]?.typologyCodes).toEqual([{ code: 'MAL-1', typologyVersion: TYPOLOGY_V2.version }])
  })

  describe.skipIf(!existsSync(SHARED_PERSONS))('with the shared fixture’s person register', () => {
    it('strips every name and identifier of the shared Child D register', async () => {
      const setup = await setUpReview(t, { boardName: 'Eastbury Safeguarding Children Partnership', subject: 'Child D' })
      const rows = readPersonsCsv(SHARED_PERSONS)
      await addRegister(t, setup.reviewId, rows)
      await findingsFull(setup, rows)
      const document = (await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)).json() as NationalReturn
      expect(schemaProblems(document)).toEqual([])
      expectNoIdentifiers(document, rows)
      expect(JSON.stringify(document)).not.toMatch(/Eastbury|Little Acorns|Northgate/)
    })
  })
  if (!existsSync(SHARED_PERSONS)) console.warn(`Skipping the shared-fixture national return test: ${SHARED_PERSONS} is not present.`)

  it('is exactly what gets submitted: the preview and the stored version are the same document', async () => {
    const setup = await setUpReview(t)
    await addFinding(t, setup.lead, setup.reviewId, { title: 'Plans that do not drive change', pattern: 'Plans are vague.', typologyCodes: ['MAL-2'], boardQuestions: ['What would help?'] })
    const preview = (await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)).json() as NationalReturn
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/${setup.reviewId}/national-return/submit`, headers: { authorization: `Bearer ${setup.leadToken}` } })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ returnId: preview.returnId, version: 1 })
    const sent = await t.db.selectFrom('national_returns_sent').selectAll().where('review_id', '=', setup.reviewId).executeTakeFirstOrThrow()
    expect(JSON.parse(sent.document)).toEqual(preview)
    // On one instance the return is filed into the national store at once, and counted.
    const received = await t.db.selectFrom('national_returns').selectAll().where('return_id', '=', preview.returnId).executeTakeFirstOrThrow()
    expect(received).toMatchObject({ version: 1, is_current: 1, received_via: 'local', findings: 1 })
    expect(JSON.parse(received.document)).toEqual(preview)
    const actions = (await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'national.%').orderBy('seq').execute()).map((a) => a.action)
    // Reading the preview is audited too (issue 12).
    expect(actions).toEqual(['national.return.preview', 'national.return.submit', 'national.return.receive'])
  })

  it('makes each submission a new version that replaces the earlier one nationally', async () => {
    const setup = await setUpReview(t)
    await addFinding(t, setup.lead, setup.reviewId, { title: 'First finding', typologyCodes: ['MAL-2'] })
    const submit = () => t.app.inject({ method: 'POST', url: `/api/v1/reviews/${setup.reviewId}/national-return/submit`, headers: { authorization: `Bearer ${setup.leadToken}` } })
    expect((await submit()).json()).toMatchObject({ version: 1 })
    await addFinding(t, setup.lead, setup.reviewId, { title: 'Second finding', typologyCodes: ['HRB-1'] })
    expect((await submit()).json()).toMatchObject({ version: 2 })
    const versions = await t.db.selectFrom('national_returns').select(['version', 'is_current', 'findings']).orderBy('version').execute()
    expect(versions).toEqual([{ version: 1, is_current: 0, findings: 1 }, { version: 2, is_current: 1, findings: 2 }])
    expect(await tableCount(t, 'national_findings')).toBe(2)
    expect(await tableCount(t, 'national_reviews')).toBe(1)
  })

  it('refuses to submit (409) while the leak scan finds an identifier, naming where it is, and stores nothing', async () => {
    const setup = await setUpReview(t)
    await addRegister(t, setup.reviewId, readPersonsCsv(PROJECT_PERSONS))
    await addFinding(t, setup.lead, setup.reviewId, { title: 'A finding', typologyCodes: ['MAL-2'] })
    // A web address is sent as it is, so a surname in it cannot be stripped: the scan must stop it.
    const res = await t.app.inject({
      method: 'POST', url: `/api/v1/reviews/${setup.reviewId}/national-return/submit`,
      headers: { authorization: `Bearer ${setup.leadToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ publishedReport: 'https://example.org/reviews/kershaw-report' }),
    })
    expect(res.statusCode).toBe(409)
    const body = res.json() as { error: string; details: Array<{ path: string; message: string }> }
    expect(body.error).toBe('identifying-details')
    expect(body.details).toEqual([expect.objectContaining({ path: 'review.publishedReport', message: expect.stringContaining('A surname') })])
    expect(await tableCount(t, 'national_returns_sent')).toBe(0)
    expect(await tableCount(t, 'national_returns')).toBe(0)
  })

  it('shows the lead reviewer the preview, what anonymising changed and the leak scan; submitting from the page works', async () => {
    const setup = await setUpReview(t)
    await addRegister(t, setup.reviewId, readPersonsCsv(PROJECT_PERSONS))
    await addFinding(t, setup.lead, setup.reviewId, {
      title: 'Mr Y was not assessed', pattern: 'Leanne Kershaw told Health Visitor 1 that Mr Y had left Westmere.', typologyCodes: ['MAL-1'],
    })
    const agent = await signIn(t.app, setup.lead.email)
    const page = await agent.get(`/reviews/${setup.reviewId}/national-return`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('National return')
    expect(page.body).toContain('Passed')
    expect(page.body).toContain('The mother&#x27;s partner was not assessed')
    expect(page.body).not.toContain('Kershaw')
    expect(page.body).toContain('Submit the national return (version 1)')
    const saved = await agent.post(`/reviews/${setup.reviewId}/national-return`, { publishedReport: 'not a web address' })
    expect(saved.statusCode).toBe(400)
    expect(saved.body).toContain('Enter the full web address')
    // Sending goes through a page showing exactly what will be sent; a post without it sends nothing.
    expect((await agent.post(`/reviews/${setup.reviewId}/national-return/submit`)).statusCode).toBe(400)
    expect(await tableCount(t, 'national_returns_sent')).toBe(0)
    const confirm = await agent.get(`/reviews/${setup.reviewId}/national-return/confirm`)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('Check the national return before you send it')
    const preview = (await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)).body
    expect(confirm.body).toContain(JSON.stringify(JSON.parse(preview), null, 2).replace(/"/g, '&quot;').replace(/'/g, '&#x27;'))
    const form = { version: /name="version" value="(\d+)"/.exec(confirm.body)![1]!, digest: /name="digest" value="([0-9a-f]+)"/.exec(confirm.body)![1]! }
    const submitted = await agent.post(`/reviews/${setup.reviewId}/national-return/submit`, form)
    expect(submitted.statusCode).toBe(303)
    const after = await agent.get(`/reviews/${setup.reviewId}/national-return`)
    expect(after.body).toContain('National return submitted (version 1)')
    const download = await agent.get(`/reviews/${setup.reviewId}/national-return/download`)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toMatch(/attachment; filename="national-return-.*-v1\.json"/)
    expect((JSON.parse(download.body) as NationalReturn).version).toBe(1)
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'national.return.download').execute()).toHaveLength(1)
    // The review's readiness checks now see the return as submitted.
    const overview = await agent.get(`/reviews/${setup.reviewId}/stages/report-and-publication`)
    expect(overview.body).toContain('The anonymised national return has been submitted.')
  })

  it('keeps the return to its lead reviewer: other members are refused, national users cannot find it', async () => {
    const setup = await setUpReview(t)
    const national = await addUser(t, 'national')
    const agent = await signIn(t.app, national.email)
    expect((await agent.get(`/reviews/${setup.reviewId}/national-return`)).statusCode).toBe(404)
    const res = await getJson(t, await tokenFor(t, national), `/api/v1/reviews/${setup.reviewId}/national-return`)
    expect(res.statusCode).toBe(404)
  })
})

describe('sending exactly what was checked', () => {
  it('refuses (409) a send whose return changed since the confirmation page, showing the new return, and sends nothing', async () => {
    const setup = await setUpReview(t)
    await addFinding(t, setup.lead, setup.reviewId, { title: 'Plans that do not drive change', pattern: 'Plans are vague.', typologyCodes: ['MAL-2'] })
    const agent = await signIn(t.app, setup.lead.email)
    const confirm = await agent.get(`/reviews/${setup.reviewId}/national-return/confirm`)
    const form = { version: /name="version" value="(\d+)"/.exec(confirm.body)![1]!, digest: /name="digest" value="([0-9a-f]+)"/.exec(confirm.body)![1]! }
    // A second agreed finding arrives between checking and sending.
    await addFinding(t, setup.lead, setup.reviewId, { title: 'Thresholds unclear in early years', pattern: 'Settings are unsure.', typologyCodes: ['MGT-5'] })
    const refused = await agent.post(`/reviews/${setup.reviewId}/national-return/submit`, form)
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('The national return changed since you checked it, so nothing was sent')
    expect(refused.body).toContain('Thresholds unclear in early years')
    expect(await tableCount(t, 'national_returns_sent')).toBe(0)
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/reviews/${setup.reviewId}/national-return/submit`, headers: { authorization: `Bearer ${setup.leadToken}`, 'content-type': 'application/json' }, payload: JSON.stringify({ version: 2 }) })
    expect(api.statusCode).toBe(409)
    expect(api.json().error).toBe('stale-edit')
    expect(await tableCount(t, 'national_returns_sent')).toBe(0)
  })

  it('stores one of two sends of the same checked version, in the database', async () => {
    const setup = await setUpReview(t)
    await addFinding(t, setup.lead, setup.reviewId, { title: 'Plans that do not drive change', pattern: 'Plans are vague.', typologyCodes: ['MAL-2'] })
    const first = await signIn(t.app, setup.lead.email)
    const second = await signIn(t.app, setup.lead.email)
    const confirm = await first.get(`/reviews/${setup.reviewId}/national-return/confirm`)
    await second.get(`/reviews/${setup.reviewId}/national-return/confirm`)
    const form = { version: /name="version" value="(\d+)"/.exec(confirm.body)![1]!, digest: /name="digest" value="([0-9a-f]+)"/.exec(confirm.body)![1]! }
    const results = await Promise.all([first.post(`/reviews/${setup.reviewId}/national-return/submit`, form), second.post(`/reviews/${setup.reviewId}/national-return/submit`, form)])
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 409])
    const stored = await t.db.selectFrom('national_returns_sent').select('version').where('review_id', '=', setup.reviewId).execute()
    expect(stored).toEqual([{ version: 1 }])
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'national.return.submit').where('review_id', '=', setup.reviewId).execute()).toHaveLength(1)
  })

  it('lets the primary key refuse a second copy of a stored version', async () => {
    const setup = await setUpReview(t)
    const row = { return_id: 'r-1', version: 1, review_id: setup.reviewId, document: '{}', findings: 0, submitted_by: null, submitted_at: '2026-03-02T10:00:00.000Z' }
    expect(await insertSentReturn(t.db, row)).toBe(true)
    expect(await insertSentReturn(t.db, { ...row, document: '{"other": true}' })).toBe(false)
    expect(await t.db.selectFrom('national_returns_sent').select('document').where('return_id', '=', 'r-1').execute()).toEqual([{ document: '{}' }])
  })
})
