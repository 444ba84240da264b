// Every API read of case content writes an audit row, like the page that shows it (issue 12). The routes are
// taken from the Fastify app itself, so a new GET route fails this test until it is either audited or listed
// below as returning no case content, with the reason. Also: a route without an access policy cannot start.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../server/app.js'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase, type OpenDatabase } from '../../../server/db/database.js'
import { seedDemo } from '../../../server/demo/seed.js'
import accessControl, { MissingAccessPolicy } from '../../../server/plugins/access-control.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type ServiceContext } from '../../../server/services/context.js'
import { findUserByEmail, updateUser } from '../../../server/data/users.js'
import { hashPassword } from '../../../server/services/passwords.js'
import { signIn } from '../../support/browser-agent.js'
import { sequentialIds, TEST_PASSWORD } from '../../support/test-app.js'
import { COMPLETE } from '../reviews/rapid-review-fixture.js'

/** GET routes that return case content, each with the audit action its read writes. */
const AUDITED: Record<string, string> = {
  'GET /api/v1/reviews/:reviewId/chronology': 'chronology.view',
  'GET /api/v1/reviews/:reviewId/persons': 'persons.view',
  'GET /api/v1/reviews/:reviewId/conversations': 'conversation.list.view',
  'GET /api/v1/reviews/:reviewId/conversations/:conversationId': 'conversation.view',
  'GET /api/v1/reviews/:reviewId/documents': 'document.list.view',
  'GET /api/v1/reviews/:reviewId/map': 'analysis.map.view',
  'GET /api/v1/reviews/:reviewId/map/checks': 'analysis.map.checks.view',
  'GET /api/v1/reviews/:reviewId/findings': 'finding.list.view',
  'GET /api/v1/reviews/:reviewId/report': 'report.export',
  'GET /api/v1/reviews/:reviewId/national-return': 'national.return.preview',
  'GET /api/v1/reviews/:reviewId/rapid-review': 'rapid-review.view',
  'GET /api/v1/reviews/:reviewId/rapid-review/export': 'rapid-review.export',
  'GET /api/v1/reviews/:reviewId/conduct': 'review.conduct.read',
  'GET /api/v1/reviews/:reviewId/child-facts': 'review.child-facts.view',
  'GET /api/v1/reviews/:reviewId/episodes/:episodeId/tunnel': 'analysis.evidence.view',
}

/** GET routes of the national role that return the returns' content (anonymised findings), each with its audit action. */
const NATIONAL_AUDITED: Record<string, string> = {
  'GET /api/v1/national/findings': 'national.findings.read',
  'GET /api/v1/national/timeliness': 'national.timeliness.read',
}

/** GET routes that return no case content, and why. */
const NO_CASE_CONTENT: Record<string, string> = {
  'GET /api/v1/openapi.json': 'the API description: no review data at all',
  'GET /api/v1/reviews': 'review metadata only (title, board, the subject’s pseudonym, dates, the caller’s role): what an administrator may see without membership',
  'GET /api/v1/reviews/:reviewId': 'review metadata, stage statuses and deadlines: what an administrator may see without membership',
  'GET /api/v1/partnerships': 'partnerships’ names, for administrators: no review data, no counts',
  'GET /api/v1/partnerships/:partnershipId': 'one partnership’s name and administrators, for the instance administrator: no review data',
  'GET /api/v1/typology': 'the national typology of practice themes: reference data, the same for every review',
  'GET /api/v1/typology/versions': 'the typology’s versions: reference data',
  'GET /api/v1/national/return.schema.json': 'the national return format: no review data',
  'GET /api/v1/national/themes': 'anonymised counts across reviews with small numbers suppressed, for the national role: no review’s case content (its file export is audited as national.themes.export)',
}

/** Query strings a route needs to answer 200. */
const QUERY: Record<string, string> = {
  'GET /api/v1/reviews/:reviewId/report': '?format=html&edition=internal',
  'GET /api/v1/reviews/:reviewId/rapid-review/export': '?format=json',
}

/** Routes that read a rapid review need a review run by that methodology, not the demo's Learning Together review. */
const ON_RAPID_REVIEW = (route: string) => route.includes('/rapid-review')

const LEAD = 'lead.reviewer@demo.casework-lens.local'

let dataDir: string
let app: FastifyInstance
let database: OpenDatabase
let ctx: ServiceContext
let reviewId: string
let rapidReviewId: string
let token: string
let leadId: string

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-read-audit-'))
  const clock = new FixedClock('2026-03-02T10:00:00.000Z')
  const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0' })
  database = openAppDatabase(config)
  await migrateToLatest(database.db)
  const newId = sequentialIds('ra')
  app = await buildApp({ db: database.db, clock, config, logger: false, newId })
  await app.ready()
  ctx = { db: database.db, clock, config, newId }
  ;({ reviewId } = await seedDemo(ctx))
  leadId = (await findUserByEmail(database.db, LEAD))!.id
  await updateUser(database.db, leadId, { password_hash: await hashPassword(TEST_PASSWORD, 10) })
  token = (await createApiToken(ctx, systemActor, LEAD, 'read audit')).token
  const json = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const created = await app.inject({ method: 'POST', url: '/api/v1/reviews', headers: json, payload: JSON.stringify({ title: 'Rapid review: Child P', methodology: 'rapid-review', subject: { pseudonym: 'Child P' }, reviewPeriod: { from: '2025-01-01', to: '2025-12-31' } }) })
  rapidReviewId = created.json().id
  const saved = await app.inject({ method: 'PUT', url: `/api/v1/reviews/${rapidReviewId}/rapid-review`, headers: json, payload: JSON.stringify(COMPLETE) })
  if (saved.statusCode !== 200) throw new Error(`rapid review not saved: ${saved.body}`)
}, 180_000)

afterAll(async () => {
  await app?.close()
  await database?.close()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

function apiGetRoutes(): string[] {
  return app.registeredRoutes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`)
}

async function lastSeq(): Promise<number> {
  const row = await database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()
  return Number(row.seq ?? 0)
}

async function rowsAfter(seq: number) {
  return database.db.selectFrom('audit_log').selectAll().where('seq', '>', seq).orderBy('seq').execute()
}

/** A real id for each route parameter, from the demo review. */
async function concrete(url: string): Promise<string> {
  const conversation = await database.db.selectFrom('conversations').select('id').where('review_id', '=', reviewId).executeTakeFirstOrThrow()
  const episode = await database.db.selectFrom('key_practice_episodes').select('id').where('review_id', '=', reviewId).executeTakeFirstOrThrow()
  const values: Record<string, string> = { reviewId: ON_RAPID_REVIEW(url) ? rapidReviewId : reviewId, conversationId: conversation.id, episodeId: episode.id }
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`No value for :${name} in ${url}: add one to concrete() in this test`)
    return values[name]!
  })
}

describe('every API GET route', () => {
  it('is either audited or listed as returning no case content, and every entry here is a registered route', () => {
    const routes = apiGetRoutes()
    expect(routes.length).toBeGreaterThan(10)
    const unaccounted = routes.filter((r) => !(r in AUDITED) && !(r in NATIONAL_AUDITED) && !(r in NO_CASE_CONTENT))
    expect(unaccounted, 'new API GET routes: audit their reads in the service, or list them in NO_CASE_CONTENT with the reason').toEqual([])
    expect(Object.keys(AUDITED).filter((r) => r in NO_CASE_CONTENT)).toEqual([])
    const stale = [...Object.keys(AUDITED), ...Object.keys(NATIONAL_AUDITED), ...Object.keys(NO_CASE_CONTENT)].filter((r) => !routes.includes(r))
    expect(stale, 'listed here but no longer registered').toEqual([])
  })

  for (const [route, action] of Object.entries(AUDITED)) {
    it(`${route} writes one ${action} row for the caller and the review`, async () => {
      const url = (await concrete(route.slice('GET '.length))) + (QUERY[route] ?? '')
      const before = await lastSeq()
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
      const rows = (await rowsAfter(before)).filter((r) => r.action === action)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ actor_user_id: leadId, actor_kind: 'token', review_id: ON_RAPID_REVIEW(route) ? rapidReviewId : reviewId })
    })
  }

  for (const [route, action] of Object.entries(NATIONAL_AUDITED)) {
    it(`${route} writes one ${action} row for the national analyst`, async () => {
      const analyst = (await findUserByEmail(database.db, 'national.analyst@demo.casework-lens.local'))!
      const nationalToken = (await createApiToken(ctx, systemActor, analyst.email, 'read audit')).token
      const before = await lastSeq()
      const res = await app.inject({ method: 'GET', url: route.slice('GET '.length), headers: { authorization: `Bearer ${nationalToken}` } })
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
      const rows = (await rowsAfter(before)).filter((r) => r.action === action)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ actor_user_id: analyst.id, actor_kind: 'token', review_id: null })
    })
  }

  it('refuses a read it does not allow without writing a read row (case group and the person register)', async () => {
    const cg = (await createApiToken(ctx, systemActor, 'case.group.hv@demo.casework-lens.local', 'read audit')).token
    const before = await lastSeq()
    const res = await app.inject({ method: 'GET', url: `/api/v1/reviews/${reviewId}/persons`, headers: { authorization: `Bearer ${cg}` } })
    expect(res.statusCode).toBe(403)
    expect((await rowsAfter(before)).filter((r) => r.action === 'persons.view')).toEqual([])
  })
})

describe('the pages showing the same content are audited with the same actions', () => {
  it('writes the same rows for the register, conversations, quotes and documents pages', async () => {
    const lead = await signIn(app, LEAD)
    const conversation = await database.db.selectFrom('conversations').select('id').where('review_id', '=', reviewId).executeTakeFirstOrThrow()
    const document = await database.db.selectFrom('documents').select('id').where('review_id', '=', reviewId).executeTakeFirst()
    const pages: [string, string][] = [
      [`/reviews/${reviewId}/people`, 'persons.view'],
      [`/reviews/${reviewId}/conversations`, 'conversation.list.view'],
      [`/reviews/${reviewId}/conversations/${conversation.id}`, 'conversation.view'],
      [`/reviews/${reviewId}/quotes`, 'quote.list.view'],
      [`/reviews/${reviewId}/documents`, 'document.list.view'],
      ...(document ? [[`/reviews/${reviewId}/documents/${document.id}`, 'document.view'] as [string, string]] : []),
    ]
    for (const [url, action] of pages) {
      const before = await lastSeq()
      const res = await lead.get(url)
      expect(res.statusCode, url).toBe(200)
      const rows = (await rowsAfter(before)).filter((r) => r.action === action)
      expect(rows, url).toHaveLength(1)
      expect(rows[0]).toMatchObject({ actor_user_id: leadId, actor_kind: 'user', review_id: reviewId })
    }
  })
})

describe('a route without an access policy', () => {
  async function appWith(register: (app: FastifyInstance) => void): Promise<FastifyInstance> {
    const bare = Fastify({ logger: false })
    // The access plugin needs the authentication plugin before it; a stand-in that adds nothing will do here.
    await bare.register(fp(async () => {}, { name: 'authentication' }))
    await bare.register(accessControl, { ctx })
    await bare.register(async (scoped) => register(scoped))
    return bare
  }

  it('stops the app from starting, naming the route', async () => {
    const bare = await appWith((a) => { a.get('/api/v1/reviews/:reviewId/secrets', async () => ({ ok: true })) }).catch((e: unknown) => e)
    const started = bare instanceof Error ? Promise.reject(bare) : (bare as FastifyInstance).ready()
    await expect(started).rejects.toThrow(MissingAccessPolicy)
    await expect(started).rejects.toThrow('GET /api/v1/reviews/:reviewId/secrets has no access policy: add config.access')
  })

  it('stops a review-scoped route without :reviewId too, and starts with a policy', async () => {
    const noReviewId = await appWith((a) => { a.get('/api/v1/everything', { config: { access: { kind: 'review', capability: 'chronology.view' } } }, async () => ({})) }).catch((e: unknown) => e)
    const started = noReviewId instanceof Error ? Promise.reject(noReviewId) : (noReviewId as FastifyInstance).ready()
    await expect(started).rejects.toThrow('is review-scoped but has no :reviewId parameter')
    const fine = await appWith((a) => { a.get('/api/v1/fine', { config: { access: { kind: 'public' } } }, async () => ({ ok: true })) })
    await fine.ready()
    expect((await fine.inject({ method: 'GET', url: '/api/v1/fine' })).json()).toEqual({ ok: true })
    await fine.close()
  })
})
