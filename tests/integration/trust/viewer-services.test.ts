// The viewer-aware services (issue 12) and the role gaps from the attack (issue 13), on the demo review:
// two app instances on one database file never serve a stale page or name; pages and API give each role and
// membership the same rows in the same name form (chronology, conversations, documents, findings, the register); API reads are audited; search, import previews and the imports list show a
// pseudonym viewer only what they may see; rollback is for reviewers and its dangling references are reported;
// an administrator cannot join a review without the lead reviewer or a recorded break-glass reason.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../server/app.js'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase, type OpenDatabase } from '../../../server/db/database.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { demoCaseDir, readDemoExpected } from '../../../server/demo/case/demo-case.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor, type ServiceContext } from '../../../server/services/context.js'
import { addPerson, removePerson } from '../../../server/services/persons.js'
import { changeMemberRole } from '../../../server/services/reviews.js'
import { createFinding, EMPTY_FINDING_INPUT } from '../../../server/services/findings.js'
import { requireEpisode, setEpisodeEvidence } from '../../../server/services/key-practice-episodes.js'
import { createUser } from '../../../server/services/accounts.js'
import { findUserByEmail, updateUser } from '../../../server/data/users.js'
import { hashPassword } from '../../../server/services/passwords.js'
import { signIn, multipartBody, type Agent } from '../../support/browser-agent.js'
import { sequentialIds, TEST_PASSWORD } from '../../support/test-app.js'

interface Instance { app: FastifyInstance; database: OpenDatabase; ctx: ServiceContext }

let dataDir: string
let a: Instance
let b: Instance
let reviewId: string
const expected = readDemoExpected()
const names = expected.identifiers.names
const containsAName = (text: string) => names.some((n) => new RegExp(`\\b${n}\\b`, 'i').test(text))

const LEAD = 'lead.reviewer@demo.casework-lens.local'
const TEAM = 'review.team.health@demo.casework-lens.local'
const CASE_GROUP = 'case.group.hv@demo.casework-lens.local'

async function instance(clock: FixedClock): Promise<Instance> {
  const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' })
  const database = openAppDatabase(config)
  await migrateToLatest(database.db)
  const newId = sequentialIds(`i${Math.random().toString(16).slice(2, 6)}`)
  const app = await buildApp({ db: database.db, clock, config, logger: false, newId })
  await app.ready()
  return { app, database, ctx: { db: database.db, clock, config, newId } }
}

async function userId(email: string): Promise<string> {
  return (await findUserByEmail(a.database.db, email))!.id
}

async function agent(on: Instance, email: string): Promise<Agent> {
  return signIn(on.app, email)
}

async function token(email: string): Promise<string> {
  return (await createApiToken(a.ctx, systemActor, email, 'trust tests')).token
}

function actorFor(id: string): Actor {
  return { userId: id, role: 'reviewer', name: 'test', via: 'system', requestId: null }
}

async function api(on: Instance, tok: string, method: 'GET' | 'POST', url: string, body?: unknown) {
  return on.app.inject({ method, url, headers: { authorization: `Bearer ${tok}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) })
}

async function auditCount(action: string): Promise<number> {
  return Number((await a.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n)
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-trust-'))
  const clock = new FixedClock('2026-03-02T10:00:00.000Z')
  a = await instance(clock)
  ;({ reviewId } = await seedDemo(a.ctx))
  b = await instance(clock)
  const hash = await hashPassword(TEST_PASSWORD, 10)
  for (const email of [LEAD, TEAM, CASE_GROUP]) await updateUser(a.database.db, await userId(email), { password_hash: hash })
}, 180_000)

afterAll(async () => {
  for (const i of [a, b]) {
    await i?.app.close()
    await i?.database.close()
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('a second app instance on the same database', () => {
  it('never shows a case-group member a name the register hides again (register change on the other instance)', async () => {
    const cg = await agent(a, CASE_GROUP)
    const lead = await userId(LEAD)
    // Someone whose surname no one else in the register shares and the health visiting records mention.
    const register = await b.database.db.selectFrom('persons').selectAll().where('review_id', '=', reviewId).execute()
    const hvText = (await api(a, await token(LEAD), 'GET', `/api/v1/reviews/${reviewId}/chronology?agency=Health+Visiting`)).body
    const surnameOf = (p: { real_name: string }) => p.real_name.trim().split(/\s+/).at(-1)!
    const person = register.find((p) => p.real_name.includes(' ') && register.filter((q) => q.real_name.includes(surnameOf(p))).length === 1
      && !register.some((q) => q !== p && [q.address, q.pseudonym].some((v) => (v ?? '').includes(surnameOf(p))))
      && new RegExp(`\\b${surnameOf(p)}\\b`).test(hvText))!
    expect(person).toBeDefined()
    const surname = surnameOf(person)
    const shows = (body: string) => new RegExp(`\\b${surname}\\b`, 'i').test(body)
    expect(shows((await cg.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)).body)).toBe(false)
    // The register loses the person on instance B: the case group now sees the surname (nothing hides it)...
    await removePerson(b.ctx, actorFor(lead), reviewId, person.id)
    expect(shows((await cg.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)).body)).toBe(true)
    // ...and once B adds the person back, instance A must hide it again at once.
    const { id: _id, review_id: _r, created_at: _c, updated_at: _u, ...fields } = person as Record<string, unknown>
    await addPerson(b.ctx, actorFor(lead), reviewId, fields)
    const page = await cg.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)
    expect(page.statusCode).toBe(200)
    expect(shows(page.body)).toBe(false)
    expect(containsAName(page.body)).toBe(false)
  })

  it('follows a membership change made on the other instance', async () => {
    const cg = await agent(a, CASE_GROUP)
    const before = await cg.get(`/reviews/${reviewId}/chronology`)
    expect(before.body).toContain('Health Visiting')
    await changeMemberRole(b.ctx, actorFor(await userId(LEAD)), reviewId, await userId(CASE_GROUP), { role: 'case-group', agency: 'Police' })
    const after = await cg.get(`/reviews/${reviewId}/chronology`)
    expect(after.body).not.toMatch(/<td[^>]*>\s*Health Visiting\s*<\/td>/)
    expect(after.body).toMatch(/Police/)
    await changeMemberRole(b.ctx, actorFor(await userId(LEAD)), reviewId, await userId(CASE_GROUP), { role: 'case-group', agency: 'Health Visiting' })
  })

  it('follows the names toggle chosen on the other instance', async () => {
    const leadA = await agent(a, LEAD)
    const leadB = await agent(b, LEAD)
    expect(containsAName((await leadA.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)).body)).toBe(true)
    expect((await leadB.post(`/reviews/${reviewId}/names`, { display: 'pseudonyms', returnTo: `/reviews/${reviewId}/chronology` })).statusCode).toBe(303)
    expect(containsAName((await leadA.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)).body)).toBe(false)
    expect((await leadB.post(`/reviews/${reviewId}/names`, { display: 'real', returnTo: `/reviews/${reviewId}/chronology` })).statusCode).toBe(303)
    expect(containsAName((await leadA.get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)).body)).toBe(true)
  })
})

describe('pages and API give each role the same rows in the same name form', () => {
  for (const [label, email] of [['lead reviewer', LEAD], ['review team', TEAM], ['case group', CASE_GROUP]] as const) {
    it(`the chronology for the ${label}`, async () => {
      const page = await (await agent(a, email)).get(`/reviews/${reviewId}/chronology?agency=Health+Visiting`)
      const res = await api(a, await token(email), 'GET', `/api/v1/reviews/${reviewId}/chronology?agency=Health+Visiting`)
      const events = res.json().events as { id: string }[]
      const pageIds = [...page.body.matchAll(/\/chronology\/events\/([\w-]+)/g)].map((m) => m[1])
      expect(events.length).toBeGreaterThan(0)
      expect(events.length).toBeLessThanOrEqual(50)
      expect(new Set(pageIds)).toEqual(new Set(events.map((e) => e.id)))
      expect(containsAName(res.body)).toBe(containsAName(page.body))
      expect(containsAName(res.body)).toBe(email !== CASE_GROUP)
    })

    it(`conversations, one conversation and documents for the ${label}`, async () => {
      const page = await agent(a, email)
      const tok = await token(email)
      const ids = (body: string, what: string) => new Set([...body.matchAll(new RegExp(`/reviews/${reviewId}/${what}/([\\w-]+)"`, 'g'))].map((m) => m[1]).filter((id) => id !== 'new'))

      const list = await page.get(`/reviews/${reviewId}/conversations`)
      const listed = (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/conversations`)).json().conversations as { id: string; agency: string }[]
      expect(listed.length).toBeGreaterThan(0)
      expect(ids(list.body, 'conversations')).toEqual(new Set(listed.map((c) => c.id)))
      // The case group sees their own agency's conversations only (the one agency key).
      if (email === CASE_GROUP) expect(new Set(listed.map((c) => c.agency.trim().toLowerCase()))).toEqual(new Set(['health visiting']))
      else expect(new Set(listed.map((c) => c.agency)).size).toBeGreaterThan(1)

      const one = listed[0]!
      const shownPage = await page.get(`/reviews/${reviewId}/conversations/${one.id}`)
      const shownApi = await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/conversations/${one.id}`)
      expect(shownPage.statusCode).toBe(200)
      expect(shownApi.statusCode).toBe(200)
      expect(containsAName(shownApi.json().notes)).toBe(containsAName(shownPage.body))

      const docs = await page.get(`/reviews/${reviewId}/documents`)
      const docsApi = (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/documents`)).json().documents as { id: string; content: string | null }[]
      expect(ids(docs.body, 'documents')).toEqual(new Set(docsApi.map((d) => d.id)))
      if (email === CASE_GROUP) expect(containsAName(JSON.stringify(docsApi))).toBe(false)

      // The person register: both or neither.
      const register = await page.get(`/reviews/${reviewId}/people`)
      const registerApi = await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/persons`)
      expect(register.statusCode).toBe(registerApi.statusCode)
      expect(registerApi.statusCode).toBe(email === CASE_GROUP ? 403 : 200)
    })
  }

  it('the API follows the names choice made on the pages of another instance (conversations)', async () => {
    const leadB = await agent(b, LEAD)
    const tok = await token(LEAD)
    const withNames = (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/conversations`)).json().conversations as { id: string }[]
    const readNotes = async () => Promise.all(withNames.map(async (c) => (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/conversations/${c.id}`)).json().notes as string))
    expect((await readNotes()).some(containsAName)).toBe(true)
    expect((await leadB.post(`/reviews/${reviewId}/names`, { display: 'pseudonyms', returnTo: `/reviews/${reviewId}/conversations` })).statusCode).toBe(303)
    try {
      expect((await readNotes()).some(containsAName)).toBe(false)
      expect(containsAName((await (await agent(a, LEAD)).get(`/reviews/${reviewId}/conversations/${withNames[0]!.id}`)).body)).toBe(false)
    } finally {
      expect((await leadB.post(`/reviews/${reviewId}/names`, { display: 'real', returnTo: `/reviews/${reviewId}/conversations` })).statusCode).toBe(303)
    }
    expect((await readNotes()).some(containsAName)).toBe(true)
  })

  it('a membership change on another instance changes what the API and the pages list at once (conversations and documents)', async () => {
    const tok = await token(CASE_GROUP)
    const cg = await agent(a, CASE_GROUP)
    const agencies = async () => new Set(((await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/conversations`)).json().conversations as { agency: string }[]).map((c) => c.agency))
    expect(await agencies()).toEqual(new Set(['Health Visiting']))
    await changeMemberRole(b.ctx, actorFor(await userId(LEAD)), reviewId, await userId(CASE_GROUP), { role: 'case-group', agency: '  police ' })
    try {
      expect(await agencies()).toEqual(new Set(['Police']))
      const page = await cg.get(`/reviews/${reviewId}/conversations`)
      expect(page.body).not.toMatch(/<td[^>]*>\s*Health Visiting\s*<\/td>/)
      const docs = (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/documents`)).json().documents as { agency: string | null }[]
      expect(docs.every((d) => (d.agency ?? '').trim().toLowerCase() === 'police')).toBe(true)
    } finally {
      await changeMemberRole(b.ctx, actorFor(await userId(LEAD)), reviewId, await userId(CASE_GROUP), { role: 'case-group', agency: 'Health Visiting' })
    }
    expect(await agencies()).toEqual(new Set(['Health Visiting']))
  })
})

describe('pages and API give each role and membership the same findings and register, in the same name form', () => {
  const TEAM_POLICE = 'review.team.police@demo.casework-lens.local'
  const CASE_GROUP_CSC = 'case.group.csc@demo.casework-lens.local'
  const BOARD_CHAIR = 'board.chair@demo.casework-lens.local'
  const everyone = [['lead reviewer', LEAD], ['review team (health)', TEAM], ['review team (police)', TEAM_POLICE], ['case group (health visiting)', CASE_GROUP], ['case group (social care)', CASE_GROUP_CSC], ['board chair', BOARD_CHAIR]] as const
  const seesFindings = (email: string) => email !== CASE_GROUP && email !== CASE_GROUP_CSC
  const seesRealNames = (email: string) => email === LEAD || email === TEAM || email === TEAM_POLICE
  let agreedWithName = ''
  let draftWithName = ''

  beforeAll(async () => {
    const hash = await hashPassword(TEST_PASSWORD, 10)
    for (const email of [TEAM_POLICE, CASE_GROUP_CSC, BOARD_CHAIR]) await updateUser(a.database.db, await userId(email), { password_hash: hash })
    // An agreed finding and a draft whose words name someone in the register (as a reviewer might write them).
    const person = await a.database.db.selectFrom('persons').select('real_name').where('review_id', '=', reviewId).where('real_name', 'like', '% %').orderBy('real_name').executeTakeFirstOrThrow()
    const findings = await a.database.db.selectFrom('findings').select(['id', 'status']).where('review_id', '=', reviewId).orderBy('position').execute()
    agreedWithName = findings.find((f) => f.status === 'agreed')?.id ?? findings[0]!.id
    draftWithName = findings.find((f) => f.id !== agreedWithName)!.id
    const at = new Date('2026-03-02T10:00:00.000Z').toISOString()
    await a.database.db.updateTable('findings').set({ status: 'agreed', agreed_at: at, in_this_case: `Nobody asked ${person.real_name} who else lived there.` }).where('id', '=', agreedWithName).execute()
    await a.database.db.updateTable('findings').set({ status: 'draft', agreed_at: null, agreed_by: null, title: `Draft about ${person.real_name}` }).where('id', '=', draftWithName).execute()
  })

  it('findings follow the names toggle chosen on the other instance, on the page and through the API', async () => {
    const leadA = await agent(a, LEAD)
    const leadB = await agent(b, LEAD)
    const tok = await token(LEAD)
    const read = async () => [(await leadA.get(`/reviews/${reviewId}/findings/${agreedWithName}`)).body, (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/findings`)).body]
    expect((await read()).map(containsAName)).toEqual([true, true])
    expect((await leadB.post(`/reviews/${reviewId}/names`, { display: 'pseudonyms', returnTo: `/reviews/${reviewId}/findings` })).statusCode).toBe(303)
    try {
      expect((await read()).map(containsAName)).toEqual([false, false])
    } finally {
      expect((await leadB.post(`/reviews/${reviewId}/names`, { display: 'real', returnTo: `/reviews/${reviewId}/findings` })).statusCode).toBe(303)
    }
    expect((await read()).map(containsAName)).toEqual([true, true])
  })

  for (const [label, email] of everyone) {
    it(`findings for the ${label}: list, one finding and the API`, async () => {
      const page = await agent(a, email)
      const tok = await token(email)
      const list = await page.get(`/reviews/${reviewId}/findings`)
      const res = await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/findings`)
      expect(list.statusCode).toBe(res.statusCode)
      if (!seesFindings(email)) {
        expect(res.statusCode).toBe(403)
        return
      }
      expect(res.statusCode).toBe(200)
      const listed = res.json().findings as { id: string; status: string }[]
      const pageIds = new Set([...list.body.matchAll(new RegExp(`/reviews/${reviewId}/findings/([\\w-]+)"`, 'g'))].map((m) => m[1]).filter((id) => id !== 'new' && id !== 'agreement'))
      expect(listed.length).toBeGreaterThan(1)
      expect(pageIds).toEqual(new Set(listed.map((f) => f.id)))
      // Drafts stay with the reviewers.
      expect(listed.some((f) => f.status === 'draft')).toBe(email !== BOARD_CHAIR)
      expect(containsAName(res.body)).toBe(seesRealNames(email))
      expect(containsAName(list.body)).toBe(seesRealNames(email))
      // One finding: the same words in the same name form on the page and in the API.
      const one = await page.get(`/reviews/${reviewId}/findings/${agreedWithName}`)
      const oneApi = (res.json().findings as { id: string }[]).find((f) => f.id === agreedWithName)!
      expect(one.statusCode).toBe(200)
      expect(containsAName(one.body)).toBe(seesRealNames(email))
      expect(containsAName(JSON.stringify(oneApi))).toBe(seesRealNames(email))
      expect(one.body).toContain((oneApi as unknown as { inThisCase: string }).inThisCase.replace(/'/g, '&#x27;'))
      // Asked for pseudonyms, a reviewer gets them on both.
      if (seesRealNames(email)) {
        const hidden = await page.get(`/reviews/${reviewId}/findings/${agreedWithName}?names=pseudonyms`)
        const hiddenApi = await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/findings?names=pseudonyms`)
        expect(containsAName(hidden.body)).toBe(false)
        expect(containsAName(hiddenApi.body)).toBe(false)
        expect(new Set((hiddenApi.json().findings as { id: string }[]).map((f) => f.id))).toEqual(new Set(listed.map((f) => f.id)))
      }
      // The board chair is not found a draft, on the page or through the API.
      if (email === BOARD_CHAIR) {
        expect((await page.get(`/reviews/${reviewId}/findings/${draftWithName}`)).statusCode).toBe(404)
        expect(listed.map((f) => f.id)).not.toContain(draftWithName)
      }
    })

    it(`the person register for the ${label}: both or neither, the same people with the same names`, async () => {
      const page = await (await agent(a, email)).get(`/reviews/${reviewId}/people`)
      const res = await api(a, await token(email), 'GET', `/api/v1/reviews/${reviewId}/persons`)
      expect(page.statusCode).toBe(res.statusCode)
      if (!seesRealNames(email)) {
        expect(res.statusCode).toBe(403)
        expect(containsAName(page.body)).toBe(false)
        return
      }
      const persons = res.json().persons as { id: string; real_name: string; pseudonym: string }[]
      expect(persons.length).toBeGreaterThan(3)
      const pageIds = new Set([...page.body.matchAll(new RegExp(`/reviews/${reviewId}/people/([\\w-]+)"`, 'g'))].map((m) => m[1]).filter((id) => id !== 'new' && id !== 'import'))
      expect(pageIds).toEqual(new Set(persons.map((p) => p.id)))
      const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;')
      for (const p of persons) {
        expect(page.body).toContain(escaped(p.real_name))
        expect(page.body).toContain(escaped(p.pseudonym))
      }
    })
  }
})

describe('API reads of case content are audited like the pages', () => {
  it('writes an audit row for the chronology and for one event, through the API and the page', async () => {
    const tok = await token(LEAD)
    const before = await auditCount('chronology.view')
    const res = await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/chronology`)
    expect(res.statusCode).toBe(200)
    expect(await auditCount('chronology.view')).toBe(before + 1)
    const row = await a.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'chronology.view').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ actor_kind: 'token', review_id: reviewId, actor_user_id: await userId(LEAD) })
    expect(JSON.parse(row.details)).toMatchObject({ events: res.json().events.length })
    await (await agent(a, LEAD)).get(`/reviews/${reviewId}/chronology`)
    expect(await auditCount('chronology.view')).toBe(before + 2)
    const eventViews = await auditCount('chronology.event.view')
    await (await agent(a, LEAD)).get(`/reviews/${reviewId}/chronology/events/${res.json().events[0].id}`)
    expect(await auditCount('chronology.event.view')).toBe(eventViews + 1)
  })
})

describe('a pseudonym viewer searches what they can see', () => {
  it('finds nothing by typing the start of a hidden name, and finds events by the pseudonym', async () => {
    const cg = await agent(a, CASE_GROUP)
    const tok = await token(CASE_GROUP)
    const hv = (await api(a, await token(LEAD), 'GET', `/api/v1/reviews/${reviewId}/chronology?agency=Health+Visiting`)).json().events as { summary: string | null }[]
    const named = names.find((n) => n.length > 4 && hv.some((e) => new RegExp(`\\b${n}\\b`, 'i').test(e.summary ?? '')))!
    expect(named).toBeDefined()
    for (const q of [`${named.slice(0, 3)}*`, named, `"${named}"`]) {
      const res = await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/chronology?q=${encodeURIComponent(q)}`)
      expect(res.json().events, `search for ${q}`).toEqual([])
      const page = await cg.get(`/reviews/${reviewId}/chronology?q=${encodeURIComponent(q)}`)
      expect(page.body).not.toMatch(/\/chronology\/events\//)
    }
    // The lead reviewer, who may see real names, finds them.
    expect((await api(a, await token(LEAD), 'GET', `/api/v1/reviews/${reviewId}/chronology?q=${encodeURIComponent(named)}`)).json().events.length).toBeGreaterThan(0)
    // What the case group sees in place of names is searchable for them.
    const shown = (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/chronology`)).json().events as { summary: string | null }[]
    const word = /\b(Mother|Child [A-Z]|Father|Partner)\b/.exec(shown.map((e) => e.summary ?? '').join(' '))?.[1]
    expect(word).toBeDefined()
    const found = (await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/chronology?q=${encodeURIComponent(`"${word!}"`)}`)).json().events as { summary: string }[]
    expect(found.length).toBeGreaterThan(0)
    expect(found.every((e) => JSON.stringify(e).toLowerCase().includes(word!.toLowerCase()))).toBe(true)
  })
})

describe('imports for a pseudonym viewer', () => {
  it('shows the case group the preview and the imports list with pseudonyms and without the uploaded file’s name', async () => {
    const tok = await token(CASE_GROUP)
    const hvFile = expected.files.find((f) => f.agency === 'Health Visiting')!
    const fileName = 'Jones family HV records.csv'
    const { payload, contentType } = multipartBody(
      { agency: 'Health Visiting', mapping: JSON.stringify(hvFile.mapping), dateFormat: hvFile.dateFormat },
      [{ field: 'file', filename: fileName, content: fs.readFileSync(path.join(demoCaseDir, hvFile.file)) }],
    )
    const res = await a.app.inject({ method: 'POST', url: `/api/v1/reviews/${reviewId}/imports`, payload, headers: { authorization: `Bearer ${tok}`, 'content-type': contentType } })
    expect(res.statusCode).toBe(201)
    expect(res.json().preview.length).toBeGreaterThan(5)
    expect(containsAName(res.body)).toBe(false)
    expect(res.body).not.toContain('Jones family')
    const cg = await agent(a, CASE_GROUP)
    const page = await cg.get(`/reviews/${reviewId}/imports/${res.json().importId}`)
    expect(page.statusCode).toBe(200)
    expect(containsAName(page.body)).toBe(false)
    expect(page.body).not.toContain('Jones family')
    const list = await cg.get(`/reviews/${reviewId}/imports`)
    expect(list.body).toContain(`/imports/${res.json().importId}`)
    expect(list.body).not.toContain('Jones family')
    expect(list.body).not.toContain(hvFile.file)
    // The lead reviewer sees the file as it was uploaded.
    expect((await (await agent(a, LEAD)).get(`/reviews/${reviewId}/imports`)).body).toContain('Jones family')
    expect((await cg.post(`/reviews/${reviewId}/imports/${res.json().importId}/discard`)).statusCode).toBe(303)
  })
})

describe('rolling back an import', () => {
  it('is refused to the case group even for their own agency’s import, and reports what referred to the removed events', async () => {
    const db = a.database.db
    const hvImport = (await db.selectFrom('chronology_imports').select(['id']).where('review_id', '=', reviewId).where('agency', '=', 'Health Visiting').where('status', '=', 'committed').executeTakeFirstOrThrow()).id
    const cg = await token(CASE_GROUP)
    const refused = await api(a, cg, 'POST', `/api/v1/reviews/${reviewId}/imports/${hvImport}/rollback`)
    expect(refused.statusCode).toBe(403)
    expect((await (await agent(a, CASE_GROUP)).get(`/reviews/${reviewId}/imports/${hvImport}/rollback`)).statusCode).toBe(403)
    expect((await db.selectFrom('chronology_imports').select('status').where('id', '=', hvImport).executeTakeFirstOrThrow()).status).toBe('committed')

    const lead = await token(LEAD)
    const checksBefore = (await api(a, lead, 'GET', `/api/v1/reviews/${reviewId}/map/checks`)).json().issues as { code: string }[]
    expect(checksBefore.map((i) => i.code)).not.toContain('missing-event')
    // A finding cites one of the file's events and another cites an event from another file; an episode draws on the file too.
    const leadActor = actorFor(await userId(LEAD))
    const hvEvent = (await db.selectFrom('chronology_events').select('id').where('import_id', '=', hvImport).orderBy('sort_key').executeTakeFirstOrThrow()).id
    const otherEvent = (await db.selectFrom('chronology_events').select('id').where('review_id', '=', reviewId).where('import_id', '!=', hvImport).orderBy('sort_key').executeTakeFirstOrThrow()).id
    // Its title names someone in the register: the confirmation shows it under the viewer's name rule.
    const person = await db.selectFrom('persons').select('real_name').where('review_id', '=', reviewId).where('real_name', 'like', '% %').orderBy('real_name').executeTakeFirstOrThrow()
    const surname = person.real_name.split(' ').at(-1)!
    const citing = await createFinding(a.ctx, leadActor, reviewId, { ...EMPTY_FINDING_INPUT, title: `Visits to ${person.real_name} were not followed up`, evidence: [{ type: 'event', id: hvEvent }] })
    const unaffected = await createFinding(a.ctx, leadActor, reviewId, { ...EMPTY_FINDING_INPUT, title: 'Another agency’s record', evidence: [{ type: 'event', id: otherEvent }] })
    const hvEventIds = (await db.selectFrom('chronology_events').select('id').where('import_id', '=', hvImport).execute()).map((e) => e.id)
    const drawingOnHv = await db.selectFrom('kpe_events').select('kpe_id').distinct().where('event_id', 'in', hvEventIds).execute()
    expect(drawingOnHv.length).toBeGreaterThan(0)
    const stage = async (key: string) => (await (await agent(a, LEAD)).get(`/reviews/${reviewId}/stages/${key}`)).body
    for (const [key, label] of [['key-practice-episodes', 'No key practice episode has lost events'], ['systemic-findings', 'No finding cites a chronology event that was removed']]) {
      expect(await stage(key!)).toContain(label!)
      expect(await stage(key!), key).not.toMatch(/lost chronology events when an import was rolled back|removed when an import was rolled back/)
    }
    const confirm = await (await agent(a, LEAD)).get(`/reviews/${reviewId}/imports/${hvImport}/rollback`)
    expect(confirm.body).toContain('Other work refers to events from this file')
    // The uploaded file's name (it can carry a name) as the viewer's name rule has it: real, or a neutral label.
    const fileName = (await db.selectFrom('chronology_imports').select('file_name').where('id', '=', hvImport).executeTakeFirstOrThrow()).file_name
    expect(confirm.body).toContain(fileName.replace(/'/g, '&#x27;'))
    const hidden = await (await agent(a, LEAD)).get(`/reviews/${reviewId}/imports/${hvImport}/rollback?names=pseudonyms`)
    expect(hidden.body).not.toContain(fileName.replace(/'/g, '&#x27;'))
    expect(hidden.body).toContain('Health Visiting chronology file')
    expect(hidden.body).toContain('were not followed up')
    expect(hidden.body).not.toMatch(new RegExp(`\\b${surname}\\b`))
    // The confirmation names the episodes and the finding that will lose events, before anything is removed.
    expect(confirm.body).toContain(`Visits to ${person.real_name} were not followed up`)
    expect(confirm.body).not.toContain('Another agency’s record')
    const done = await api(a, lead, 'POST', `/api/v1/reviews/${reviewId}/imports/${hvImport}/rollback`)
    expect(done.statusCode).toBe(200)
    const references = done.json().references
    expect(references.mapNodes.length + references.mapEdges.length).toBeGreaterThan(0)
    expect(references.findings.map((f: { id: string }) => f.id)).toEqual([citing.id])
    expect(new Set(references.episodes.map((e: { id: string }) => e.id))).toEqual(new Set(drawingOnHv.map((k) => k.kpe_id)))
    // After the rollback the stages' checks report the episodes and the finding until someone puts them right.
    expect(await stage('key-practice-episodes')).toContain(`${drawingOnHv.length} key practice episode${drawingOnHv.length === 1 ? '' : 's'} lost chronology events when an import was rolled back`)
    expect(await stage('systemic-findings')).toContain('1 finding cites chronology events that were removed when an import was rolled back')
    expect(await stage('appraisal')).toMatch(/The map checks found \d+ errors? to fix/)
    const findingPage = await (await agent(a, LEAD)).get(`/reviews/${reviewId}/findings/${citing.id}`)
    expect(findingPage.body).toContain('A chronology event that no longer exists')
    // Confirming an episode's evidence again (a later edit) clears it from the check.
    ;(a.ctx.clock as FixedClock).advanceMinutes(1)
    const [first, ...rest] = drawingOnHv.map((k) => k.kpe_id)
    const episode = await requireEpisode(db, reviewId, first!)
    await setEpisodeEvidence(a.ctx, leadActor, reviewId, first!, episode.episode.version, { eventIds: episode.eventIds, quoteIds: episode.quoteIds })
    if (rest.length > 0) expect(await stage('key-practice-episodes')).toContain(`${rest.length} key practice episode${rest.length === 1 ? '' : 's'} lost chronology events`)
    else expect(await stage('key-practice-episodes')).not.toContain('lost chronology events when an import was rolled back')
    const checks = (await api(a, lead, 'GET', `/api/v1/reviews/${reviewId}/map/checks`)).json().issues as { code: string; nodeIds: string[]; edgeIds: string[] }[]
    const missing = checks.find((i) => i.code === 'missing-event')
    expect(missing).toBeDefined()
    expect(new Set(missing!.nodeIds)).toEqual(new Set(references.mapNodes.map((n: { id: string }) => n.id)))
    const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'chronology.import.rollback').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toMatchObject({ mapNodes: references.mapNodes.length, findings: [citing.id] })
    expect(JSON.parse(audit.details).findings).not.toContain(unaffected.id)
  })
})

describe('an administrator joining a review', () => {
  it('cannot add themselves through the API or the page without a reason; with one it is recorded and the lead reviewer is told', async () => {
    const admin = await createUser(a.ctx, systemActor, { email: 'admin.join@example.org', name: 'Ada Admin', role: 'admin', password: TEST_PASSWORD })
    await updateUser(a.database.db, admin.id, { must_change_password: 0 })
    const tok = (await createApiToken(a.ctx, systemActor, admin.email, 'x')).token
    const membership = () => a.database.db.selectFrom('review_members').select('role').where('review_id', '=', reviewId).where('user_id', '=', admin.id).executeTakeFirst()
    const refused = await api(a, tok, 'POST', `/api/v1/reviews/${reviewId}/members`, { email: admin.email, role: 'review-team' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ error: 'break-glass-reason-required', details: [{ path: 'reason' }] })
    expect(await membership()).toBeUndefined()
    const page = await signIn(a.app, admin.email)
    const form = await page.post(`/reviews/${reviewId}/members`, { email: admin.email, role: 'review-team', agency: '' })
    expect(form.statusCode).toBe(400)
    expect(form.body).toContain('You are not this review’s lead reviewer')
    expect(await membership()).toBeUndefined()
    // The person register stays out of reach.
    expect((await api(a, tok, 'GET', `/api/v1/reviews/${reviewId}/persons`)).statusCode).toBe(403)

    const reason = 'The lead reviewer is on leave and the board needs the register checked today'
    const added = await api(a, tok, 'POST', `/api/v1/reviews/${reviewId}/members`, { email: admin.email, role: 'review-team', reason })
    expect(added.statusCode).toBe(201)
    expect(await membership()).toEqual({ role: 'review-team' })
    const row = await a.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'review.member.break-glass').executeTakeFirstOrThrow()
    expect(JSON.parse(row.details)).toMatchObject({ self: true, reason })
    const dashboard = await (await agent(a, LEAD)).get('/')
    expect(dashboard.body).toContain('Ada Admin added themselves to this review without you')
    expect(dashboard.body).toContain(reason)
  })
})
