import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../support/test-app.js'
import { pseudonymiseForReview } from '../../../server/services/pseudonym-view.js'
import { auditActions, setUpReview, type EvidenceReview } from './evidence-support.js'

let t: TestApp
let r: EvidenceReview
beforeEach(async () => {
  t = await createTestApp()
  r = await setUpReview(t)
})
afterEach(async () => { await t.close() })

const HEADER = 'real_name,role,pseudonym,date_of_birth,nhs_number,address,postcode,phone'
// A small fictional register (the demo case's own is imported in demo-case.test.ts).
const csvRows = [
  'Nell Ambrose,Subject child,Child N,2019-03-04,999 301 4524,"12 Quarry Lane, Westmere",ZZ99 2LB,',
  'Tamsin Ambrose,Mother,Mother,1994-07-21,999 417 2867,"12 Quarry Lane, Westmere",ZZ99 2LB,07700 900517',
  'Owen Hartley,Mother\'s partner,Mr Q (mother\'s partner),1990-11-30,,"Flat 2, 8 Mill Street, Westmere",ZZ99 5WE,07700 900329',
  'Priti Laing,"Health Visitor, Westmere 0-19 Service",Health Visitor 1,,,,,01632 960455',
]
const personsCsv = Buffer.from(`${HEADER}\r\n${csvRows.join('\r\n')}\r\n`)

const register = () => t.db.selectFrom('persons').selectAll().where('review_id', '=', r.reviewId).orderBy('created_at').orderBy('id').execute()

describe('importing the person register through the API', () => {
  it('imports every row of a register CSV and audits the count, not the names', async () => {
    const res = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: personsCsv })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toEqual({ imported: csvRows.length })
    const rows = await register()
    expect(rows).toHaveLength(csvRows.length)
    const child = rows.find((p) => p.pseudonym === 'Child N')
    expect(child).toMatchObject({ real_name: 'Nell Ambrose', date_of_birth: '2019-03-04', nhs_number: '999 301 4524', postcode: 'ZZ99 2LB', address: '12 Quarry Lane, Westmere', phone: null })
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'persons.import').executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toEqual({ imported: csvRows.length })
    expect(audit.details).not.toContain('Ambrose')

    const list = await r.api('team', 'GET', `/api/v1/reviews/${r.reviewId}/persons`)
    expect(list.statusCode).toBe(200)
    const persons = list.json().persons as Record<string, string | null>[]
    expect(persons.map((p) => p.real_name)).toEqual(rows.map((p) => p.real_name))
    expect(persons[0]).toEqual({
      id: rows[0]!.id, real_name: rows[0]!.real_name, role: rows[0]!.role, pseudonym: rows[0]!.pseudonym, date_of_birth: rows[0]!.date_of_birth,
      nhs_number: rows[0]!.nhs_number, address: rows[0]!.address, postcode: rows[0]!.postcode, phone: rows[0]!.phone, staff_number: null,
    })
  })

  it('rejects a file with an impossible date of birth and a mistyped NHS number, naming each row and column, and imports nothing', async () => {
    const csv = [
      HEADER,
      'Ada Fenwick,Mother,Mother,1990-01-01,,,,',
      'Bo Fenwick,Subject child,Child F,2020-02-31,,,,',
      'Cy Marsh,Partner,Mr Z,,999 301 4525,,,',
    ].join('\n')
    const res = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: csv })
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.error).toBe('bad-input')
    expect(body.message).toContain('Nothing was imported')
    const paths = body.details.map((d: { path: string }) => d.path)
    expect(paths).toEqual(['row 2, column date_of_birth', 'row 3, column nhs_number'])
    expect(body.details[0].message).toMatch(/^Row 2, column date_of_birth: Date of birth must be a real date/)
    expect(body.details[1].message).toMatch(/NHS number is not valid/)
    expect(await register()).toEqual([])
    expect(await auditActions(t, r.reviewId)).not.toContain('persons.import')
  })

  it('refuses columns the register does not hold, a header with no people, and an empty file', async () => {
    const extra = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'p.csv', content: `${HEADER},email\nAda Fenwick,Mother,Mother,,,,,,ada@example.org\n` })
    expect(extra.statusCode).toBe(400)
    expect(extra.json().details[0]).toMatchObject({ path: 'header, column email' })
    const headerOnly = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'p.csv', content: `${HEADER}\n` })
    expect(headerOnly.statusCode).toBe(400)
    expect(headerOnly.json().details[0].message).toContain('no people')
    const empty = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'p.csv', content: '' })
    expect(empty.statusCode).toBe(400)
    expect(await register()).toEqual([])
  })

  it('refuses a pseudonym already in the register, or one holding a real name already there, naming the row', async () => {
    await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: personsCsv })
    const before = (await register()).length
    const res = await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, {
      filename: 'more.csv', content: `${HEADER}\nJo Rigby,Aunt,Aunt,,,,,\nSam Rigby,Uncle,Mother,,,,,\nAl Rigby,Cousin,Ambrose cousin,,,,,\n`,
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().details.map((d: { path: string }) => d.path)).toEqual(['row 2, column pseudonym', 'row 3, column pseudonym'])
    expect(await register()).toHaveLength(before)
  })
})

describe('one person as JSON', () => {
  it('adds one person with the CSV’s field names, normalising the NHS number and date', async () => {
    const res = await r.api('team', 'POST', `/api/v1/reviews/${r.reviewId}/persons`, {
      real_name: 'Ada Fenwick', role: 'Mother', pseudonym: 'Mother', date_of_birth: '01/02/1990', nhs_number: '9993014524', postcode: 'zz99 2lb', phone: '07700 900111',
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ imported: 1, person: { real_name: 'Ada Fenwick', date_of_birth: '1990-02-01', nhs_number: '999 301 4524', postcode: 'ZZ99 2LB' } })
    expect(await register()).toHaveLength(1)
    expect(await auditActions(t, r.reviewId)).toContain('persons.add')
  })

  it('names the field that is wrong and saves nothing', async () => {
    const res = await r.api('lead', 'POST', `/api/v1/reviews/${r.reviewId}/persons`, { real_name: 'Ada Fenwick', pseudonym: '', postcode: 'nowhere' })
    expect(res.statusCode).toBe(400)
    expect(res.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['postcode', 'pseudonym'])
    expect(await register()).toEqual([])
  })
})

describe('who sees real identities', () => {
  it('refuses the register to the case group and the board chair, in the API and on the page', async () => {
    await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: personsCsv })
    for (const key of ['caseGroupHv', 'boardChair'] as const) {
      const res = await r.api(key, 'GET', `/api/v1/reviews/${r.reviewId}/persons`)
      expect(res.statusCode).toBe(403)
      expect(res.body).not.toContain('Ambrose')
      const agent = await r.agent(key)
      const page = await agent.get(`/reviews/${r.reviewId}/people`)
      expect(page.statusCode).toBe(403)
      expect(page.body).not.toContain('Ambrose')
      const overview = await agent.get(`/reviews/${r.reviewId}`)
      expect(overview.body).not.toContain(`/reviews/${r.reviewId}/people"`)
      expect((await r.upload(key, `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: personsCsv })).statusCode).toBe(403)
    }
  })
})

describe('the register pages', () => {
  it('imports a CSV through the page, lists people, and shows bad rows in the error summary with the file unimported', async () => {
    const agent = await r.agent('lead')
    const page = await agent.get(`/reviews/${r.reviewId}/people`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Nobody is in the register yet')
    const bad = await agent.multipart(`/reviews/${r.reviewId}/people/import`, {}, [{ field: 'file', filename: 'persons.csv', content: Buffer.from(`${HEADER}\nAda Fenwick,Mother,Mother,1990-13-01,,,,\n`) }])
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('govuk-error-summary')
    expect(bad.body).toContain('Row 1, column date_of_birth: Date of birth must be a real date')
    expect(await register()).toEqual([])

    const none = await agent.multipart(`/reviews/${r.reviewId}/people/import`, {}, [])
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Choose a CSV file of the person register')

    const good = await agent.multipart(`/reviews/${r.reviewId}/people/import`, {}, [{ field: 'file', filename: 'persons.csv', content: personsCsv }])
    expect(good.statusCode).toBe(303)
    const after = await agent.get(`/reviews/${r.reviewId}/people`)
    expect(after.body).toContain(`${csvRows.length} people added to the register`)
    expect(after.body).toContain('Nell Ambrose')
    expect(after.body).toContain('999 301 4524')
  })

  it('adds, changes and removes one person, keeping input and naming the field when it is wrong', async () => {
    const agent = await r.agent('team')
    await agent.get(`/reviews/${r.reviewId}/people/new`)
    const bad = await agent.post(`/reviews/${r.reviewId}/people`, { real_name: 'Ada Fenwick', pseudonym: 'Mother', nhs_number: '123' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#nhs_number"')
    expect(bad.body).toContain('value="Ada Fenwick"')
    expect(await register()).toEqual([])

    expect((await agent.post(`/reviews/${r.reviewId}/people`, { real_name: 'Ada Fenwick', pseudonym: 'Mother', role: 'Mother' })).statusCode).toBe(303)
    const [person] = await register()
    expect(person).toMatchObject({ real_name: 'Ada Fenwick', pseudonym: 'Mother', role: 'Mother', nhs_number: null })

    const edit = await agent.get(`/reviews/${r.reviewId}/people/${person!.id}`)
    expect(edit.body).toContain('value="Ada Fenwick"')
    expect((await agent.post(`/reviews/${r.reviewId}/people/${person!.id}`, { real_name: 'Ada Fenwick', pseudonym: 'Mother', role: 'Mother', postcode: 'ZZ99 4QT' })).statusCode).toBe(303)
    expect((await register())[0]).toMatchObject({ postcode: 'ZZ99 4QT' })

    expect((await agent.post(`/reviews/${r.reviewId}/people/${person!.id}/remove`)).statusCode).toBe(303)
    expect(await register()).toEqual([])
    expect(await auditActions(t, r.reviewId)).toEqual(expect.arrayContaining(['persons.add', 'persons.change', 'persons.remove']))
  })
})

describe('staff, payroll and warrant numbers', () => {
  it('records a staff number from the CSV, the API and the form, and pseudonymising removes it however it is written', async () => {
    const csv = Buffer.from('real_name,role,pseudonym,staff_number\r\nPriti Laing,Health visitor,Health Visitor 1,E104522\r\n')
    expect((await r.upload('lead', `/api/v1/reviews/${r.reviewId}/persons`, {}, { filename: 'persons.csv', content: csv })).statusCode).toBe(201)
    const api = await r.api('team', 'POST', `/api/v1/reviews/${r.reviewId}/persons`, { real_name: 'Owen Hartley', pseudonym: 'Police Officer 1', staff_number: 'PC 2987' })
    expect(api.statusCode, api.body).toBe(201)
    expect(api.json().person.staff_number).toBe('PC 2987')
    const listed = await r.api('lead', 'GET', `/api/v1/reviews/${r.reviewId}/persons`)
    expect(listed.json().persons.map((p: { staff_number: string | null }) => p.staff_number)).toEqual(['E104522', 'PC 2987'])

    const agent = await r.agent('lead')
    const form = await agent.get(`/reviews/${r.reviewId}/people/new`)
    expect(form.body).toContain('name="staff_number"')
    const bad = await agent.post(`/reviews/${r.reviewId}/people`, { real_name: 'Ada Fenwick', pseudonym: 'Mother', staff_number: 'AB' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#staff_number"')
    expect((await agent.post(`/reviews/${r.reviewId}/people`, { real_name: 'Ada Fenwick', pseudonym: 'Mother', staff_number: 'NHS-77 1234' })).statusCode).toBe(303)
    expect((await register()).map((p) => p.staff_number)).toEqual(['E104522', 'PC 2987', 'NHS-77 1234'])
    expect((await agent.get(`/reviews/${r.reviewId}/people`)).body).toContain('NHS-77 1234')

    const shown = await pseudonymiseForReview(t.db, r.reviewId, 'Payroll E10-4522 and e104522; ref 2987 (PC 2987); nhs77 1234 noted.')
    expect(shown).toBe('Payroll [removed] and [removed]; ref 2987 ([removed]); [removed] noted.')
  })
})
