// Walks the JSON API contract (api-contract.md) end to end against the seeded fictional demo review, as an
// integrating system would: every documented route, its status and the shape it promises.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, addUser, type TestApp } from '../../support/test-app.js'
import { multipartBody } from '../../support/browser-agent.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'
import { demoCaseDir } from '../../../server/demo/case/demo-case.js'

let t: TestApp
let reviewId: string
const tokens: Record<string, string> = {}

async function api(who: string, method: 'GET' | 'POST' | 'PUT', url: string, opts: { json?: unknown; multipart?: ReturnType<typeof multipartBody>; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${tokens[who]}`, ...opts.headers }
  let payload: string | Buffer | undefined
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(opts.json)
  } else if (opts.multipart) {
    headers['content-type'] = opts.multipart.contentType
    payload = opts.multipart.payload
  }
  return t.app.inject({ method, url, headers, payload })
}

beforeAll(async () => {
  t = await createTestApp()
  await addUser(t, 'admin')
  ;({ reviewId } = await seedDemo(t.ctx))
  const people: [string, string][] = [
    ['lead', 'lead.reviewer@demo.casework-lens.local'], ['team', 'review.team.health@demo.casework-lens.local'],
    ['caseGroup', 'case.group.hv@demo.casework-lens.local'], ['chair', 'board.chair@demo.casework-lens.local'],
    ['national', 'national.analyst@demo.casework-lens.local'],
  ]
  for (const [who, email] of people) tokens[who] = (await createApiToken(t.ctx, systemActor, email, 'contract')).token
}, 120_000)
afterAll(async () => { await t?.close() })

describe('reviews', () => {
  it('lists, reads and creates reviews and adds members as documented', async () => {
    const list = await api('lead', 'GET', '/api/v1/reviews')
    expect(list.statusCode).toBe(200)
    expect(list.json().reviews.map((r: { id: string }) => r.id)).toContain(reviewId)
    const one = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}`)).json()
    // The demo review is finished: every stage complete, so there is no current stage.
    expect(one).toMatchObject({ id: reviewId, stage: null })
    expect(one.stages.every((s: { status: string }) => s.status === 'complete' || s.status === 'completed' || s.status === 'done')).toBe(true)
    // Finished within Working Together's six months of the decision (7 October 2021): nothing overdue years later.
    const report = one.clocks.find((c: { key: string }) => c.key === 'review-report')
    expect(report).toMatchObject({ status: 'met', due: '2022-04-07' })
    expect(one.clocks.every((c: { status: string }) => c.status !== 'overdue')).toBe(true)
    for (const s of one.stages) expect(Object.keys(s).sort()).toEqual(['key', 'status', 'title'])
    const created = await api('lead', 'POST', '/api/v1/reviews', { json: { title: 'Rapid review: Child R', methodology: 'rapid-review', subject: { pseudonym: 'Child R' }, reviewPeriod: { from: '2021-01-01', to: '2021-12-31' } } })
    expect(created.statusCode).toBe(201)
    expect(typeof created.json().id).toBe('string')
    const member = await api('lead', 'POST', `/api/v1/reviews/${created.json().id}/members`, { json: { email: 'review.team.police@demo.casework-lens.local', role: 'review-team' } })
    expect(member.statusCode).toBe(201)
  })
})

describe('chronology import', () => {
  it('previews an upload with the documented fields, commits it all or nothing, and lists the chronology in time order with provenance', async () => {
    const csv = 'Date,Worker,Type,Summary\n02/02/2021,Family Support,Visit,"Home visit, children seen"\n31/02/2021,Family Support,Visit,Impossible date\nSept 2021,Family Support,Note,Month only\n'
    const preview = await api('team', 'POST', `/api/v1/reviews/${reviewId}/imports`, {
      multipart: multipartBody({ agency: 'Family Support' }, [{ field: 'file', filename: 'family-support.csv', content: Buffer.from(csv), type: 'text/csv' }]),
    })
    expect(preview.statusCode).toBe(201)
    const body = preview.json()
    for (const key of ['importId', 'detected', 'dataRows', 'accepted', 'rejected', 'exactDuplicates', 'reducedPrecision', 'outsidePeriod', 'preview']) expect(body).toHaveProperty(key)
    for (const key of ['encoding', 'delimiter', 'headerRow', 'mapping', 'dateFormat']) expect(body.detected).toHaveProperty(key)
    expect(body).toMatchObject({ dataRows: 3, accepted: 2, rejected: [{ row: 2, reason: 'invalid-date' }], reducedPrecision: [{ row: 3, precision: 'month' }] })
    expect(typeof body.rejected[0].message).toBe('string')
    const before = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}/chronology`)).json().events.length
    const commit = await api('team', 'POST', `/api/v1/reviews/${reviewId}/imports/${body.importId}/commit`)
    expect(commit.statusCode).toBe(200)
    expect(commit.json()).toEqual({ committed: 2 })
    const events = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}/chronology`)).json().events
    expect(events.length).toBe(before + 2)
    const mine = events.filter((e: { agency: string }) => e.agency === 'Family Support')
    expect(mine.map((e: { occurredAt: string; precision: string }) => [e.occurredAt, e.precision])).toEqual([['2021-02-02', 'day'], ['2021-09', 'month']])
    expect(mine[0]).toMatchObject({ source: { importId: body.importId, file: 'family-support.csv', row: 1 } })
    for (const key of ['id', 'agency', 'occurredAt', 'precision', 'author', 'category', 'summary', 'outcome', 'source', 'flags']) expect(mine[0]).toHaveProperty(key)
    const keys = events.map((e: { occurredAt: string }) => e.occurredAt.slice(0, 7))
    expect([...keys].sort()).toEqual(keys)
  })
})

describe('person register', () => {
  it('imports a CSV and one JSON person, and shows real identities to the lead reviewer and review team only', async () => {
    const header = fs.readFileSync(path.join(demoCaseDir, 'persons.csv'), 'utf8').split(/\r?\n/)[0]
    const csv = `${header}\nRowan Tillery,Family friend,Family Friend,,,,,\n`
    const imported = await api('lead', 'POST', `/api/v1/reviews/${reviewId}/persons`, { multipart: multipartBody({}, [{ field: 'file', filename: 'more-persons.csv', content: Buffer.from(csv), type: 'text/csv' }]) })
    expect(imported.statusCode).toBe(201)
    expect(imported.json()).toMatchObject({ imported: 1 })
    const one = await api('team', 'POST', `/api/v1/reviews/${reviewId}/persons`, { json: { real_name: 'Ada Quill', role: 'Neighbour', pseudonym: 'Neighbour', date_of_birth: '', nhs_number: '', address: '', postcode: '', phone: '' } })
    expect(one.statusCode).toBe(201)
    const persons = (await api('team', 'GET', `/api/v1/reviews/${reviewId}/persons`)).json().persons
    expect(JSON.stringify(persons)).toContain('Rowan Tillery')
    expect((await api('chair', 'GET', `/api/v1/reviews/${reviewId}/persons`)).statusCode).toBe(403)
    expect((await api('caseGroup', 'GET', `/api/v1/reviews/${reviewId}/persons`)).statusCode).toBe(403)
  })
})

describe('causal map', () => {
  it('reads the map, saves with If-Match, refuses a stale or invalid save, and lists checks', async () => {
    const map = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}/map`)).json()
    expect(typeof map.version).toBe('number')
    expect(map.nodes.length).toBeGreaterThan(10)
    for (const key of ['id', 'kind', 'label', 'level', 'eventIds']) expect(map.nodes[0]).toHaveProperty(key)
    for (const key of ['id', 'source', 'target', 'evidence']) expect(map.edges[0]).toHaveProperty(key)
    const saved = await api('lead', 'PUT', `/api/v1/reviews/${reviewId}/map`, { json: { nodes: map.nodes, edges: map.edges }, headers: { 'if-match': String(map.version) } })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().version).toBe(map.version + 1)
    const stale = await api('team', 'PUT', `/api/v1/reviews/${reviewId}/map`, { json: { nodes: map.nodes, edges: map.edges }, headers: { 'if-match': String(map.version) } })
    expect(stale.statusCode).toBe(409)
    const dangling = { nodes: map.nodes, edges: [...map.edges, { id: 'e-new', source: map.nodes[0].id, target: 'n-nowhere', evidence: [] }] }
    const invalid = await api('lead', 'PUT', `/api/v1/reviews/${reviewId}/map`, { json: dangling, headers: { 'if-match': String(map.version + 1) } })
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().details.some((d: { path: string }) => d.path.startsWith('edges['))).toBe(true)
    const checks = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}/map/checks`)).json()
    expect(Array.isArray(checks.issues)).toBe(true)
    for (const issue of checks.issues) expect(Object.keys(issue).sort()).toEqual(expect.arrayContaining(['code', 'edgeIds', 'message', 'nodeIds', 'severity']))
  })
})

describe('findings and typology', () => {
  it('serves the typology and creates and lists findings with their language issues', async () => {
    const typology = (await api('lead', 'GET', '/api/v1/typology')).json()
    expect(typology.version).toBe('2.0')
    expect(typology.codes.filter((c: { parent: string | null }) => c.parent === null)).toHaveLength(6)
    for (const key of ['code', 'label', 'parent', 'description']) expect(typology.codes[0]).toHaveProperty(key)
    const created = await api('lead', 'POST', `/api/v1/reviews/${reviewId}/findings`, {
      json: { title: 'Supervision is squeezed out when caseloads rise', summary: 'Staff failed to get supervision and managers must fix this.', typologyCodes: ['MGT-1'], nodeIds: [], boardQuestions: ['How can the board be assured that supervision happens when caseloads are high?'] },
    })
    expect(created.statusCode).toBe(201)
    expect(created.json().status).toBe('draft')
    const findings = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}/findings`)).json().findings
    const mine = findings.find((f: { title: string }) => f.title === 'Supervision is squeezed out when caseloads rise')
    expect(mine.status).toBe('draft')
    expect(mine.languageIssues.map((i: { phrase: string }) => i.phrase.toLowerCase())).toEqual(expect.arrayContaining(['failed to', 'must']))
    // Agreeing it is refused while it is incomplete, with what is missing listed; the board chair sees agreed findings only.
    const refused = await api('lead', 'POST', `/api/v1/reviews/${reviewId}/findings/${mine.id}/agree`)
    expect(refused.statusCode).toBe(409)
    expect(Object.keys(refused.json()).sort()).toEqual(['details', 'error', 'message'])
    expect(refused.json().details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'inThisCase' }), expect.objectContaining({ path: 'pattern' })]))
    const asChair = (await api('chair', 'GET', `/api/v1/reviews/${reviewId}/findings`)).json().findings
    expect(asChair.every((f: { status: string }) => f.status === 'agreed')).toBe(true)
    expect(asChair.map((f: { id: string }) => f.id)).not.toContain(mine.id)
  })
})

describe('reports', () => {
  it('exports every format and edition with the right type and a file name, and blocks a publication that would leak', async () => {
    const types = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', html: 'text/html' }
    for (const edition of ['internal', 'publication']) {
      for (const [format, type] of Object.entries(types)) {
        const res = await api('lead', 'GET', `/api/v1/reviews/${reviewId}/report?format=${format}&edition=${edition}`)
        expect(res.statusCode, `${edition} ${format}`).toBe(200)
        expect(String(res.headers['content-type'])).toContain(type)
        expect(String(res.headers['content-disposition'])).toMatch(new RegExp(`attachment; filename=".+\\.${format}"`))
        expect(res.headers['cache-control']).toBe('no-store')
      }
    }
    // Names and identifiers in the text are pseudonymised before the scan; a date the report prints as an event
    // date cannot be. Record a person whose date of birth is the date of a significant event: the publication
    // edition must now refuse, listing the leak.
    const events = (await api('lead', 'GET', `/api/v1/reviews/${reviewId}/chronology`)).json().events as { occurredAt: string; precision: string; flags: string[] }[]
    const significant = events.find((e) => e.flags.includes('significant') && e.precision === 'day')!
    const person = await api('lead', 'POST', `/api/v1/reviews/${reviewId}/persons`, { json: { real_name: 'Orla Pendry', role: 'Cousin', pseudonym: 'Cousin', date_of_birth: significant.occurredAt, nhs_number: '', address: '', postcode: '', phone: '' } })
    expect(person.statusCode).toBe(201)
    const blocked = await api('lead', 'GET', `/api/v1/reviews/${reviewId}/report?format=pdf&edition=publication`)
    expect(blocked.statusCode).toBe(409)
    expect(blocked.json().leaks.some((l: { kind: string }) => l.kind === 'date-of-birth')).toBe(true)
    expect((await api('chair', 'GET', `/api/v1/reviews/${reviewId}/report?format=pdf&edition=publication`)).statusCode).toBe(403)
  }, 120_000)
})

describe('national learning', () => {
  it('previews and submits the anonymised return, files returns nationally and serves themes with suppression', async () => {
    const preview = await api('lead', 'GET', `/api/v1/reviews/${reviewId}/national-return`)
    expect(preview.statusCode).toBe(200)
    expect(JSON.stringify(preview.json())).not.toMatch(/Kershaw|Mila|Leanne/)
    const submitted = await api('lead', 'POST', `/api/v1/reviews/${reviewId}/national-return/submit`)
    expect(submitted.statusCode).toBe(201)
    expect(submitted.json()).toEqual({ returnId: expect.any(String), version: expect.any(Number) })
    const schema = await api('national', 'GET', '/api/v1/national/return.schema.json')
    expect(schema.statusCode).toBe(200)
    const again = { ...preview.json(), version: submitted.json().version + 1 }
    const filed = await api('national', 'POST', '/api/v1/national/returns', { json: again })
    expect(filed.statusCode).toBe(201)
    const themes = (await api('national', 'GET', '/api/v1/national/themes?by=family')).json()
    expect(themes).toMatchObject({ typologyVersion: '2.0', suppressedBelow: 5 })
    for (const row of themes.rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['key', 'label', 'reviews', 'findings']))
      expect(row.reviews === '<5' || (typeof row.reviews === 'number' && row.reviews >= 5)).toBe(true)
    }
    expect((await api('national', 'GET', `/api/v1/reviews/${reviewId}`)).statusCode).toBe(404)
    expect((await api('national', 'GET', `/api/v1/reviews/${reviewId}/chronology`)).statusCode).toBe(404)
    expect((await api('lead', 'GET', '/api/v1/national/themes?by=family')).statusCode).toBe(403)
  })
})

describe('errors and the OpenAPI document', () => {
  it('answers 401 without a token and lists every contract route in OpenAPI', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/reviews/${reviewId}` })).statusCode).toBe(401)
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    for (const p of ['/api/v1/reviews', '/api/v1/reviews/{reviewId}', '/api/v1/reviews/{reviewId}/members', '/api/v1/reviews/{reviewId}/imports', '/api/v1/reviews/{reviewId}/imports/{importId}/commit',
      '/api/v1/reviews/{reviewId}/chronology', '/api/v1/reviews/{reviewId}/persons', '/api/v1/reviews/{reviewId}/map', '/api/v1/reviews/{reviewId}/map/checks', '/api/v1/typology',
      '/api/v1/reviews/{reviewId}/findings', '/api/v1/reviews/{reviewId}/report', '/api/v1/reviews/{reviewId}/national-return', '/api/v1/reviews/{reviewId}/national-return/submit',
      '/api/v1/national/returns', '/api/v1/national/themes', '/api/v1/national/return.schema.json']) expect(Object.keys(doc.paths), p).toContain(p)
  })
})
