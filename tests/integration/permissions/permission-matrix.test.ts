// Enumerates every registered route (from Fastify itself) and checks, for anonymous callers, each global role,
// each review role and non-members, that access is exactly what expected-access.ts says. Also checks that every
// state-changing page route refuses a request without a CSRF token and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { addUser, createTestApp, type TestApp } from '../../support/test-app.js'
import { EXPECTED_ACCESS } from './expected-access.js'
import type { Expected } from './expectation.js'
import { ACCESS_NOT_FOUND_MESSAGE } from '../../../server/plugins/access-control.js'
import { startAnonymousSession, startUserSession } from '../../../server/services/sessions.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { createReview, addMember } from '../../../server/services/reviews.js'
import { systemActor } from '../../../server/services/context.js'
import type { GlobalRole } from '../../../server/data/tables/foundation.js'
import type { ReviewRole } from '../../../methodology/permissions.js'

interface Actor {
  label: string
  userId: string | null
  globalRole: GlobalRole | null
  reviewRole: ReviewRole | null
  token: string | null
}

let t: TestApp
let reviewId: string
const actors: Actor[] = []

beforeAll(async () => {
  t = await createTestApp()
  const lead = await addUser(t, 'reviewer')
  const actorOf = (u: { id: string; role: GlobalRole }) => ({ userId: u.id, role: u.role, name: 'x', via: 'session' as const, requestId: null })
  const review = await createReview(t.ctx, actorOf(lead), {
    title: 'Matrix review', boardName: 'Test partnership', subjectPseudonym: 'Child T', methodology: 'learning-together',
    periodFrom: '2019-01-01', periodTo: '2020-01-01', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })
  reviewId = review.id
  const members: [ReviewRole, GlobalRole][] = [['review-team', 'reviewer'], ['case-group', 'reviewer'], ['board-chair', 'board']]
  const token = async (email: string) => (await createApiToken(t.ctx, systemActor, email, 'matrix')).token
  actors.push({ label: 'lead reviewer', userId: lead.id, globalRole: 'reviewer', reviewRole: 'lead-reviewer', token: await token(lead.email) })
  for (const [role, globalRole] of members) {
    const u = await addUser(t, globalRole)
    await addMember(t.ctx, actorOf(lead), reviewId, { email: u.email, role, agency: 'Health Visiting' })
    actors.push({ label: role, userId: u.id, globalRole, reviewRole: role, token: await token(u.email) })
  }
  for (const role of ['admin', 'reviewer', 'board', 'national'] as GlobalRole[]) {
    // The administrator is the server's instance administrator, as its first one is (issue 14's partnership pages).
    const u = await addUser(t, role, { instanceAdmin: role === 'admin' })
    actors.push({ label: `${role} (not a member)`, userId: u.id, globalRole: role, reviewRole: null, token: await token(u.email) })
  }
  actors.push({ label: 'anonymous', userId: null, globalRole: null, reviewRole: null, token: null })
})
afterAll(async () => { await t?.close() })

function routesOf(): { method: string; url: string; key: string }[] {
  return t.app.registeredRoutes
    .filter((r) => !r.url.startsWith('/assets/'))
    .map((r) => ({ method: r.method, url: r.url, key: `${r.method} ${r.url}` }))
}

function concreteUrl(url: string): string {
  return url.replace(':reviewId', reviewId).replace(/:[A-Za-z]+/g, 'no-such-id').replace('*', 'x')
}

async function call(method: string, url: string, actor: Actor, opts: { csrf?: boolean } = { csrf: true }): Promise<LightMyRequestResponse> {
  const isApi = url.startsWith('/api/')
  const headers: Record<string, string> = {}
  let payload: string | undefined
  if (isApi) {
    if (actor.token) headers.authorization = `Bearer ${actor.token}`
    if (method !== 'GET') {
      headers['content-type'] = 'application/json'
      payload = '{}'
    }
  } else {
    // Every page request carries a session, as a browser would (anonymous visitors get one on the sign-in page).
    const issued = actor.userId ? await startUserSession(t.ctx, actor.userId, null) : await startAnonymousSession(t.ctx)
    headers.cookie = `cwl_session=${issued.token}`
    const csrfToken = issued.session.csrf_token
    if (method !== 'GET') {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      payload = opts.csrf === false ? '' : `_csrf=${encodeURIComponent(csrfToken)}`
    }
  }
  return t.app.inject({ method: method as 'GET', url: concreteUrl(url), headers, payload })
}

function allowed(expected: Expected, actor: Actor, url: string): boolean {
  if (expected === 'public') return true
  if (!actor.userId) return false
  if (expected === 'signed-in') return true
  if ('roles' in expected) return expected.roles.includes(actor.globalRole!)
  if (actor.reviewRole) return expected.review.includes(actor.reviewRole)
  return actor.globalRole === 'admin' && expected.admin === true && url.includes(':reviewId')
}

function deniedAsExpected(res: LightMyRequestResponse, expected: Expected, actor: Actor, url: string): string | null {
  const isApi = url.startsWith('/api/')
  if (!actor.userId) {
    if (isApi) return res.statusCode === 401 ? null : `expected 401, got ${res.statusCode}`
    return sentToSignIn(res) ? null : `expected a redirect to sign in, got ${res.statusCode}`
  }
  const hidden = res.statusCode === 404 && res.body.includes(ACCESS_NOT_FOUND_MESSAGE)
  if (typeof expected === 'object' && 'review' in expected) {
    // Members without the capability are told no (403); outsiders cannot tell the review exists (404),
    // except administrators, who may know reviews exist.
    if (actor.reviewRole || actor.globalRole === 'admin') return res.statusCode === 403 ? null : `expected 403, got ${res.statusCode}`
    return hidden ? null : `expected 404, got ${res.statusCode}`
  }
  if (actor.globalRole === 'national' && (url.startsWith('/reviews') || url.startsWith('/api/v1/reviews'))) return hidden ? null : `expected 404, got ${res.statusCode}`
  return res.statusCode === 403 ? null : `expected 403, got ${res.statusCode}`
}

/** The error handler's sign-in redirect (a successful sign-out also lands on /login, with ?signedOut=1). */
function sentToSignIn(res: LightMyRequestResponse): boolean {
  const location = String(res.headers.location ?? '')
  return res.statusCode === 303 && (location === '/login' || location.startsWith('/login?next='))
}

function allowedAsExpected(res: LightMyRequestResponse): string | null {
  if (res.statusCode === 401 || res.statusCode === 403) return `expected access, got ${res.statusCode}`
  if (sentToSignIn(res)) return 'expected access, was sent to sign in'
  if (res.statusCode === 404 && res.body.includes(ACCESS_NOT_FOUND_MESSAGE)) return 'expected access, got the access 404'
  return null
}

describe('permission matrix', () => {
  it('lists every registered route in expected-access.ts, and nothing that is not registered', () => {
    const registered = routesOf().map((r) => r.key)
    const unlisted = registered.filter((k) => !(k in EXPECTED_ACCESS))
    const stale = Object.keys(EXPECTED_ACCESS).filter((k) => !registered.includes(k))
    expect(unlisted, 'routes missing from tests/integration/permissions/expected-access.ts').toEqual([])
    expect(stale, 'entries in expected-access.ts for routes that do not exist').toEqual([])
  })

  it('gives every actor exactly the access expected on every route', { timeout: 180_000 }, async () => {
    const problems: string[] = []
    for (const route of routesOf()) {
      const expected = EXPECTED_ACCESS[route.key]
      if (!expected) continue
      for (const actor of actors) {
        const res = await call(route.method, route.url, actor)
        const problem = allowed(expected, actor, route.url) ? allowedAsExpected(res) : deniedAsExpected(res, expected, actor, route.url)
        if (problem) problems.push(`${route.key} as ${actor.label}: ${problem}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('refuses every state-changing page request without a CSRF token, and changes nothing', async () => {
    const problems: string[] = []
    const auditCount = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    for (const route of routesOf()) {
      if (route.method === 'GET' || route.url.startsWith('/api/')) continue
      const expected = EXPECTED_ACCESS[route.key]
      const actor = actors.find((a) => expected && allowed(expected, a, route.url) && a.userId) ?? actors.find((a) => !a.userId)!
      const before = await auditCount()
      const res = await call(route.method, route.url, actor, { csrf: false })
      if (res.statusCode !== 403 || !res.body.includes('This form has expired')) problems.push(`${route.key}: expected 403 for a missing CSRF token, got ${res.statusCode}`)
      if ((await auditCount()) !== before) problems.push(`${route.key}: something changed without a CSRF token`)
    }
    expect(problems).toEqual([])
  })
})
