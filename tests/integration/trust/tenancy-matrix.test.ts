// Partnerships as tenants (issue 14): administrators and members of two partnerships walk every registered route,
// pages and API, with the other partnership's ids. Nothing of the other partnership is visible (no title, name,
// email or question of it in any answer), nothing of it changes, every review-scoped address answers 404 as for a
// review that does not exist, and no page a partnership's people see counts it (the pages read the same before and
// after the other partnership adds a review and an account). The routes come from the app itself, so a new route
// is walked without anyone adding it here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createUser } from '../../../server/services/accounts.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addResearchQuestion, createReview } from '../../../server/services/reviews.js'
import { createPartnership } from '../../../server/services/partnerships.js'
import { viewerOf } from '../../../server/services/viewer.js'
import { updateUser } from '../../../server/data/users.js'
import { DEFAULT_PARTNERSHIP_ID } from '../../../server/data/partnerships.js'
import type { User } from '../../../server/data/schema.js'
import type { GlobalRole } from '../../../server/data/tables/foundation.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

interface Side {
  partnershipId: string
  reviewId: string
  questionId: string
  users: Record<'admin' | 'lead' | 'member', User>
  /** Words that appear only in this partnership's data. */
  markers: string[]
}

interface Caller {
  label: string
  agent: Agent
  token: string
}

let t: TestApp
const sides = {} as Record<'A' | 'B', Side>
const callers = {} as Record<'A' | 'B', Caller[]>
let national: Caller

function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, name: user.name, via: 'system', requestId: null }
}

async function account(tag: string, role: GlobalRole, partnershipId: string, name: string): Promise<User> {
  const user = await createUser(t.ctx, systemActor, { email: `${tag}.${role}@example.org`, name, role, password: TEST_PASSWORD, partnershipId })
  await updateUser(t.db, user.id, { must_change_password: 0 })
  return user
}

async function side(tag: 'A' | 'B', partnershipId: string): Promise<Side> {
  const word = tag === 'A' ? 'Aardvark' : 'Zebrafinch'
  const users = {
    admin: await account(tag, 'admin', partnershipId, `${word} Admin`),
    lead: await account(tag, 'reviewer', partnershipId, `${word} Lead`),
    member: await account(tag, 'board', partnershipId, `${word} Member`),
  }
  const review = await createReview(t.ctx, actorOf(users.lead), {
    title: `${word} review title`, boardName: `${word} Safeguarding Partnership`, subjectPseudonym: `Child ${word}`, methodology: 'learning-together',
    periodFrom: '2024-01-01', periodTo: '2024-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  const questionId = await addResearchQuestion(t.ctx, actorOf(users.lead), review.id, `${word} research question`)
  await t.db.insertInto('review_members').values({ review_id: review.id, user_id: users.member.id, role: 'board-chair', agency: null, added_by: users.lead.id, added_at: '2026-03-02T10:00:00.000Z' }).execute()
  return {
    partnershipId, reviewId: review.id, questionId, users,
    markers: [word, ...Object.values(users).map((u) => u.email)],
  }
}

async function caller(label: string, user: User): Promise<Caller> {
  return { label, agent: await signIn(t.app, user.email), token: (await createApiToken(t.ctx, systemActor, user.email, 'tenancy')).token }
}

beforeAll(async () => {
  t = await createTestApp()
  const operator = await account('operator', 'admin', DEFAULT_PARTNERSHIP_ID, 'Instance Operator')
  await updateUser(t.db, operator.id, { instance_admin: 1 })
  const operatorViewer = viewerOf({ ...actorOf(operator), userId: operator.id, role: 'admin' }, { partnership_id: DEFAULT_PARTNERSHIP_ID, instance_admin: 1 })
  const northshire = await createPartnership(t.ctx, operatorViewer, { name: 'Northshire' })
  sides.A = await side('A', DEFAULT_PARTNERSHIP_ID)
  sides.B = await side('B', northshire.id)
  for (const tag of ['A', 'B'] as const) {
    callers[tag] = [
      await caller(`${tag} administrator`, sides[tag].users.admin),
      await caller(`${tag} lead reviewer`, sides[tag].users.lead),
      await caller(`${tag} board member`, sides[tag].users.member),
    ]
  }
  // The operator is an administrator of A who may also add partnerships: still nothing of B's reviews.
  callers.A.push(await caller('A instance administrator', operator))
  national = await caller('national analyst', await createUser(t.ctx, systemActor, { email: 'analyst@example.org', name: 'National Analyst', role: 'national', password: TEST_PASSWORD }).then(async (u) => {
    await updateUser(t.db, u.id, { must_change_password: 0 })
    return { ...u, must_change_password: 0 }
  }))
}, 120_000)

afterAll(async () => {
  await t?.close()
})

/** Sign-in and sign-out change who the caller is; the walk keeps every caller signed in. */
const SKIPPED = new Set(['POST /login', 'POST /logout'])

function routes() {
  return t.app.registeredRoutes.filter((r) => !SKIPPED.has(`${r.method} ${r.url}`))
}

/** The address with the other partnership's ids in it. */
function addressIn(url: string, of: Side): string {
  const ids: Record<string, string> = {
    reviewId: of.reviewId, userId: of.users.lead.id, partnershipId: of.partnershipId, questionId: of.questionId,
  }
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => ids[name] ?? 'x1')
}

async function call(c: Caller, method: string, url: string): Promise<LightMyRequestResponse> {
  if (url.startsWith('/api/')) {
    return t.app.inject({
      method: method as 'GET', url,
      headers: { authorization: `Bearer ${c.token}`, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' ? {} : { payload: '{}' }),
    })
  }
  if (method === 'GET') return c.agent.get(url)
  return c.agent.post(url, {}, { method: method as 'POST' })
}

async function snapshotOf(s: Side) {
  return {
    review: await t.db.selectFrom('reviews').selectAll().where('id', '=', s.reviewId).executeTakeFirstOrThrow(),
    members: await t.db.selectFrom('review_members').selectAll().where('review_id', '=', s.reviewId).orderBy('user_id').execute(),
    questions: await t.db.selectFrom('research_questions').selectAll().where('review_id', '=', s.reviewId).orderBy('id').execute(),
    users: await t.db.selectFrom('users').selectAll().where('partnership_id', '=', s.partnershipId).orderBy('id').execute(),
    reads: await t.db.selectFrom('audit_log').select('seq').where('review_id', '=', s.reviewId).execute(),
  }
}

function leaked(res: LightMyRequestResponse, of: Side): string[] {
  const body = res.body.toLowerCase()
  return of.markers.filter((m) => body.includes(m.toLowerCase()))
}

/** The operator's own partnership pages name every partnership and its administrators: that is what they are for. */
function operatorMayRead(c: Caller, url: string): boolean {
  return c.label.includes('instance administrator') && (url.startsWith('/admin/partnerships') || url.startsWith('/api/v1/partnerships') || url === '/admin/audit')
}

describe('two partnerships on one instance', () => {
  it('each side sees its own review (the walk below would prove nothing if nobody could see anything)', async () => {
    for (const tag of ['A', 'B'] as const) {
      for (const c of callers[tag]) {
        const res = await c.agent.get('/')
        expect(res.statusCode, c.label).toBe(200)
        expect(res.body, c.label).toContain(tag === 'A' ? 'Aardvark review title' : 'Zebrafinch review title')
        const api = await call(c, 'GET', `/api/v1/reviews/${sides[tag].reviewId}`)
        expect(api.statusCode, c.label).toBe(c.label.includes('board') ? 200 : 200)
      }
    }
  })

  for (const [mine, theirs] of [['A', 'B'], ['B', 'A']] as const) {
    it(`${mine}'s administrators and members reach nothing of ${theirs} through any route, and change nothing of it`, async () => {
      const other = sides[theirs]
      const before = await snapshotOf(other)
      const problems: string[] = []
      let walked = 0
      for (const c of callers[mine]) {
        for (const route of routes()) {
          const url = addressIn(route.url, other)
          const res = await call(c, route.method, url)
          walked++
          if (route.access.kind === 'review' && res.statusCode !== 404) problems.push(`${c.label}: ${route.method} ${url} answered ${res.statusCode}, not 404`)
          if (route.url.includes(':userId') && res.statusCode < 400) problems.push(`${c.label}: ${route.method} ${url} answered ${res.statusCode} for another partnership's account`)
          if (!operatorMayRead(c, route.url)) {
            const found = leaked(res, other)
            if (found.length) problems.push(`${c.label}: ${route.method} ${url} showed ${found.join(', ')}`)
          }
        }
      }
      expect(walked).toBeGreaterThan(300)
      expect(problems).toEqual([])
      const after = await snapshotOf(other)
      expect(after).toEqual(before)
    }, 300_000)
  }

  it('a national analyst opens no review of either partnership and sees no name, title or question of one', async () => {
    const problems: string[] = []
    for (const of of [sides.A, sides.B]) {
      for (const route of routes()) {
        const url = addressIn(route.url, of)
        const res = await call(national, route.method, url)
        if (route.access.kind === 'review' && res.statusCode !== 404) problems.push(`${route.method} ${url} answered ${res.statusCode}, not 404`)
        const found = leaked(res, of)
        if (found.length) problems.push(`${route.method} ${url} showed ${found.join(', ')}`)
      }
    }
    expect(problems).toEqual([])
  }, 300_000)

  it('no page or API list of one partnership counts the other: they read the same after the other adds a review and an account', async () => {
    const lists = routes().filter((r) => r.method === 'GET' && !r.url.includes(':') && r.access.kind !== 'public')
    expect(lists.map((r) => r.url)).toEqual(expect.arrayContaining(['/', '/admin', '/admin/audit', '/api/v1/reviews']))
    const read = async () => {
      const out: Record<string, string> = {}
      for (const c of callers.A.filter((x) => !x.label.includes('instance'))) {
        for (const r of lists) {
          const res = await call(c, 'GET', r.url)
          out[`${c.label} ${r.url}`] = `${res.statusCode} ${res.body.replace(/nonce="[^"]*"/g, 'nonce')}`
        }
      }
      return out
    }
    const before = await read()
    const leadB = sides.B.users.lead
    await createReview(t.ctx, actorOf(leadB), {
      title: 'Second Zebrafinch review', boardName: '', subjectPseudonym: 'Child Q', methodology: 'rapid-review',
      periodFrom: '2025-01-01', periodTo: '2025-06-30', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    }, { requireBoard: false })
    await account('B2', 'reviewer', sides.B.partnershipId, 'Zebrafinch Newcomer')
    const after = await read()
    for (const key of Object.keys(before)) expect(after[key], key).toBe(before[key])
  }, 120_000)

  it('an administrator cannot add another partnership’s account to a review, nor learn that it exists', async () => {
    const leadA = callers.A[1]!
    const res = await call(leadA, 'POST', `/api/v1/reviews/${sides.A.reviewId}/members`)
    expect(res.statusCode).toBe(400)
    const tryAdd = await t.app.inject({
      method: 'POST', url: `/api/v1/reviews/${sides.A.reviewId}/members`,
      headers: { authorization: `Bearer ${leadA.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: sides.B.users.lead.email, role: 'review-team' }),
    })
    const unknown = await t.app.inject({
      method: 'POST', url: `/api/v1/reviews/${sides.A.reviewId}/members`,
      headers: { authorization: `Bearer ${leadA.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'nobody.at.all@example.org', role: 'review-team' }),
    })
    expect(tryAdd.statusCode).toBe(400)
    expect(tryAdd.json()).toEqual(unknown.json())
  })

  it('a review set up by a partnership’s reviewer belongs to that partnership', async () => {
    const leadB = callers.B[1]!
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/reviews',
      headers: { authorization: `Bearer ${leadB.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'Zebrafinch by API', methodology: 'rapid-review', subject: { pseudonym: 'Child R' }, reviewPeriod: { from: '2025-01-01', to: '2025-02-01' } }),
    })
    expect(res.statusCode).toBe(201)
    const row = await t.db.selectFrom('reviews').select('partnership_id').where('id', '=', res.json().id).executeTakeFirstOrThrow()
    expect(row.partnership_id).toBe(sides.B.partnershipId)
  })

  it('only the instance administrator adds partnerships and their administrators (with CSRF, audited); the new administrator sees only theirs', async () => {
    const adminA = callers.A[0]!
    for (const [method, url] of [['GET', '/admin/partnerships'], ['POST', '/admin/partnerships'], ['GET', `/admin/partnerships/${sides.B.partnershipId}`], ['POST', '/admin/audit/checkpoint']] as const) {
      const res = method === 'GET' ? await adminA.agent.get(url) : await adminA.agent.post(url, { name: 'Sneaky' })
      expect(res.statusCode, `${method} ${url}`).toBe(403)
    }
    expect(await t.db.selectFrom('partnerships').select('id').where('name', '=', 'Sneaky').executeTakeFirst()).toBeUndefined()

    const operator = callers.A.find((c) => c.label.includes('instance'))!
    expect((await operator.agent.post('/admin/partnerships', { name: 'Southvale' }, { csrf: false })).statusCode).toBe(403)
    const blank = await operator.agent.post('/admin/partnerships', { name: '  ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.body).toContain('Enter the safeguarding partnership’s name')
    expect((await operator.agent.post('/admin/partnerships', { name: 'Northshire' })).body).toContain('A partnership with this name already exists')
    const made = await operator.agent.post('/admin/partnerships', { name: 'Southvale' })
    expect(made.statusCode).toBe(303)
    const southvale = await t.db.selectFrom('partnerships').selectAll().where('name', '=', 'Southvale').executeTakeFirstOrThrow()
    expect(made.headers.location).toBe(`/admin/partnerships/${southvale.id}`)
    const added = await operator.agent.post(`/admin/partnerships/${southvale.id}/admins`, { name: 'Sam Southvale', email: 'sam@southvale.example.org', password: 'a long temporary password' })
    expect(added.statusCode).toBe(303)
    const page = await operator.agent.get(`/admin/partnerships/${southvale.id}`)
    expect(page.body).toContain('Sam Southvale')
    const actions = await t.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', 'in', ['partnership.create', 'user.create']).orderBy('seq', 'desc').limit(2).execute()
    expect(actions.map((a) => a.action).sort()).toEqual(['partnership.create', 'user.create'])
    const sam = await t.db.selectFrom('users').selectAll().where('email', '=', 'sam@southvale.example.org').executeTakeFirstOrThrow()
    expect(sam).toMatchObject({ role: 'admin', partnership_id: southvale.id, instance_admin: 0, must_change_password: 1 })

    await updateUser(t.db, sam.id, { must_change_password: 0 })
    const samAgent = await signIn(t.app, sam.email, 'a long temporary password')
    const admin = await samAgent.get('/admin')
    expect(admin.statusCode).toBe(200)
    expect(admin.body).toContain('Sam Southvale')
    for (const s of [sides.A, sides.B]) for (const m of s.markers) expect(admin.body).not.toContain(m)
    const home = await samAgent.get('/')
    for (const s of [sides.A, sides.B]) expect(home.body).not.toContain(s.markers[0])
    const audit = await samAgent.get('/admin/audit')
    expect(audit.statusCode).toBe(200)
    expect(audit.body).not.toContain('entries verified')
    for (const s of [sides.A, sides.B]) for (const m of s.markers) expect(audit.body).not.toContain(m)
  })
})
