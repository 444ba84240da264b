// Several app processes on one database behave as one (issue 14). Two apps, each with its own connection to the
// same database (as two processes of `npm run start:cluster` have): the data directory's SQLite file, or on
// PostgreSQL one test database both are given as DATABASE_URL. They read what the other wrote at once, even
// after each has cached its own view of it; and sign-in lockout and request limits count across both.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../../server/app.js'
import { FixedClock } from '../../../server/clock.js'
import { loadConfig } from '../../../server/config.js'
import { migrateToLatest, openAppDatabase, type OpenDatabase } from '../../../server/db/database.js'
import { createUser, MAX_FAILED_LOGINS } from '../../../server/services/accounts.js'
import { createApiToken } from '../../../server/services/api-tokens.js'
import { systemActor, type ServiceContext } from '../../../server/services/context.js'
import { createReview } from '../../../server/services/reviews.js'
import { updateUser } from '../../../server/data/users.js'
import type { User } from '../../../server/data/schema.js'
import { Agent, signIn } from '../../support/browser-agent.js'
import { systemReviewViewer } from '../../../server/services/viewer.js'
import { uploadChronology } from '../../../server/services/chronology-import.js'
import { announceJob } from '../../../server/services/job-heartbeat.js'
import { sequentialIds, TEST_PASSWORD } from '../../support/test-app.js'
import { createEmptyPostgresDatabase, testEngine } from '../../support/postgres-test-databases.js'

interface Process {
  app: FastifyInstance
  database: OpenDatabase
  ctx: ServiceContext
}

let dataDir: string
let postgres: Awaited<ReturnType<typeof createEmptyPostgresDatabase>> | null = null
const procs: Process[] = []
let lead: User
let reviewId: string
let leadToken: string

async function start(n: number): Promise<Process> {
  const config = loadConfig({ DATA_DIR: dataDir, PASSWORD_COST: '10', SCR_DEMO: '0', ...(postgres ? { DATABASE_URL: postgres.url } : {}) })
  const database = openAppDatabase(config)
  expect(database.engine).toBe(testEngine)
  await migrateToLatest(database.db)
  const clock = new FixedClock('2026-03-02T10:00:00.000Z')
  // Each process makes its own ids, as random ids never collide; here prefixes keep them apart.
  const newId = sequentialIds(`p${n}`)
  const app = await buildApp({ db: database.db, clock, config, logger: false, newId })
  await app.ready()
  return { app, database, ctx: { db: database.db, clock, config, newId } }
}

async function signInAs(p: Process): Promise<Agent> {
  // The lockout test below locks the lead's email; this runs after it, so clear the count first.
  await p.database.db.deleteFrom('login_attempts').execute()
  return signIn(p.app, lead.email)
}

function api(p: Process, token: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return p.app.inject({
    method, url,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cwl-two-processes-'))
  if (testEngine === 'postgres') postgres = await createEmptyPostgresDatabase()
  procs.push(await start(1), await start(2))
  const ctx = procs[0]!.ctx
  lead = await createUser(ctx, systemActor, { email: 'lead@example.org', name: 'Lena Lead', role: 'reviewer', password: TEST_PASSWORD })
  await updateUser(ctx.db, lead.id, { must_change_password: 0 })
  reviewId = (await createReview(ctx, { userId: lead.id, role: 'reviewer', name: lead.name, via: 'system', requestId: null }, {
    title: 'Shared review', boardName: 'Test partnership', subjectPseudonym: 'Child S', methodology: 'learning-together',
    periodFrom: '2024-01-01', periodTo: '2024-12-31', incidentDate: '', notificationDate: '', decisionDate: '', region: '', childAgeBand: '', harmCategory: '',
  })).id
  leadToken = (await createApiToken(ctx, systemActor, lead.email, 'two processes')).token
}, 60_000)

afterAll(async () => {
  for (const p of procs) {
    await p.app.close()
    await p.database.close()
  }
  await postgres?.drop()
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('two app processes on one database', () => {
  it('are two connections, not one shared handle (else this test would prove nothing)', async () => {
    if (testEngine === 'sqlite') expect(procs[0]!.database.sqlite).not.toBe(procs[1]!.database.sqlite)
    expect(procs[0]!.database.db).not.toBe(procs[1]!.database.db)
    if (testEngine === 'postgres') {
      // Two pools: each process's own server connection, as two processes of start:cluster have.
      const backend = (p: Process) => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(p.database.db).then((r) => r.rows[0]!.pid)
      expect(await backend(procs[0]!)).not.toBe(await backend(procs[1]!))
    }
  })

  it('a person added through one is named at once through the other, after the other had cached the register', async () => {
    const [one, two] = procs as [Process, Process]
    const before = await api(two, leadToken, 'GET', `/api/v1/reviews/${reviewId}/persons`)
    expect(before.statusCode).toBe(200)
    expect(JSON.stringify(before.json())).not.toContain('Jessamy Quill')
    const added = await api(one, leadToken, 'POST', `/api/v1/reviews/${reviewId}/persons`, { real_name: 'Jessamy Quill', role: 'Aunt', pseudonym: 'Aunt' })
    expect(added.statusCode, added.body).toBe(201)
    const after = await api(two, leadToken, 'GET', `/api/v1/reviews/${reviewId}/persons`)
    expect(JSON.stringify(after.json())).toContain('Jessamy Quill')
  })

  it('membership given through one opens the review through the other at once; taken away, it closes at once', async () => {
    const [one, two] = procs as [Process, Process]
    const colleague = await createUser(one.ctx, systemActor, { email: 'colleague@example.org', name: 'Cal Colleague', role: 'reviewer', password: TEST_PASSWORD })
    const token = (await createApiToken(one.ctx, systemActor, colleague.email, 'two processes')).token
    expect((await api(two, token, 'GET', `/api/v1/reviews/${reviewId}`)).statusCode).toBe(404)
    expect((await api(one, leadToken, 'POST', `/api/v1/reviews/${reviewId}/members`, { email: colleague.email, role: 'review-team' })).statusCode).toBe(201)
    expect((await api(two, token, 'GET', `/api/v1/reviews/${reviewId}`)).statusCode).toBe(200)
    const list = await api(two, token, 'GET', '/api/v1/reviews')
    expect(list.json().reviews.map((r: { id: string }) => r.id)).toEqual([reviewId])
    await one.database.db.deleteFrom('review_members').where('user_id', '=', colleague.id).execute()
    expect((await api(two, token, 'GET', `/api/v1/reviews/${reviewId}`)).statusCode).toBe(404)
  })

  it('the map version moves for both: a save through one makes the other’s copy stale', async () => {
    const [one, two] = procs as [Process, Process]
    const map = {
      nodes: [{ id: 'caseload', kind: 'contributory-factor', label: 'Caseload', level: 'team' }, { id: 'visit', kind: 'event', label: 'Visit missed', level: 'frontline' }],
      edges: [{ id: 'e1', source: 'caseload', target: 'visit', evidence: [], counterfactual: null, strength: null }],
    }
    const first = await api(two, leadToken, 'GET', `/api/v1/reviews/${reviewId}/map`)
    expect(first.json().version).toBe(0)
    const saved = await api(one, leadToken, 'PUT', `/api/v1/reviews/${reviewId}/map`, map, { 'if-match': '0' })
    expect(saved.statusCode, saved.body).toBe(200)
    const seen = await api(two, leadToken, 'GET', `/api/v1/reviews/${reviewId}/map`)
    expect(seen.json().version).toBe(saved.json().version)
    expect(seen.json().nodes.map((n: { id: string }) => n.id).sort()).toEqual(['caseload', 'visit'])
    const stale = await api(two, leadToken, 'PUT', `/api/v1/reviews/${reviewId}/map`, map, { 'if-match': '0' })
    expect(stale.statusCode).toBe(409)
  })

  it('counts failed sign-ins across both: the lockout holds whichever process the next attempt reaches', async () => {
    const [one, two] = procs as [Process, Process]
    const attempt = async (p: Process, password: string) => {
      const agent = new Agent(p.app)
      await agent.get('/login')
      return agent.post('/login', { email: lead.email, password })
    }
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await attempt(i % 2 === 0 ? one : two, 'wrong password here')
      expect(res.statusCode).not.toBe(303)
    }
    for (const p of [one, two]) {
      const res = await attempt(p, TEST_PASSWORD)
      expect(res.statusCode).not.toBe(303)
      expect(res.body).toContain('Too many attempts to sign in')
    }
  })

  it('counts requests across both: the sign-in form’s limit of 20 a minute is one limit, not 20 for each process', async () => {
    const [one, two] = procs as [Process, Process]
    const statuses: number[] = []
    for (let i = 0; i < 22; i++) {
      const p = i % 2 === 0 ? one : two
      const res = await p.app.inject({ method: 'POST', url: '/login', payload: `email=nobody${i}%40example.org&password=x`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      statuses.push(res.statusCode)
    }
    // Requests without an address of their own come from 127.0.0.1: one client, whichever process answers.
    const limited = statuses.findIndex((s) => s === 429)
    expect(limited).toBeGreaterThan(0)
    expect(limited).toBeLessThanOrEqual(20)
    expect(statuses.slice(limited).every((s) => s === 429)).toBe(true)
  })

  it('work in progress in one process is not taken for interrupted by the other; when nobody does it any more, it is', async () => {
    const [one, two] = procs as [Process, Process]
    const file = path.join(dataDir, 'upload.csv')
    fs.writeFileSync(file, 'Date,Summary\n01/02/2024,Home visit\n')
    const leadViewer = systemReviewViewer({ userId: lead.id, role: 'reviewer', name: lead.name, via: 'system', requestId: null }, reviewId)
    const started = await uploadChronology(one.ctx, leadViewer, { agency: 'Police', file: { path: file, filename: 'upload.csv', mimetype: 'text/csv', size: fs.statSync(file).size } })
    await started.finished
    // As if process one were still checking the file: its status row says so and it announces the work.
    await one.database.db.updateTable('chronology_imports').set({ status: 'analysing' }).where('id', '=', started.importId).execute()
    const stop = announceJob(one.database.db, started.importId, 'chronology-analysis')
    const agent = await signInAs(two)
    await new Promise((r) => setTimeout(r, 50))
    const during = await agent.get(`/reviews/${reviewId}/imports/${started.importId}/status`)
    expect(during.json().status).toBe('analysing')
    stop()
    // stop() takes the announcement down in the background: wait until it is gone (a fixed pause raced it on a busy machine).
    for (let i = 0; i < 100 && (await one.database.db.selectFrom('running_jobs').select('job_id').where('job_id', '=', started.importId).execute()).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50))
    }
    const preview = () => one.database.db.selectFrom('chronology_events').select('id').where('import_id', '=', started.importId).execute()
    expect(await preview()).toHaveLength(1)
    const after = await agent.get(`/reviews/${reviewId}/imports/${started.importId}/status`)
    expect(after.json().status).toBe('failed')
    // What the interrupted reading had written goes with it.
    expect(await preview()).toEqual([])
  })
})
