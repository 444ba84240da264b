// A partnership's administrator reads only their partnership's audit entries, and not the instance's sequence
// numbers either: the gaps between their own entries' numbers would count the other partnerships' activity. The
// instance administrator sees the numbers (and the whole chain). Pages of the trail follow one another all the same.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { createUser } from '../../../server/services/accounts.js'
import { recordAudit } from '../../../server/services/audit.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addPartnership } from '../../../server/services/partnerships.js'
import { signIn, type Agent } from '../../support/browser-agent.js'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

let t: TestApp
beforeEach(async () => { t = await createTestApp() })
afterEach(async () => { await t.close() })

const actorOf = (user: User): Actor => ({ userId: user.id, role: user.role, name: user.name, via: 'session', requestId: null })

/** Every entry's object id on a page of the trail, and its next page's address. */
async function readPage(agent: Agent, url: string): Promise<{ objects: string[]; next: string | null; body: string }> {
  const res = await agent.get(url)
  expect(res.statusCode).toBe(200)
  const objects = [...res.body.matchAll(/entry <code>(e\d+)<\/code>/g)].map((m) => m[1]!)
  const next = /href="(\/admin\/audit\?[^"]*)" rel="next"/.exec(res.body)?.[1]?.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&') ?? null
  return { objects, next, body: res.body }
}

describe('the audit trail’s numbering', () => {
  let adminA: User
  beforeEach(async () => {
    adminA = await addUser(t, 'admin')
    const southvale = await addPartnership(t.ctx, systemActor, { name: 'Southvale' })
    const userB = await createUser(t.ctx, systemActor, { email: 'b.admin@b.example.org', name: 'B Admin', role: 'admin', password: TEST_PASSWORD, partnershipId: southvale.id })
    // 130 entries of partnership A, with entries of partnership B between them.
    for (let i = 0; i < 130; i++) {
      await t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, t.clock, actorOf(adminA), { action: 'test.a', objectType: 'entry', objectId: `e${i}` })
        for (let j = 0; j < i % 3; j++) await recordAudit(trx, t.clock, actorOf(userB), { action: 'test.b', objectType: 'entry', objectId: `b${i}.${j}` })
      })
    }
  })

  it('is not shown to a partnership’s administrator, whose pages still follow on', async () => {
    const agent = await signIn(t.app, adminA.email)
    const first = await readPage(agent, '/admin/audit?action=test.')
    expect(first.body).not.toMatch(/<th[^>]*>#<\/th>/)
    expect(first.objects).toHaveLength(100)
    expect(first.next).not.toBeNull()
    const before = new URL(first.next!, 'http://x').searchParams.get('before')!
    expect(before).not.toMatch(/^\d+$/)
    const seqs = (await t.db.selectFrom('audit_log').select('seq').execute()).map((r) => String(r.seq))
    expect(seqs).not.toContain(before)
    const second = await readPage(agent, first.next!)
    expect(second.next).toBeNull()
    const all = [...first.objects, ...second.objects]
    expect(all).toEqual(Array.from({ length: 130 }, (_, i) => `e${129 - i}`))
    // A cursor not made by the server (a sequence number, a tampered one) starts again from the newest entry.
    for (const forged of ['150', `${before.slice(0, -2)}AA`]) {
      expect((await readPage(agent, `/admin/audit?action=test.&before=${forged}`)).objects[0]).toBe('e129')
    }
  })

  it('is shown to the instance administrator, whose pages start from a sequence number', async () => {
    const operator = await addUser(t, 'admin', { instanceAdmin: true })
    const agent = await signIn(t.app, operator.email)
    const first = await readPage(agent, '/admin/audit?action=test.a')
    expect(first.body).toMatch(/<th[^>]*>#<\/th>/)
    const before = new URL(first.next!, 'http://x').searchParams.get('before')!
    const lastShown = await t.db.selectFrom('audit_log').select('seq').where('object_id', '=', first.objects.at(-1)!).executeTakeFirstOrThrow()
    expect(before).toBe(String(lastShown.seq))
    expect(first.body).toContain(`<td class="govuk-table__cell">${lastShown.seq}</td>`)
    expect((await readPage(agent, first.next!)).objects).toHaveLength(30)
  })
})
