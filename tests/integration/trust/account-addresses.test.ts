// Email addresses are unique on the whole instance (they sign people in), so adding an account could tell a
// partnership's administrator that an address is in use in another partnership. The refusal is the same whether the
// account is theirs, another partnership's or a national analyst's, and nothing of the other account changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADDRESS_UNAVAILABLE, createUser } from '../../../server/services/accounts.js'
import { systemActor } from '../../../server/services/context.js'
import { addPartnership } from '../../../server/services/partnerships.js'
import { signIn } from '../../support/browser-agent.js'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

describe('adding an account with an address already in use', () => {
  it('tells a partnership’s administrator the same whether the account is in their partnership, another or none', async () => {
    const adminA = await addUser(t, 'admin')
    const ownReviewer = await addUser(t, 'reviewer', { email: 'own.reviewer@a.example.org' })
    const southvale = await addPartnership(t.ctx, systemActor, { name: 'Southvale' })
    const otherReviewer = await createUser(t.ctx, systemActor, { email: 'other.reviewer@b.example.org', name: 'Other Reviewer', role: 'reviewer', password: TEST_PASSWORD, partnershipId: southvale.id })
    const analyst = await createUser(t.ctx, systemActor, { email: 'analyst@national.example.org', name: 'An Analyst', role: 'national', password: TEST_PASSWORD })
    const usersBefore = await t.db.selectFrom('users').selectAll().orderBy('id').execute()
    const agent = await signIn(t.app, adminA.email)
    await agent.get('/admin/users/new')
    const auditBefore = await t.db.selectFrom('audit_log').select('seq').execute()
    const attempt = async (email: string) => {
      const res = await agent.post('/admin/users', { name: 'Someone New', email, role: 'reviewer', password: 'a long temporary password' })
      // The page echoes the address typed and carries a fresh script nonce; apart from those, every refusal is the same page.
      return { status: res.statusCode, body: res.body.split(email).join('ADDRESS').replace(/nonce="[^"]*"/g, 'nonce') }
    }
    const own = await attempt(ownReviewer.email)
    const other = await attempt(otherReviewer.email)
    const national = await attempt(analyst.email)
    expect(own.status).toBe(400)
    expect(own.body).toContain(ADDRESS_UNAVAILABLE)
    expect(own.body).not.toMatch(/already exists|another partnership|Southvale/)
    expect(other).toEqual(own)
    expect(national).toEqual(own)

    // Nothing changed, and the other partnership's account is as it was.
    expect(await t.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(usersBefore)
    expect(await t.db.selectFrom('audit_log').select('seq').execute()).toHaveLength(auditBefore.length)
  })

  it('tells the instance administrator, who sees every partnership, that the account exists', async () => {
    const operator = await addUser(t, 'admin', { instanceAdmin: true })
    const southvale = await addPartnership(t.ctx, systemActor, { name: 'Southvale' })
    const otherReviewer = await createUser(t.ctx, systemActor, { email: 'someone@b.example.org', name: 'Some One', role: 'reviewer', password: TEST_PASSWORD, partnershipId: southvale.id })
    const agent = await signIn(t.app, operator.email)
    await agent.get('/admin/users/new')
    const res = await agent.post('/admin/users', { name: 'Someone New', email: otherReviewer.email, role: 'reviewer', password: 'a long temporary password' })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('A user with this email address already exists')
  })
})
