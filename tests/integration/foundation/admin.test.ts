import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import path from 'node:path'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'
import { Agent, signIn } from '../../support/browser-agent.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor } from '../../../server/services/context.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

describe('administering users', () => {
  it('adds a user with a temporary password they must change, and audits it without the password', async () => {
    const admin = await addUser(t, 'admin')
    const agent = await signIn(t.app, admin.email)
    await agent.get('/admin/users/new')
    const res = await agent.post('/admin/users', { name: 'Dev Mistry', email: 'Dev.Mistry@Example.org', role: 'reviewer', password: 'temporary password 1' })
    expect(res.statusCode).toBe(303)
    const created = await t.db.selectFrom('users').selectAll().where('email', '=', 'dev.mistry@example.org').executeTakeFirstOrThrow()
    expect(created.must_change_password).toBe(1)
    expect(created.password_hash).toMatch(/^scrypt\$/)
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.create').where('object_id', '=', created.id).executeTakeFirstOrThrow()
    expect(audit.actor_user_id).toBe(admin.id)
    expect(audit.details).not.toContain('temporary')
    const newcomer = new Agent(t.app)
    await newcomer.get('/login')
    await newcomer.post('/login', { email: 'dev.mistry@example.org', password: 'temporary password 1' })
    expect((await newcomer.get('/')).headers.location).toBe('/account/password')
  })

  it('re-renders the form with every problem named and nothing saved', async () => {
    const admin = await addUser(t, 'admin')
    const agent = await signIn(t.app, admin.email)
    await agent.get('/admin/users/new')
    const res = await agent.post('/admin/users', { name: '', email: 'not-an-email', role: 'superuser', password: 'short' })
    expect(res.statusCode).toBe(400)
    for (const text of ['Enter the person’s name', 'Enter an email address in the correct format', 'Role must be one of']) expect(res.body).toContain(text)
    expect(res.body).toContain('value="not-an-email"')
    expect(await t.db.selectFrom('users').select('id').execute()).toHaveLength(1)
    const dup = await agent.post('/admin/users', { name: 'Again', email: admin.email, role: 'reviewer', password: 'long enough password' })
    expect(dup.body).toContain('A user with this email address already exists in this partnership')
  })

  it('disables a user: their sessions end and their API tokens stop working; enabling restores sign-in', async () => {
    const admin = await addUser(t, 'admin')
    const user = await addUser(t, 'reviewer')
    const { token } = await createApiToken(t.ctx, systemActor, user.email, 'x')
    const userAgent = await signIn(t.app, user.email)
    const agent = await signIn(t.app, admin.email)
    await agent.get(`/admin/users/${user.id}`)
    expect((await agent.post(`/admin/users/${user.id}/disable`)).statusCode).toBe(303)
    expect((await userAgent.get('/account')).statusCode).toBe(303)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
    await agent.post(`/admin/users/${user.id}/enable`)
    expect((await signIn(t.app, user.email)).hasSession()).toBe(true)
  })

  it('will not let an administrator disable themselves', async () => {
    const admin = await addUser(t, 'admin')
    const agent = await signIn(t.app, admin.email)
    await agent.get(`/admin/users/${admin.id}`)
    const res = await agent.post(`/admin/users/${admin.id}/disable`)
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('You cannot disable your own account')
  })

  it('resets a password: the old one stops working and the user must choose a new one', async () => {
    const admin = await addUser(t, 'admin')
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, admin.email)
    await agent.get(`/admin/users/${user.id}`)
    expect((await agent.post(`/admin/users/${user.id}/password`, { password: 'a new temporary one' })).statusCode).toBe(303)
    const old = new Agent(t.app)
    await old.get('/login')
    expect((await old.post('/login', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(401)
    const fresh = await signIn(t.app, user.email, 'a new temporary one')
    expect((await fresh.get('/')).headers.location).toBe('/account/password')
  })

  it('records accreditation and shows when it has lapsed', async () => {
    const admin = await addUser(t, 'admin')
    const reviewer = await addUser(t, 'reviewer', { name: 'Ruth Okonjo' })
    const agent = await signIn(t.app, admin.email)
    await agent.get(`/admin/users/${reviewer.id}`)
    const bad = await agent.post(`/admin/users/${reviewer.id}/accreditations`, { body: '', reference: 'R1', validUntil: '2026-02-30' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the accrediting body')
    expect(bad.body).toContain('Valid until must be a real date')
    await agent.post(`/admin/users/${reviewer.id}/accreditations`, { body: 'Accrediting Body', reference: 'R1', validUntil: '2026-06-30' })
    const row = (body: string) => body.slice(body.indexOf('Ruth Okonjo'), body.indexOf('Ruth Okonjo') + 800)
    expect(row((await agent.get('/admin')).body)).toContain('Current')
    t.clock.set('2026-07-01T09:00:00Z')
    const later = await signIn(t.app, admin.email)
    expect(row((await later.get('/admin')).body)).toContain('Lapsed')
  })

  it('shows administrators the audit trail, filtered by action, with the chain checked', async () => {
    const admin = await addUser(t, 'admin', { instanceAdmin: true })
    const agent = await signIn(t.app, admin.email)
    const page = await agent.get('/admin/audit?action=auth.login')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Intact')
    expect(page.body).toContain('<code>auth.login</code>')
    expect(page.body).not.toContain('<code>user.create</code>')
    const badDate = await agent.get('/admin/audit?from=2026-13-01')
    expect(badDate.statusCode).toBe(400)
    expect(badDate.body).toContain('From date must be a real date')
  })

  it('shows an administrator a checkpoint of the audit chain to note down, audited and written to the checkpoint file', async () => {
    const admin = await addUser(t, 'admin', { instanceAdmin: true })
    const agent = await signIn(t.app, admin.email)
    const done = await agent.post('/admin/audit/checkpoint')
    expect(done.statusCode).toBe(303)
    const head = await t.db.selectFrom('audit_log').select(['seq', 'hash', 'action']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()
    expect(head.action).toBe('audit.checkpoint')
    expect(done.headers.location).toBe(`/admin/audit?checkpoint=${head.seq}`)
    const page = await agent.get(done.headers.location as string)
    expect(page.body).toContain(`<code>${head.seq}:${head.hash}</code>`)
    expect(page.body).toContain('; checkpoints matched: 1')
    const file = fs.readFileSync(path.join(t.dataDir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(file).toEqual([{ at: '2026-03-02T10:00:00.000Z', seq: head.seq, hash: head.hash, source: 'admin', keyedFromSeq: 1 }])
    const reviewer = await signIn(t.app, (await addUser(t, 'reviewer')).email)
    expect((await reviewer.post('/admin/audit/checkpoint')).statusCode).toBe(403)
  })

  it('lets a user create and revoke their own API tokens, showing the token once', async () => {
    const user = await addUser(t, 'reviewer')
    const agent = await signIn(t.app, user.email)
    const created = await agent.post('/account/tokens', { label: 'Board case system' })
    expect(created.statusCode).toBe(201)
    const token = /id="new-token">(cwl_[\w-]+)</.exec(created.body)?.[1]
    expect(token).toBeTruthy()
    // When it stops working is shown with it (90 days from 2 March 2026, in Europe/London time).
    expect(/id="new-token-expires">([^<]+)</.exec(created.body)?.[1]).toMatch(/31 May 2026/)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200)
    expect((await agent.get('/account')).body).not.toContain(token!)
    const record = await t.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(record.token_hash).not.toContain(token!.slice(4, 20))
    await agent.post(`/account/tokens/${record.id}/revoke`)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reviews', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
  })

  it('does not let one user revoke another user’s token', async () => {
    const owner = await addUser(t, 'reviewer')
    const other = await addUser(t, 'reviewer')
    const { record } = await createApiToken(t.ctx, systemActor, owner.email, 'x')
    const agent = await signIn(t.app, other.email)
    const res = await agent.post(`/account/tokens/${record.id}/revoke`)
    expect(res.statusCode).toBe(404)
    expect((await t.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', record.id).executeTakeFirstOrThrow()).revoked_at).toBeNull()
  })
})
