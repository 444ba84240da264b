import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'
import { Agent, signIn } from '../../support/browser-agent.js'
import { MAX_FAILED_LOGINS } from '../../../server/services/accounts.js'
import { updateUser } from '../../../server/data/users.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

async function attempt(agent: Agent, email: string, password: string) {
  await agent.get('/login')
  return agent.post('/login', { email, password })
}

describe('signing in', () => {
  it('signs in with the right password, redirects to the dashboard and audits it', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = new Agent(t.app)
    const res = await attempt(agent, user.email.toUpperCase(), TEST_PASSWORD)
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/')
    const cookie = res.cookies.find((c) => c.name === 'cwl_session')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').execute()
    expect(audit.map((a) => a.actor_user_id)).toEqual([user.id])
  })

  it('gives the same message for a wrong password and an unknown email, and changes nothing', async () => {
    const user = await addUser(t, 'reviewer')
    const wrong = await attempt(new Agent(t.app), user.email, 'not the password at all')
    const unknown = await attempt(new Agent(t.app), 'nobody@example.org', 'not the password at all')
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    const message = (body: string) => /govuk-error-summary__list">\s*<li><a href="#email">([^<]+)</.exec(body)?.[1]
    expect(message(wrong.body)).toBe('Enter a correct email address and password')
    expect(message(unknown.body)).toBe(message(wrong.body))
    expect(wrong.body).toContain(`value="${user.email}"`) // the email is kept, the password is not
    expect(wrong.body).not.toContain('not the password at all')
    expect(await t.db.selectFrom('sessions').select('id_hash').where('user_id', 'is not', null).execute()).toHaveLength(0)
  })

  it('asks for both fields when either is empty', async () => {
    const res = await attempt(new Agent(t.app), '', '')
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Enter your email address')
    expect(res.body).toContain('Enter your password')
  })

  it(`locks an email after ${MAX_FAILED_LOGINS} failures, whether or not the account exists, and unlocks after 15 minutes`, async () => {
    const user = await addUser(t, 'reviewer')
    for (const email of [user.email, 'ghost@example.org']) {
      for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) expect((await attempt(new Agent(t.app), email, 'wrong password!!')).statusCode).toBe(401)
      const locked = await attempt(new Agent(t.app), email, 'wrong password!!')
      expect(locked.statusCode).toBe(429)
      expect(locked.body).toContain('Too many attempts to sign in with this email address')
    }
    // Even the right password is refused while locked, with the same message.
    const stillLocked = await attempt(new Agent(t.app), user.email, TEST_PASSWORD)
    expect(stillLocked.statusCode).toBe(429)
    t.clock.advanceMinutes(16)
    expect((await attempt(new Agent(t.app), user.email, TEST_PASSWORD)).statusCode).toBe(303)
    expect(await t.db.selectFrom('audit_log').select('action').where('action', '=', 'auth.lockout').execute()).toHaveLength(2)
  })

  it('counts wrong passwords sent in parallel, so a race cannot check more than the lockout allows', async () => {
    const user = await addUser(t, 'reviewer')
    const agents = Array.from({ length: 12 }, () => new Agent(t.app))
    await Promise.all(agents.map((a) => a.get('/login')))
    const results = await Promise.all(agents.map((a, i) => a.post('/login', { email: user.email, password: `wrong guess number ${i}` })))
    const codes = results.map((r) => r.statusCode)
    // At most MAX_FAILED_LOGINS guesses reach the password check; the rest are refused as locked.
    expect(codes.filter((c) => c === 401)).toHaveLength(MAX_FAILED_LOGINS - 1)
    expect(codes.filter((c) => c === 429)).toHaveLength(agents.length - MAX_FAILED_LOGINS + 1)
    expect(await t.db.selectFrom('login_attempts').selectAll().execute()).toHaveLength(MAX_FAILED_LOGINS)
    expect((await attempt(new Agent(t.app), user.email, TEST_PASSWORD)).statusCode).toBe(429)
  })

  it('limits sign-in attempts from one address, whatever the email, with a clear 429', async () => {
    const agent = new Agent(t.app)
    await agent.get('/login')
    let last = 0
    for (let i = 0; i < 21; i++) last = (await agent.post('/login', { email: `person${i}@example.org`, password: 'not a real password' })).statusCode
    expect(last).toBe(429)
    const res = await agent.post('/login', { email: 'someone@example.org', password: 'x' })
    expect(res.body).toContain('Too many requests. Wait a minute and try again.')
  })

  it('tells a disabled user their account is disabled only once the password is right', async () => {
    const user = await addUser(t, 'reviewer')
    await addUser(t, 'admin')
    await updateUser(t.db, user.id, { disabled_at: t.clock.now().toISOString() })
    expect((await attempt(new Agent(t.app), user.email, 'wrong password!!')).body).toContain('Enter a correct email address and password')
    const right = await attempt(new Agent(t.app), user.email, TEST_PASSWORD)
    expect(right.statusCode).toBe(401)
    expect(right.body).toContain('This account has been disabled')
  })

  it('issues a new session id at sign-in and forgets the anonymous one', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = new Agent(t.app)
    await agent.get('/login')
    const before = agent.sessionCookie()
    expect(before).toBeTruthy()
    await agent.post('/login', { email: user.email, password: TEST_PASSWORD })
    const after = agent.sessionCookie()
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)
    // The old cookie no longer authenticates anything.
    const replay = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: `cwl_session=${before}` } })
    expect(replay.statusCode).toBe(303)
    expect(replay.headers.location).toContain('/login')
  })

  it('only follows same-site relative paths after sign-in', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = new Agent(t.app)
    await agent.get('/login?next=//evil.example/x')
    const res = await agent.post('/login?next=//evil.example/x', { email: user.email, password: TEST_PASSWORD })
    expect(res.headers.location).toBe('/')
  })

  it('follows only a same-origin path after sign-in: control characters, backslashes and encoded tricks go to the dashboard', async () => {
    const user = await addUser(t, 'reviewer')
    const hostile = [
      '//evil.example/x', '/\\evil.example', '/\tevil', '/%09/evil.example', '/%0a/evil.example', '/\n/evil.example',
      '/x\r\nSet-Cookie: a=b', '/%2F/evil.example', '/%5Cevil.example', '/%252F%252Fevil.example', '/%25252F/evil',
      'https://evil.example/', 'javascript:alert(1)', '/\u0000', '/%E0%A4%A', ' /account', '/a\u2028b', '',
    ]
    for (const next of hostile) {
      const agent = new Agent(t.app)
      await agent.get(`/login?next=${encodeURIComponent(next)}`)
      const res = await agent.post(`/login?next=${encodeURIComponent(next)}`, { email: user.email, password: TEST_PASSWORD })
      expect({ next, status: res.statusCode, location: res.headers.location }).toEqual({ next, status: 303, location: '/' })
      // Already signed in, the sign-in page sends them on the same way.
      const again = await agent.get(`/login?next=${encodeURIComponent(next)}`)
      expect({ next, location: again.headers.location }).toEqual({ next, location: '/' })
    }
  })

  it('keeps an ordinary same-origin path, with its query, after sign-in', async () => {
    const user = await addUser(t, 'reviewer')
    for (const [next, expected] of [['/account', '/account'], ['/reviews?q=a b&page=2', '/reviews?q=a%20b&page=2'], ['/reviews/r%201', '/reviews/r%201']]) {
      const agent = new Agent(t.app)
      await agent.get('/login')
      const res = await agent.post(`/login?next=${encodeURIComponent(next!)}`, { email: user.email, password: TEST_PASSWORD })
      expect(res.headers.location).toBe(expected)
    }
  })
})

describe('sessions', () => {
  it('sends anonymous visitors of a page to sign in and back again', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/account' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/login?next=%2Faccount')
  })

  it('ends a session after the idle timeout and says why on the sign-in page', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    t.clock.advanceMinutes(t.config.sessionIdleMinutes + 1)
    const res = await agent.get('/account')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/login?next=%2Faccount&expired=1')
    const page = await agent.get(res.headers.location as string)
    expect(page.body).toContain('You were signed out because you had not done anything for a while')
  })

  it('keeps an active session alive but ends it at the absolute limit', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    const steps = Math.ceil((t.config.sessionAbsoluteHours * 60) / 20)
    let last = 200
    for (let i = 0; i < steps + 1; i++) {
      t.clock.advanceMinutes(20)
      last = (await agent.get('/account')).statusCode
      if (last !== 200) break
    }
    expect(last).toBe(303)
  })

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    const res = await agent.post('/logout')
    expect(res.statusCode).toBe(303)
    expect(await t.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()).toHaveLength(0)
    expect((await agent.get('/account')).statusCode).toBe(303)
  })

  it('sends a user with a temporary password to change it before anything else', async () => {
    const user = await addUser(t, 'reviewer')
    await updateUser(t.db, user.id, { must_change_password: 1 })
    const agent = await signIn(t.app, user.email)
    const home = await agent.get('/')
    expect(home.statusCode).toBe(303)
    expect(home.headers.location).toBe('/account/password')
    await agent.get('/account/password')
    const changed = await agent.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' })
    expect(changed.statusCode).toBe(303)
    expect((await agent.get('/account')).statusCode).toBe(200)
  })

  it('rejects a too-short new password with a message on the field and keeps the old password', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    await agent.get('/account/password')
    const res = await agent.post('/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'short', confirmPassword: 'short' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('Password must be at least 12 characters')
    expect(res.body).toContain('href="#newPassword"')
    await agent.post('/logout')
    expect((await attempt(new Agent(t.app), user.email, TEST_PASSWORD)).statusCode).toBe(303)
  })
})
