import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { nameParts } from '../../../methodology/redaction/register-forms.js'
import { pseudonymiseForReview, pseudonymiserFor } from '../../../server/services/pseudonym-view.js'
import { auditActions, pageText, setUpReview, type EvidenceReview } from './evidence-support.js'

let t: TestApp
let r: EvidenceReview
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const PEOPLE = [
  { real_name: 'Nell Ambrose', pseudonym: 'Child N', date_of_birth: '2019-03-04', nhs_number: '999 301 4524', address: '12 Quarry Lane, Westmere', postcode: 'ZZ99 2LB' },
  { real_name: 'Tamsin Ambrose', pseudonym: 'Mother', phone: '07700 900517' },
  { real_name: 'Owen Hartley', pseudonym: 'Mr Q' },
  { real_name: 'Priti Laing', pseudonym: 'Health Visitor 1' },
]

const NOTES = [
  'Priti Laing met Tamsin at 12 Quarry Lane on 02/03/2021. Nell (DOB 04/03/2019, NHS 9993014524) was asleep.',
  'TAMSIN AMBROSE said Owen was "around a lot". Hartley\'s car was outside. Ms Ambrose gave 07700 900517 as her number.',
  'Priti\'s notes say the postcode was ZZ99 2LB.',
].join('\n')

/** Every way the register's names could still show: full names, surnames and given names, as whole words. */
function namesLeft(html: string): string[] {
  const text = pageText(html)
  const words = PEOPLE.flatMap((p) => {
    const parts = nameParts(p.real_name)
    return [p.real_name, ...parts.givenNames, parts.surname ?? '']
  }).filter(Boolean)
  return words.filter((w) => new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'iu').test(text))
}

async function seed(): Promise<string> {
  for (const p of PEOPLE) expect((await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/persons`, p)).statusCode).toBe(201)
  const res = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations`, { practitioner: 'Health Visitor 1', agency: 'Health Visiting', date: '2021-11-16', notes: NOTES })
  expect(res.statusCode).toBe(201)
  const id = res.json().id as string
  expect((await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/conversations/${id}/quotes`, { text: 'TAMSIN AMBROSE said Owen was "around a lot".' })).statusCode).toBe(201)
  return id
}

describe('the pseudonym toggle', () => {
  it('shows reviewers real names until they choose pseudonyms, then none of the register’s names or identifiers remain', async () => {
    const id = await seed()
    const agent = await r.agent('lead')
    const url = `/reviews/${r.reviewId}/conversations/${id}`
    const real = await agent.get(url)
    expect(namesLeft(real.body)).toEqual(expect.arrayContaining(['Tamsin', 'Ambrose', 'Priti Laing']))
    expect(real.body).toContain('Show pseudonyms')

    const chosen = await agent.post(`/reviews/${r.reviewId}/names`, { display: 'pseudonyms', returnTo: url })
    expect(chosen.statusCode).toBe(303)
    expect(chosen.headers.location).toBe(url)
    expect(await t.db.selectFrom('name_display').select('display').where('user_id', '=', r.users.lead.id).executeTakeFirst()).toEqual({ display: 'pseudonyms' })
    expect(await auditActions(t, r.reviewId)).toContain('persons.names.display')

    for (const page of [url, `/reviews/${r.reviewId}/conversations`, `/reviews/${r.reviewId}/quotes`]) {
      const res = await agent.get(page)
      expect(res.statusCode).toBe(200)
      expect(namesLeft(res.body), page).toEqual([])
      for (const identifier of ['07700 900517', '9993014524', 'ZZ99 2LB', '04/03/2019', '12 Quarry Lane']) expect(res.body, page).not.toContain(identifier)
    }
    const pseudonymised = pageText((await agent.get(url)).body)
    expect(pseudonymised).toContain('Health Visitor 1 met Mother')
    expect(pseudonymised).toContain('Show real names')

    // The choice is the viewer's own: another reviewer still sees real names, and may ask for pseudonyms once.
    const team = await r.agent('team')
    expect(namesLeft((await team.get(url)).body)).not.toEqual([])
    expect(namesLeft((await team.get(`${url}?names=pseudonyms`)).body)).toEqual([])
    expect(namesLeft((await team.get(url)).body)).not.toEqual([])

    await agent.post(`/reviews/${r.reviewId}/names`, { display: 'real', returnTo: url })
    expect(namesLeft((await agent.get(url)).body)).not.toEqual([])
  })

  it('goes back only to a page of the same review, and only reviewers may choose', async () => {
    await seed()
    const agent = await r.agent('lead')
    await agent.get(`/reviews/${r.reviewId}/conversations`)
    const away = await agent.post(`/reviews/${r.reviewId}/names`, { display: 'pseudonyms', returnTo: 'https://example.org/' })
    expect(away.headers.location).toBe(`/reviews/${r.reviewId}`)
    const oneOff = await agent.post(`/reviews/${r.reviewId}/names`, { display: 'pseudonyms', returnTo: `/reviews/${r.reviewId}/quotes?names=real&x=1` })
    expect(oneOff.headers.location).toBe(`/reviews/${r.reviewId}/quotes?x=1`)
    expect((await agent.post(`/reviews/${r.reviewId}/names`, { display: 'nicknames' })).statusCode).toBe(400)

    const caseGroup = await r.agent('caseGroupHv')
    await caseGroup.get(`/reviews/${r.reviewId}/conversations`)
    expect((await caseGroup.post(`/reviews/${r.reviewId}/names`, { display: 'real' })).statusCode).toBe(403)
    const page = await caseGroup.get(`/reviews/${r.reviewId}/conversations?names=real`)
    expect(page.body).toContain('Names are shown as pseudonyms')
  })

  it('gives other areas one call to pseudonymise text for a review', async () => {
    await seed()
    const out = await pseudonymiseForReview(t.db, r.reviewId, 'Tamsin Ambrose phoned from 07700 900517 about Nell.')
    expect(out).toBe('Mother phoned from [removed] about Child N.')
    // Many texts at once give what one call each gives, names at the edges of each text included.
    const texts = ['Nell', 'Ambrose', 'Tamsin Ambrose said', 'Hartley\'s car', '', 'born 04/03/2019', 'ZZ99 2LB', 'no names here', 'Nell']
    const fresh = await pseudonymiserFor(t.db, r.reviewId)
    const batch = (await pseudonymiserFor(t.db, r.reviewId)).many(texts)
    expect(batch).toEqual(texts.map((x) => fresh(x)))
    expect(batch[0]).toBe('Child N')
  })
})
