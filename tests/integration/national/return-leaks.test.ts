// The national return JSON, as previewed through the API, as stored when sent and as filed in the national store:
// a draft finding is never in it, and identifiers the pseudonymiser must catch in forms the register does not hold
// verbatim are gone: police collar numbers (the register's "PC 2987" and one it does not know), a street written
// shorter than the register holds it ("12 Mill Rd" for "12 Mill Road"), and a staff number written without its space.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { addFinding, addRegister, getJson, readPersonsCsv, setUpReview, type ReviewSetup } from './national-support.js'
import fc from 'fast-check'
import { normaliseForMatching } from '../../../methodology/redaction/normalise-text.js'
import { fold } from '../../../methodology/redaction/text-tokens.js'
import { disguise, disguiseChoices, reversedInOverride, separated } from '../../support/disguised-names.js'

let t: TestApp
let setup: ReviewSetup

const DRAFT_WORDS = ['Quokkaridge', 'Zebrafinch']
// Each of these must not survive, in any spacing or case.
const IDENTIFIERS = ['PC 2987', 'DC 4410', '12 Mill Rd', '12 Mill Road', 'Mill Rd', 'HV 40712', '40712', 'Marcus Thwaite', 'Thwaite']

const LEAKY = 'PC 2987 and DC 4410 called at 12 Mill Rd; health visitor HV40712 had been there the week before and Marcus Thwaite wrote it up.'

beforeAll(async () => {
  t = await createTestApp()
  setup = await setUpReview(t)
  await addRegister(t, setup.reviewId, readPersonsCsv(path.join(demoCaseDir, 'persons.csv')))
  const at = t.clock.now().toISOString()
  await t.db.insertInto('persons').values({
    id: 'person-hv', review_id: setup.reviewId, real_name: 'Joanne Pellow', role: 'Health visitor', pseudonym: 'Health Visitor 2', date_of_birth: null,
    nhs_number: null, address: '12 Mill Road, Westmere', postcode: null, phone: null, staff_number: 'HV 40712', created_at: at, updated_at: at,
  }).execute()
  await addFinding(t, setup.lead, setup.reviewId, {
    title: 'Visits by PC 2987 to 12 Mill Rd were not shared', pattern: LEAKY, inThisCase: LEAKY, howWidespread: LEAKY, whyItMatters: LEAKY,
    systemLevel: 'team', typologyCodes: ['MAL-1'], boardQuestions: ['How does the board know that what PC 2987 saw at 12 Mill Rd and HV40712 recorded is shared?'],
  })
  await addFinding(t, setup.lead, setup.reviewId, {
    title: 'Quokkaridge draft', pattern: 'Zebrafinch should have been seen.', typologyCodes: ['MAL-1'], boardQuestions: ['Quokkaridge question?'],
  }, 'draft')
}, 60_000)
afterAll(async () => { await t?.close() })

function expectClean(json: string, where: string): void {
  const squashed = json.toLowerCase().replace(/\s+/g, '')
  for (const word of DRAFT_WORDS) expect(json.toLowerCase(), `${where}: the draft's “${word}”`).not.toContain(word.toLowerCase())
  for (const value of IDENTIFIERS) expect(squashed, `${where}: “${value}”`).not.toContain(value.toLowerCase().replace(/\s+/g, ''))
}

describe('the national return JSON', () => {
  it('carries the agreed finding without its identifiers and nothing of the draft: previewed, sent and filed', async () => {
    const preview = await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)
    expect(preview.statusCode).toBe(200)
    const document = preview.json() as { findings: Array<{ title: string; pattern: string }> }
    // The agreed finding is there (so the absences below are the pseudonymiser's doing), the draft is not.
    expect(document.findings).toHaveLength(1)
    expect(document.findings[0]!.pattern).toContain('had been there the week before')
    expectClean(preview.body, 'preview')

    const sent = await t.app.inject({
      method: 'POST', url: `/api/v1/reviews/${setup.reviewId}/national-return/submit`, headers: { authorization: `Bearer ${setup.leadToken}` },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    const stored = await t.db.selectFrom('national_returns_sent').select('document').where('review_id', '=', setup.reviewId).executeTakeFirstOrThrow()
    expect(JSON.parse(stored.document)).toEqual(preview.json())
    expectClean(stored.document, 'the stored return')
    const filed = await t.db.selectFrom('national_findings').selectAll().execute()
    expect(filed).toHaveLength(1)
    expectClean(JSON.stringify(filed), 'the national store')
  })
})

describe('disguised register names in the national return (issue 13)', () => {
  it('previews no register name or NHS number, however it is disguised in a finding (fast-check)', async () => {
    const people = (await t.db.selectFrom('persons').select(['real_name', 'nhs_number']).where('review_id', '=', setup.reviewId)
      .where('nhs_number', 'is not', null).orderBy('real_name').execute()).filter((p) => p.real_name.includes(' '))
    expect(people.length).toBeGreaterThan(2)
    const findingId = await addFinding(t, setup.lead, setup.reviewId, { title: 'Visits stopped', typologyCodes: ['MAL-1'], boardQuestions: ['How does the board know?'] })
    const readableOf = (json: string, person: { real_name: string; nhs_number: string | null }) => {
      // The JSON as a reader sees it: escapes undone, normalised as the scan does, folded.
      const seen = fold(normaliseForMatching(JSON.stringify(JSON.parse(json), null, 0).replace(/\\u([0-9a-f]{4})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))).text)
      const words = person.real_name.split(' ').filter((w) => new RegExp(`(?<!\\p{L})${fold(w)}(?!\\p{L})`, 'u').test(seen))
      const digits = person.nhs_number!.replace(/\D/g, '')
      return seen.replace(/(?<=\d)[^\p{L}\d]{1,3}(?=\d)/gu, '').includes(digits) ? [...words, 'nhs'] : words
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...people), disguiseChoices, fc.boolean(), async (person, choices, override) => {
        const name = override ? reversedInOverride(person.real_name) : disguise(person.real_name, choices)
        const text = `Visits to ${name} (NHS ${separated(person.nhs_number!, choices)}) stopped; nobody asked why.`
        await t.db.updateTable('findings').set({ pattern: text, in_this_case: text }).where('id', '=', findingId).execute()
        const preview = await getJson(t, setup.leadToken, `/api/v1/reviews/${setup.reviewId}/national-return`)
        expect(preview.statusCode).toBe(200)
        expect(preview.body).toContain('nobody asked why')
        expect(readableOf(preview.body, person), JSON.stringify(name)).toEqual([])
      }),
      { numRuns: 15 },
    )
  }, 120_000)
})
