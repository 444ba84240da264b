// Email addresses are unique within a partnership, not on the whole instance (migration 0031), so a partnership's
// administrator learns nothing about other partnerships' accounts from adding one: adding an address in use
// elsewhere goes exactly as adding a new one. The same person may then hold an account in each partnership; the
// password they type says which, and when it opens more than one they choose.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADDRESS_TAKEN, createUser } from '../../../server/services/accounts.js'
import { systemActor } from '../../../server/services/context.js'
import { addPartnership } from '../../../server/services/partnerships.js'
import { addMember, createReview } from '../../../server/services/reviews.js'
import { updateUser } from '../../../server/data/users.js'
import { Agent, signIn } from '../../support/browser-agent.js'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const TEMPORARY = 'a long temporary password'

describe('adding an account with an address in use elsewhere', () => {
  it('goes for a partnership’s administrator exactly as for a new address, and leaves the other account as it was', async () => {
    const adminA = await addUser(t, 'admin')
    const southvale = await addPartnership(t.ctx, systemActor, { name: 'Southvale' })
    await createUser(t.ctx, systemActor, { email: 'other.reviewer@b.example.org', name: 'Other Reviewer', role: 'reviewer', password: TEST_PASSWORD, partnershipId: southvale.id })
    await createUser(t.ctx, systemActor, { email: 'analyst@national.example.org', name: 'An Analyst', role: 'national', password: TEST_PASSWORD })
    const others = async () => (await t.db.selectFrom('users').selectAll().orderBy('id').execute()).filter((u) => u.partnership_id !== adminA.partnership_id)
    const othersBefore = await others()
    const agent = await signIn(t.app, adminA.email)
    await agent.get('/admin/users/new')
    // The address and the new account's id are echoed, and each page carries a fresh nonce; apart from those, the same.
    const same = (body: string, email: string, id: string) => body.split(email).join('ADDRESS').split(id).join('ID').replace(/nonce="[^"]*"/g, 'nonce')
    const add = async (email: string) => {
      const auditBefore = (await t.db.selectFrom('audit_log').select('seq').execute()).length
      const res = await agent.post('/admin/users', { name: 'Someone New', email, role: 'reviewer', password: TEMPORARY })
      expect(res.statusCode, res.body.slice(0, 500)).toBe(303)
      const id = String(res.headers.location).split('/').pop()!
      const page = await agent.get(String(res.headers.location))
      const created = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      expect(created).toMatchObject({ email, partnership_id: adminA.partnership_id, role: 'reviewer' })
      expect((await t.db.selectFrom('audit_log').select('seq').execute()).length).toBe(auditBefore + 1)
      return { location: same(String(res.headers.location), email, id), page: same(page.body, email, id) }
    }
    const fresh = await add('never.used@a.example.org')
    const inAnother = await add('other.reviewer@b.example.org')
    const ofAnalyst = await add('analyst@national.example.org')
    expect(inAnother).toEqual(fresh)
    expect(ofAnalyst).toEqual(fresh)
    expect(fresh.page).not.toMatch(/Southvale|another partnership|already/)

    // The other partnership's account and the analyst's are as they were.
    expect(await others()).toEqual(othersBefore)
    expect(await t.db.selectFrom('users').selectAll().where('partnership_id', 'is', null).execute()).toHaveLength(1)
  })

  it('refuses an address already in the administrator’s own partnership, naming the list, and writes nothing', async () => {
    const adminA = await addUser(t, 'admin')
    const own = await addUser(t, 'reviewer', { email: 'own.reviewer@a.example.org' })
    const agent = await signIn(t.app, adminA.email)
    await agent.get('/admin/users/new')
    const usersBefore = await t.db.selectFrom('users').selectAll().orderBy('id').execute()
    const auditBefore = await t.db.selectFrom('audit_log').select('seq').execute()
    const res = await agent.post('/admin/users', { name: 'Someone New', email: own.email.toUpperCase(), role: 'reviewer', password: TEMPORARY })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain(ADDRESS_TAKEN)
    expect(await t.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(usersBefore)
    expect(await t.db.selectFrom('audit_log').select('seq').execute()).toHaveLength(auditBefore.length)
  })

  it('keeps addresses unique within a partnership in the database too', async () => {
    const southvale = await addPartnership(t.ctx, systemActor, { name: 'Southvale' })
    const a = await addUser(t, 'reviewer', { email: 'twice@example.org' })
    const at = t.clock.now().toISOString()
    const row = (id: string, partnershipId: string | null) => ({
      id, email: 'twice@example.org', name: 'Twice', role: partnershipId === null ? 'national' as const : 'reviewer' as const, password_hash: a.password_hash,
      must_change_password: 0, disabled_at: null, created_at: at, updated_at: at, partnership_id: partnershipId, instance_admin: 0,
    })
    await expect(t.db.insertInto('users').values(row('dup-a', a.partnership_id)).execute()).rejects.toThrow(/unique/i)
    await t.db.insertInto('users').values(row('in-b', southvale.id)).execute()
    await t.db.insertInto('users').values(row('national-1', null)).execute()
    await expect(t.db.insertInto('users').values(row('national-2', null)).execute()).rejects.toThrow(/unique/i)
  })
})

describe('signing in with an address that has an account in more than one partnership', () => {
  async function twoAccounts(passwordB: string) {
    const southvale = await addPartnership(t.ctx, systemActor, { name: 'Southvale' })
    const inA = await addUser(t, 'reviewer', { email: 'sam@example.org' })
    const inB = await createUser(t.ctx, systemActor, { email: 'sam@example.org', name: 'Sam in Southvale', role: 'reviewer', password: passwordB, partnershipId: southvale.id })
    await updateUser(t.db, inB.id, { must_change_password: 0 })
    return { inA, inB, southvale }
  }
  const whoIs = async (agent: Agent) => (await agent.get('/account')).body

  it('signs in to the account whose password is typed', async () => {
    const { inA, inB } = await twoAccounts('the other partnership password')
    expect(await whoIs(await signIn(t.app, 'sam@example.org'))).toContain(inA.name)
    expect(await whoIs(await signIn(t.app, 'sam@example.org', 'the other partnership password'))).toContain(inB.name)
    const wrong = new Agent(t.app)
    await wrong.get('/login')
    expect((await wrong.post('/login', { email: 'sam@example.org', password: 'neither of them' })).statusCode).toBe(401)
  })

  it('asks which account when the password opens both, naming only those partnerships, and signs in to the one chosen', async () => {
    const { inB } = await twoAccounts(TEST_PASSWORD)
    await addPartnership(t.ctx, systemActor, { name: 'Eastmoor' })
    const agent = new Agent(t.app)
    await agent.get('/login')
    const ask = await agent.post('/login', { email: 'sam@example.org', password: TEST_PASSWORD })
    expect(ask.statusCode).toBe(400)
    expect(ask.body).toContain('more than one partnership')
    expect(ask.body).toContain('Southvale')
    expect(ask.body).not.toContain('Eastmoor')
    expect(ask.body).not.toContain(TEST_PASSWORD)
    // The choice with a wrong password opens nothing.
    expect((await agent.post('/login', { email: 'sam@example.org', password: 'wrong password', account: inB.id })).statusCode).toBe(401)
    const chosen = await agent.post('/login', { email: 'sam@example.org', password: TEST_PASSWORD, account: inB.id })
    expect(chosen.statusCode).toBe(303)
    expect(await whoIs(agent)).toContain(inB.name)
  })

  it('adds to a review the account of the review’s own partnership, even when another partnership’s is older', async () => {
    const { inB, southvale } = await twoAccounts('the other partnership password')
    const leadB = await createUser(t.ctx, systemActor, { email: 'lead@b.example.org', name: 'Lead B', role: 'reviewer', password: TEST_PASSWORD, partnershipId: southvale.id })
    const actor = { userId: leadB.id, role: leadB.role, name: leadB.name, via: 'session' as const, requestId: null }
    const review = await createReview(t.ctx, actor, {
      title: 'Southvale review', boardName: 'Southvale', subjectPseudonym: 'Child S', methodology: 'learning-together',
      periodFrom: '2021-01-01', periodTo: '2021-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
    })
    expect(review.partnership_id).toBe(southvale.id)
    const { userId } = await addMember(t.ctx, actor, review.id, { email: 'sam@example.org', role: 'review-team', agency: '' })
    expect(userId).toBe(inB.id)
  })
})
