// The JSON API names partnerships (issue 14): the instance administrator lists every one and reads one with its
// administrators; a partnership's administrator sees only their own; every review carries its partnership's id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { User } from '../../../server/data/schema.js'
import { createUser } from '../../../server/services/accounts.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type Actor } from '../../../server/services/context.js'
import { addPartnership } from '../../../server/services/partnerships.js'
import { createReview } from '../../../server/services/reviews.js'
import { DEFAULT_PARTNERSHIP_ID } from '../../../server/data/partnerships.js'
import { addUser, createTestApp, TEST_PASSWORD, type TestApp } from '../../support/test-app.js'

let t: TestApp
const tokens: Record<string, string> = {}
let southvaleId: string
let reviewOfB: string
let adminOfB: User

const actorOf = (user: User): Actor => ({ userId: user.id, role: user.role, name: user.name, via: 'system', requestId: null })
const get = (who: string, url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } })

beforeAll(async () => {
  t = await createTestApp()
  const operator = await addUser(t, 'admin', { instanceAdmin: true })
  const adminOfA = await addUser(t, 'admin')
  southvaleId = (await addPartnership(t.ctx, systemActor, { name: 'Southvale' })).id
  adminOfB = await createUser(t.ctx, systemActor, { email: 'admin@southvale.example.org', name: 'Southvale Admin', role: 'admin', password: TEST_PASSWORD, partnershipId: southvaleId })
  const leadOfB = await createUser(t.ctx, systemActor, { email: 'lead@southvale.example.org', name: 'Southvale Lead', role: 'reviewer', password: TEST_PASSWORD, partnershipId: southvaleId })
  reviewOfB = (await createReview(t.ctx, actorOf(leadOfB), {
    title: 'Southvale review', boardName: 'Southvale Partnership', subjectPseudonym: 'Child S', methodology: 'learning-together',
    periodFrom: '2024-01-01', periodTo: '2024-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })).id
  for (const [who, user] of [['operator', operator], ['adminA', adminOfA], ['adminB', adminOfB], ['leadB', leadOfB]] as const) {
    tokens[who] = (await createApiToken(t.ctx, systemActor, user.email, 'partnerships')).token
  }
}, 60_000)
afterAll(async () => { await t?.close() })

describe('partnerships in the JSON API', () => {
  it('lists every partnership for the instance administrator, and reads one with its administrators', async () => {
    const list = await get('operator', '/api/v1/partnerships')
    expect(list.statusCode).toBe(200)
    expect(list.json().partnerships.map((p: { id: string; name: string }) => [p.id, p.name])).toEqual([['default', 'This partnership'], [southvaleId, 'Southvale']].sort((a, b) => a[1]!.localeCompare(b[1]!)))
    const one = await get('operator', `/api/v1/partnerships/${southvaleId}`)
    expect(one.statusCode).toBe(200)
    expect(one.json()).toMatchObject({ id: southvaleId, name: 'Southvale', admins: [{ id: adminOfB.id, name: 'Southvale Admin', email: 'admin@southvale.example.org', disabled: false }] })
    expect((await get('operator', '/api/v1/partnerships/no-such-partnership')).statusCode).toBe(404)
  })

  it('shows a partnership’s administrator their own partnership only, and no other one', async () => {
    expect((await get('adminB', '/api/v1/partnerships')).json()).toEqual({ partnerships: [{ id: southvaleId, name: 'Southvale', createdAt: expect.any(String) }] })
    expect((await get('adminA', '/api/v1/partnerships')).json().partnerships.map((p: { id: string }) => p.id)).toEqual([DEFAULT_PARTNERSHIP_ID])
    expect((await get('adminA', `/api/v1/partnerships/${southvaleId}`)).statusCode).toBe(403)
    expect((await get('adminB', `/api/v1/partnerships/${southvaleId}`)).statusCode).toBe(403)
    expect((await get('leadB', '/api/v1/partnerships')).statusCode).toBe(403)
  })

  it('carries each review’s partnership in its JSON', async () => {
    const listed = (await get('leadB', '/api/v1/reviews')).json().reviews
    expect(listed).toEqual([expect.objectContaining({ id: reviewOfB, partnershipId: southvaleId })])
    const one = await get('leadB', `/api/v1/reviews/${reviewOfB}`)
    expect(one.json()).toMatchObject({ id: reviewOfB, partnershipId: southvaleId })
    expect((await get('adminB', '/api/v1/reviews')).json().reviews.map((r: { partnershipId: string }) => r.partnershipId)).toEqual([southvaleId])
  })
})
