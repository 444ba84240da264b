import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'
import { Agent, signIn } from '../../support/browser-agent.js'
import { createApiToken, revokeApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'

let t: TestApp
afterEach(async () => { await t?.close() })

describe('security headers', () => {
  it('sends a strict CSP with a per-request nonce, no unsafe-inline, and the nonce on every script', async () => {
    t = await createTestApp()
    const a = await t.app.inject({ method: 'GET', url: '/login' })
    const b = await t.app.inject({ method: 'GET', url: '/login' })
    const csp = String(a.headers['content-security-policy'])
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    const nonce = /script-src 'self' 'nonce-([0-9a-f]+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(nonce).not.toBe(/'nonce-([0-9a-f]+)'/.exec(String(b.headers['content-security-policy']))?.[1])
    const scripts = [...a.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) {
      expect(tag).toContain(`nonce="${nonce}"`)
      expect(tag).toMatch(/ src="/) // no inline script bodies
    }
    expect(a.body).not.toMatch(/ style="/)
    expect(a.headers['x-frame-options']).toBe('DENY')
    expect(a.headers['x-content-type-options']).toBe('nosniff')
    expect(a.headers['referrer-policy']).toBe('no-referrer')
  })

  it('marks every signed-in page and API response no-store, but lets static assets be cached', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    for (const url of ['/', '/account']) expect((await agent.get(url)).headers['cache-control']).toBe('no-store')
    const { token } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}` } })
    expect(api.headers['cache-control']).toBe('no-store')
    const asset = await t.app.inject({ method: 'GET', url: '/assets/build/app.css' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).not.toBe('no-store')
  })
})

describe('errors', () => {
  it('shows a GOV.UK 404 page for an unknown address, without details of the app', async () => {
    t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/no/such/page' })
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.body).toContain('Page not found')
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(api.statusCode).toBe(404)
    expect(api.json()).toMatchObject({ error: 'not-found' })
  })

  it('shows a 500 page with a reference and no stack trace when something breaks', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    // Break the database underneath the app: the next query fails.
    await sql`alter table research_questions rename to research_questions_gone`.execute(t.db)
    const created = await agent.post('/reviews/new', {
      title: 'Broken', boardName: 'B', subjectPseudonym: 'Child Z', methodology: 'learning-together',
      'periodFrom-day': '1', 'periodFrom-month': '1', 'periodFrom-year': '2020', 'periodTo-day': '1', 'periodTo-month': '2', 'periodTo-year': '2020',
    })
    const page = await agent.get(String(created.headers.location))
    expect(page.statusCode).toBe(500)
    expect(page.body).toContain('Sorry, there is a problem with the service')
    expect(page.body).toMatch(/this reference: <strong class="app-reference">[\w-]+<\/strong>/)
    expect(page.body).not.toMatch(/at \w+ \(|node_modules|SqliteError|\.ts:\d+/)
    const { token } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    const api = await t.app.inject({ method: 'GET', url: `${String(created.headers.location).replace('/reviews', '/api/v1/reviews')}`, headers: { authorization: `Bearer ${token}` } })
    expect(api.statusCode).toBe(500)
    expect(api.json()).toEqual({ error: 'internal-error', message: 'Sorry, there is a problem with the service', details: [], reference: expect.any(String) })
  })
})

describe('the API', () => {
  it('answers 401 without a token, with a malformed one and with a revoked one', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const { token, record } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    const get = (auth?: string) => t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: auth ? { authorization: auth } : {} })
    expect((await get()).statusCode).toBe(401)
    expect((await get()).json()).toMatchObject({ error: 'unauthenticated' })
    expect((await get('Bearer cwl_nope')).statusCode).toBe(401)
    expect((await get(`Basic ${token}`)).statusCode).toBe(401)
    expect((await get(`Bearer ${token}`)).statusCode).toBe(200)
    await revokeApiToken(t.ctx, { ...systemActor, userId: user.id, role: user.role }, record.id)
    expect((await get(`Bearer ${token}`)).statusCode).toBe(401)
  })

  it('stops accepting a token when it expires: 90 days by default, API_TOKEN_DAYS otherwise', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const { token, record } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    expect(record.expires_at).toBe('2026-05-31T10:00:00.000Z')
    const get = () => t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}` } })
    t.clock.set('2026-05-31T09:59:00.000Z')
    expect((await get()).statusCode).toBe(200)
    t.clock.set('2026-05-31T10:00:00.000Z')
    expect((await get()).statusCode).toBe(401)
    await t.close()
    t = await createTestApp({ API_TOKEN_DAYS: '1' })
    const other = await addUser(t, 'reviewer')
    expect((await createApiToken(t.ctx, systemActor, other.email, 'x')).record.expires_at).toBe('2026-03-03T10:00:00.000Z')
  })

  it('revokes every token of a user whose password is reset or changed', async () => {
    t = await createTestApp()
    const admin = await addUser(t, 'admin')
    const user = await addUser(t, 'reviewer')
    const get = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}` } })
    const first = await createApiToken(t.ctx, systemActor, user.email, 'before reset')
    expect((await get(first.token)).statusCode).toBe(200)
    const adminAgent = await signIn(t.app, admin.email)
    await adminAgent.get(`/admin/users/${user.id}`)
    expect((await adminAgent.post(`/admin/users/${user.id}/password`, { password: 'a brand new temporary one' })).statusCode).toBe(303)
    expect((await get(first.token)).statusCode).toBe(401)
    const second = await createApiToken(t.ctx, systemActor, user.email, 'before change')
    const agent = await signIn(t.app, user.email, 'a brand new temporary one')
    await agent.get('/account/password')
    const changed = await agent.post('/account/password', { currentPassword: 'a brand new temporary one', newPassword: 'my own new passphrase', confirmPassword: 'my own new passphrase' })
    expect(changed.statusCode).toBe(303)
    expect((await get(second.token)).statusCode).toBe(401)
    const audits = await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', 'like', 'user.password.%').orderBy('seq').execute()
    expect(audits).toEqual([{ action: 'user.password.reset', details: '{"tokensRevoked":1}' }, { action: 'user.password.change', details: '{"tokensRevoked":1}' }])
  })

  it('never accepts a session cookie in place of a token', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { cookie: `cwl_session=${agent.sessionCookie()}` } })
    expect(res.statusCode).toBe(401)
  })

  it('never accepts a session cookie on an API path reached by an encoded address', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    const cookie = `cwl_session=${agent.sessionCookie()}`
    for (const url of ['/%61pi/v1/reviews', '/%61%70%69/v1/reviews', '/api%2Fv1/reviews', '/%41pi/v1/reviews']) {
      const read = await t.app.inject({ method: 'GET', url, headers: { cookie } })
      expect({ url, status: read.statusCode }).toEqual({ url, status: read.statusCode === 404 ? 404 : 401 })
      // Nor may a browser's cookie create anything through it (the API has no CSRF check because it takes no cookie).
      const write = await t.app.inject({
        method: 'POST', url, headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ title: 'T', methodology: 'scr', subject: { pseudonym: 'Child Q' }, reviewPeriod: { from: '2019-01-01', to: '2020-01-01' } }),
      })
      expect([401, 403, 404]).toContain(write.statusCode)
    }
    expect((await t.app.inject({ method: 'GET', url: '/%61pi/v1/reviews', headers: { cookie } })).statusCode).toBe(401)
    expect(await t.db.selectFrom('reviews').select('id').execute()).toHaveLength(0)
  })

  it('rejects malformed JSON and oversized bodies with clear errors and changes nothing', async () => {
    t = await createTestApp()
    const user = await addUser(t, 'reviewer')
    const { token } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    const post = (payload: string) => t.app.inject({ method: 'POST', url: '/api/v1/reviews', payload, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
    const malformed = await post('{"title": ')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toMatchObject({ error: 'malformed-json', message: 'The request body is not valid JSON' })
    const huge = await post(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }))
    expect(huge.statusCode).toBe(413)
    expect(huge.json()).toMatchObject({ error: 'too-large' })
    const invalid = await post(JSON.stringify({ title: 'T', methodology: 'tea-leaves', subject: { pseudonym: 'Child Q' }, reviewPeriod: { from: '2020-01-01', to: '2019-01-01' } }))
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().details.length).toBeGreaterThan(0)
    expect(await t.db.selectFrom('reviews').select('id').execute()).toHaveLength(0)
  })

  it('publishes an OpenAPI document of the JSON API without the web pages', async () => {
    t = await createTestApp()
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toContain('/api/v1/reviews')
    expect(Object.keys(doc.paths).every((p: string) => p.startsWith('/api/v1/'))).toBe(true)
  })
})

describe('logs', () => {
  it('carry request ids and routes, never passwords, cookies, tokens, emails or query strings', async () => {
    const lines: string[] = []
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done() } })
    t = await createTestApp({ LOG_LEVEL: 'debug' }, { logStream: stream })
    const user = await addUser(t, 'reviewer', { email: 'kayleigh.harlow@example.org' })
    const agent = new Agent(t.app)
    await agent.get('/login')
    await agent.post('/login', { email: user.email, password: 'wrong password entirely' })
    await agent.post('/login', { email: user.email, password: TEST_PASSWORD })
    await agent.get('/account?search=Harlow')
    const { token } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    await t.app.inject({ method: 'GET', url: '/api/v1/reviews?q=Darcy', headers: { authorization: `Bearer ${token}` } })
    await t.app.inject({ method: 'POST', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"title": "Darcy Harlow"' })
    const all = lines.join('\n')
    expect(lines.length).toBeGreaterThan(5)
    expect(all).toContain('"route":"/login"')
    for (const secret of [TEST_PASSWORD, 'wrong password entirely', 'kayleigh', 'Harlow', 'Darcy', token, agent.sessionCookie()!]) {
      expect(all).not.toContain(secret)
    }
  })
})
